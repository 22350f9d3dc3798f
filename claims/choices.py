from django.db import models
from django.utils.translation import gettext_lazy as _


class SpeakerKind(models.TextChoices):
    PERSON = "person", _("Person")
    INSTITUTION = "institution", _("Institution")
    OUTLET = "outlet", _("Outlet")
    ANONYMOUS = "anonymous", _("Anonymous source")


class Stance(models.TextChoices):
    SUPPORTS = "supports", _("Supports")
    OPPOSES = "opposes", _("Opposes")
    NEUTRAL = "neutral", _("Neutral")


class SpeakerStatus(models.TextChoices):
    """Whether fact-checkers stand behind a speaker: a proposed one is not public until confirmed."""

    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")


class ReviewStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class SpeechMode(models.TextChoices):
    DIRECT = "direct", _("Direct quote")
    INDIRECT = "indirect", _("Indirect speech")


class ContradictionKind(models.TextChoices):
    OPPOSING = "opposing", _("Opposing stances")
    REVERSAL = "reversal", _("Reversal by one speaker")
    DISCREPANCY = "discrepancy", _("Discrepancy between sources")


class ContradictionStatus(models.TextChoices):
    SUSPECTED = "suspected", _("Suspected")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Dismissed")


class DetectionMethod(models.TextChoices):
    DETECTOR = "detector", _("Found by the stance detector")
    FACT_CHECKER = "fact_checker", _("Recorded by a fact-checker")
    IMPORT = "import", _("Imported")


class Rating(models.TextChoices):
    """A verdict normalised as ClaimsKG normalises fact-checkers' ratings."""

    FALSE = "false", _("False")
    MIXTURE = "mixture", _("Mixture")
    TRUE = "true", _("True")
    OTHER = "other", _("Other")


class SuggestionDecision(models.TextChoices):
    """What a fact-checker made of a suggested claim: not yet decided, the statement moved to the
    suggested claim, or kept with its own."""

    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    SEPARATE = "separate", _("Kept separate")
