from django.db import models


class OutletKind(models.TextChoices):
    NEWSPAPER = "newspaper", "Newspaper"
    AGENCY = "agency", "News agency"
    BROADCASTER = "broadcaster", "Broadcaster"
    GOVERNMENT = "government", "Government channel"
    OTHER = "other", "Other"
