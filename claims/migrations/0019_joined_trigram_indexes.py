"""Trigram indexes on the stored folds without their spaces, for terms of several words.

See `summit.text.joined_index`. Built concurrently: at a million claims the three take about
40 s, during which claims and statements can still be written. PostgreSQL keeps statistics of
an index's expression only from ANALYZE, and samples a thousand values as it does for the
folds themselves (0015): the joined LIKE is what estimates a search of several words.
"""

import django.contrib.postgres.indexes
import summit.text
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models

INDEXES = ("claim_summary_joined_trgm", "claim_summary_vi_joined_trgm", "statement_quote_joined_trgm")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("claims", "0018_statement_outlet"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="claim",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    summit.text.Joined(models.F("summary_folded")), name="gin_trgm_ops"
                ),
                name="claim_summary_joined_trgm",
            ),
        ),
        AddIndexConcurrently(
            model_name="claim",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    summit.text.Joined(models.F("summary_vi_folded")), name="gin_trgm_ops"
                ),
                name="claim_summary_vi_joined_trgm",
            ),
        ),
        AddIndexConcurrently(
            model_name="statement",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    summit.text.Joined(models.F("quote_folded")), name="gin_trgm_ops"
                ),
                name="statement_quote_joined_trgm",
            ),
        ),
        *(
            migrations.RunSQL(
                f"ALTER INDEX {index} ALTER COLUMN 1 SET STATISTICS 1000",
                f"ALTER INDEX {index} ALTER COLUMN 1 SET STATISTICS -1",
            )
            for index in INDEXES
        ),
        migrations.RunSQL("ANALYZE claims_claim, claims_statement", migrations.RunSQL.noop),
    ]
