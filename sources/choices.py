from django.db import models
from django.utils.translation import gettext_lazy as _


class OutletKind(models.TextChoices):
    NEWSPAPER = "newspaper", _("Newspaper")
    AGENCY = "agency", _("News agency")
    BROADCASTER = "broadcaster", _("Broadcaster")
    GOVERNMENT = "government", _("Government channel")
    OTHER = "other", _("Other")
