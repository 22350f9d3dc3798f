from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    # The label keeps existing databases' tables (summit_*) and migration history (app "summit").
    label = "summit"
    verbose_name = "Core"
