"""Periodic tasks of the platform itself."""

from huey import crontab
from huey.contrib.djhuey import periodic_task

from .worker import record_heartbeat


@periodic_task(crontab())  # every minute
def worker_heartbeat() -> str:
    """The worker is alive: the supervision pages warn when this stops (yuezhifa.core.worker)."""
    return record_heartbeat().isoformat()
