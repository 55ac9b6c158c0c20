"""WSGI entry point, served by gunicorn in `make run`."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

application = get_wsgi_application()

# What is loaded by now (Django, the app, the URL patterns, the templates' modules) lives as
# long as the worker: kept out of the collector's way, a full collection no longer walks it all
# (measured: 90 ms pauses every few requests otherwise); and the young objects are collected
# every 50,000 allocations rather than 700 (a page makes tens of thousands; their cycles are
# few, and a collection of them cost 2-4 ms a page).
gc.freeze()
gc.set_threshold(50_000, 20, 100)
