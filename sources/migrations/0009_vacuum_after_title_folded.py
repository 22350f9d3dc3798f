"""VACUUM (ANALYZE) the articles, which 0008 rewrote.

A rewritten table has an empty visibility map until it is vacuumed, so its index-only scans
read the heap as well (claims 0016). VACUUM cannot run in a transaction, hence a migration of
its own; it blocks neither reads nor writes.
"""

from django.db import migrations


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("sources", "0008_article_title_folded")]
    operations = [migrations.RunSQL("VACUUM (ANALYZE) sources_article", migrations.RunSQL.noop)]
