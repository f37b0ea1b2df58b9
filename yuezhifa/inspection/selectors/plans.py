"""Reads of plans, draws and joint visits (docs/decisions/0039): the planners' lists through the row policies, and the
public lists (published plans and draw results; enterprises only, no natural persons' data)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q

from ..models import (
    Draw,
    DrawnSubject,
    JointVisit,
    JointVisitStatus,
    Plan,
    PlanStatus,
    SubjectKind,
)


def plans_for(user, *, year: int | None = None, status: str = ""):
    qs = Plan.objects.restrict(user, "view").select_related("body", "deployed_by").order_by("-year", "title")
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return qs


def plan_for(user, pk) -> Plan | None:
    return (plans_for(user).prefetch_related("items__item").filter(pk=pk).first())


def plan_permissions(user, plan: Plan) -> dict[str, bool]:
    def may(action):
        return Plan.objects.restrict(user, action).filter(pk=plan.pk).exists()

    draft, approve = may("draft"), may("approve")
    return {"approve": approve and plan.status == PlanStatus.DRAFT,
            "publish": draft and plan.status == PlanStatus.APPROVED,
            "withdraw": approve and plan.status != PlanStatus.WITHDRAWN,
            "draw": may("draw") and plan.status in (PlanStatus.APPROVED, PlanStatus.PUBLISHED)}


def draws_of(user, plan: Plan):
    return (Draw.objects.restrict(user, "view").filter(plan=plan).select_related("drawn_by")
            .annotate(n_subjects=Count("subjects")).order_by("-drawn_at"))


def draw_for(user, pk) -> Draw | None:
    return (Draw.objects.restrict(user, "view").select_related("plan__body", "drawn_by").filter(pk=pk).first())


def drawn_subjects(draw: Draw, *, public: bool = False):
    """The drawn subjects in order; on public pages only enterprises and organisations (no natural persons)."""
    qs = DrawnSubject.objects.filter(draw=draw).select_related("subject__division").order_by("position")
    if public:
        qs = qs.exclude(subject__kind=SubjectKind.PERSON)
    return qs


def drawn_officers(draw: Draw):
    return draw.officers.select_related("officer").order_by("position")


def joint_visits_for(user, *, plan: Plan | None = None, open_only: bool = False):
    """The joint-visit matches the user's bodies' planners see; with ``plan``, those joining it."""
    qs = JointVisit.objects.restrict(user, "view")
    if plan is not None:
        qs = qs.filter(plans=plan)
    if open_only:
        qs = qs.filter(status=JointVisitStatus.PROPOSED)
    return (JointVisit.objects.filter(pk__in=qs.values("pk")).select_related("subject", "lead_body")
            .prefetch_related(Prefetch("plans", queryset=Plan.objects.select_related("body")))
            .order_by("period_start"))


def joint_visits_to_agree(user):
    """The proposals the user (a head of one of the bodies) may agree to lead or decline."""
    return set(JointVisit.objects.restrict(user, "agree").filter(status=JointVisitStatus.PROPOSED)
               .values_list("pk", flat=True))


# --- public (/gongshi/) ------------------------------------------------------------------------------------------

def published_plans(*, year: int | None = None, q: str = ""):
    qs = (Plan.objects.filter(status=PlanStatus.PUBLISHED).select_related("body", "deployed_by")
          .prefetch_related("items__item").order_by("-year", "body__name", "title"))
    if year:
        qs = qs.filter(year=year)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(body__name__icontains=q))
    return qs


def published_plan(pk) -> Plan | None:
    return published_plans().filter(pk=pk).first()


def published_draws(plan: Plan):
    return (Draw.objects.filter(plan=plan, published_at__isnull=False, plan__status=PlanStatus.PUBLISHED)
            .order_by("-drawn_at"))


def published_draw(pk) -> Draw | None:
    return (Draw.objects.filter(pk=pk, published_at__isnull=False, plan__status=PlanStatus.PUBLISHED)
            .select_related("plan__body").first())


__all__ = ["draw_for", "drawn_officers", "drawn_subjects", "draws_of", "joint_visits_for", "joint_visits_to_agree",
           "plan_for", "plan_permissions", "plans_for", "published_draw", "published_draws", "published_plan",
           "published_plans"]
