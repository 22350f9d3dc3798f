from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sources', '0003_fk_indexes_covered'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['published_on', 'key'], name='article_published_key'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['title', 'key'], name='article_title_key'),
        ),
    ]
