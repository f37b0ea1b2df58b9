"""Supervision alerts over inspections (行政检查, LEGAL.md §4; 国办发〔2024〕54号; docs/decisions/0042), found by
``alerts.evaluate_alerts`` beside the case alerts and kept, explained and resolved the same way.

* ``inspection_over_cap``: an inspection counted beyond an item's annual cap for the subject (the ledger, all bodies,
  a joint visit once, a special inspection from above not counted). Raised for every such inspection, on the day of
  its visit; a case-specific inspection with its ground, which the procedure allows beyond the cap, is recorded as
  explained by that ground, for review. Cleared when the inspection no longer counts beyond the cap.
* ``inspection_multi_body``: the subject inspected on site by another body within ``joint_window_days()`` days
  (default 30) before, the two not in one joint visit (综合查一次). Raised on the later inspection, on its day;
  cleared when both join one joint visit.
* ``inspection_no_check_in``: an approved (or emergency) inspection with no check-in after its visit window and the
  days a back-entry is still allowed (``cases.procedures.inspection_watch.check_in_due``); appears the day after that
  last day, cleared by a check-in or back-entry. A record or check-out without check-in is refused by the engine and,
  imported or corrected, found by the general re-check (``procedure_defect``).

Inspections without approval, approved late, and overdue re-checks are the deadline alerts
``inspection_approval_overdue`` and ``recheck_overdue`` (``alerts.DEADLINES``), not repeated here.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict

from django.conf import settings
from django.db.models import Count, F
from django.db.models.functions import Coalesce

from yuezhifa.cases.interface import case_log, procedure_kind
from yuezhifa.cases.models import Case
from yuezhifa.cases.procedures import PROCEDURES, inspection_watch
from yuezhifa.inspection.models import Visit

GD = "《广东省行政检查办法》"
GB54 = "国办发〔2024〕54号《国务院办公厅关于严格规范涉企行政检查的意见》"
SZ6 = "深府规〔2025〕6号（行政执法监督码）"
OVER_CAP_BASIS = f"{GB54}（频次上限）；{GD}"
MULTI_BODY_BASIS = f"{GB54}（综合查一次、减少多头检查）"
NO_CHECK_IN_BASIS = f"{SZ6}（亮码入企、扫码签到）；{GB54}"


def joint_window_days() -> int:
    """Within how many days inspections of one subject by several bodies should have been one joint visit (setting
    ``YZF_INSPECTION_JOINT_WINDOW_DAYS``; not fixed by law)."""
    return int(getattr(settings, "YZF_INSPECTION_JOINT_WINDOW_DAYS", 30))


def _d(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _label(visit) -> str:
    return visit.case_number or "（未立案）"


def _existing_cases(case_ids) -> dict:
    return {c["pk"]: c for c in Case.objects.filter(pk__in=list(case_ids)).values("pk", "body_id")}


def over_cap_findings(on: datetime.date, cases=None) -> list:
    from .alerts import Finding

    visits = Visit.objects.filter(counted=True, on__lte=on)
    key = Coalesce(F("joint_visit_id"), F("id"))
    over = list(visits.values("subject_id", "year", "items", "items__annual_cap")
                .annotate(n=Count(key, distinct=True)).filter(n__gt=F("items__annual_cap")).order_by())
    if not over:
        return []
    found = []
    pending = []
    for row in over:
        rows = list(visits.filter(subject_id=row["subject_id"], year=row["year"], items=row["items"])
                    .select_related("subject").prefetch_related("items__item").order_by("on", "created_at"))
        groups: dict = {}
        for v in rows:
            groups.setdefault(v.joint_visit_id or v.pk, []).append(v)
        cap = row["items__annual_cap"]
        for rank, members in enumerate(groups.values(), start=1):
            if rank <= cap:
                continue
            for v in members:
                profile = next(p for p in v.items.all() if p.pk == row["items"])
                pending.append((v, profile, rank, cap))
    known = _existing_cases({v.case_id for v, *_ in pending})
    logs: dict = {}
    for v, profile, rank, cap in pending:
        if v.case_id not in known or (cases is not None and v.case_id not in cases):
            continue
        if v.case_id not in logs:
            logs[v.case_id] = case_log(Case.objects.get(pk=v.case_id))
        ground = inspection_watch.exempt_ground(logs[v.case_id])
        message = (f"检查案件{_label(v)}（{_d(v.on)}）：检查对象“{v.subject.name}”{v.year}年第{rank}次接受"
                   f"“{profile.item.name}”检查（各机关合计，综合查一次计一次），超过频次上限{cap}次。")
        explanation = f"有依据的个案检查（{ground}）" if ground else ""
        found.append(Finding(case_id=v.case_id, body_id=known[v.case_id]["body_id"],
                             key=f"inspection_over_cap:{profile.pk}", rule="inspection_over_cap",
                             message=message + (f"检查依据：{ground}。" if ground else "未记录个案检查的依据。"),
                             due_date=v.on, first_seen=v.on, explanation=explanation))
    return found


def multi_body_findings(on: datetime.date, cases=None) -> list:
    from .alerts import Finding

    window = joint_window_days()
    visits = Visit.objects.filter(on_site=True, on__lte=on)
    subjects = (visits.values("subject_id").annotate(n=Count("body_id", distinct=True)).filter(n__gt=1)
                .values("subject_id"))
    rows = list(visits.filter(subject_id__in=subjects).select_related("subject", "body").order_by("on", "created_at"))
    by_subject = defaultdict(list)
    for v in rows:
        by_subject[v.subject_id].append(v)
    pairs = []
    for items in by_subject.values():
        for i, later in enumerate(items):
            earlier = [e for e in items[:i] if e.body_id != later.body_id and (later.on - e.on).days <= window
                       and not (e.joint_visit_id and e.joint_visit_id == later.joint_visit_id)]
            if earlier:
                pairs.append((later, earlier))
    known = _existing_cases({v.case_id for v, _ in pairs})
    found = []
    for later, earlier in pairs:
        if later.case_id not in known or (cases is not None and later.case_id not in cases):
            continue
        others = "；".join(f"{e.body.name}于{_d(e.on)}（{_label(e)}）" for e in earlier[:5])
        found.append(Finding(
            case_id=later.case_id, body_id=known[later.case_id]["body_id"], key="inspection_multi_body",
            rule="inspection_multi_body", due_date=later.on, first_seen=later.on,
            message=(f"检查对象“{later.subject.name}”在{window}日内被多个机关现场检查，未合并为综合查一次："
                     f"{others}；{later.body.name}于{_d(later.on)}（{_label(later)}）。")))
    return found


def no_check_in_findings(on: datetime.date, moment: datetime.datetime, cases=None) -> list:
    from .alerts import Finding

    codes = [code for code, p in PROCEDURES.items() if procedure_kind(p) == "inspection"]
    remote = set(Visit.objects.filter(on_site=False).values_list("case_id", flat=True))
    qs = Case.objects.filter(procedure__in=codes, stage__in=inspection_watch.AWAITING_VISIT_STAGES,
                             registered_at__lte=moment)
    if cases is not None:
        qs = qs.filter(pk__in=cases)
    found = []
    for case in qs.select_related("body").iterator(chunk_size=500):
        if case.pk in remote:
            continue  # a non-site inspection has no visit to check in to
        log = case_log(case, as_of=moment)
        if not log.acts or inspection_watch.checked_in(log):
            continue
        due = inspection_watch.check_in_due(log)
        if due is None or on <= due.last_day:
            continue
        found.append(Finding(
            case_id=case.pk, body_id=case.body_id, key="inspection_no_check_in", rule="inspection_no_check_in",
            due_date=due.last_day, first_seen=due.last_day + datetime.timedelta(days=1),
            message=(f"检查案件{case.number or '（未立案）'}已批准检查，按{due.source}，"
                     f"加上补录签到的期限，至{_d(due.last_day)}仍未亮码签到或者补录签到，至{_d(on)}尚无签到记录。")))
    return found


def inspection_findings(on: datetime.date, moment: datetime.datetime, cases=None) -> list:
    if cases is not None:
        cases = {uuid.UUID(str(getattr(c, "pk", c))) for c in cases}
    return (over_cap_findings(on, cases) + multi_body_findings(on, cases)
            + no_check_in_findings(on, moment, cases))


__all__ = ["inspection_findings", "joint_window_days"]
