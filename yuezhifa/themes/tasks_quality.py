"""The theme library's daily quality snapshots (办法 第四十九条第二款: 实时监测和全面评价), registered with the task queue
by ``ThemesConfig.ready``. Idempotent: a run that repeats replaces the same periods' snapshots."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import quality


@db_periodic_task(crontab(hour="2", minute="23"))
@lock_task("themes-quality-snapshots")
def quality_snapshots_daily() -> int:
    """Every night: yesterday, this month and last month."""
    return sum(quality.take_snapshots(granularity, start)
               for granularity, start in quality.default_periods(timezone.localdate()))
