from django.apps import AppConfig


class ReadoutsConfig(AppConfig):
    name = "readouts"
    verbose_name = "Readouts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import cache, signals
        from .browse import search

        cache.connect()
        signals.connect()
        search.connect()
