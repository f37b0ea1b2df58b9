"""Quality of the theme library's data (办法 第四十九条; docs/decisions/0062).

第四十九条第一款 makes the body that collected a record answer for its quality ("谁采集、谁负责"); 第二款 has the
province's data administration monitor and evaluate the data's quantity, quality and updating. This module measures,
for the current versions of the records decided in a period, per body and per source:

- **completeness** (完整性): every field required for the record's kind is filled (``REQUIRED_FIELDS``, kept in this one
  place; the data dictionary can feed it through ``required_fields``);
- **validity** (有效性): values pass their format checks (统一社会信用代码 check character, 居民身份证号码, dates not in
  the future, 决定日期 not before 立案日期, amounts not negative, a six-digit 行政区划代码);
- **consistency** (一致性): 罚款金额 is given exactly when the measures include 罚款; a body's document number is used by
  one record only; the record's 行政区划代码 and the body's credit code match the body in the base data;
- **timeliness** (及时性): the result was disclosed within the period the disclosure platform applies
  (``disclosure.publish``: 7 working days from a penalty decision; ``disclosure.publish_other``: 20 working days for
  the other kinds), counted with ``core.calendar``. A count through a year whose holiday arrangement is not entered
  is provisional, and the report says so.

Each measure is a rate with its counts and the failing records (drill-down). ``take_snapshots`` stores the counts of
a day or a month (``QualitySnapshot``) so the dashboard shows the trend of the last twelve months.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from yuezhifa.core.calendar import deadline_for, observe_provisional, provisional_reason
from yuezhifa.core.identifiers import is_valid_credit_code, is_valid_resident_id

from .models import Granularity, Kind, PartyKind, QualitySnapshot, Record

ARTICLE = "《广东省一体化行政执法平台管理办法》第四十九条"

# The fields a record of each kind must carry (completeness). One place: replace ``required_fields`` to read them from
# the data dictionary once it marks its mandatory data elements.
_COMMON = ("body_name", "body_credit_code", "division_code", "document_number", "party_kind", "party_name",
           "decided_on")
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    Kind.PENALTY: (*_COMMON, "item_name", "facts", "basis", "measures", "content"),
    Kind.COMPULSION: (*_COMMON, "facts", "basis", "measures", "content"),
    Kind.INSPECTION: (*_COMMON, "item_name", "measures", "content"),
}
# A legal person's record also needs its 统一社会信用代码.
REQUIRED_FOR_LEGAL_PERSON = ("party_credit_code",)

# The disclosure periods, the rules the disclosure platform applies (disclosure.services.PUBLISH_DEADLINES).
PUBLISH_RULES = {Kind.PENALTY: "disclosure.publish", Kind.COMPULSION: "disclosure.publish_other",
                 Kind.INSPECTION: "disclosure.publish_other"}

MEASURES = ("completeness", "validity", "consistency", "timeliness")
MEASURE_LABELS = {"completeness": "完整性", "validity": "有效性", "consistency": "一致性", "timeliness": "及时性"}
DIVISION_CODE = re.compile(r"^[0-9]{6}$")


def required_fields(kind: str, party_kind: str = "") -> tuple[str, ...]:
    fields = REQUIRED_FIELDS.get(kind, _COMMON)
    if party_kind == PartyKind.LEGAL_PERSON:
        fields = fields + REQUIRED_FOR_LEGAL_PERSON
    return fields


def _label(name: str) -> str:
    return str(Record._meta.get_field(name).verbose_name)


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- the checks of one record ---------------------------------------------------------------------------------------

def completeness_problems(record: Record) -> list[str]:
    return [f"缺少{_label(name)}" for name in required_fields(record.kind, record.party_kind)
            if _empty(getattr(record, name))]


def validity_problems(record: Record, today: datetime.date) -> list[str]:
    problems = []
    if record.body_credit_code and not is_valid_credit_code(record.body_credit_code):
        problems.append("执法主体统一社会信用代码校验不通过")
    if record.party_credit_code and not is_valid_credit_code(record.party_credit_code):
        problems.append("行政相对人统一社会信用代码校验不通过")
    if (record.party_id_number and "身份证" in (record.party_id_type or "")
            and not is_valid_resident_id(record.party_id_number)):
        problems.append("行政相对人居民身份证号码校验不通过")
    if record.division_code and not DIVISION_CODE.match(record.division_code):
        problems.append("行政区划代码不是六位数字")
    for name in ("filed_on", "decided_on", "closed_on", "disclosed_on"):
        value = getattr(record, name)
        if value is not None and value > today:
            problems.append(f"{_label(name)}晚于今天")
    if record.filed_on and record.decided_on and record.decided_on < record.filed_on:
        problems.append("决定日期早于立案日期")
    if record.closed_on and record.decided_on and record.closed_on < record.decided_on:
        problems.append("结案日期早于决定日期")
    for name in ("fine_amount", "confiscation_amount"):
        value = getattr(record, name)
        if value is not None and value < 0:
            problems.append(f"{_label(name)}为负数")
    return problems


def _has_fine(record: Record) -> bool:
    return record.fine_amount is not None and record.fine_amount > Decimal(0)


def consistency_problems(record: Record, duplicates: set[tuple]) -> list[str]:
    problems = []
    if record.kind == Kind.PENALTY:
        says_fine = "罚款" in (record.measures or "")
        if says_fine and not _has_fine(record):
            problems.append("处罚种类含罚款，但没有罚款金额")
        elif _has_fine(record) and not says_fine:
            problems.append("有罚款金额，但处罚种类不含罚款")
    if record.document_number and (record.body_id, record.document_number) in duplicates:
        problems.append(f"文书文号“{record.document_number}”在本主体被多条记录使用")
    body = record.body
    if body is not None:
        expected = (body.division.code or "")[:6].ljust(6, "0")
        if record.division_code and record.division_code != expected:
            problems.append(f"行政区划代码 {record.division_code} 与执法主体所在区划 {expected} 不一致")
        if record.body_credit_code and record.body_credit_code != body.credit_code:
            problems.append("执法主体统一社会信用代码与执法主体库不一致")
    return problems


@dataclass
class Timeliness:
    applies: bool  # False: not due yet and not disclosed (not counted)
    in_time: bool = True
    due: datetime.date | None = None
    problem: str = ""
    provisional: bool = False


def timeliness(record: Record, today: datetime.date, _cache: dict | None = None) -> Timeliness:
    """Whether the record's result was disclosed within its period (7 working days for a penalty decision). A record
    not yet disclosed whose period has not ended is not counted; one whose period ended is late."""
    code = PUBLISH_RULES.get(record.kind)
    if code is None or record.decided_on is None:
        return Timeliness(applies=False)
    key = (code, record.decided_on)
    if _cache is not None and key in _cache:
        deadline = _cache[key]
    else:
        deadline = deadline_for(code, record.decided_on)
        if _cache is not None:
            _cache[key] = deadline
    due = deadline.due
    if record.disclosed_on is None:
        if due >= today:
            return Timeliness(applies=False, due=due, provisional=deadline.provisional)
        return Timeliness(applies=True, in_time=False, due=due, provisional=deadline.provisional,
                          problem=f"公示期限{due.isoformat()}已届满，尚未公示")
    if record.disclosed_on > due:
        return Timeliness(applies=True, in_time=False, due=due, provisional=deadline.provisional,
                          problem=f"{record.disclosed_on.isoformat()}公示，晚于期限{due.isoformat()}")
    return Timeliness(applies=True, in_time=True, due=due, provisional=deadline.provisional)


# --- rates ---------------------------------------------------------------------------------------------------------

@dataclass
class Failure:
    record: Record
    problems: list[str]


@dataclass
class Rate:
    ok: int = 0
    total: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return None if self.total == 0 else self.ok / self.total

    @property
    def percent(self) -> str:
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"

    def count(self, record: Record, problems: list[str]) -> None:
        self.total += 1
        if problems:
            self.failures.append(Failure(record, problems))
        else:
            self.ok += 1


@dataclass
class QualityRow:
    body: object
    source: object
    total: int = 0
    completeness: Rate = field(default_factory=Rate)
    validity: Rate = field(default_factory=Rate)
    consistency: Rate = field(default_factory=Rate)
    timeliness: Rate = field(default_factory=Rate)

    def measure(self, name: str) -> Rate:
        return getattr(self, name)


@dataclass
class Report:
    start: datetime.date
    end: datetime.date
    today: datetime.date
    rows: list[QualityRow]
    provisional_years: set[int] = field(default_factory=set)

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)

    @property
    def provisional_reason(self) -> str:
        return provisional_reason(self.provisional_years) if self.provisional_years else ""

    def totals(self) -> QualityRow:
        total = QualityRow(body=None, source=None)
        for row in self.rows:
            total.total += row.total
            for name in MEASURES:
                mine, theirs = total.measure(name), row.measure(name)
                mine.ok += theirs.ok
                mine.total += theirs.total
                mine.failures += theirs.failures
        return total


def records_in(start: datetime.date, end: datetime.date, bodies_q: Q | None = None) -> QuerySet:
    """The current versions of the records decided in [start, end] (of the bodies ``bodies_q`` selects, prefixed
    ``body__``; None = all)."""
    qs = Record.objects.filter(current=True, decided_on__range=(start, end))
    if bodies_q is not None:
        qs = qs.filter(bodies_q)
    return qs.select_related("body", "body__division", "source").order_by("body__name", "source__code",
                                                                            "decided_on", "id")


def duplicate_numbers(body_ids: Iterable) -> set[tuple]:
    """(body id, document number) pairs that more than one current record of the library uses."""
    rows = (Record.objects.filter(current=True, body_id__in=list(body_ids)).exclude(document_number="")
            .values("body_id", "document_number").annotate(n=Count("id")).filter(n__gt=1))
    return {(row["body_id"], row["document_number"]) for row in rows}


def measure(records: Iterable[Record], *, start, end, today: datetime.date | None = None) -> Report:
    """The four rates of ``records`` per (body, source), with the failing records."""
    today = today or timezone.localdate()
    records = list(records)
    duplicates = duplicate_numbers({r.body_id for r in records})
    rows: dict[tuple, QualityRow] = {}
    cache: dict = {}
    with observe_provisional() as years:
        for record in records:
            row = rows.get((record.body_id, record.source_id))
            if row is None:
                row = rows[(record.body_id, record.source_id)] = QualityRow(body=record.body, source=record.source)
            row.total += 1
            row.completeness.count(record, completeness_problems(record))
            row.validity.count(record, validity_problems(record, today))
            row.consistency.count(record, consistency_problems(record, duplicates))
            t = timeliness(record, today, cache)
            if t.applies:
                row.timeliness.count(record, [t.problem] if not t.in_time else [])
    return Report(start=start, end=end, today=today, rows=list(rows.values()), provisional_years=set(years))


def report(start: datetime.date, end: datetime.date, *, bodies_q: Q | None = None,
           today: datetime.date | None = None) -> Report:
    return measure(records_in(start, end, bodies_q), start=start, end=end, today=today)


# --- snapshots and trends ------------------------------------------------------------------------------------------

def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(day: datetime.date, n: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_of(granularity: str, start: datetime.date) -> tuple[datetime.date, datetime.date]:
    if granularity == Granularity.DAY:
        return start, start
    first = month_start(start)
    return first, add_months(first, 1) - datetime.timedelta(days=1)


@transaction.atomic
def take_snapshots(granularity: str, period_start: datetime.date, *, today: datetime.date | None = None) -> int:
    """Store (replace) the counts of every body and source for one day or month. Idempotent: a re-run replaces the
    period's snapshots with the counts as of now. Returns the number of snapshots stored."""
    if granularity not in Granularity.values:
        from yuezhifa.core.errors import DomainError

        raise DomainError("统计周期只能是 day（日）或 month（月）。", field="granularity")
    start, end = period_of(granularity, period_start)
    result = report(start, end, today=today)
    QualitySnapshot.objects.filter(granularity=granularity, period_start=start).delete()
    now = timezone.now()
    QualitySnapshot.objects.bulk_create([
        QualitySnapshot(granularity=granularity, period_start=start, body=row.body, source=row.source,
                        total=row.total, complete=row.completeness.ok, valid=row.validity.ok,
                        consistent=row.consistency.ok, timely_total=row.timeliness.total, timely=row.timeliness.ok,
                        provisional=result.provisional, taken_at=now)
        for row in result.rows])
    return len(result.rows)


@dataclass
class TrendPoint:
    period_start: datetime.date
    total: int = 0
    complete: int = 0
    valid: int = 0
    consistent: int = 0
    timely_total: int = 0
    timely: int = 0
    provisional: bool = False

    def rate(self, name: str) -> float | None:
        if name == "timeliness":
            return None if not self.timely_total else self.timely / self.timely_total
        ok = {"completeness": self.complete, "validity": self.valid, "consistency": self.consistent}[name]
        return None if not self.total else ok / self.total

    def percent(self, name: str) -> str:
        value = self.rate(name)
        return "—" if value is None else f"{value * 100:.1f}%"

    @property
    def percents(self) -> list[str]:
        return [self.percent(name) for name in MEASURES]


def trend(*, bodies_q: Q | None = None, months: int = 12, today: datetime.date | None = None) -> list[TrendPoint]:
    """The monthly snapshots of the last ``months`` months (oldest first), summed over the bodies ``bodies_q``
    selects; a month without a snapshot has no records counted."""
    today = today or timezone.localdate()
    first = add_months(month_start(today), -(months - 1))
    points = {add_months(first, i): TrendPoint(add_months(first, i)) for i in range(months)}
    qs = QualitySnapshot.objects.filter(granularity=Granularity.MONTH, period_start__gte=first)
    if bodies_q is not None:
        qs = qs.filter(bodies_q)
    for snap in qs:
        point = points.get(snap.period_start)
        if point is None:
            continue
        point.total += snap.total
        point.complete += snap.complete
        point.valid += snap.valid
        point.consistent += snap.consistent
        point.timely_total += snap.timely_total
        point.timely += snap.timely
        point.provisional = point.provisional or snap.provisional
    return [points[key] for key in sorted(points)]


def failures_by_record(report_: Report) -> dict[str, dict]:
    """Every failing record once, with its problems per measure (the drill-down list)."""
    out: dict[str, dict] = defaultdict(lambda: {"record": None, "problems": {}})
    for row in report_.rows:
        for name in MEASURES:
            for failure in row.measure(name).failures:
                entry = out[str(failure.record.pk)]
                entry["record"] = failure.record
                entry["problems"][MEASURE_LABELS[name]] = failure.problems
    return dict(out)


def default_periods(today: datetime.date) -> list[tuple[str, datetime.date]]:
    """What the periodic task takes: yesterday, this month and last month."""
    return [(Granularity.DAY, today - datetime.timedelta(days=1)), (Granularity.MONTH, add_months(month_start(today), -1)),
            (Granularity.MONTH, month_start(today))]
