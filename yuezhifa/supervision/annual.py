"""Annual statistics of administrative enforcement (行政执法年度统计, 年报; 办法 第四十四条, 第四十一条; issue 16 §2;
docs/decisions/0057).

Six tables for a calendar year: 行政许可, 行政处罚, 行政强制, 行政征收, 行政征用, 行政检查. 行政处罚, 行政强制 and
行政检查 are counted from the platform's case data (平台统计: ``cases.procedures.statistics`` turns each log into
dated facts, the inspection ledger gives the inspections); 行政许可, 行政征收 and 行政征用 are not handled by the
platform, so each body enters its own figures (填报, ``AnnualFiling``, a new version at each save).

Rows are bodies: the body's own table, or, for a division, one row per body seated at that division and one per
child division rolling up its bodies (township → county → city → province, by the division codes' prefixes), with a
totals row. A penalty decision imposing several penalties (合并处罚) is counted once, under the heaviest of them
(``statistics.PENALTY_GROUPS``), while its amounts all add up.

Who sees what: a body's officers, reviewers and heads their own body (a head with 本单位及下级 its subtree);
supervisors the bodies of their supervisor scope and, with 辖区 or 全省, the divisions of it; the public nothing. The due
date is set by a supervisor with 全省 scope; a body's head submits the body's 年报 (a frozen snapshot, versioned).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from yuezhifa.audit.services import audit_record
from yuezhifa.cases.interface import case_log, procedure_kind
from yuezhifa.cases.models import Act, Case
from yuezhifa.cases.procedures import PROCEDURES
from yuezhifa.cases.procedures.statistics import annual_facts
from yuezhifa.core.errors import DomainError, NotAllowed
from yuezhifa.core.querysets import register_policy
from yuezhifa.core.validation import refuse_nul
from yuezhifa.inspection.models import Visit
from yuezhifa.org.models import Division, EnforcementBody, Role, Scope
from yuezhifa.org.permissions import assignments
from yuezhifa.topology.guard import is_node

from .models_annual import AnnualDueDate, AnnualFiling, AnnualSubmission, FiledTable
from .permissions import _system, is_supervisor, own_bodies_q, supervised_bodies_q

ARTICLE = "《广东省一体化行政执法平台管理办法》第四十四条"
PENALTY_ARTICLE = "《中华人民共和国行政处罚法》第九条"
EARLIEST_YEAR = 2000
CENT = Decimal("0.01")
PLATFORM, FILED = "platform", "filed"
SOURCE_LABELS = {PLATFORM: "平台统计", FILED: "填报"}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    money: bool = False


@dataclass(frozen=True)
class TableSpec:
    key: str
    title: str
    source: str
    columns: tuple[Column, ...]
    note: str = ""


C = Column
TABLES: tuple[TableSpec, ...] = (
    TableSpec("licensing", "行政许可", FILED, (
        C("applied", "申请（件）"), C("granted", "准予许可（件）"), C("refused", "不予许可（件）"),
        C("changed", "变更、延续（件）"), C("withdrawn", "撤销、撤回、注销（件）")),
        note="办案平台不办理行政许可，本表由执法主体填报。"),
    TableSpec("penalty", "行政处罚", PLATFORM, (
        C("total", "处罚决定（件）"), C("warning", "警告、通报批评（件）"), C("fine", "罚款（件）"),
        C("confiscation", "没收违法所得、没收非法财物（件）"),
        C("licence", "暂扣许可证件、降低资质等级、吊销许可证件（件）"),
        C("conduct", "限制开展生产经营活动、责令停产停业、责令关闭、限制从业（件）"), C("detention", "行政拘留（件）"),
        C("other", "其他（件）"), C("fine_amount", "罚款金额（元）", True),
        C("income_amount", "没收违法所得金额（元）", True), C("property_amount", "没收非法财物价值（元）", True),
        C("simple", "简易程序（件）"), C("general", "普通程序（件）"), C("hearings", "听证（次）"),
        C("reconsideration", "行政复议审结（件）"), C("reconsideration_corrected", "其中变更、撤销、确认违法或无效（件）"),
        C("litigation", "行政诉讼审结（件）"), C("litigation_corrected", "其中变更、撤销、确认违法或无效（件）")),
        note=(f"合并处罚的决定计一件，计入其中最重的处罚种类（{PENALTY_ARTICLE}的顺序，由重到轻：行政拘留；限制开展"
              "生产经营活动等；暂扣许可证件等；没收；罚款；警告、通报批评），各项金额照数累计。")),
    TableSpec("compulsion", "行政强制", PLATFORM, (
        C("seizure", "查封、扣押（件）"), C("freezing", "冻结存款、汇款（件）"), C("measures", "强制措施合计（件）"),
        C("surcharge", "加处罚款（件）"), C("substitute", "代履行（件）"), C("court", "申请人民法院强制执行（件）"),
        C("by_body", "行政机关强制执行（件）"), C("executions", "强制执行合计（件）")),
        note="强制措施按实施之日、强制执行按决定或者申请之日计入年度；加处罚款按开始计算之日计入。"),
    TableSpec("levy", "行政征收", FILED, (
        C("decisions", "征收决定（件）"), C("amount", "征收金额（元）", True)),
        note="办案平台不办理行政征收，本表由执法主体填报。"),
    TableSpec("requisition", "行政征用", FILED, (
        C("decisions", "征用决定（件）"), C("compensation", "补偿金额（元）", True)),
        note="办案平台不办理行政征用，本表由执法主体填报。"),
    TableSpec("inspection", "行政检查", PLATFORM, (
        C("total", "检查（次）"), C("routine", "日常检查（次）"), C("special", "专项检查（次）"),
        C("case", "个案检查（次）"), C("random", "其中双随机抽查（次）"), C("remote", "其中非现场检查（次）"),
        C("subjects", "检查对象（户）"), C("problems", "发现问题（次）"), C("transferred", "移送立案（件）")),
        note="按检查台账的检查日期计入年度；检查对象按户去重。"),
)
TABLE_KEYS = {t.key: t for t in TABLES}
assert {t.key for t in TABLES if t.source == FILED} == set(FiledTable.values)


# --- the due date ------------------------------------------------------------------------------------------------------


def default_due(year: int) -> datetime.date:
    """31 January of the following year, unless ``YZF_ANNUAL_DUE`` (``MM-DD``) says otherwise."""
    try:
        return datetime.date.fromisoformat(f"{year + 1}-{getattr(settings, 'YZF_ANNUAL_DUE', '01-31')}")
    except ValueError:  # a malformed setting falls back to 31 January
        return datetime.date(year + 1, 1, 31)


def due_date(year: int) -> datetime.date:
    row = AnnualDueDate.objects.filter(year=year).first()
    return row.due_on if row else default_due(year)


def _refuseis_node() -> None:
    """The 年报's due dates, filings and submissions are the supervision platform's own records, kept at the province
    (办法 第十条; decision 0057 §8; topology.tables LOCAL, not replicated): taken on a city node they would never reach
    the province, which would see the body as 未报送."""
    if is_node():
        raise DomainError(f"年报的填报、报送和截止日在省级平台（{settings.YZF_HUB_NAME}）办理，本节点不受理。",
                          field="action")


def can_set_due(user) -> bool:
    """Only a supervisor of the province (监督人员, 全省) sets the due date."""
    if is_node():
        return False
    return _system(user) or any(role == Role.SUPERVISOR and scope == Scope.PROVINCE
                                for role, scope in assignments(user))


def parse_year(value, *, field_name: str = "year") -> int:
    text = str(value if value is not None else "").strip()
    latest = timezone.localdate().year
    if not (text.isascii() and text.isdigit()) or not EARLIEST_YEAR <= int(text) <= latest:
        raise DomainError(f"统计年度“{text[:10]}”不正确，应为{EARLIEST_YEAR}年至{latest}年之间的年份。",
                          field=field_name)
    return int(text)


@transaction.atomic
def due_date_set(*, actor, year: int, due_on, note: str = "") -> AnnualDueDate:
    _refuseis_node()
    if not can_set_due(actor):
        raise NotAllowed("只有省级监督人员（数据范围为全省）可以设定年报报送截止日。")
    if isinstance(due_on, str):
        try:
            due_on = datetime.date.fromisoformat(due_on.strip())
        except ValueError:
            raise DomainError("报送截止日格式不正确，应为 YYYY-MM-DD。", field="due_on") from None
    if not isinstance(due_on, datetime.date) or due_on <= datetime.date(year, 12, 31):
        raise DomainError(f"报送截止日应当在{year}年度结束之后。", field="due_on")
    if due_on > datetime.date(year + 1, 12, 31):  # a later one would leave every submission on time for years
        raise DomainError(f"报送截止日应当在{year + 1}年内（{year}年度结束后的次年）。", field="due_on")
    note = refuse_nul(str(note or ""), field="note", label="说明")
    row, _created = AnnualDueDate.objects.select_for_update().get_or_create(
        year=year, defaults={"due_on": due_on, "set_by": actor, "note": note[:300]})
    before = None if _created else row.due_on.isoformat()
    row.due_on, row.set_by, row.note = due_on, actor, note[:300]
    row.save()
    audit_record(actor=actor, action="supervision.annual.due", obj=row,
                 before={"due_on": before}, after={"year": year, "due_on": due_on.isoformat()})
    return row


# --- scope: which bodies and divisions a user sees --------------------------------------------------------------------


def viewable_bodies(user) -> QuerySet:
    """Bodies whose 年报 ``user`` sees: their own (a head with 本单位及下级 the subtree) and those they supervise."""
    sup = supervised_bodies_q(user)
    if sup is None:
        return EnforcementBody.objects.all()
    return EnforcementBody.objects.filter(sup | own_bodies_q(user))


def division_allowed(user, division: Division) -> bool:
    """A division's roll-up: to the platform, a supervisor of 全省, or a supervisor of 辖区 within their body's
    division."""
    if _system(user):
        return True
    body = getattr(user, "body", None)
    for role, scope in assignments(user):
        if role != Role.SUPERVISOR:
            continue
        if scope == Scope.PROVINCE:
            return True
        if scope == Scope.JURISDICTION and body is not None and division.code.startswith(body.division_id):
            return True
    return False


def default_scope(user) -> str:
    body = getattr(user, "body", None)
    if body is not None and is_supervisor(user) and division_allowed(user, body.division):
        return f"d:{body.division_id}"
    if body is not None and viewable_bodies(user).filter(pk=body.pk).exists():
        return f"b:{body.pk}"
    first = viewable_bodies(user).order_by("name").first()
    return f"b:{first.pk}" if first else ""


@dataclass
class Where:
    kind: str  # "body" | "division"
    label: str
    body: EnforcementBody | None = None
    division: Division | None = None

    @property
    def value(self) -> str:
        return f"b:{self.body.pk}" if self.body is not None else f"d:{self.division.code}"


def resolve_scope(user, value: str) -> Where:
    """``b:<body id>`` or ``d:<division code>``; anything ``user`` may not see is refused like an unknown one."""
    value = (value or "").strip() or default_scope(user)
    kind, _sep, key = value.partition(":")
    if kind == "b":
        body = viewable_bodies(user).filter(pk=_uuid(key)).select_related("division").first() if _uuid(key) else None
        if body is not None:
            return Where("body", body.name, body=body)
    elif kind == "d":
        division = Division.objects.filter(code=key[:12]).first()
        if division is not None and division_allowed(user, division):
            return Where("division", division.full_name or division.name, division=division)
    raise NotAllowed("未找到该统计范围，或该范围不在您的查看范围内。", field="scope")


def _uuid(text: str):
    import uuid

    try:
        return uuid.UUID(str(text))
    except ValueError:
        return None


# --- counting ----------------------------------------------------------------------------------------------------------


def _year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_default_timezone()
    return (datetime.datetime(year, 1, 1, tzinfo=tz), datetime.datetime(year + 1, 1, 1, tzinfo=tz))


@dataclass
class Tally:
    """One row's figures: numbers per table and column, and the inspected subjects (a set, so that roll-ups count a
    subject once)."""

    values: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(Decimal)))
    subjects: set = field(default_factory=set)

    def add(self, table: str, column: str, amount=1) -> None:
        self.values[table][column] += Decimal(str(amount))

    def merge(self, other: Tally) -> None:
        for table, columns in other.values.items():
            for column, amount in columns.items():
                self.values[table][column] += amount
        self.subjects |= other.subjects

    def value(self, table: str, column: Column):
        if table == "inspection" and column.key == "subjects":
            return len(self.subjects)
        amount = self.values.get(table, {}).get(column.key, Decimal("0"))
        return amount.quantize(CENT) if column.money else int(amount)

    def table(self, spec: TableSpec) -> list:
        return [self.value(spec.key, c) for c in spec.columns]

    def snapshot(self) -> dict:
        return {t.key: {c.key: str(self.value(t.key, c)) for c in t.columns} for t in TABLES}


def _case_kinds() -> dict[str, str]:
    return {code: procedure_kind(p) for code, p in PROCEDURES.items()}


CORRECTED = {"changed", "revoked", "confirmed_illegal", "confirmed_void"}


def _count_case(tally: Tally, facts: dict, year: int) -> None:
    in_year = lambda day: day is not None and day.year == year  # noqa: E731
    penalty = facts["penalty"]
    if penalty and in_year(penalty["decided_on"]):
        tally.add("penalty", "total")
        tally.add("penalty", penalty["group"])
        tally.add("penalty", penalty["procedure"])
        for key, column in (("fine", "fine_amount"), ("income", "income_amount"), ("property", "property_amount")):
            tally.add("penalty", column, penalty["amounts"][key])
    for day in facts["hearings"]:
        if in_year(day):
            tally.add("penalty", "hearings")
    for day, kind, result in facts["remedies"]:
        if in_year(day) and kind in ("reconsideration", "litigation"):
            tally.add("penalty", kind)
            if result in CORRECTED:
                tally.add("penalty", f"{kind}_corrected")
    for day, kind in facts["measures"]:
        if in_year(day):
            tally.add("compulsion", kind)
            tally.add("compulsion", "measures")
    for day, kind in facts["executions"]:
        if in_year(day):
            tally.add("compulsion", kind)
            tally.add("compulsion", "executions")


def platform_tallies(bodies: QuerySet, year: int) -> dict:
    """``{body id: Tally}`` of the platform's penalty, compulsion and inspection figures of ``year``."""
    start, end = _year_bounds(year)
    kinds = _case_kinds()
    tallies: dict = defaultdict(Tally)
    body_ids = bodies.values("pk")
    cases = list(Case.objects.filter(body_id__in=body_ids, registered_at__lt=end,
                                      procedure__in=[c for c, k in kinds.items() if k in ("penalty", "compulsion")])
                 .exclude(closed_at__lt=start - datetime.timedelta(days=366 * 3)))
    acts = defaultdict(list)
    for act in Act.objects.filter(case_id__in=[c.pk for c in cases], performed_at__lt=end).order_by("case_id", "seq"):
        acts[act.case_id].append(act)
    as_of = datetime.date(year, 12, 31)
    for case in cases:
        if not acts.get(case.pk):
            continue
        log = case_log(case, acts=acts[case.pk])
        _count_case(tallies[case.body_id], annual_facts(log, as_of), year)
    visits = list(Visit.objects.filter(body_id__in=body_ids, on__year=year))
    inspections = {c.pk: c for c in Case.objects.filter(pk__in=[v.case_id for v in visits])}
    ins_acts = defaultdict(list)
    for act in Act.objects.filter(case_id__in=list(inspections), performed_at__lt=end).order_by("case_id", "seq"):
        ins_acts[act.case_id].append(act)
    for visit in visits:
        tally = tallies[visit.body_id]
        tally.add("inspection", "total")
        tally.subjects.add(visit.subject_id)
        if not visit.on_site:
            tally.add("inspection", "remote")
        case = inspections.get(visit.case_id)
        facts = annual_facts(case_log(case, acts=ins_acts[case.pk]), as_of)["inspection"] if case else None
        if facts:
            if facts["kind"] in ("routine", "special", "case"):
                tally.add("inspection", facts["kind"])
            for key in ("random", "problems", "transferred"):
                if facts[key]:
                    tally.add("inspection", key)
    return tallies


def filed_figures(bodies: QuerySet, year: int) -> dict:
    """``{body id: {table: figures}}``: the latest version each body entered for ``year``."""
    latest = (AnnualFiling.objects.filter(body_id__in=bodies.values("pk"), year=year)
              .values("body_id", "table").annotate(v=Max("version")))
    q = Q(pk__in=[])
    for row in latest:
        q |= Q(body_id=row["body_id"], table=row["table"], version=row["v"])
    out: dict = defaultdict(dict)
    for filing in AnnualFiling.objects.filter(q):
        out[filing.body_id][filing.table] = filing.figures
    return out


def body_tallies(bodies: QuerySet, year: int) -> dict:
    tallies = platform_tallies(bodies, year)
    for body_id, tables in filed_figures(bodies, year).items():
        for table, figures in tables.items():
            for column in TABLE_KEYS[table].columns:
                tallies[body_id].add(table, column.key, figures.get(column.key) or 0)
    return tallies


# --- the report ------------------------------------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    tally: Tally
    scope: str = ""  # the scope value to drill into
    body_id: object = None


@dataclass
class Report:
    year: int
    scope: Where
    rows: list[Row]
    total: Tally
    due_on: datetime.date

    @property
    def title(self) -> str:
        return f"{self.scope.label}{self.year}年度行政执法统计"

    def tables(self) -> list[dict]:
        def shown(values):  # amounts as 80,200.00 on screen; the workbook keeps numbers
            return [f"{v:,.2f}" if isinstance(v, Decimal) else v for v in values]

        return [{"spec": t, "source": SOURCE_LABELS[t.source],
                 "rows": [(r.label, r.scope, shown(r.tally.table(t))) for r in self.rows],
                 "total": shown(self.total.table(t))} for t in TABLES]


def build(user, *, year: int, scope: str = "") -> Report:
    where = resolve_scope(user, scope)
    visible = viewable_bodies(user)
    if where.body is not None:
        bodies = visible.filter(pk=where.body.pk)
    else:
        bodies = visible.filter(division__code__startswith=where.division.code)
    bodies = list(bodies.select_related("division").order_by("division_id", "name"))
    ids = EnforcementBody.objects.filter(pk__in=[b.pk for b in bodies])
    tallies = body_tallies(ids, year)
    rows: list[Row] = []
    total = Tally()
    if where.body is not None:
        rows.append(Row(where.body.name, tallies.get(where.body.pk, Tally()), body_id=where.body.pk))
    else:
        code = where.division.code
        children = {d.code: d for d in Division.objects.filter(parent_id=code).order_by("code")}
        grouped: dict = {}
        for body in bodies:
            tally = tallies.get(body.pk, Tally())
            if body.division_id == code:
                rows.append(Row(body.name, tally, scope=f"b:{body.pk}", body_id=body.pk))
                continue
            child = next((c for c in children if body.division_id.startswith(c)), None)
            if child is None:
                continue
            grouped.setdefault(child, Tally()).merge(tally)
        for child, division in children.items():
            if child in grouped:
                rows.append(Row(division.name, grouped[child], scope=f"d:{child}"))
    for row in rows:
        total.merge(row.tally)
    return Report(year=year, scope=where, rows=rows, total=total, due_on=due_date(year))


# --- filing and submitting ------------------------------------------------------------------------------------------


def can_enter(user, body: EnforcementBody) -> bool:
    """A body's own officers, legal reviewers and heads enter its 填报 figures (at the province: not on a node)."""
    return not is_node() and getattr(user, "body_id", None) == body.pk and any(
        role in (Role.OFFICER, Role.LEGAL_REVIEWER, Role.HEAD) for role, _scope in assignments(user))


def can_submit(user, body: EnforcementBody) -> bool:
    """Only the body's head submits its 年报 (第四十四条: 行政执法主体 … 公开年度行政执法数据), at the province."""
    return not is_node() and getattr(user, "body_id", None) == body.pk and any(role == Role.HEAD for role, _scope in assignments(user))


def _figure(value, column: Column, table: str):
    text = str(value if value is not None else "").strip().replace(",", "")
    if text == "":
        return "0.00" if column.money else 0
    try:
        amount = Decimal(text)
    except ArithmeticError:
        amount = None
    if amount is not None and not amount.is_finite():  # NaN cannot even be compared; Infinity is out of range
        amount = None
    if amount is None or amount < 0 or amount > Decimal("999999999999.99") or (
            not column.money and amount != amount.to_integral_value()):
        what = "不小于零的金额（元，最多两位小数）" if column.money else "不小于零的整数"
        raise DomainError(f"{TABLE_KEYS[table].title}表“{column.label}”应填{what}。", field=f"{table}.{column.key}")
    if column.money and amount != amount.quantize(CENT):
        raise DomainError(f"{TABLE_KEYS[table].title}表“{column.label}”最多两位小数。", field=f"{table}.{column.key}")
    return str(amount.quantize(CENT)) if column.money else int(amount)


@transaction.atomic
def filing_save(*, actor, body: EnforcementBody, year: int, table: str, figures: dict) -> AnnualFiling:
    """Save a body's 填报 figures for one table as a new version (the earlier versions stay)."""
    _refuseis_node()
    if table not in FiledTable.values:
        raise DomainError("该统计表由平台统计，不能填报。", field="table")
    if not can_enter(actor, body):
        raise NotAllowed("只有本单位的执法人员、法制审核人员或者负责人可以填报本单位的年报数据。")
    spec = TABLE_KEYS[table]
    clean = {c.key: _figure((figures or {}).get(c.key), c, table) for c in spec.columns}
    EnforcementBody.objects.select_for_update().filter(pk=body.pk).first()
    version = (AnnualFiling.objects.filter(body=body, year=year, table=table).aggregate(v=Max("version"))["v"]
               or 0) + 1
    filing = AnnualFiling.objects.create(body=body, year=year, table=table, version=version, figures=clean,
                                         entered_by=actor)
    audit_record(actor=actor, action="supervision.annual.filing", obj=filing,
                 after={"year": year, "table": table, "version": version, "figures": clean})
    return filing


@transaction.atomic
def submission_create(*, actor, body: EnforcementBody, year: int) -> AnnualSubmission:
    """The body's head submits the year's 年报: the numbers as they stand, frozen; a later submission is a new version.
    Marked 逾期 when made after the due date."""
    _refuseis_node()
    if not can_submit(actor, body):
        raise NotAllowed("只有本单位负责人可以报送本单位的年报。")
    if year >= timezone.localdate().year:
        raise DomainError(f"{year}年度尚未结束，不能报送年报。", field="year")
    EnforcementBody.objects.select_for_update().filter(pk=body.pk).first()
    tally = body_tallies(EnforcementBody.objects.filter(pk=body.pk), year).get(body.pk, Tally())
    now = timezone.now()
    due = due_date(year)
    version = (AnnualSubmission.objects.filter(body=body, year=year).aggregate(v=Max("version"))["v"] or 0) + 1
    row = AnnualSubmission.objects.create(body=body, year=year, version=version, tables=tally.snapshot(),
                                          submitted_by=actor, submitted_at=now, due_on=due,
                                          late=timezone.localdate(now) > due)
    audit_record(actor=actor, action="supervision.annual.submit", obj=row,
                 after={"year": year, "version": version, "late": row.late})
    return row


@dataclass
class Status:
    body: EnforcementBody
    latest: AnnualSubmission | None
    versions: int

    @property
    def label(self) -> str:
        if self.latest is None:
            return "未报送"
        return "逾期报送" if self.latest.late else "已报送"


def submission_status(user, report: Report) -> list[Status]:
    """Each body of the report's scope with its latest submission for the year (and how many versions)."""
    visible = viewable_bodies(user)
    bodies = (visible.filter(pk=report.scope.body.pk) if report.scope.body is not None
              else visible.filter(division__code__startswith=report.scope.division.code))
    bodies = list(bodies.order_by("division_id", "name"))
    subs = defaultdict(list)
    for s in AnnualSubmission.objects.filter(body__in=bodies, year=report.year).order_by("-version"):
        subs[s.body_id].append(s)
    return [Status(b, subs[b.pk][0] if subs[b.pk] else None, len(subs[b.pk])) for b in bodies]


# --- row policies ----------------------------------------------------------------------------------------------------


@register_policy(AnnualSubmission, actions={"view"})
def _submissions(queryset: QuerySet, user, action: str) -> QuerySet:
    if action != "view":
        return queryset.none()
    return queryset.filter(body__in=viewable_bodies(user))


@register_policy(AnnualFiling, actions={"view"})
def _filings(queryset: QuerySet, user, action: str) -> QuerySet:
    if action != "view":
        return queryset.none()
    return queryset.filter(body__in=viewable_bodies(user))


@register_policy(AnnualDueDate, actions={"view"})
def _due_dates(queryset: QuerySet, user, action: str) -> QuerySet:
    return queryset if action == "view" and getattr(user, "is_authenticated", False) else queryset.none()


# --- the Excel workbook ------------------------------------------------------------------------------------------------


def workbook_bytes(report: Report) -> bytes:
    """One workbook, the six tables as sheets: a title row (scope and year), the source (平台统计 / 填报), the Chinese
    headers, a row per body or division, and the totals row; numbers right-aligned, amounts with two decimals."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from yuezhifa.core import excel

    book = Workbook()
    book.remove(book.active)
    right = Alignment(horizontal="right", vertical="center")
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDE7F0")
    for spec in TABLES:
        sheet = book.create_sheet(spec.title)
        width = len(spec.columns) + 1
        sheet.append([f"{report.title}——{spec.title}"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
        sheet.append([f"数据来源：{SOURCE_LABELS[spec.source]}。{spec.note}"])
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        sheet.append(["单位或区划", *(c.label for c in spec.columns)])
        for i in range(1, width + 1):
            cell = sheet.cell(row=3, column=i)
            cell.font, cell.fill = bold, head_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        rows = [(r.label, r.tally.table(spec)) for r in report.rows] + [("合计", report.total.table(spec))]
        for label, values in rows:
            sheet.append([label, *values])
            line = sheet.max_row
            for i, column in enumerate(spec.columns, start=2):
                cell = sheet.cell(row=line, column=i)
                cell.alignment = right
                cell.number_format = "#,##0.00" if column.money else "0"
        for i in range(1, width + 1):
            sheet.cell(row=sheet.max_row, column=i).font = bold
        sheet.column_dimensions["A"].width = 30
        for i in range(2, width + 1):
            sheet.column_dimensions[get_column_letter(i)].width = 16
        sheet.freeze_panes = "B4"
    return excel.save_workbook(book)
