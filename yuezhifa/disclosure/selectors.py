"""Every public read of the disclosure platform (no login; DESIGN §5.4 and §5.5).

Nothing here goes through ``restrict(user, …)``: the public is not a user of the platform. Instead each function
names the rows that are public (active bodies, valid certificates, active items and benchmarks, results on display)
and the fields it returns, so that a field added to a model later is never published by accident.
"""

from __future__ import annotations

import contextlib
import datetime
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import OperationalError, connection, transaction
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from yuezhifa.core.errors import DomainError
from yuezhifa.search.index import MAX_OFFSET, MAX_QUERY_CHARS, search

from . import shuanggongshi
from .indexing import KIND
from .masking import normalise
from .models import DisclosureSettings, PartyKind, PublishedResult, ReportedIdentity, ResultCategory, ResultStatus

PAGE_SIZE = 20
LIST_CAP = 1_000
"""Totals are counted up to this (shown as “1,000+”), as the search does (decision 0004)."""
EARLIEST = datetime.date(2000, 1, 1)
SEARCH_TIMEOUT_MS = 3_000
"""PostgreSQL: a public search that would take longer (a query of only very common characters over a million
results) is stopped and the citizen asked for a more specific one, instead of holding a worker."""
PUBLIC_FIELDS = ("id", "document_number", "party_name", "party_kind", "party_credit_code", "legal_representative",
                 "illegal_act_type", "facts", "basis", "penalty_types", "penalty_content", "fine_amount",
                 "confiscation_amount", "decision_date", "published_at", "display_until", "body_id", "body_name",
                 "body_credit_code", "status", "document_type", "category", "source_name", "source_credit_code",
                 "remark")
_CREDIT_CODE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}")
_DOC_NUMBER = re.compile(r".+[〔\[［(（]\d{4}[〕\]］)）]\d+号")


# --- filters --------------------------------------------------------------------------------------------------


@dataclass
class Filters:
    q: str = ""
    body: uuid.UUID | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    page: int = 1

    def as_query(self) -> dict:
        return {k: v for k, v in {"q": self.q, "body": self.body and str(self.body),
                                  "date_from": self.date_from and self.date_from.isoformat(),
                                  "date_to": self.date_to and self.date_to.isoformat()}.items() if v}


def _date(value: str, name: str, label: str) -> datetime.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        day = datetime.date.fromisoformat(value[:10]) if len(value) <= 10 else None
    except ValueError:
        day = None
    if day is None:
        raise DomainError(f"{label}“{value[:20]}”格式不正确，请按“2026-01-31”的格式填写。", field=name)
    if not EARLIEST <= day <= datetime.date(2100, 12, 31):
        raise DomainError(f"{label}应在 2000 年至 2100 年之间。", field=name)
    return day


def parse_filters(params) -> Filters:
    """Filters from a query string, with a Chinese message naming the field for anything invalid."""
    q = " ".join(normalise(str(params.get("q") or "")).split())
    if len(q) > MAX_QUERY_CHARS:
        raise DomainError(f"检索词过长：最多 {MAX_QUERY_CHARS} 个字符，请缩短后重试。", field="q")
    body = None
    raw_body = str(params.get("body") or "").strip()
    if raw_body:
        try:
            body = uuid.UUID(raw_body)
        except ValueError:
            raise DomainError("执法主体参数无效，请从列表中选择。", field="body") from None
    date_from = _date(params.get("date_from"), "date_from", "起始日期")
    date_to = _date(params.get("date_to"), "date_to", "截止日期")
    if date_from and date_to and date_from > date_to:
        raise DomainError("起始日期不能晚于截止日期。", field="date_from")
    try:
        page = int(str(params.get("page") or "1"))
    except ValueError:
        raise DomainError("页码应为正整数。", field="page") from None
    if page < 1:
        raise DomainError("页码应为正整数。", field="page")
    if (page - 1) * PAGE_SIZE >= MAX_OFFSET:
        raise DomainError(f"只能翻阅前 {MAX_OFFSET} 条结果，请增加检索条件缩小范围。", field="page")
    return Filters(q, body, date_from, date_to, page)


# --- results ----------------------------------------------------------------------------------------------------


def public_results(today: datetime.date | None = None) -> QuerySet[PublishedResult]:
    """Results on public display: published and within their display period (whether or not the expiry task has run
    yet today)."""
    today = today or timezone.localdate()
    return PublishedResult.objects.filter(status=ResultStatus.PUBLISHED, display_until__gte=today).only(*PUBLIC_FIELDS)


def _filtered(filters: Filters) -> QuerySet[PublishedResult]:
    qs = public_results()
    if filters.body:
        qs = qs.filter(body_id=filters.body)
    if filters.date_from:
        qs = qs.filter(decision_date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(decision_date__lte=filters.date_to)
    return qs


@dataclass
class ResultPage:
    results: list[PublishedResult]
    total: int
    page: int
    total_is_estimate: bool = False
    relaxed: bool = False
    snippets: dict = field(default_factory=dict)

    @property
    def has_next(self) -> bool:
        return self.page * PAGE_SIZE < self.total and self.page * PAGE_SIZE < MAX_OFFSET

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _in_order(qs: QuerySet, ids: list[str]) -> list[PublishedResult]:
    found = {str(r.pk): r for r in qs.filter(pk__in=ids)}
    return [found[i] for i in ids if i in found]


@contextlib.contextmanager
def _bounded():
    """On PostgreSQL, stop a search running longer than SEARCH_TIMEOUT_MS with a Chinese message."""
    if connection.vendor != "postgresql":
        yield
        return
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL statement_timeout = {int(SEARCH_TIMEOUT_MS)}")
            yield
    except OperationalError as exc:
        if "statement timeout" not in str(exc) and "canceling statement" not in str(exc):
            raise
        raise DomainError("检索词过于宽泛，请输入更完整的当事人名称、统一社会信用代码或决定书文号。", field="q") from None


def result_search(filters: Filters) -> ResultPage:
    """One page of results on display matching ``filters``, best first when there is a query, newest first without.

    A query that is a credit code or a document number is first looked up exactly; otherwise it goes to the
    full-text index (a body's credit code joins the query so the index itself keeps to that body). A date range with a
    query is applied to the first MAX_OFFSET ranked hits (decision 0014)."""
    offset = (filters.page - 1) * PAGE_SIZE
    qs = _filtered(filters)
    q = filters.q
    if not q:
        ordered = qs.order_by("-decision_date", "-published_at", "-id")
        total = ordered[:LIST_CAP + 1].count()
        return ResultPage(list(ordered[offset:offset + PAGE_SIZE]), min(total, LIST_CAP), filters.page,
                          total > LIST_CAP)
    compact = q.replace(" ", "").upper()
    if _CREDIT_CODE.fullmatch(compact):
        from yuezhifa.org.models import EnforcementBody

        body_id = EnforcementBody.objects.filter(credit_code=compact).values_list("pk", flat=True).first()
        exact = (qs.filter(body_id=body_id) if body_id else qs.filter(party_credit_code=compact)).order_by(
            "-decision_date", "-id")
        total = exact[:LIST_CAP + 1].count()
        if total:
            return ResultPage(list(exact[offset:offset + PAGE_SIZE]), min(total, LIST_CAP), filters.page,
                              total > LIST_CAP)
    if _DOC_NUMBER.fullmatch(q.replace(" ", "")):
        exact = list(qs.filter(document_number=q.replace(" ", "")).order_by("-decision_date")[:PAGE_SIZE])
        if exact:
            return ResultPage(exact if filters.page == 1 else [], len(exact), filters.page)
    body_code = ""
    if filters.body:
        from yuezhifa.org.models import EnforcementBody

        body_code = EnforcementBody.objects.filter(pk=filters.body).values_list("credit_code", flat=True).first()
        if not body_code:
            return ResultPage([], 0, filters.page)
    query = f"{q} {body_code}".strip()
    with _bounded():
        if not (filters.date_from or filters.date_to):
            found = search(KIND, query, limit=PAGE_SIZE, offset=offset)
            ids = [hit.object_id for hit in found.hits]
            return ResultPage(_in_order(qs, ids), found.total, filters.page, found.total_is_estimate, found.relaxed,
                              {hit.object_id: hit.snippet_html for hit in found.hits})
        kept: list[str] = []
        snippets: dict = {}
        relaxed = False
        for start in range(0, MAX_OFFSET, 100):
            found = search(KIND, query, limit=100, offset=start)
            relaxed = relaxed or found.relaxed
            ids = [hit.object_id for hit in found.hits]
            allowed = {str(pk) for pk in qs.filter(pk__in=ids).values_list("pk", flat=True)}
            kept.extend(i for i in ids if i in allowed)
            snippets.update({hit.object_id: hit.snippet_html for hit in found.hits if hit.object_id in allowed})
            if len(found.hits) < 100:
                break
        estimate = len(kept) >= MAX_OFFSET
    page_ids = kept[offset:offset + PAGE_SIZE]
    return ResultPage(_in_order(qs, page_ids), len(kept), filters.page, estimate, relaxed, snippets)


def result_detail(pk) -> PublishedResult | None:
    """A result on display, or the public notice of a withdrawn one (its content is not shown); None otherwise."""
    try:
        key = uuid.UUID(str(pk))
    except ValueError:
        return None
    result = public_results().filter(pk=key).first()
    if result is not None:
        return result
    return PublishedResult.objects.filter(pk=key, status=ResultStatus.WITHDRAWN).only(
        "id", "document_number", "body_name", "body_credit_code", "decision_date", "withdrawn_at",
        "withdrawn_reason", "status").first()


def withdrawn_notices(*, limit: int = 100) -> list[PublishedResult]:
    """Withdrawal notices (处罚法 第48条第2款): document number, body, decision date, when and why; no party data."""
    return list(PublishedResult.objects.filter(status=ResultStatus.WITHDRAWN)
                .only("id", "document_number", "body_name", "decision_date", "withdrawn_at", "withdrawn_reason",
                      "status")
                .order_by("-withdrawn_at")[:limit])


def feed_results(*, limit: int = 50) -> list[PublishedResult]:
    return list(public_results().order_by("-published_at", "-id")[:limit])


# --- export (双公示 layout) --------------------------------------------------------------------------------------


def cf_row(result: PublishedResult) -> dict:
    """One result in the 双公示 layout for the public (shuanggongshi.FIELDS): the 不予公示 columns blank."""
    return shuanggongshi.public_row(result)


def export_queryset(filters: Filters) -> QuerySet[PublishedResult]:
    """The results an export of ``filters`` would hold (no query text: exports filter by body and dates), refused
    with a Chinese message when too large."""
    settings = DisclosureSettings.current()
    if filters.date_from and filters.date_to and (filters.date_to - filters.date_from).days + 1 > settings.export_max_days:
        raise DomainError(f"一次导出的日期跨度最长 {settings.export_max_days} 日，请分段导出。", field="date_from")
    qs = _filtered(Filters(body=filters.body, date_from=filters.date_from, date_to=filters.date_to))
    return _within_limits(qs.filter(category=ResultCategory.PENALTY), settings)


def _within_limits(qs: QuerySet, settings: DisclosureSettings) -> QuerySet:
    count = qs[:settings.export_max_rows + 1].count()
    if count > settings.export_max_rows:
        raise DomainError(f"符合条件的结果超过 {settings.export_max_rows:,} 条，超出一次导出的上限；"
                          "请缩小日期范围或选择执法主体后分次导出。", field="date_from")
    return qs.order_by("decision_date", "id")


def report_results(user, filters: Filters) -> QuerySet[PublishedResult]:
    """The penalty results of the 双公示 report file (报送文件, docs/decisions/0056) that ``user`` may download
    (``permissions.report_scope_q``), with their ``ReportedIdentity``: published ones, on display or past their
    display period (a period is reported the same however late it is exported), by decision date and body.
    Withdrawn and withheld results are not reported here. The same limits as the open-data export."""
    from .permissions import report_scope_q

    settings = DisclosureSettings.current()
    if filters.date_from and filters.date_to and (filters.date_to - filters.date_from).days + 1 > settings.export_max_days:
        raise DomainError(f"一次导出的日期跨度最长 {settings.export_max_days} 日，请分段导出。", field="date_from")
    qs = PublishedResult.objects.filter(category=ResultCategory.PENALTY,
                                        status__in=[ResultStatus.PUBLISHED, ResultStatus.EXPIRED])
    scope = report_scope_q(user)
    if scope is not None:
        qs = qs.filter(scope)
    if filters.body:
        qs = qs.filter(body_id=filters.body)
    if filters.date_from:
        qs = qs.filter(decision_date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(decision_date__lte=filters.date_to)
    return _within_limits(qs, settings).select_related("reported_identity")


def report_row(result: PublishedResult) -> dict:
    """Every column of one result for the report file, the 不予公示 ones included."""
    try:
        identity = result.reported_identity
    except ReportedIdentity.DoesNotExist:
        identity = None
    return shuanggongshi.report_row(result, identity)


# --- annual statistics ------------------------------------------------------------------------------------------


def annual_statistics(*, year: int | None = None, body: uuid.UUID | None = None) -> list[dict]:
    """Per body and year of decision: results published (on display or expired), their fines, and withdrawals
    (办法 第44条: annual enforcement data). Computed from published results only."""
    qs = PublishedResult.objects.filter(status__in=[ResultStatus.PUBLISHED, ResultStatus.EXPIRED,
                                                    ResultStatus.WITHDRAWN]).exclude(category=ResultCategory.INSPECTION)
    if body:
        qs = qs.filter(body_id=body)
    qs = qs.annotate(year=ExtractYear("decision_date"))
    if year:
        qs = qs.filter(decision_date__year=year)
    counted = Q(status__in=[ResultStatus.PUBLISHED, ResultStatus.EXPIRED])
    rows = (qs.values("body_id", "body_name", "year")
            .annotate(count=Count("id", filter=counted), fines=Sum("fine_amount", filter=counted),
                      fined=Count("id", filter=counted & Q(fine_amount__isnull=False)),
                      withdrawn=Count("id", filter=Q(status=ResultStatus.WITHDRAWN)))
            .order_by("-year", "body_name"))
    return [{**row, "fines": row["fines"] or Decimal("0")} for row in rows]


def inspection_statistics(*, year: int | None = None, body: uuid.UUID | None = None) -> dict:
    """The 行政检查 table of the annual statistics (docs/decisions/0043), from published inspection results (on display
    or expired; withdrawn and withheld ones are not counted): per body and year the inspections, how many found no
    problem, problems to correct or a violation, the enterprises inspected and the average per enterprise; and per
    item the inspections. An inspection of several items counts once per body and once under each item."""
    qs = PublishedResult.objects.filter(category=ResultCategory.INSPECTION,
                                        status__in=[ResultStatus.PUBLISHED, ResultStatus.EXPIRED])
    if body:
        qs = qs.filter(body_id=body)
    if year:
        qs = qs.filter(decision_date__year=year)
    bodies: dict = {}
    items: dict = {}
    from yuezhifa.cases.procedures.inspection import OUTCOMES

    outcomes = {label: code for code, label in OUTCOMES}
    for r in qs.values("body_id", "body_name", "decision_date", "party_kind", "party_credit_code", "penalty_types",
                       "items").order_by("body_name").iterator(chunk_size=2000):
        key = (r["decision_date"].year, r["body_id"])
        row = bodies.setdefault(key, {"year": key[0], "body_id": r["body_id"], "body_name": r["body_name"], "count": 0,
                                      "none": 0, "problems": 0, "violation": 0, "enterprise_visits": 0,
                                      "enterprises": set()})
        row["count"] += 1
        outcome = outcomes.get(r["penalty_types"], "none")
        row[outcome] += 1
        if r["party_kind"] == PartyKind.ORGANISATION and r["party_credit_code"]:
            row["enterprise_visits"] += 1
            row["enterprises"].add(r["party_credit_code"])
        for item in r["items"] or []:
            k = (key[0], item.get("code", ""))
            entry = items.setdefault(k, {"year": key[0], "code": k[1], "name": item.get("name", ""), "count": 0})
            entry["count"] += 1
    rows = []
    for row in sorted(bodies.values(), key=lambda r: (-r["year"], r["body_name"])):
        enterprises = len(row.pop("enterprises"))
        row["enterprises"] = enterprises
        row["average"] = (Decimal(row["enterprise_visits"]) / enterprises).quantize(Decimal("0.01")) \
            if enterprises else Decimal("0")
        rows.append(row)
    return {"bodies": rows, "items": sorted(items.values(), key=lambda r: (-r["year"], -r["count"], r["code"]))}


def statistics_years() -> list[int]:
    return sorted({d.year for d in PublishedResult.objects.dates("decision_date", "year")}, reverse=True)


# --- before-disclosure (事前公开) -------------------------------------------------------------------------------


def public_bodies(*, q: str = "") -> QuerySet:
    from yuezhifa.org.models import BodyStatus, EnforcementBody

    qs = (EnforcementBody.objects.filter(status=BodyStatus.ACTIVE).select_related("division", "parent")
          .prefetch_related("domains")
          .only("id", "name", "short_name", "kind", "level", "credit_code", "address", "phone", "division__name",
                "division__code", "parent__name", "path"))
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q))
    return qs.order_by("path")


def public_body(pk):
    try:
        key = uuid.UUID(str(pk))
    except ValueError:
        return None
    return public_bodies().filter(pk=key).first()


def public_officers(*, body=None, q: str = "", page: int = 1, size: int = 50) -> tuple[list[dict], bool]:
    """Certified officers (办法 第38条): name, body, certificate number and domains, nothing else. Only officers in
    post at an active body with a certificate valid today. (rows, has_next)."""
    from yuezhifa.org.models import BodyStatus, Certificate, CertificateStatus, OfficerStatus

    today = timezone.localdate()
    qs = Certificate.objects.filter(status=CertificateStatus.VALID, valid_from__lte=today, valid_until__gte=today,
                                    officer__status=OfficerStatus.ACTIVE, officer__body__status=BodyStatus.ACTIVE)
    if body:
        qs = qs.filter(officer__body_id=body)
    if q:
        qs = qs.filter(Q(officer__name=q) | Q(number=q) | Q(officer__body__name__icontains=q))
    start = (page - 1) * size
    rows = list(qs.order_by("officer__body__path", "officer__name", "number")
                .values("id", "number", "officer__name", "officer__body__name", "officer__body_id")[start:start + size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    domains: dict = {}
    through = Certificate.domains.through
    for cert_id, name in through.objects.filter(certificate_id__in=[r["id"] for r in rows]).values_list(
            "certificate_id", "domain__name"):
        domains.setdefault(cert_id, []).append(name)
    return [{"name": r["officer__name"], "body": r["officer__body__name"], "body_id": r["officer__body_id"],
             "certificate": r["number"], "domains": sorted(domains.get(r["id"], []))} for r in rows], has_next


def public_items(*, q: str = "", page: int = 1, size: int = 30) -> tuple[list, bool]:
    """Active enforcement items with their legal basis (citations of the provisions)."""
    from yuezhifa.items.models import Item, ItemBasis, ItemStatus

    qs = Item.objects.filter(status=ItemStatus.ACTIVE).only("id", "code", "name", "type", "levels", "department")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q))
    bases = Prefetch("bases", queryset=ItemBasis.objects.select_related("provision").only(
        "id", "item_id", "role", "order", "note", "provision__citation").order_by("order"))
    start = (page - 1) * size
    items = list(qs.order_by("code").prefetch_related(bases)[start:start + size + 1])
    return items[:size], len(items) > size


def inspection_frame() -> dict:
    """行政检查事前公示 (国办发〔2024〕54号; 粤府办〔2025〕15号): bodies whose 主体资格 is confirmed and published, the
    published inspection items (basis, object, method, standard, annual cap, checklist) and the published special
    inspection plans. Nothing else: no subject, no officer, no personal data."""
    from yuezhifa.inspection.models import Plan, PlanKind, PlanStatus
    from yuezhifa.inspection.selectors.register import public_qualifications, published_profiles

    plans = (Plan.objects.filter(status=PlanStatus.PUBLISHED, kind=PlanKind.SPECIAL).select_related("body", "deployed_by")
             .only("id", "title", "year", "period_start", "period_end", "basis_document", "from_above",
                   "body__name", "deployed_by__name")
             .order_by("-year", "period_start", "title"))
    return {"qualifications": list(public_qualifications().only("id", "basis", "confirmed_on", "published_at",
                                                                   "body__name", "body__division__name")),
            "profiles": list(published_profiles()), "special_plans": list(plans[:200])}


def public_benchmarks(*, q: str = "") -> QuerySet:
    from yuezhifa.discretion.models import Benchmark, BenchmarkStatus

    qs = (Benchmark.objects.filter(status=BenchmarkStatus.ACTIVE).select_related("item", "issuing_body")
          .only("id", "title", "version", "document_number", "effective_from", "effective_until", "item__name",
                "item__code", "issuing_body__name"))
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(item__name__icontains=q))
    return qs.order_by("item__code", "issuing_body__name")


def public_benchmark(pk):
    from yuezhifa.discretion.models import Tier, TierFine, TierPenalty

    try:
        key = uuid.UUID(str(pk))
    except ValueError:
        return None
    tiers = Prefetch("tiers", queryset=Tier.objects.prefetch_related(
        Prefetch("fines", queryset=TierFine.objects.select_related("branch")),
        Prefetch("penalties", queryset=TierPenalty.objects.all())).order_by("kind"))
    return (public_benchmarks().filter(pk=key)
            .prefetch_related(tiers, "basis_provisions", "fine_branches", "statutory_penalties", "rules__circumstance")
            .first())


def procedures_and_remedies() -> dict:
    """The procedures a penalty case follows, act by act with the article behind each, and the remedies open to the
    party (处罚法 第5条, 第44条, 第45条, 第63条, 第7条), with their periods from the platform's calendar rules."""
    from yuezhifa.cases.procedures import PROCEDURES
    from yuezhifa.core.calendar import get_rule

    procedures = [{"code": p.code, "name": p.name, "basis": p.basis,
                   "acts": [{"name": a.name, "basis": a.basis, "roles": "、".join(a.role_labels)} for a in p.acts]}
                  for p in PROCEDURES.values()]
    review, litigation = get_rule("remedy.review"), get_rule("remedy.litigation")
    statement, hearing = get_rule("penalty.statement"), get_rule("penalty.hearing_request")
    remedies = [
        {"name": "陈述、申辩", "text": f"行政机关作出行政处罚决定之前，当事人有权进行陈述和申辩；收到事先告知书后"
                                   f"{statement.period_text}内提出（本省设置，可调整）。行政机关不得因当事人陈述、申辩而给予更重的处罚。",
         "basis": "《中华人民共和国行政处罚法》第七条、第四十四条、第四十五条"},
        {"name": "要求听证", "text": f"拟作出较大数额罚款、没收较大数额违法所得或者非法财物、降低资质等级、吊销许可证件、"
                                 f"责令停产停业、责令关闭、限制从业等处罚的，当事人可以在告知后{hearing.period_text}内要求听证；"
                                 "当事人不承担组织听证的费用。", "basis": "《中华人民共和国行政处罚法》第六十三条、第六十四条"},
        {"name": "申请行政复议", "text": f"对行政处罚决定不服的，可以自知道该决定之日起{review.period_text}内申请行政复议。",
         "basis": review.basis},
        {"name": "提起行政诉讼", "text": f"也可以自知道或者应当知道作出行政行为之日起{litigation.period_text}内依法向人民法院提起行政诉讼。",
         "basis": litigation.basis},
        {"name": "申请国家赔偿", "text": "因行政机关违法给予行政处罚受到损害的，有权依法提出赔偿要求。",
         "basis": "《中华人民共和国行政处罚法》第七条第二款；《中华人民共和国国家赔偿法》"},
    ]
    return {"procedures": procedures, "remedies": remedies}
