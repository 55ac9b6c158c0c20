from django.apps import AppConfig


class ReadoutsConfig(AppConfig):
    name = "readouts"
    verbose_name = "Readouts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import auth, cache, context_processors, later, ranking, signals

        auth.connect()
        context_processors.connect()
        cache.connect()
        signals.connect()
        ranking.connect()
        later.connect()
