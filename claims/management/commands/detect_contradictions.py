"""`manage.py detect_contradictions`: catch up on detection, e.g. after fixtures loaded raw."""

from collections import Counter

from django.core.management.base import BaseCommand
from django.utils.translation import gettext, ngettext

from claims.choices import ContradictionKind
from claims.services.detection import detect_all


class Command(BaseCommand):
    help = (
        "Suggest contradictions between verified claims on one topic: one `opposing` suggestion per "
        "pair of speakers between their latest claims, one `reversal` per speaker who took both "
        "sides. Suspected suggestions no longer between the latest claims are withdrawn; reviewed "
        "ones, and pairs stored before, are left alone."
    )

    def handle(self, *args, **options):
        outcome = detect_all()
        created = outcome.created
        kinds = Counter(c.kind for c in created)
        message = gettext("%(count)d suspected contradictions created") % {"count": len(created)}
        if created:
            labels = dict(ContradictionKind.choices)
            message += (
                " ("
                + ", ".join(f"{n} {str(labels[kind]).lower()}" for kind, n in sorted(kinds.items()))
                + ")"
            )
        if outcome.withdrawn:
            message += ngettext(
                "; %(count)d suspected contradiction withdrawn",
                "; %(count)d suspected contradictions withdrawn",
                outcome.withdrawn,
            ) % {"count": outcome.withdrawn}
        self.stdout.write(message)
