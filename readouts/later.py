"""Work a request can leave until its response has been sent.

A list page's first visit writes its rendered parts to the shared cache for the next reader
(about 2 ms of pickling, compressing and writing files). The reader of this page does not
need them written: they can wait until the response has gone out. Django sends
`request_finished` when the server closes the response, after its last byte was written
(gunicorn, the test client); `after_response(fn)` runs fn then, in the same thread.

Outside a request (a management command, a test calling a function), fn runs at once.
"""

import logging
import threading

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

logger = logging.getLogger(__name__)

_local = threading.local()


def after_response(fn):
    pending = getattr(_local, "pending", None)
    if pending is None:
        fn()
    else:
        pending.append(fn)


def _start(**kwargs):
    _finish()  # what a request before left, should its response never have been closed
    _local.pending = []
    _local.values = {}
    _local.missing = set()


def _finish(**kwargs):
    pending = getattr(_local, "pending", None)
    _local.pending = _local.values = _local.missing = None
    for fn in pending or ():
        try:
            fn()
        except Exception:  # the response is gone: nobody to tell but the log
            logger.exception("work left until after the response failed")


def connect():
    from django.core.signals import request_finished, request_started

    request_started.connect(_start, dispatch_uid="readouts-later-start")
    request_finished.connect(_finish, dispatch_uid="readouts-later-finish")


class WrittenAfterResponse(BaseCache):
    """Another cache (OPTIONS["CACHE"], an alias) whose writes wait until the response has
    been sent; until then this request reads them back from memory. For the template's
    fragments (settings.CACHES["template_fragments"]): a reader who asks for the same
    fragment meanwhile renders it again, as before it was ever written."""

    def __init__(self, location, params):
        super().__init__(params)
        self.alias = params.get("OPTIONS", {}).get("CACHE", "default")

    @property
    def cache(self):
        from django.core.cache import caches

        return caches[self.alias]

    def get(self, key, default=None, version=None):
        values = getattr(_local, "values", None)
        if values and (key, version) in values:
            return values[(key, version)]
        missing = getattr(_local, "missing", None)
        if missing is not None and (key, version) in missing:
            return default  # found missing earlier in this request (the page's rows, twice)
        value = self.cache.get(key, self, version)
        if value is self:
            if missing is not None:
                missing.add((key, version))
            return default
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        values = getattr(_local, "values", None)
        if values is None:
            self.cache.set(key, value, timeout, version)
            return
        values[(key, version)] = value
        _local.missing.discard((key, version))
        cache = self.cache  # this thread's backend, taken now, used after the response
        after_response(lambda: cache.set(key, value, timeout, version))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.cache.add(key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self.cache.touch(key, timeout, version)

    def delete(self, key, version=None):
        values = getattr(_local, "values", None)
        if values:
            values.pop((key, version), None)
        missing = getattr(_local, "missing", None)
        if missing:
            missing.discard((key, version))
        return self.cache.delete(key, version)

    def has_key(self, key, version=None):
        return self.get(key, self, version) is not self

    def clear(self):
        values = getattr(_local, "values", None)
        if values:
            values.clear()
        missing = getattr(_local, "missing", None)
        if missing:
            missing.clear()
        return self.cache.clear()
