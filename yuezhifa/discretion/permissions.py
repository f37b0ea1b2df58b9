"""Who may read and who may issue discretion benchmarks (decision 0007).

Benchmarks are public (处罚法 第34条: 行政处罚裁量基准应当向社会公布): every logged-in user reads every benchmark that
has taken effect. A draft is seen only by those who may issue it.

A benchmark is issued by an enforcement body for its own use and for the bodies below it: a provincial department for
the province, a city or county body for its area, refining the benchmark of a body above it where there is one (a
local tier must lie inside the upper benchmark's same tier). It is written and published by a superuser (or the platform
itself, ``core.actors.SYSTEM``) or by a user holding the administrator role *in the issuing body*. Township bodies and
entrusted organisations (办法 第67条) do not issue benchmarks.
"""

from django.db.models import Q, QuerySet

from yuezhifa.core.errors import NotAllowed
from yuezhifa.core.querysets import register_policy
from yuezhifa.org.models import BodyKind, BodyStatus, Level, Role
from yuezhifa.org.permissions import user_roles

from .models import (
    Benchmark,
    BenchmarkStatus,
    Circumstance,
    CircumstanceRule,
    FineBranch,
    StatutoryPenalty,
    Tier,
    TierFine,
    TierPenalty,
)

ISSUING_KINDS = frozenset({BodyKind.GOVERNMENT, BodyKind.DEPARTMENT, BodyKind.AUTHORISED})
ISSUING_LEVELS = frozenset({Level.PROVINCE, Level.CITY, Level.COUNTY})


def can_read(user) -> bool:
    return bool(user is not None and getattr(user, "is_active", False)
                and (getattr(user, "is_authenticated", False) or getattr(user, "is_superuser", False)))


def is_superuser(user) -> bool:
    return bool(user is not None and getattr(user, "is_active", False) and getattr(user, "is_superuser", False))


def admin_body_id(user):
    """The body whose benchmarks ``user`` may write (their own body, if they are its administrator), or None."""
    if not can_read(user) or not getattr(user, "is_authenticated", False):
        return None
    body_id = getattr(user, "body_id", None)
    if body_id is None or Role.ADMIN not in user_roles(user):
        return None
    return body_id


def issuer_problem(body) -> str | None:
    """Why ``body`` cannot issue a benchmark at all, or None."""
    if body.status != BodyStatus.ACTIVE:
        return f"“{body.name}”状态为{body.get_status_display()}，不能制定裁量基准。"
    if body.kind not in ISSUING_KINDS:
        return f"“{body.name}”是{body.get_kind_display()}，不能制定裁量基准（受委托组织以委托机关的基准执法）。"
    if body.level not in ISSUING_LEVELS:
        return f"“{body.name}”是{body.get_level_display()}主体，裁量基准由省、市、县级行政机关制定。"
    return None


def can_issue(user, body) -> bool:
    if is_superuser(user):
        return True
    return body is not None and admin_body_id(user) == body.pk


def require_issuer(user, body) -> None:
    if not can_issue(user, body):
        raise NotAllowed(f"只有“{body.name}”的系统管理员或超级管理员可以制定、发布或废止该主体的裁量基准。",
                         field="issuing_body")
    problem = issuer_problem(body)
    if problem:
        raise NotAllowed(problem, field="issuing_body")


def _benchmark_q(user, action: str, prefix: str = "") -> Q | None:
    """None: every row; otherwise the rows ``user`` may ``action``."""
    if is_superuser(user):
        return None
    mine = admin_body_id(user)
    own = Q(**{f"{prefix}issuing_body_id": mine}) if mine else Q(**{f"{prefix}pk__in": []})
    if action == "view":
        return ~Q(**{f"{prefix}status": BenchmarkStatus.DRAFT}) | own
    if action == "change":
        return own
    return Q(**{f"{prefix}pk__in": []})


def _policy(prefix: str):
    def policy(queryset: QuerySet, user, action: str) -> QuerySet:
        if not can_read(user):
            return queryset.none()
        q = _benchmark_q(user, action, prefix)
        return queryset if q is None else queryset.filter(q)

    return policy


register_policy(Benchmark, actions={"view", "change"})(_policy(""))
register_policy(FineBranch, actions={"view", "change"})(_policy("benchmark__"))
register_policy(StatutoryPenalty, actions={"view", "change"})(_policy("benchmark__"))
register_policy(Tier, actions={"view", "change"})(_policy("benchmark__"))
register_policy(CircumstanceRule, actions={"view", "change"})(_policy("benchmark__"))
register_policy(TierFine, actions={"view", "change"})(_policy("tier__benchmark__"))
register_policy(TierPenalty, actions={"view", "change"})(_policy("tier__benchmark__"))


@register_policy(Circumstance, actions={"view", "change"})
def _vocabulary(queryset: QuerySet, user, action: str) -> QuerySet:
    """The vocabulary is reference data: everyone reads it; only superusers change it."""
    if action == "view":
        return queryset if can_read(user) else queryset.none()
    return queryset if is_superuser(user) else queryset.none()
