"""The task worker's heartbeat (decision 0023).

E-mail service, supervision alerts, certificate warnings and the evidence log's signed heads all run in the huey
worker; when it stops, nothing says so. A periodic task records the time every minute in huey's own storage (SQLite in
the all-in-one shape, Redis in production), which the web processes share with the worker by construction, so no
migration and no other service is needed. The supervision pages warn when the last beat is older than
``YZF_WORKER_STALE_MINUTES`` (default 10).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from huey.constants import EmptyData

HEARTBEAT_KEY = "yzf:worker-heartbeat"


def _huey():
    from huey.contrib.djhuey import HUEY

    return HUEY


def record_heartbeat(*, at: datetime.datetime | None = None) -> datetime.datetime:
    at = at or timezone.now()
    _huey().storage.put_data(HEARTBEAT_KEY, at.isoformat().encode())
    return at


def last_heartbeat() -> datetime.datetime | None:
    try:
        raw = _huey().storage.peek_data(HEARTBEAT_KEY)
    except Exception:  # an unreachable queue (Redis down) is itself a stopped worker
        return None
    if raw is EmptyData or not raw:
        return None
    try:
        return datetime.datetime.fromisoformat(raw.decode() if isinstance(raw, bytes) else raw)
    except ValueError:
        return None


@dataclass(frozen=True)
class WorkerStatus:
    stale: bool
    last: datetime.datetime | None
    minutes: int


def worker_status(*, now: datetime.datetime | None = None) -> WorkerStatus:
    minutes = int(settings.YZF_WORKER_STALE_MINUTES)
    if _huey().immediate:  # tasks run in the calling process: there is no worker to miss
        return WorkerStatus(False, None, minutes)
    last = last_heartbeat()
    now = now or timezone.now()
    return WorkerStatus(last is None or now - last > datetime.timedelta(minutes=minutes), last, minutes)
