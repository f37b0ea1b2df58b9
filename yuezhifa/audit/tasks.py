"""Scheduled work of the audit app."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .merkle import sth_issue


@db_periodic_task(crontab(minute="0"))
def issue_evidence_log_sth() -> int | None:
    """Every hour on the hour: sign the evidence log's tree head if the log grew since the last signed head
    (DESIGN §7). Returns the new head's tree size, or None when nothing was entered since."""
    sth, created = sth_issue()
    return sth.tree_size if created else None
