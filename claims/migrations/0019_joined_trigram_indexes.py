"""Trigram indexes on the stored folds without their spaces, for terms of three words or more.

See `core.text.joined_index`. Built concurrently: at a million claims the migration takes
about 100 s, ANALYZE included, during which claims and statements can still be written. PostgreSQL keeps statistics of
an index's expression only from ANALYZE, and samples a thousand values as it does for the
folds themselves (0015): the joined LIKE is what estimates a search of several words.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models

import core.text

# (model, stored fold, index)
JOINED = (
    ("claim", "summary_folded", "claim_summary_joined_trgm"),
    ("claim", "summary_vi_folded", "claim_summary_vi_joined_trgm"),
    ("statement", "quote_folded", "statement_quote_joined_trgm"),
)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("claims", "0018_statement_outlet"),
    ]

    operations = [
        *(
            AddIndexConcurrently(
                model_name=model,
                index=GinIndex(OpClass(core.text.Joined(models.F(field)), name="gin_trgm_ops"), name=name),
            )
            for model, field, name in JOINED
        ),
        *(
            migrations.RunSQL(
                f"ALTER INDEX {name} ALTER COLUMN 1 SET STATISTICS 1000",
                f"ALTER INDEX {name} ALTER COLUMN 1 SET STATISTICS -1",
            )
            for _, _, name in JOINED
        ),
        migrations.RunSQL("ANALYZE claims_claim, claims_statement", migrations.RunSQL.noop),
    ]
