"""The Fact-checkers group decides suggested claims in the admin (claims.services.accounts)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Fact-checkers"
MODELS = ["claimsuggestion", "historicalclaimsuggestion"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config("claims")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # With no group yet, claims.services.accounts creates it later with every permission it needs;
    # a group made here with these alone would be taken for complete.
    group = Group.objects.filter(name=GROUP).first()
    if group is None:
        return
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="claims",
            content_type__model__in=MODELS,
            codename__regex=r"^(add|change|delete|view)_",
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=GROUP):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="claims", content_type__model__in=MODELS)
        )


class Migration(migrations.Migration):
    dependencies = [("claims", "0029_claim_suggestion")]
    operations = [migrations.RunPython(grant, revoke)]
