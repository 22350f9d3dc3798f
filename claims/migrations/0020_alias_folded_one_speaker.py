"""A spelling names one speaker: no two speakers' aliases fold alike (SpeakerAlias.Meta).

Aliases that already break the rule stop the migration with the list of them, to be
renamed or removed first (`manage.py check_corpus` lists them too).
"""

import django.contrib.postgres.constraints
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

import core.text

CLASHES = """
SELECT public.summit_fold(a.name), string_agg(DISTINCT format('%s (%s)', a.name, s.slug), ', ')
FROM claims_speakeralias AS a JOIN claims_speaker AS s ON s.id = a.speaker_id
GROUP BY 1 HAVING count(DISTINCT a.speaker_id) > 1 ORDER BY 1
"""


def refuse_shared_spellings(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(CLASHES)
        clashes = cursor.fetchall()
    if clashes:
        listed = "; ".join(f"{folded!r}: {owners}" for folded, owners in clashes)
        raise RuntimeError(f"Aliases naming more than one speaker; rename or remove them first: {listed}")


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0019_joined_trigram_indexes'),
    ]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(refuse_shared_spellings, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name='speakeralias',
            constraint=django.contrib.postgres.constraints.ExclusionConstraint(
                expressions=[(core.text.Fold('name'), '='), ('speaker', '<>')],
                name='alias_folded_one_speaker',
                violation_error_message='This spelling is already an alias of another speaker.',
            ),
        ),
    ]
