from django.apps import AppConfig


class ReadoutsConfig(AppConfig):
    name = "readouts"
    verbose_name = "Readouts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import auth, cache, context_processors, ranking, signals

        post_migrate.connect(ranking.add_when_possible, dispatch_uid="rum-index")
        auth.connect()
        context_processors.connect()
        cache.connect()
        signals.connect()
