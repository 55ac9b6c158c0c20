"""Django's file-based cache, without listing the whole directory at every write.

Django's FileBasedCache culls before each set(): it globs every file of the cache directory to
count them, about 6 ms with a few thousand entries, four times on the first visit of a list.
This one counts the files at its first write, then only once every CULL_EVERY writes or when
its own estimate (the last count plus the writes since) reaches MAX_ENTRIES; culling itself is
Django's (a random 1/CULL_FREQUENCY of the entries, or all of them when that is 0).

Other processes write to the same directory unseen between two counts, so the directory may
outgrow MAX_ENTRIES by up to CULL_EVERY writes of each of them before a count catches it: the
limit holds approximately, as a cap on disk use should.

Its entries are compressed by ISA-L (already the Excel export's deflate) at its fastest level,
not by zlib's default: the same zlib format (Django's own reader takes them), a little larger,
in a twentieth of the time (9 ms for a rendered page of 190 kB, 0.3 ms).
"""

import pickle
import random

from django.core.cache.backends.filebased import FileBasedCache as DjangoFileBasedCache
from isal import isal_zlib

CULL_EVERY = 50


class FileBasedCache(DjangoFileBasedCache):
    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._cull_every = max(1, int(params.get("OPTIONS", {}).get("CULL_EVERY", CULL_EVERY)))
        self._counted = None  # entries at the last count (None: never counted)
        self._since = 0  # writes since then

    def _cull(self):
        if (
            self._counted is not None
            and self._since < self._cull_every
            and self._counted + self._since < self._max_entries
        ):
            self._since += 1
            return
        filelist = self._list_cache_files()
        entries = len(filelist)
        if entries >= self._max_entries:
            if self._cull_frequency == 0:
                self.clear()  # as Django does when CULL_FREQUENCY is 0
                entries = 0
            else:
                doomed = random.sample(filelist, int(entries / self._cull_frequency))
                for fname in doomed:
                    self._delete(fname)
                entries -= len(doomed)
        self._counted, self._since = entries, 1  # the write about to happen

    def _write_content(self, file, timeout, value):
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(isal_zlib.compress(pickle.dumps(value, self.pickle_protocol), 1))

    def get(self, key, default=None, version=None):
        fname = self._key_to_file(key, version)
        try:
            with open(fname, "rb") as f:
                if not self._is_expired(f):
                    return pickle.loads(isal_zlib.decompress(f.read()))  # noqa: S301 - our files
        except FileNotFoundError:
            pass
        return default

    def clear(self):
        super().clear()
        self._counted, self._since = 0, 0
