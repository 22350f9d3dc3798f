"""A trigram index on topics' folded Vietnamese names, as on their English ones (`topic_name_trgm`).

Claim search matches topics by either name; without it every search folded all topic names
(8 ms at 1 000 topics) and the planner had no statistics to estimate how many matched.
Raw SQL, so the models' state is unchanged: moving it into `Topic.Meta.indexes` later takes a
`SeparateDatabaseAndState` with this same name.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("claims", "0003_contradiction_pair_typed")]
    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS topic_name_vi_trgm ON claims_topic "
            "USING gin (public.summit_fold(name_vi) gin_trgm_ops)",
            "DROP INDEX IF EXISTS topic_name_vi_trgm",
        )
    ]
