"""Finer samples of the folded summaries for the planner, as claims 0011 gave the quotes.

At the default hundred, the estimate of how many Vietnamese summaries contain "vladivostok"
went from 100 to 10 129 between two ANALYZEs of one million claims (1 442 do), and the claims
search's median from 15 to 143 ms as the plans followed. A thousand gave 2 002-3 003 over four
samples (docs/performance.md, change 56). Raw SQL: a statistics target is no part of the models'
state. `bench.loader` keeps it when it rebuilds the indexes.
"""

from django.db import migrations

INDEXES = ("claim_summary_trgm", "claim_summary_vi_trgm")


class Migration(migrations.Migration):
    dependencies = [("claims", "0013_statement_speaker_on_change")]
    operations = [
        *(
            migrations.RunSQL(
                f"ALTER INDEX {index} ALTER COLUMN 1 SET STATISTICS 1000",
                f"ALTER INDEX {index} ALTER COLUMN 1 SET STATISTICS -1",
            )
            for index in INDEXES
        ),
        # The estimates change with the next sample: take it now (about 6 s for a million claims;
        # reads are not blocked).
        migrations.RunSQL("ANALYZE claims_claim", migrations.RunSQL.noop),
    ]
