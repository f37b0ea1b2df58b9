"""Reads of data sharing: the rows a grant reaches, the grants a user sees, the usage report."""

from __future__ import annotations

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from yuezhifa.themes.models import Record

from .models import Grant, GrantStatus, Usage
from .permissions import is_data_admin, visible_q


def division_q(codes, prefix: str = "") -> Q:
    """Rows of the divisions ``codes`` and below (a division code nests by prefix: 4401 ⊃ 440106)."""
    q = Q(pk__in=[])
    for code in codes:
        q |= Q(**{f"{prefix}division_code__startswith": code})
    return q


def granted_records(grant: Grant) -> QuerySet:
    """The theme library's current records a grant reaches: its dataset's kinds, its divisions and below, its period
    of decision (办法 第五十一条: 关联和最小够用)."""
    return (Record.objects.filter(current=True, kind__in=grant.dataset.kinds,
                                  decided_on__gte=grant.period_from, decided_on__lte=grant.period_to)
            .filter(division_q(grant.granted_divisions)).order_by("decided_on", "id"))


def is_usable(grant: Grant, today=None) -> bool:
    today = today or timezone.localdate()
    return grant.status == GrantStatus.APPROVED and grant.valid_until >= today


def state_label(grant: Grant) -> str:
    if grant.status == GrantStatus.APPROVED and grant.valid_until < timezone.localdate():
        return "已过期"
    return grant.get_status_display()


def visible_grants(user) -> QuerySet:
    return (Grant.objects.filter(visible_q(user))
            .select_related("dataset", "requester", "requester_body", "decided_by", "revoked_by"))


def pending_for(user) -> QuerySet:
    """Requests waiting for ``user``'s decision (never their own)."""
    if not is_data_admin(user):
        return Grant.objects.none()
    return visible_grants(user).filter(status=GrantStatus.PENDING).exclude(requester_id=user.pk)


def pending_badge(request) -> int:
    user = getattr(request, "user", None)
    if user is None or not is_data_admin(user):
        return 0
    return pending_for(user).count()


def usage_summary(grant: Grant) -> dict:
    agg = grant.uses.aggregate(uses=Count("id"), served=Count("id", filter=Q(status=200)),
                               rows=Sum("rows", filter=Q(status=200)), last=Max("at"))
    return {"uses": agg["uses"] or 0, "served": agg["served"] or 0, "rows": agg["rows"] or 0, "last": agg["last"]}


def usage_rows(grant: Grant) -> QuerySet:
    return Usage.objects.filter(grant=grant).order_by("-at", "-id")
