"""The inspection section of the supervision dashboard (行政检查, LEGAL.md §4; 国办发〔2024〕54号 “减少检查频次”;
docs/decisions/0042): inspections per subject (the top N this year), per body and per item, this year to date against
the same period of last year, with the reduction; and the drill-down list of the ledger rows behind each figure.

Read from the inspection ledger (``inspection.Visit``: one row per inspection case, written by the procedure at the
approval, or at the opening of an emergency inspection), limited to the bodies of the supervisor's jurisdiction.
Counted: every inspection of the ledger, on-site and non-site, special ones deployed from above included (they are
not counted against the caps, but the enterprise was inspected). Per subject, the inspections of one joint visit
(综合查一次) are one visit to the enterprise; per body and per item each body's inspection is one. Natural persons'
names are masked; enterprises and other organisations are shown by name.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from yuezhifa.core.errors import DomainError
from yuezhifa.core.masking import mask_name
from yuezhifa.inspection.models import ItemProfile, Subject, SubjectKind, Visit

from .dashboard import Table, _body_id, scope_bodies
from .inspection_alerts import joint_window_days

TOP_ROWS = 30
YEARS = {"this": "本年度至今", "last": "上年同期"}


def top_subjects() -> int:
    """How many subjects the dashboard lists (setting ``YZF_SUPERVISION_INSPECTION_TOP``, default 10)."""
    return int(getattr(settings, "YZF_SUPERVISION_INSPECTION_TOP", 10))


@dataclass(frozen=True)
class Span:
    """This year from 1 January to ``as_of``, and the same days of last year (29 February read as 28)."""

    as_of: datetime.date

    @property
    def this(self) -> tuple[datetime.date, datetime.date]:
        return self.as_of.replace(month=1, day=1), self.as_of

    @property
    def last(self) -> tuple[datetime.date, datetime.date]:
        day = self.as_of
        end = day.replace(year=day.year - 1, day=28) if (day.month, day.day) == (2, 29) \
            else day.replace(year=day.year - 1)
        return end.replace(month=1, day=1), end

    def q(self, which: str) -> Q:
        lo, hi = self.this if which == "this" else self.last
        return Q(on__gte=lo, on__lte=hi)

    @property
    def label(self) -> str:
        (a, b), (c, d) = self.this, self.last
        return f"本年度 {a:%Y-%m-%d} 至 {b:%Y-%m-%d}，上年同期 {c:%Y-%m-%d} 至 {d:%Y-%m-%d}"


def change(this: int, last: int) -> str:
    """The change against last year: ``减少25.0%`` / ``增加50.0%`` / ``持平``; ``—`` when last year had none."""
    if not last:
        return "—" if not this else "上年同期无检查"
    pct = round((last - this) * 100 / last, 1)
    if pct > 0:
        return f"减少{pct}%"
    if pct < 0:
        return f"增加{-pct}%"
    return "持平"


def reduction(this: int, last: int) -> float | None:
    """The reduction in percent (negative: an increase); None when last year had none."""
    return round((last - this) * 100 / last, 1) if last else None


def scope_visits(user):
    return Visit.objects.filter(body_id__in=scope_bodies(user).values("pk"))


def _subject_name(name: str, kind: str) -> str:
    return mask_name(name) if kind == SubjectKind.PERSON else name


@dataclass
class InspectionBoard:
    span: Span
    total_this: int
    total_last: int
    tables: dict[str, Table]
    window_days: int

    @property
    def change(self) -> str:
        return change(self.total_this, self.total_last)


def build(user, *, as_of: datetime.date | None = None, top: int | None = None) -> InspectionBoard:
    span = Span(as_of or timezone.localdate())
    top = top or top_subjects()
    visits = scope_visits(user).filter(span.q("this") | span.q("last"))
    once = Coalesce(F("joint_visit_id"), F("id"))  # a joint visit is one visit to the enterprise

    def counts(key, *, distinct_visit=False):
        expr = once if distinct_visit else "id"
        return {"this": Count(expr, distinct=True, filter=span.q("this")),
                "last": Count(expr, distinct=True, filter=span.q("last"))}

    totals = visits.aggregate(**counts(None, distinct_visit=True))
    subjects = list(visits.values("subject_id", "subject__name", "subject__kind", "subject__credit_code")
                    .annotate(**counts("subject", distinct_visit=True)).filter(this__gt=0)
                    .order_by("-this", "subject__name")[:top])
    bodies = list(visits.values("body_id", "body__name").annotate(**counts("body"))
                  .order_by("-this", "-last", "body__name")[:TOP_ROWS])
    items = list(visits.values("items", "items__item__name").annotate(**counts("items")).filter(items__isnull=False)
                 .order_by("-this", "-last", "items__item__name")[:TOP_ROWS])

    def row(label, r, *extra):
        return [label, *extra, r["this"], r["last"], change(r["this"], r["last"])]

    heads = [YEARS["this"], YEARS["last"], "较上年同期"]
    tables = {
        "ins_subjects": Table(
            "ins_subjects", f"检查次数最多的检查对象（前{top}名）", ["检查对象", "统一社会信用代码", *heads],
            [row(_subject_name(r["subject__name"], r["subject__kind"]), r,
                 r["subject__credit_code"] if r["subject__kind"] != SubjectKind.PERSON else "")
             for r in subjects],
            [f"subject={r['subject_id']}" for r in subjects],
            note="同一次综合查一次的各机关检查计为一次；自然人姓名脱敏。"),
        "ins_bodies": Table(
            "ins_bodies", "各检查机关的检查次数", ["检查机关", *heads],
            [row(r["body__name"], r) for r in bodies], [f"body={r['body_id']}" for r in bodies],
            note="各机关的每次检查计一次（综合查一次中各机关各计一次）。"),
        "ins_items": Table(
            "ins_items", "各检查事项的检查次数", ["检查事项", *heads],
            [row(r["items__item__name"], r) for r in items], [f"item={r['items']}" for r in items],
            note="一次检查涉及多个事项的，每个事项各计一次。"),
    }
    return InspectionBoard(span=span, total_this=totals["this"], total_last=totals["last"], tables=tables,
                           window_days=joint_window_days())


def visit_list(user, *, as_of: datetime.date | None = None, year: str = "this", subject: str = "", body: str = "",
               item: str = ""):
    """The drill-down list: the jurisdiction's ledger rows of this year to date (or the same period last year),
    filtered by subject, body or item."""
    span = Span(as_of or timezone.localdate())
    if year not in YEARS:
        raise DomainError("期间只能是本年度至今或者上年同期。", field="year")
    qs = scope_visits(user).filter(span.q(year))
    if subject:
        qs = qs.filter(subject=_object(Subject, subject, "subject", "检查对象"))
    if body:
        qs = qs.filter(body_id=_body_id(body))
    if item:
        qs = qs.filter(items=_object(ItemProfile, item, "item", "检查事项"))
    return span, qs.select_related("subject", "body", "joint_visit").prefetch_related("items__item") \
        .order_by("-on", "subject__name")


def _object(model, value: str, field: str, label: str):
    import uuid

    try:
        found = model.objects.filter(pk=uuid.UUID(value)).first()
    except ValueError:
        found = None
    if found is None:
        raise DomainError(f"{label}参数不正确。", field=field)
    return found


def visit_row(visit) -> dict:
    return {"on": visit.on, "subject": _subject_name(visit.subject.name, visit.subject.kind),
            "body": visit.body.name, "items": "、".join(p.item.name for p in visit.items.all()),
            "case_number": visit.case_number or "（未立案）", "counted": visit.counted, "on_site": visit.on_site,
            "joint": visit.joint_visit_id is not None}


__all__ = ["InspectionBoard", "Span", "build", "change", "reduction", "top_subjects", "visit_list", "visit_row"]
