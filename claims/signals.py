"""Saving a claim, from the API, the admin, a command or a fixture, runs contradiction detection."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from claims.models import Claim


@receiver(post_save, sender=Claim, dispatch_uid="claims.detect_contradictions")
def detect_contradictions_on_save(sender, instance: Claim, raw: bool = False, **kwargs) -> None:
    if raw:  # loaddata: the related rows may not exist yet; `detect_contradictions` catches up
        return
    from claims.services.detection import detect_for_claim

    detect_for_claim(instance)
