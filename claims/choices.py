from django.db import models


class SpeakerKind(models.TextChoices):
    PERSON = "person", "Person"
    INSTITUTION = "institution", "Institution"


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    OPPOSES = "opposes", "Opposes"
    NEUTRAL = "neutral", "Neutral"


class SpeakerStatus(models.TextChoices):
    """Whether fact-checkers stand behind a speaker: a proposed one is not public until confirmed."""

    PROPOSED = "proposed", "Proposed"
    CONFIRMED = "confirmed", "Confirmed"


class ReviewStatus(models.TextChoices):
    CANDIDATE = "candidate", "Candidate"
    VERIFIED = "verified", "Verified"
    REJECTED = "rejected", "Rejected"


class SpeechMode(models.TextChoices):
    DIRECT = "direct", "Direct quote"
    INDIRECT = "indirect", "Indirect speech"


class ContradictionKind(models.TextChoices):
    OPPOSING = "opposing", "Opposing stances"
    REVERSAL = "reversal", "Reversal by one speaker"
    DISCREPANCY = "discrepancy", "Discrepancy between sources"


class ContradictionStatus(models.TextChoices):
    SUSPECTED = "suspected", "Suspected"
    CONFIRMED = "confirmed", "Confirmed"
    DISMISSED = "dismissed", "Dismissed"


class DetectionMethod(models.TextChoices):
    DETECTOR = "detector", "Found by the stance detector"
    FACT_CHECKER = "fact_checker", "Recorded by a fact-checker"
    IMPORT = "import", "Imported"


class Rating(models.TextChoices):
    """A verdict normalised as ClaimsKG normalises fact-checkers' ratings."""

    FALSE = "false", "False"
    MIXTURE = "mixture", "Mixture"
    TRUE = "true", "True"
    OTHER = "other", "Other"
