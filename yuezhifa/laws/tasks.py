"""Scheduled work of the laws library."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from yuezhifa.core.actors import SYSTEM
from yuezhifa.topology.jobs import base_job

from .services import law_statuses_refresh


@db_periodic_task(crontab(hour="0", minute="5"))
@base_job("法律法规时效状态更新")
def refresh_law_statuses() -> int:
    """Every day just after midnight: a version whose successor takes effect today becomes 已修改, a text whose
    effective date has come becomes 现行有效 (the day's date is Asia/Shanghai)."""
    return law_statuses_refresh(actor=SYSTEM)
