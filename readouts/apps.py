from django.apps import AppConfig


class ReadoutsConfig(AppConfig):
    name = "readouts"
    verbose_name = "Readouts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import cache
        from .browse import search

        cache.connect()
        search.connect()
