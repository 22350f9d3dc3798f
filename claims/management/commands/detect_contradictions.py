"""`manage.py detect_contradictions`: catch up on detection, e.g. after fixtures loaded raw."""

from collections import Counter

from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from claims.choices import ContradictionKind
from claims.services.detection import detect_all


class Command(BaseCommand):
    help = (
        "Record opposite stances on one topic as suspected contradictions (`opposing`, or "
        "`reversal` for one speaker). Known pairs, dismissed ones included, are left alone."
    )

    def handle(self, *args, **options):
        created = detect_all()
        kinds = Counter(c.kind for c in created)
        message = gettext("%(count)d suspected contradictions created") % {"count": len(created)}
        if created:
            labels = dict(ContradictionKind.choices)
            message += (
                " ("
                + ", ".join(f"{n} {str(labels[kind]).lower()}" for kind, n in sorted(kinds.items()))
                + ")"
            )
        self.stdout.write(message)
