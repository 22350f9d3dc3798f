"""The folded title stored, its trigram index built on the stored column, and a joined one.

A search of titles rechecked each candidate by folding its title again: `articles/?q=ng+ng+ng`
folded 54 000 titles at 100 000 articles (docs/performance.md, change 65). Adding the column
rewrites the table and its indexes (about 15 s at 100 000 articles, locked meanwhile); 0009 then
vacuums it. The joined index serves terms of three words or more (`core.text.FoldedContains`),
as it does for the claims' and statements' folds (claims 0019).
"""

import django.contrib.postgres.indexes
import core.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sources', '0007_article_outlet_to_statements'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='article',
            name='article_title_trgm',
        ),
        migrations.AddField(
            model_name='article',
            name='title_folded',
            field=models.GeneratedField(db_persist=True, expression=core.text.Fold('title'), output_field=models.TextField(), serialize=False),
        ),
        migrations.AddIndex(
            model_name='article',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.indexes.OpClass(models.F('title_folded'), name='gin_trgm_ops'), name='article_title_trgm'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.indexes.OpClass(core.text.Joined(models.F('title_folded')), name='gin_trgm_ops'), name='article_title_joined_trgm'),
        ),
    ]
