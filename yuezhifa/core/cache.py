"""The all-in-one shape's shared cache: Django's file-based cache with ``add`` and ``incr`` made atomic across
processes by an exclusive ``flock`` on a lock file beside the entries.

gunicorn runs several worker processes, so a per-process (LocMem) cache would let each of them count requests on its
own; the file cache under ``var/`` is shared without any extra service. Django's own ``incr`` is get-then-set, which
loses counts under concurrency (django-ratelimit's check E003 says so); under the lock it cannot. Production with
``YZF_CACHE_URL=redis://…`` uses Django's Redis cache instead (decision 0023).
"""

import fcntl
import os
from contextlib import contextmanager

from django.core.cache.backends.filebased import FileBasedCache


class LockedFileBasedCache(FileBasedCache):
    @contextmanager
    def _locked(self):
        os.makedirs(self._dir, 0o700, exist_ok=True)
        fd = os.open(os.path.join(self._dir, ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def add(self, key, value, timeout=None, version=None):
        with self._locked():
            return super().add(key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        with self._locked():
            return super().incr(key, delta, version)
