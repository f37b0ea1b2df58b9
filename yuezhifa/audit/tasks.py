"""Scheduled work of the audit app."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .anchoring import anchor_checkpoint


@db_periodic_task(crontab(minute="0"))
def issue_evidence_log_sth() -> int | None:
    """Every hour on the hour: anchor the heads of the audit chain and of every changed case in the evidence log,
    and sign the log's tree head if it grew since the last signed head (DESIGN §7; docs/decisions/0020). Returns
    the new head's tree size, or None when nothing was entered since."""
    checkpoint = anchor_checkpoint()
    return checkpoint.sth.tree_size if checkpoint.signed else None
