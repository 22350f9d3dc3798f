"""Fact-checker accounts: the group a migration creates, recreated when it is missing.

Test runs that flush the database (transactional tests) remove the migration's rows; the
group's definition lives here too so that accounts can always be made.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

FACT_CHECKER_GROUP = "Fact-checkers"
CURATED_MODELS = {
    "sources": ["outlet", "article"],
    "claims": [
        "speaker", "speakeralias", "event", "topic", "claim", "verdict", "statement", "statementvia",
        "contradiction", "claimsuggestion",
    ],
}  # fmt: skip


def fact_checker_group() -> Group:
    group, created = Group.objects.get_or_create(name=FACT_CHECKER_GROUP)
    if created or not group.permissions.exists():
        wanted = Q(content_type__app_label="claims", codename="fact_check")
        for app_label, models in CURATED_MODELS.items():
            names = models + [f"historical{m}" for m in models]
            wanted |= Q(content_type__app_label=app_label, content_type__model__in=names) & Q(
                codename__regex=r"^(add|change|delete|view)_"
            )
        group.permissions.set(Permission.objects.filter(wanted))
    return group
