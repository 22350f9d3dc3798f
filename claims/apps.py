from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = pgettext_lazy("app", "Claims")
