from django.db import migrations, models

# Unlogged: no WAL for a row rewritten on every request. Half-full pages leave room for the
# next version of a row beside it (a HOT update, no index entry).
UNLOGGED = "ALTER TABLE summit_requestcount SET UNLOGGED, SET (fillfactor = 50)"
LOGGED = "ALTER TABLE summit_requestcount SET LOGGED, RESET (fillfactor)"


class Migration(migrations.Migration):
    dependencies = [("summit", "0002_fold_without_normalize")]

    operations = [
        migrations.CreateModel(
            name="RequestCount",
            fields=[
                ("key", models.TextField(primary_key=True, serialize=False)),
                ("window", models.BigIntegerField(help_text="Which window of the rate's period is counted.")),
                ("count", models.PositiveIntegerField()),
                ("expires", models.FloatField(db_index=True, help_text="When the window ends (Unix time).")),
            ],
            options={"verbose_name": "request count"},
        ),
        migrations.RunSQL(UNLOGGED, LOGGED),
    ]
