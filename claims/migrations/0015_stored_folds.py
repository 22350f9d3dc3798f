"""The folded summaries and quotes stored, and their trigram indexes built on the stored columns.

A search walking the list in page order folded every row it read (core.text.stored_fold).
Adding a stored column rewrites the table and its indexes (81 s for both tables at a million
claims, each locked meanwhile; 0016 then vacuums them). The statistics targets of 0011 and 0014
move with the folds, from the indexes' expressions to the columns.
"""

import django.contrib.postgres.indexes
import core.text
from django.conf import settings
from django.db import migrations, models

FINER_SAMPLES = (
    ("claims_claim", "summary_folded"),
    ("claims_claim", "summary_vi_folded"),
    ("claims_statement", "quote_folded"),
)


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0014_claim_summary_statistics'),
        ('sources', '0006_article_language_published'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='claim',
            name='claim_summary_trgm',
        ),
        migrations.RemoveIndex(
            model_name='claim',
            name='claim_summary_vi_trgm',
        ),
        migrations.RemoveIndex(
            model_name='statement',
            name='statement_quote_trgm',
        ),
        migrations.AddField(
            model_name='claim',
            name='summary_folded',
            field=models.GeneratedField(db_persist=True, expression=core.text.Fold('summary'), output_field=models.TextField(), serialize=False),
        ),
        migrations.AddField(
            model_name='claim',
            name='summary_vi_folded',
            field=models.GeneratedField(db_persist=True, expression=core.text.Fold('summary_vi'), output_field=models.TextField(), serialize=False),
        ),
        migrations.AddField(
            model_name='statement',
            name='quote_folded',
            field=models.GeneratedField(db_persist=True, expression=core.text.Fold('quote'), output_field=models.TextField(), serialize=False),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.indexes.OpClass(models.F('summary_folded'), name='gin_trgm_ops'), name='claim_summary_trgm'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.indexes.OpClass(models.F('summary_vi_folded'), name='gin_trgm_ops'), name='claim_summary_vi_trgm'),
        ),
        migrations.AddIndex(
            model_name='statement',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.indexes.OpClass(models.F('quote_folded'), name='gin_trgm_ops'), name='statement_quote_trgm'),
        ),
        *(
            migrations.RunSQL(
                f"ALTER TABLE {table} ALTER COLUMN {column} SET STATISTICS 1000",
                f"ALTER TABLE {table} ALTER COLUMN {column} SET STATISTICS -1",
            )
            for table, column in FINER_SAMPLES
        ),
    ]
