import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0012_statement_speaker'),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name='statement',
            name='statement_speaker_from_claim',
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='statement',
            trigger=pgtrigger.compiler.Trigger(name='statement_speaker_on_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='SELECT speaker_id INTO NEW.speaker_id FROM claims_claim WHERE id = NEW.claim_id FOR SHARE; RETURN NEW;', hash='b52661b3d0f15e739df748aa8773206e14b4efd9', operation='INSERT', pgid='pgtrigger_statement_speaker_on_insert_7db06', table='claims_statement', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='statement',
            trigger=pgtrigger.compiler.Trigger(name='statement_speaker_on_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."claim_id" IS DISTINCT FROM (NEW."claim_id") OR OLD."speaker_id" IS DISTINCT FROM (NEW."speaker_id"))', func='SELECT speaker_id INTO NEW.speaker_id FROM claims_claim WHERE id = NEW.claim_id FOR SHARE; RETURN NEW;', hash='a747ca2f247c3ec6bd3850f86a5934c7df8a30f8', operation='UPDATE', pgid='pgtrigger_statement_speaker_on_update_f03b2', table='claims_statement', when='BEFORE')),
        ),
    ]
