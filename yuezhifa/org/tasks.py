"""Scheduled work of the organisation data: certificate expiry warnings (办法 第38条; docs/decisions/0016)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from yuezhifa.core.actors import SYSTEM
from yuezhifa.topology.jobs import base_job

from .services import certificate_warnings_record


@db_periodic_task(crontab(hour="1", minute="15"))
@base_job("执法证到期预警")
def record_certificate_warnings() -> int:
    """Once a day (01:15 on huey's clock, UTC unless HUEY["utc"] is False): record the expiry warnings due on
    today's date in Asia/Shanghai, once per certificate, validity period and threshold. Returns how many were
    recorded; running it again the same day records none."""
    return len(certificate_warnings_record(actor=SYSTEM))
