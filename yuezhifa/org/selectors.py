"""Every read of organisation data, restricted to what the user may see (DESIGN §5.4)."""

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import conf
from .models import (
    Certificate,
    CertificateStatus,
    CertificateWarning,
    Division,
    Domain,
    EnforcementBody,
    Officer,
    OfficerStatus,
    TrainingCategory,
    TrainingCourse,
    TrainingRecord,
    User,
)


def body_list(*, user, action: str = "view", search: str = "", level: str = "", kind: str = "",
              division: str = "", domain: str = "", status: str = "") -> QuerySet[EnforcementBody]:
    qs = EnforcementBody.objects.restrict(user, action).select_related("division", "parent").prefetch_related("domains")
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(short_name__icontains=search) | Q(credit_code__iexact=search))
    if level:
        qs = qs.filter(level=level)
    if kind:
        qs = qs.filter(kind=kind)
    if division:
        qs = qs.filter(division__code__startswith=division)
    if domain:
        qs = qs.filter(domains__code=domain)
    if status:
        qs = qs.filter(status=status)
    return qs.distinct() if domain else qs


def _current_certificates() -> Prefetch:
    return Prefetch("certificates", queryset=Certificate.objects.exclude(status=CertificateStatus.REVOKED)
                    .prefetch_related("domains"), to_attr="current_certificates")


def officer_list(*, user, action: str = "view", search: str = "", body: str = "", status: str = "",
                 has_certificate: bool | None = None, legal_reviewer: bool | None = None) -> QuerySet[Officer]:
    qs = Officer.objects.restrict(user, action).select_related("body", "body__division") \
        .prefetch_related(_current_certificates())
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(certificates__number__iexact=search)).distinct()
    if body:
        qs = qs.filter(body_id=body)
    if status:
        qs = qs.filter(status=status)
    if has_certificate is not None:
        valid = Q(certificates__status=CertificateStatus.VALID)
        qs = qs.filter(valid).distinct() if has_certificate else qs.exclude(valid)
    if legal_reviewer is not None:
        qs = qs.exclude(legal_qualification_no="") if legal_reviewer else qs.filter(legal_qualification_no="")
    return qs


def certificate_list(*, user, action: str = "view", search: str = "", body: str = "", status: str = "",
                     domain: str = "", expiring_before=None) -> QuerySet[Certificate]:
    qs = Certificate.objects.restrict(user, action).select_related("officer", "officer__body", "issued_by") \
        .prefetch_related("domains")
    if search:
        qs = qs.filter(Q(number__icontains=search) | Q(officer__name__icontains=search))
    if body:
        qs = qs.filter(officer__body_id=body)
    if status:
        qs = qs.filter(status=status)
    if domain:
        qs = qs.filter(domains__code=domain).distinct()
    if expiring_before:
        qs = qs.filter(valid_until__lte=expiring_before, status=CertificateStatus.VALID)
    return qs


def division_list(*, user, action: str = "view", parent: str = "", level: str = "",
                  search: str = "") -> QuerySet[Division]:
    qs = Division.objects.restrict(user, action)
    if parent:
        qs = qs.filter(parent_id=parent)
    if level:
        qs = qs.filter(level=level)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(code__startswith=search))
    return qs


def domain_list(*, user, action: str = "view") -> QuerySet[Domain]:
    return Domain.objects.restrict(user, action)


def user_list(*, user, action: str = "view", search: str = "", body: str = "", role: str = "") -> QuerySet[User]:
    """Accounts of the bodies in the user's scope (accounts follow their body's scope)."""
    from .permissions import body_scope_q

    qs = User.objects.select_related("body", "officer").prefetch_related("role_assignments")
    q = body_scope_q(user, action, "body__")
    if q is not None:
        qs = qs.filter(q)
    if search:
        qs = qs.filter(Q(username__icontains=search) | Q(real_name__icontains=search))
    if body:
        qs = qs.filter(body_id=body)
    if role:
        qs = qs.filter(role_assignments__role=role).distinct()
    return qs.order_by("username")


# --- certificate expiry (办法 第38条) --------------------------------------------------------------------------


def certificates_expiring(*, user, action: str = "view", days: int | None = None,
                          today: datetime.date | None = None, include_expired: bool = False) -> QuerySet[Certificate]:
    """Certificates still 有效 whose validity ends within ``days`` (default ``conf.warning_days()``) of ``today``,
    within the user's scope, soonest first; with ``include_expired`` also those already past their end."""
    today = today or timezone.localdate()
    days = conf.warning_days() if days is None else days
    qs = certificate_list(user=user, action=action).filter(
        status=CertificateStatus.VALID, valid_until__lte=today + datetime.timedelta(days=days))
    if not include_expired:
        qs = qs.filter(valid_until__gte=today)
    return qs.order_by("valid_until", "number")


def certificate_warning_list(*, user, action: str = "view", certificate=None) -> QuerySet[CertificateWarning]:
    qs = CertificateWarning.objects.restrict(user, action).select_related(
        "certificate", "certificate__officer", "certificate__officer__body")
    if certificate is not None:
        qs = qs.filter(certificate=certificate)
    return qs


def certificate_history(certificate: Certificate) -> dict:
    """The events and validity periods of a certificate the caller has already read through ``certificate_list``."""
    return {"events": list(certificate.events.order_by("occurred_at")),
            "periods": list(certificate.periods.order_by("valid_from"))}


# --- training (办法 第39条) ------------------------------------------------------------------------------------


def training_course_list(*, user, action: str = "view", search: str = "", category: str = "",
                         year: int | None = None) -> QuerySet[TrainingCourse]:
    qs = TrainingCourse.objects.restrict(user, action).select_related("body")
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(organiser__icontains=search))
    if category:
        qs = qs.filter(category=category)
    if year:
        qs = qs.filter(end_date__year=year)
    return qs


def training_record_list(*, user, action: str = "view", officer=None, course=None, year: int | None = None,
                         category: str = "") -> QuerySet[TrainingRecord]:
    qs = TrainingRecord.objects.restrict(user, action).select_related("officer", "officer__body", "course")
    if officer is not None:
        qs = qs.filter(officer=officer)
    if course is not None:
        qs = qs.filter(course=course)
    if year:
        qs = qs.filter(course__end_date__year=year)
    if category:
        qs = qs.filter(course__category=category)
    return qs


@dataclass
class TrainingYear:
    """An officer's training in one calendar year (courses counted in the year of their last day) against the
    annual minimum (``conf.annual_min_hours``)."""

    year: int
    hours: Decimal
    minimum: Decimal
    by_category: dict[str, Decimal] = field(default_factory=dict)
    courses: int = 0

    @property
    def met(self) -> bool:
        return self.hours >= self.minimum

    @property
    def shortfall(self) -> Decimal:
        return max(self.minimum - self.hours, Decimal(0))

    @property
    def percent(self) -> int:
        if not self.minimum:
            return 100
        return min(100, int(self.hours * 100 / self.minimum))

    @property
    def categories(self) -> list[tuple[str, Decimal]]:
        return [(TrainingCategory(c).label, h) for c, h in self.by_category.items()]


def training_year(*, user, officer: Officer, year: int | None = None) -> TrainingYear:
    """One officer's hours in ``year`` (default this year), from the records ``user`` may see."""
    year = year or timezone.localdate().year
    rows = (training_record_list(user=user, officer=officer, year=year).order_by()
            .values("course__category").annotate(total=Sum("hours")))
    by_category = {r["course__category"]: r["total"] or Decimal(0) for r in rows}
    count = training_record_list(user=user, officer=officer, year=year).count()
    return TrainingYear(year=year, hours=sum(by_category.values(), Decimal(0)), minimum=conf.annual_min_hours(),
                        by_category=dict(sorted(by_category.items())), courses=count)


def training_visible(*, user, officer: Officer) -> bool:
    """Whether ``user`` may see ``officer``'s training records (``permissions.training_q``)."""
    from .permissions import training_q

    scope = training_q(user, "view")
    return scope is None or Officer.objects.filter(scope, pk=officer.pk).exists()


def officer_training_totals(*, user, year: int | None = None, body: str = "", below_minimum: bool | None = None,
                            search: str = "") -> QuerySet[Officer]:
    """Officers in post whose training records the user may see (``permissions.training_q``), each annotated with
    ``training_hours`` in ``year``; ``below_minimum`` keeps those short of (True) or meeting (False) the minimum."""
    from .permissions import training_q

    year = year or timezone.localdate().year
    minimum = conf.annual_min_hours()
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=7, decimal_places=1))
    scope = training_q(user, "view")
    qs = Officer.objects.filter(status=OfficerStatus.ACTIVE) if scope is None else \
        Officer.objects.filter(scope, status=OfficerStatus.ACTIVE)
    qs = qs.select_related("body").annotate(training_hours=Coalesce(
        Sum("training_records__hours", filter=Q(training_records__course__end_date__year=year)), zero)) \
        .order_by("body__path", "name")
    if body:
        qs = qs.filter(body_id=body)
    if search:
        qs = qs.filter(name__icontains=search)
    if below_minimum is True:
        qs = qs.filter(training_hours__lt=minimum)
    elif below_minimum is False:
        qs = qs.filter(training_hours__gte=minimum)
    return qs


# --- The user's own sessions (docs/decisions/0045) ----------------------------------------------------------------

_BROWSERS = (("MicroMessenger", "微信"), ("DingTalk", "钉钉"), ("Edg/", "Edge"), ("Firefox/", "Firefox"),
             ("Chrome/", "Chrome"), ("Safari/", "Safari"))
_SYSTEMS = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("HarmonyOS", "鸿蒙"),
            ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Linux", "Linux"))


def describe_user_agent(agent: str) -> str:
    """'Chrome · Windows' from a User-Agent header; '未知设备' when it says nothing known."""
    browser = next((name for mark, name in _BROWSERS if mark in agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in agent), "")
    return " · ".join(part for part in (browser, system) if part) or "未知设备"


@dataclass
class SessionRow:
    session_key: str  # the secret: never shown; ``ref`` names the row on the page
    ref: str
    device: str
    user_agent: str
    ip_address: str
    created_at: datetime.datetime
    last_seen: datetime.datetime
    current: bool


def user_session_list(*, user, current_session_key: str | None) -> list[SessionRow]:
    """The user's own signed-in sessions, the current one first: those whose session still exists and has not been
    idle longer than ``YZF_SESSION_IDLE_MINUTES`` (rows of ended sessions are pruned at the next sign-in)."""
    from importlib import import_module

    from django.conf import settings

    from .models import UserSession

    store = import_module(settings.SESSION_ENGINE).SessionStore
    idle_since = timezone.now() - datetime.timedelta(minutes=max(1, int(settings.YZF_SESSION_IDLE_MINUTES)))
    rows = []
    for row in UserSession.objects.filter(user=user).order_by("-last_seen"):
        current = row.session_key == current_session_key
        if not current and (row.last_seen < idle_since or not store().exists(row.session_key)):
            continue
        ref = hashlib.sha256(row.session_key.encode()).hexdigest()[:32]
        rows.append(SessionRow(session_key=row.session_key, ref=ref, device=describe_user_agent(row.user_agent),
                               user_agent=row.user_agent, ip_address=row.ip_address, created_at=row.created_at,
                               last_seen=row.last_seen, current=current))
    rows.sort(key=lambda r: not r.current)
    return rows
