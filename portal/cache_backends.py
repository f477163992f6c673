"""Cache backends of the production settings.

``PageFileCache`` holds the page cache when there is no Redis (``portal/settings/production.py``):
Django's file cache, shared by every gunicorn worker of the machine, but with the pages
stored uncompressed. Django compresses every entry with zlib; for a page served from the
cache, decompressing its 15 to 80 KB is the largest single cost of the hit (about 20 µs out
of 200 µs for the home page). Files are 3 to 4 times larger instead: the 5,000 pages kept at
most (``MAX_ENTRIES``) stay under a few hundred megabytes, usually far less. Redis stores
them uncompressed too.
"""

import pickle

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks


class PageFileCache(FileBasedCache):
    """``FileBasedCache`` without compression (same files otherwise: expiry, then value)."""

    def get(self, key, default=None, version=None):
        fname = self._key_to_file(key, version)
        try:
            with open(fname, "rb") as f:
                if not self._is_expired(f):
                    return pickle.loads(f.read())  # noqa: S301 - our own cache files
        except FileNotFoundError:
            pass
        except pickle.UnpicklingError:
            # A file left compressed by Django's own backend (before an upgrade): a miss.
            self._delete(fname)
        return default

    def _write_content(self, file, timeout, value):
        expiry = self.get_backend_timeout(timeout)
        file.write(pickle.dumps(expiry, self.pickle_protocol))
        file.write(pickle.dumps(value, self.pickle_protocol))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            with open(self._key_to_file(key, version), "r+b") as f:
                try:
                    locks.lock(f, locks.LOCK_EX)
                    if self._is_expired(f):
                        return False
                    previous_value = pickle.loads(f.read())  # noqa: S301 - our own files
                    f.seek(0)
                    self._write_content(f, timeout, previous_value)
                    f.truncate()
                    return True
                finally:
                    locks.unlock(f)
        except FileNotFoundError:
            return False
