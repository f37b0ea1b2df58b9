"""Background work of the supervision platform (docs/decisions/0015): the alerts of 办法 第三十三条 and the
dashboard's rollup.

Both are idempotent (the alerts are opened, kept and resolved; the rollup is rebuilt), so a run that repeats, comes
late or overlaps another changes nothing twice.
"""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from .alerts import evaluate_alerts
from .dashboard import refresh_stats


@db_periodic_task(crontab(minute="7"))
@lock_task("supervision-evaluate-alerts")
def evaluate_alerts_hourly() -> str:
    """Every hour: the alerts as of today."""
    return str(evaluate_alerts(on=timezone.localdate()))


@db_periodic_task(crontab(minute="37"))
@lock_task("supervision-refresh-stats")
def refresh_stats_hourly() -> int:
    """Every hour: the dashboard's rollup of case metadata."""
    return refresh_stats()
