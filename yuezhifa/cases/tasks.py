"""Background work of the case platform: e-mail service (docs/decisions/0012).

Each task only calls ``email_service``, which decides from the delivery's row whether there is anything to do, so a
task that runs twice, late, or after a newer one sends nothing twice.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import email_service


@db_task()
def send_email_delivery(delivery_id: str) -> str | None:
    """One attempt at an e-mail service; a temporary failure schedules the next attempt itself."""
    delivery = email_service.deliver(delivery_id)
    return delivery.status if delivery is not None else None


@db_periodic_task(crontab(minute="*"))
def sweep_email_deliveries() -> int:
    """Every minute: attempt the deliveries whose retry time has come or whose sending was interrupted, in case
    their queued task was lost (a restarted queue, a lost Redis). Returns how many were attempted."""
    due = email_service.due_deliveries()
    for delivery_id in due:
        email_service.deliver(delivery_id)
    return len(due)
