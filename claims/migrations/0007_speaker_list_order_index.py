from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0006_fk_indexes_covered'),
        ('sources', '0004_list_order_indexes'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='speaker',
            index=models.Index(fields=['name', 'slug'], name='speaker_name_slug'),
        ),
    ]
