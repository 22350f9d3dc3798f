"""The Fact-checkers group: the API's write permission and the admin's model permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Fact-checkers"
# Fact-checkers curate everything; they do not manage users, groups or tokens.
MODELS = {
    "sources": ["outlet", "article"],
    "claims": [
        "speaker", "speakeralias", "event", "topic", "claim", "verdict", "statement",
        "statementvia", "contradiction",
    ],
}


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs them now.
    for label in MODELS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    perms = Permission.objects.filter(content_type__app_label="claims", codename="fact_check")
    for app_label, models in MODELS.items():
        for model in models:
            perms = perms | Permission.objects.filter(
                content_type__app_label=app_label, content_type__model__in=[model, f"historical{model}"],
                codename__regex=r"^(add|change|delete|view)_",
            )
    group.permissions.add(*perms)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("sources", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_group, delete_group)]
