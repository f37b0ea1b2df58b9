"""Background work of the case platform: e-mail service (docs/decisions/0012) and the daily integrity check
(docs/decisions/0020).

Each task only calls ``email_service``, which decides from the delivery's row whether there is anything to do, so a
task that runs twice, late, or after a newer one sends nothing twice.
"""

import logging

from django.db import transaction
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from yuezhifa.topology.jobs import case_job

from . import email_service

logger = logging.getLogger(__name__)


@db_task()
def send_email_delivery(delivery_id: str) -> str | None:
    """One attempt at an e-mail service; a temporary failure schedules the next attempt itself."""
    delivery = email_service.deliver(delivery_id)
    return delivery.status if delivery is not None else None


@db_periodic_task(crontab(minute="*"))
@case_job("电子送达重试")
def sweep_email_deliveries() -> int:
    """Every minute: attempt the deliveries whose retry time has come or whose sending was interrupted, in case
    their queued task was lost (a restarted queue, a lost Redis). Returns how many were attempted."""
    due = email_service.due_deliveries()
    for delivery_id in due:
        email_service.deliver(delivery_id)
    return len(due)


@db_periodic_task(crontab(hour="2", minute="30"))
def daily_integrity_check() -> bool:
    """Every night: the evidence log against its signed heads, the audit chain and every case's act log against
    their anchors, and every stored evidence file and issued document re-hashed against its recorded digest
    (DESIGN §7). Each problem is logged as an error naming its case; the outcome is written to the audit log.
    Returns whether everything held."""
    from yuezhifa.audit.anchoring import ANCHOR_GRACE
    from yuezhifa.audit.merkle import verify_evidence_log
    from yuezhifa.audit.selectors import verify_chain
    from yuezhifa.audit.services import audit_record
    from yuezhifa.core.actors import SYSTEM

    from .integrity import verify_files
    from .selectors import verify_all_case_logs

    chains = [verify_evidence_log(), verify_chain(stale_after=ANCHOR_GRACE),
              verify_all_case_logs(stale_after=ANCHOR_GRACE)]
    files = verify_files()
    failures = [report.message for report in chains if not report.ok] + [p.message for p in files.problems]
    for message in failures:
        logger.error("完整性检查：%s", message)
    with transaction.atomic():
        audit_record(actor=SYSTEM, action="integrity.daily_check", object_type="integrity", object_id="daily",
                     object_repr="每日完整性检查",
                     after={"ok": not failures, "files": files.files, "bytes": files.bytes,
                            "problems": failures[:100], "problem_count": len(failures)})
    return not failures
