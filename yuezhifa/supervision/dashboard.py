"""The supervision dashboard (办法 第三十五条, 第四十一条: 数据分析研判) over the supervisor's jurisdiction.

Statistics only: case metadata (procedure, stage, body, division, dates), never a case's contents. Procedures,
their kinds and their stages are read from the procedure definitions (``cases.procedures``, ``cases.interface``), so
the cases of a procedure added later are counted without changing this module (docs/decisions/0031). All the case
figures come from one grouped pass over ``Case`` (procedure × stage × body × month, with the stage durations summed
in the same pass) and are rolled up here, so the dashboard costs one scan of the jurisdiction's cases however many
tables it shows; alerts and disclosure deadlines are one small grouped query each.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connections, transaction
from django.db.models import CharField, Count, F, FloatField, Func, Q, Sum
from django.utils import timezone

from yuezhifa.cases.interface import procedure_kind, stage_choices
from yuezhifa.cases.models import Case, CaseDeadline
from yuezhifa.cases.procedures import PROCEDURES
from yuezhifa.core.errors import DomainError
from yuezhifa.org.models import Division, EnforcementBody

from .models import Alert, AlertState, CaseStat, Problem
from .permissions import supervised_bodies_q

EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)
TOP_BODIES = 30
KIND_LABELS = {"penalty": "行政处罚", "compulsion": "行政强制", "inspection": "行政检查"}
# the stage durations: (count column, summed-days column) of the rollup, per span between two milestones
# (label, (from field, to field) of Case, count column, summed-days column); the 计算方法 shown names the fields by
# their verbose names ("立案时间 − 登记时间"), never by their names in the code
SPANS = (("案源登记 → 立案", ("registered_at", "filed_at"), "n_file", "d_file"),
         ("立案 → 作出决定", ("filed_at", "decided_at"), "n_decide", "d_decide"),
         ("作出决定 → 结案", ("decided_at", "closed_at"), "n_close", "d_close"))


def span_method(fields: tuple[str, str]) -> str:
    """How a span is computed, in the words of the case's own fields: "立案时间 − 登记时间（日）"."""
    start, end = (str(Case._meta.get_field(name).verbose_name) for name in fields)
    return f"{end} − {start}（日）"


def kinds() -> dict[str, list[str]]:
    """The procedures of each kind, by the procedures' own ``kind``."""
    found: dict[str, list[str]] = {}
    for code, procedure in PROCEDURES.items():
        found.setdefault(procedure_kind(procedure), []).append(code)
    return found


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


@dataclass(frozen=True)
class Period:
    """Whole months: ``start`` is the first day of its month, ``end`` the last day of its month (the dashboard's
    rollup is monthly, and the drill-down lists use the same bounds, so their counts agree)."""

    start: datetime.date | None = None
    end: datetime.date | None = None

    def __post_init__(self):
        if self.start:
            object.__setattr__(self, "start", self.start.replace(day=1))
        if self.end:
            last = (self.end.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
            object.__setattr__(self, "end", last)

    @property
    def label(self) -> str:
        if not self.start and not self.end:
            return "全部时间"
        return (f"{self.start.strftime('%Y-%m') if self.start else '最早'} 至 "
                f"{self.end.strftime('%Y-%m') if self.end else '今天'}（按月）")

    @property
    def months(self) -> tuple[str | None, str | None]:
        return (self.start.strftime("%Y-%m") if self.start else None, self.end.strftime("%Y-%m") if self.end else None)

    def bounds(self) -> tuple[datetime.datetime | None, datetime.datetime | None]:
        tz = timezone.get_default_timezone()
        lo = datetime.datetime.combine(self.start, datetime.time.min, tz) if self.start else None
        hi = datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min, tz) if self.end \
            else None
        return lo, hi

    def case_q(self, prefix: str = "") -> Q:
        lo, hi = self.bounds()
        q = Q()
        if lo:
            q &= Q(**{f"{prefix}registered_at__gte": lo})
        if hi:
            q &= Q(**{f"{prefix}registered_at__lt": hi})
        return q


def parse_date(text: str, label: str) -> datetime.date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        day = (datetime.date.fromisoformat(f"{text}-01") if len(text) == 7
               else datetime.date.fromisoformat(text) if len(text) == 10 else None)
    except ValueError:
        day = None
    if day is None:
        raise DomainError(f"{label}“{text[:20]}”格式不正确，应为 YYYY-MM（如 2026-10）或 YYYY-MM-DD。", field=label)
    if not EARLIEST <= day <= LATEST:
        raise DomainError(f"{label}超出可查询的范围（{EARLIEST.year}年至{LATEST.year}年）。", field=label)
    return day


def parse_period(start: str, end: str) -> Period:
    """The period the user asked for; a clear Chinese error for a malformed or absurd one."""
    lo, hi = parse_date(start, "开始日期"), parse_date(end, "结束日期")
    if lo and hi and lo > hi:
        raise DomainError("开始日期不能晚于结束日期。", field="开始日期")
    return Period(lo, hi)


def parse_month(text: str) -> datetime.date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        day = datetime.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise DomainError(f"月份“{text[:20]}”格式不正确，应为 YYYY-MM。", field="月份") from None
    if not EARLIEST <= day <= LATEST:
        raise DomainError(f"月份超出可查询的范围（{EARLIEST.year}年至{LATEST.year}年）。", field="月份")
    return day


def scope_bodies(user):
    """The bodies of ``user``'s jurisdiction (a queryset)."""
    q = supervised_bodies_q(user)
    qs = EnforcementBody.objects.all()
    return qs if q is None else qs.filter(q)


def scope_cases(user):
    q = supervised_bodies_q(user)
    if q is None:
        return Case.objects.all()
    return Case.objects.filter(body_id__in=EnforcementBody.objects.filter(q).values("pk"))


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list]
    links: list[str] = field(default_factory=list)  # drill-down query string per row ("" = none)
    note: str = ""


@dataclass
class Dashboard:
    period: Period
    total: int
    tables: dict[str, Table]
    notes: list[str]
    refreshed_at: datetime.datetime | None = None

    def table(self, key: str) -> Table:
        return self.tables[key]


class MonthKey(Func):
    """``YYYY-MM`` of a moment in Shanghai time, computed by the database itself (no per-row Python function on
    SQLite; Asia/Shanghai keeps UTC+8 all year since 1991, and the dashboard's dates start in 2000)."""

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL and others
        sql, params = compiler.compile(self.source_expressions[0])
        return f"to_char(({sql}) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')", params

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"strftime('%%Y-%%m', {sql}, '+8 hours')", params


class DaysBetween(Func):
    """``later - earlier`` in days (a float), NULL when either is NULL."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra):
        later, p1 = compiler.compile(self.source_expressions[0])
        earlier, p2 = compiler.compile(self.source_expressions[1])
        return f"(EXTRACT(EPOCH FROM ({later} - {earlier})) / 86400.0)", [*p1, *p2]

    def as_sqlite(self, compiler, connection, **extra):
        later, p1 = compiler.compile(self.source_expressions[0])
        earlier, p2 = compiler.compile(self.source_expressions[1])
        return f"(julianday({later}) - julianday({earlier}))", [*p1, *p2]


def _stat_query():
    """The rollup's rows, computed from ``Case`` by the database: (body, month, procedure, stage) → counts and
    summed durations."""
    return (Case.objects.annotate(month=MonthKey("registered_at")).values("body_id", "procedure", "stage", "month")
            .annotate(n=Count("id"), n_decided=Count("decided_at"), n_file=Count("filed_at"),
                      d_file=Sum(DaysBetween("filed_at", "registered_at")),
                      n_decide=Count("id", filter=Q(filed_at__isnull=False, decided_at__isnull=False)),
                      d_decide=Sum(DaysBetween("decided_at", "filed_at")),
                      n_close=Count("id", filter=Q(decided_at__isnull=False, closed_at__isnull=False)),
                      d_close=Sum(DaysBetween("closed_at", "decided_at")))
            .order_by())


@transaction.atomic
def refresh_stats() -> int:
    """Rebuild the rollup from ``Case`` in one INSERT … SELECT (the grouping done by the database). Returns the
    number of rollup rows."""
    query = _stat_query()
    columns = [*query.query.values_select, *query.query.annotation_select]
    sql, params = query.query.sql_with_params()
    table = CaseStat._meta.db_table
    CaseStat.objects.all().delete()
    # Table, columns and the SELECT come from the models and the ORM's compiler; the values are parameters.
    statement = f"INSERT INTO {table} ({', '.join(columns)}, refreshed_at) SELECT s.*, %s FROM ({sql}) s"  # noqa: S608
    with connections[CaseStat.objects.db].cursor() as cursor:
        cursor.execute(statement, (*params, timezone.now()))
    return CaseStat.objects.count()


def stats_refreshed_at():
    row = CaseStat.objects.order_by().values_list("refreshed_at", flat=True).first()
    return row


SUMMED = ("n", "n_decided", "n_file", "d_file", "n_decide", "d_decide", "n_close", "d_close")


def case_groups(user, period: Period) -> list[dict]:
    """The jurisdiction's rollup rows in the period, grouped per body and month by the database (the counts per
    stage and procedure as conditional sums): a few thousand rows however many cases."""
    q = supervised_bodies_q(user)
    qs = CaseStat.objects.all()
    if q is not None:
        qs = qs.filter(body_id__in=EnforcementBody.objects.filter(q).values("pk"))
    first, last = period.months
    if first:
        qs = qs.filter(month__gte=first)
    if last:
        qs = qs.filter(month__lte=last)
    stage_counts = {f"s_{s}": Sum("n", filter=Q(stage=s)) for s, _label in stage_choices()}
    procedure_counts = {f"p_{i}": Sum("n", filter=Q(procedure=code)) for i, code in enumerate(PROCEDURES)}
    grouped = (qs.values("body_id", "month")
               .annotate(**stage_counts, **procedure_counts,
                         **{f"x_{name}": Sum(name) for name in SUMMED})
               .order_by())
    # Read the rows straight from the cursor: no field converters needed for sums and text; only the body id is
    # turned back into a UUID.
    names = [name.removeprefix("x_") for name in (*grouped.query.values_select, *grouped.query.annotation_select)]
    sql, params = grouped.query.sql_with_params()
    with connections[grouped.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    out = []
    for row in rows:
        group = {k: (v or 0) if k.startswith(("s_", "p_", "n")) else v for k, v in zip(names, row, strict=True)}
        body = group["body_id"]
        group["body_id"] = body if isinstance(body, uuid.UUID) else uuid.UUID(str(body))
        out.append(group)
    return out


def _division_of(code: str, depth: int) -> str:
    return code[:depth] if len(code) >= depth else code


def build(user, period: Period) -> Dashboard:
    groups = case_groups(user, period)
    bodies = {b["pk"]: b for b in scope_bodies(user).values("pk", "name", "short_name", "division_id")}
    missing = {g["body_id"] for g in groups} - set(bodies)
    if missing:  # bodies reached through a case but filtered by a narrower body query: name them anyway
        bodies.update({b["pk"]: b for b in EnforcementBody.objects.filter(pk__in=missing)
                       .values("pk", "name", "short_name", "division_id")})
    own = getattr(getattr(user, "body", None), "division_id", "") or ""
    root = "" if supervised_bodies_q(user) is None else own
    depth = {0: 4, 2: 4, 4: 6, 6: 9}.get(len(root), len(root) + 3)
    codes = list(PROCEDURES)
    procedures = {code: p.name for code, p in PROCEDURES.items()}
    stages = dict(stage_choices())
    stage_values = list(stages)

    by_procedure, by_stage, by_body, by_division, by_month = (defaultdict(int) for _ in range(5))
    t = defaultdict(float)
    n = defaultdict(int)
    total = 0
    for g in groups:
        total += g["n"]
        for i, code in enumerate(codes):
            by_procedure[code] += g[f"p_{i}"]
        other = g["n"] - sum(g[f"p_{i}"] for i in range(len(codes)))
        if other:
            by_procedure["other"] += other
        for stage in stage_values:
            by_stage[stage] += g[f"s_{stage}"]
        by_body[g["body_id"]] += g["n"]
        by_division[_division_of(bodies.get(g["body_id"], {}).get("division_id", "") or "", depth)] += g["n"]
        if g["month"]:
            by_month[g["month"]] += g["n"]
        for _label, _method, count, days in SPANS:
            if g[days] is not None:
                t[days] += float(g[days])
                n[days] += g[count]
    names = dict(Division.objects.filter(code__in=[d for d in by_division if d]).values_list("code", "name"))
    procedures["other"] = "其他"
    by_procedure = {k: v for k, v in by_procedure.items() if v}

    tables: dict[str, Table] = {}
    procedure_rows = sorted(by_procedure.items(), key=lambda i: -i[1])
    tables["procedure"] = Table("procedure", "按程序（案件类型）", ["程序", "案件数"],
                                [[procedures.get(k, k), v] for k, v in procedure_rows],
                                [f"procedure={k}" if k != "other" else "" for k, _v in procedure_rows])
    by_kind = defaultdict(int)
    kind_of = {code: kind for kind, codes_ in kinds().items() for code in codes_}
    for code, count in by_procedure.items():
        by_kind[kind_of.get(code, "other")] += count
    kind_rows = sorted(by_kind.items(), key=lambda i: -i[1])
    tables["kind"] = Table("kind", "按案件种类", ["种类", "案件数"],
                           [[kind_label(k) if k != "other" else "其他", v] for k, v in kind_rows],
                           [f"kind={k}" if k != "other" else "" for k, _v in kind_rows])
    stage_rows = [(k, by_stage[k]) for k in stage_values if by_stage.get(k)]
    tables["stage"] = Table("stage", "按阶段", ["阶段", "案件数"], [[stages[k], v] for k, v in stage_rows],
                            [f"stage={k}" for k, _v in stage_rows])
    body_rows = sorted(by_body.items(), key=lambda i: -i[1])
    tables["body"] = Table("body", "按执法主体", ["执法主体", "案件数"],
                           [[bodies.get(k, {}).get("name", "（未知）"), v] for k, v in body_rows],
                           [f"body={k}" for k, _v in body_rows],
                           note=f"图中显示案件数最多的 {TOP_BODIES} 个主体；表格与导出为全部。")
    division_rows = sorted(by_division.items(), key=lambda i: -i[1])
    tables["division"] = Table("division", "按行政区划", ["行政区划", "区划代码", "案件数"],
                               [[names.get(k, k or "（未知）"), k, v] for k, v in division_rows],
                               [f"division={k}" for k, _v in division_rows])
    month_rows = sorted(by_month.items())
    tables["month"] = Table("month", "按月份（登记时间）", ["月份", "登记案件数"], [[k, v] for k, v in month_rows],
                            [f"month={k}" for k, _v in month_rows])
    avg = [[label, span_method(fields), n[days], _avg(t[days], n[days])] for label, fields, _count, days in SPANS]
    tables["durations"] = Table("durations", "各阶段平均用时（日）", ["阶段", "计算方法", "案件数", "平均用时（日）"], avg,
                                note="简易程序当场作出决定，不计入“立案 → 作出决定”。")
    tables.update(alert_tables(user, period, decided=sum(g["n_decided"] for g in groups)))
    notes = []
    disclosure = disclosure_table(user, period)
    if disclosure is None:
        notes.append("公示及时性：尚无“行政处罚决定信息公开期限”的期限数据，本项从略；"
                     "公示平台接入后自动显示。")
    else:
        tables["disclosure"] = disclosure
    return Dashboard(period=period, total=total, tables=tables, notes=notes, refreshed_at=stats_refreshed_at())


def _avg(total: float, count: int) -> float | None:
    return round(total / count, 1) if count else None


def _alerts(user, period: Period):
    q = supervised_bodies_q(user)
    qs = Alert.objects.all() if q is None else Alert.objects.filter(
        body_id__in=EnforcementBody.objects.filter(q).values("pk"))
    if period.start:
        qs = qs.filter(first_seen__gte=period.start)
    if period.end:
        qs = qs.filter(first_seen__lte=period.end)
    return qs


def alert_tables(user, period: Period, *, decided: int | None = None) -> dict[str, Table]:
    counts = defaultdict(lambda: defaultdict(int))
    outside = defaultdict(int)
    for row in _alerts(user, period).values("problem", "state", "rule").annotate(n=Count("id")).order_by():
        counts[row["problem"]][row["state"]] += row["n"]
        if row["rule"] == "outside_benchmark":
            outside[row["state"]] += row["n"]
    rows, links = [], []
    for problem, label in Problem.choices:
        c = counts.get(problem, {})
        rows.append([label, c.get(AlertState.OPEN, 0), c.get(AlertState.EXPLAINED, 0), c.get(AlertState.RESOLVED, 0),
                     sum(c.values())])
        links.append(f"problem={problem}")
    decided = decided if outside else None
    bench_rows = [["超出裁量基准的决定", sum(outside.values())],
                  ["其中：未记录理由（待处理）", outside.get(AlertState.OPEN, 0)],
                  ["其中：已记录理由或已说明", outside.get(AlertState.EXPLAINED, 0)],
                  ["其中：已更正消除", outside.get(AlertState.RESOLVED, 0)]]
    if decided is not None:
        bench_rows.append(["同期登记且已作出决定的案件", decided])
    return {
        "alerts": Table("alerts", "监督预警（按问题类别）", ["问题类别", "待处理", "已说明", "已消除", "合计"], rows, links,
                        note="按预警发现日期筛选。"),
        "benchmark": Table("benchmark", "超出裁量基准的决定", ["项目", "数量"], bench_rows,
                           ["rule=outside_benchmark"] + ["rule=outside_benchmark&state=" + s for s in
                                                         (AlertState.OPEN, AlertState.EXPLAINED, AlertState.RESOLVED)]
                           + ([""] if decided is not None else [])),
    }


def disclosure_table(user, period: Period) -> Table | None:
    q = supervised_bodies_q(user)
    qs = CaseDeadline.objects.filter(rule="disclosure.publish")
    if q is not None:
        qs = qs.filter(case__body_id__in=EnforcementBody.objects.filter(q).values("pk"))
    qs = qs.filter(period.case_q("case__"))
    today = timezone.localdate()
    row = qs.aggregate(total=Count("id"), n_open=Count("id", filter=Q(open=True)),
                       n_overdue=Count("id", filter=Q(open=True, due_date__lt=today)),
                       n_late=Count("id", filter=Q(open=False, met_at__date__gt=F("due_date"))))
    if not row["total"]:
        return None
    row = {"total": row["total"], "open": row["n_open"], "overdue": row["n_overdue"], "late": row["n_late"]}
    on_time = row["total"] - row["open"] - row["late"]
    return Table("disclosure", "公示及时性（行政处罚决定 7 个工作日内公示）", ["项目", "数量"],
                 [["应公示", row["total"]], ["按期公示", on_time], ["逾期公示", row["late"]],
                  ["尚未公示（已逾期）", row["overdue"]], ["尚未公示（未到期）", row["open"] - row["overdue"]]],
                 ["", "", "rule=disclosure_overdue&state=resolved", "rule=disclosure_overdue&state=open", ""])


def case_list(user, *, period: Period, procedure: str = "", stage: str = "", body: str = "", division: str = "",
              month: str = "", kind: str = ""):
    """The drill-down list: the jurisdiction's cases, metadata only, filtered as a chart's click asks."""
    qs = scope_cases(user).filter(period.case_q())
    if procedure:
        if procedure not in PROCEDURES:
            raise DomainError("没有该程序。", field="procedure")
        qs = qs.filter(procedure=procedure)
    if kind:
        if kind not in kinds():
            raise DomainError("没有该案件种类。", field="kind")
        qs = qs.filter(procedure__in=kinds()[kind])
    if stage:
        if stage not in dict(stage_choices()):
            raise DomainError("没有该阶段。", field="stage")
        qs = qs.filter(stage=stage)
    if body:
        qs = qs.filter(body_id=_body_id(body))
    if division:
        if not division.isdigit() or len(division) > 12:
            raise DomainError("行政区划代码不正确。", field="division")
        qs = qs.filter(body__division_id__startswith=division)
    first = parse_month(month)
    if first:
        tz = timezone.get_default_timezone()
        nxt = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        qs = qs.filter(registered_at__gte=datetime.datetime.combine(first, datetime.time.min, tz),
                       registered_at__lt=datetime.datetime.combine(nxt, datetime.time.min, tz))
    return qs.select_related("body").order_by("-registered_at")


def _body_id(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise DomainError("执法主体参数不正确。", field="body") from None


def alert_list(user, *, problem: str = "", state: str = "", rule: str = "", body: str = ""):
    from .permissions import alert_scope_q

    q = alert_scope_q(user)
    qs = Alert.objects.all() if q is None else Alert.objects.filter(q)
    if problem:
        if problem not in Problem.values:
            raise DomainError("没有该问题类别。", field="problem")
        qs = qs.filter(problem=problem)
    if state:
        if state not in AlertState.values:
            raise DomainError("没有该状态。", field="state")
        qs = qs.filter(state=state)
    if rule:
        from .alerts import RULES

        if rule not in RULES:
            raise DomainError("没有该预警规则。", field="rule")
        qs = qs.filter(rule=rule)
    if body:
        qs = qs.filter(body_id=_body_id(body))
    return qs.select_related("case", "body").order_by("state", "-first_seen")
