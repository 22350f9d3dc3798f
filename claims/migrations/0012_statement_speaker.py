import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0011_statement_quote_statistics'),
        ('sources', '0005_article_body_words'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Added empty and unconstrained, filled from the claims in one join, then constrained: a
        # checked foreign key would queue a deferred check per row.
        migrations.AddField(
            model_name='statement',
            name='speaker',
            field=models.ForeignKey(db_constraint=False, db_default=None, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.speaker'),
        ),
        migrations.RunSQL(
            'UPDATE claims_statement s SET speaker_id = c.speaker_id FROM claims_claim c WHERE c.id = s.claim_id',
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name='statement',
            name='speaker',
            field=models.ForeignKey(db_default=None, db_index=False, editable=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.speaker'),
        ),
        migrations.AddIndex(
            model_name='statement',
            index=models.Index(fields=['speaker', 'id'], name='statement_speaker_id'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='claim',
            trigger=pgtrigger.compiler.Trigger(name='claim_speaker_to_statements', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."speaker_id" IS DISTINCT FROM (NEW."speaker_id"))', func='UPDATE claims_statement SET speaker_id = NEW.speaker_id WHERE claim_id = NEW.id; RETURN NULL;', hash='481981bff9c2767c957a34f3a3326d076f58dc92', operation='UPDATE OF "speaker_id"', pgid='pgtrigger_claim_speaker_to_statements_5d45c', table='claims_claim', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='statement',
            trigger=pgtrigger.compiler.Trigger(name='statement_speaker_from_claim', sql=pgtrigger.compiler.UpsertTriggerSql(func='SELECT speaker_id INTO NEW.speaker_id FROM claims_claim WHERE id = NEW.claim_id FOR SHARE; RETURN NEW;', hash='1ae58becd1f6631544b4fa546de6759bf4535e4f', operation='INSERT OR UPDATE', pgid='pgtrigger_statement_speaker_from_claim_b425d', table='claims_statement', when='BEFORE')),
        ),
    ]
