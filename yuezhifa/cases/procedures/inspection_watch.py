"""What the supervision platform reads of an inspection's log (docs/decisions/0042), so that it names no act:
whether and when the inspection was approved, whether the officers checked in, and by when the check-in should have
been recorded (the visit window, plus the days a back-entry is still allowed).

The visit window ends on the visit date of the advance notice (检查通知书) if one was given; else, for an emergency
inspection, on the day it was opened (the officers were already there); else on the last day of the plan's period;
else ``YZF_INSPECTION_CHECK_IN_DAYS`` (default 30) calendar days after the approval. A check-in missed for a system
failure can be back-entered within ``inspection.back_entry_days`` (default 10) days of the visit (深府规〔2025〕6号), so
the check-in is missing for good only after the window's end plus those days.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings

from . import inspection as ins
from .penalty_base import date_of

# the stages of an inspection not yet visited (opened, approved): only these can lack a check-in
AWAITING_VISIT_STAGES = ("inspection_pending", "inspection_approved")


def check_in_days() -> int:
    """Days after the approval within which an inspection without notice or plan should be carried out (setting
    ``YZF_INSPECTION_CHECK_IN_DAYS``; not fixed by law)."""
    return int(getattr(settings, "YZF_INSPECTION_CHECK_IN_DAYS", 30))


def is_inspection(log) -> bool:
    return log.procedure is ins.INSPECTION


def approved_on(log) -> datetime.date | None:
    act = log.last("approve_inspection")
    return act.date if act is not None else None


def checked_in(log) -> bool:
    return ins.checked_in(log)


def emergency(log) -> bool:
    return ins.emergency(log)


@dataclass(frozen=True)
class CheckInDue:
    window_end: datetime.date  # the last day of the visit window
    last_day: datetime.date  # the last day a back-entry could still record the check-in
    source: str  # what fixed the window, in Chinese


def check_in_due(log) -> CheckInDue | None:
    """The check-in's last day for an opened inspection that may be visited (approved, or opened in an emergency);
    None when the inspection cannot be visited yet."""
    opened = ins.opening(log)
    if opened is None:
        return None
    approved = approved_on(log)
    if approved is None and not ins.emergency(log):
        return None
    back = ins._setting("inspection.back_entry_days")
    notified = date_of(log.value("notify_inspection", "visit_on"))
    plan = ins.plan(log)
    if notified is not None:
        end, source = notified, f"检查通知书载明的检查日期{ins._d(notified)}"
    elif ins.emergency(log):
        end, source = opened.date, f"紧急先行检查开启之日{ins._d(opened.date)}"
    elif plan is not None:
        end, source = plan.period_end, f"检查计划“{plan.title}”的实施期间截至{ins._d(plan.period_end)}"
    else:
        days = check_in_days()
        end = approved + datetime.timedelta(days=days)
        source = f"批准之日（{ins._d(approved)}）后{days}日内实施检查（{ins._d(end)}，时限由本省设置）"
    return CheckInDue(window_end=end, last_day=end + datetime.timedelta(days=back), source=source)


def exempt_ground(log) -> str:
    """The ground of a case-specific inspection (empty when none): an inspection beyond a cap with it was allowed."""
    opened = ins.opening(log)
    if opened is None or opened.get("kind") != "case":
        return ""
    ground = (opened.get("ground") or "").strip()
    if not ground:
        return ""
    return f"{dict(ins.GROUNDS).get(opened.get('ground_kind'), '其他依据')}：{ground}"


__all__ = ["AWAITING_VISIT_STAGES", "CheckInDue", "approved_on", "check_in_days", "check_in_due", "checked_in", "emergency", "exempt_ground",
           "is_inspection"]
