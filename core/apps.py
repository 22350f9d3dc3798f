from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    # The label keeps existing databases' tables (summit_*) and migration history (app "summit").
    label = "summit"
    verbose_name = _("Core")
