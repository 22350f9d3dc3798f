"""A finer sample of the folded quotes for the planner's estimates of a search's quotes.

PostgreSQL estimates how many quotes contain a term by testing it against the hundred folded
quotes its statistics hold. At a million claims, two of them held "vladivostok", so it expected
40 425 of the 2 million quotes to (2 889 did) and walked the statements newest first to find
the page's few: 1.2-3 s for a search beside other filters or with 200 a page. A thousand give
estimates within about a third (docs/performance.md, change 53). Raw SQL: a statistics target
is no part of the models' state. `bench.loader` keeps it when it rebuilds the index.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("claims", "0010_admin_sort_indexes")]
    operations = [
        migrations.RunSQL(
            "ALTER INDEX statement_quote_trgm ALTER COLUMN 1 SET STATISTICS 1000",
            "ALTER INDEX statement_quote_trgm ALTER COLUMN 1 SET STATISTICS -1",
        ),
        # The estimates change with the next sample: take it now (about 4 s for 2 million quotes;
        # reads are not blocked).
        migrations.RunSQL("ANALYZE claims_statement", migrations.RunSQL.noop),
    ]
