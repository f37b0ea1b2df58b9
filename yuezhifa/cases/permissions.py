"""Who may see and act on which cases (DESIGN §5.4).

An officer sees the cases they handle or registered (本人), or their body's (本单位) when given that scope; a
legal reviewer their body's; a head their body's and its subordinates'. A supervisor sees a decided or archived case
only while they hold an approved, unexpired access grant over it (办法 第三十七条): the supervision app registers how
grants are read (``register_grant_hooks``; ``cases`` imports nothing of it); without one they see none, and they never act on a case: ``acting_roles`` gives them no role. Acting on a case needs, in addition,
the role the act names (procedures.dsl).
"""

from django.db.models import Q, QuerySet

from yuezhifa.core.errors import NotAllowed
from yuezhifa.core.querysets import register_policy
from yuezhifa.org.models import Role, Scope
from yuezhifa.org.permissions import assignments

from .models import (
    Act,
    Case,
    CaseDeadline,
    CaseDocument,
    CaseLink,
    DeadlineRevision,
    DecisionPeriodRule,
    EmailDelivery,
    Evidence,
    Party,
)

CASE_ROLES = {Role.OFFICER, Role.HEAD, Role.LEGAL_REVIEWER}


def _is_system(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) and getattr(user, "is_active", False)


def _own(user) -> Q:
    own = Q(created_by_id=getattr(user, "pk", None))
    if getattr(user, "officer_id", None):
        own |= Q(pk__in=Case.handlers.through.objects.filter(officer_id=user.officer_id).values("case_id"))
    return own


def _no_granted_cases(user) -> Q | None:
    return None


def _holds_no_grant(user, case) -> bool:
    return False


_GRANT_HOOKS = {"granted_cases_q": _no_granted_cases, "holds_grant": _holds_no_grant}


def register_grant_hooks(*, granted_cases_q, holds_grant) -> None:
    """How access grants over cases are read (办法 第三十七条): ``granted_cases_q(user)`` gives the Q over ``Case`` of
    the cases ``user`` reads under a grant (None: no grants), ``holds_grant(user, case)`` whether ``user`` holds one
    over ``case``. Registered by the supervision app when it is ready; until then nobody holds a grant."""
    _GRANT_HOOKS.update(granted_cases_q=granted_cases_q, holds_grant=holds_grant)


def _granted_q(user) -> Q | None:
    return _GRANT_HOOKS["granted_cases_q"](user)


def case_scope_q(user, *, grants: bool = True) -> Q | None:
    """Q over ``Case`` for the cases ``user`` may see; None means all of them. ``grants=False`` leaves out the
    cases a supervisor reads under an access grant: those are read, never acted on."""
    if _is_system(user):
        return None
    body = getattr(user, "body", None)
    result = Q(pk__in=[])
    granted = _granted_q(user) if grants else None
    if granted is not None:
        result |= granted
    for role, scope in assignments(user):
        if role not in CASE_ROLES:
            continue
        if scope == Scope.PROVINCE:
            return None
        if body is None:
            continue
        if scope == Scope.OWN:
            result |= _own(user)
        elif scope == Scope.BODY:
            result |= Q(body_id=body.pk)
        elif scope == Scope.SUBTREE:
            result |= Q(body__path__startswith=body.path)
        elif scope == Scope.JURISDICTION:
            result |= Q(body__division__code__startswith=body.division_id)
    return result


def _covers(user, scope: str, case: Case) -> bool:
    body = getattr(user, "body", None)
    if scope == Scope.PROVINCE:
        return True
    if body is None:
        return False
    if scope == Scope.OWN:
        return case.body_id == body.pk and (case.created_by_id == user.pk or (
            user.officer_id is not None and case.pk is not None
            and case.handlers.filter(pk=user.officer_id).exists()))
    if scope == Scope.BODY:
        return case.body_id == body.pk
    if scope == Scope.SUBTREE:
        return case.body.path.startswith(body.path)
    if scope == Scope.JURISDICTION:
        return case.body.division_id.startswith(body.division_id)
    return False


def acting_roles(user, case: Case) -> set[str]:
    """The case roles ``user`` holds over ``case`` (the platform itself holds them all)."""
    if _is_system(user):
        return set(CASE_ROLES)
    return {role for role, scope in assignments(user) if role in CASE_ROLES and _covers(user, scope, case)}


def require_view(user, case: Case) -> None:
    """The user may read ``case``: by a case role over it, or (a supervisor) under an access grant."""
    if acting_roles(user, case):
        return
    if not _GRANT_HOOKS["holds_grant"](user, case):
        raise NotAllowed("您无权查看该案件。")


@register_policy(Case, actions={"view", "change"})
def _cases(queryset: QuerySet, user, action: str) -> QuerySet:
    """``view``: the cases the user's roles cover, and a supervisor's granted ones; ``change`` (acting on the case,
    the act's own role still required): the cases the user's case roles cover, never by a grant (办法 第三十七条)."""
    q = case_scope_q(user, grants=action == "view")
    return queryset if q is None else queryset.filter(q)


def _through_case(queryset: QuerySet, user, action: str) -> QuerySet:
    """A case's acts, parties, evidence, documents and deadlines are read with their case; they change only by a
    new act on the case (DESIGN §5.2), so ``view`` is their only action."""
    q = case_scope_q(user)
    return queryset if q is None else queryset.filter(case__in=Case.objects.filter(q).values("pk"))


for _model in (Act, Party, Evidence, CaseDocument, CaseDeadline, DeadlineRevision, EmailDelivery):
    register_policy(_model, actions={"view"})(_through_case)


@register_policy(CaseLink, actions={"view"})
def _case_links(queryset: QuerySet, user, action: str) -> QuerySet:
    """A link is seen with either of its cases (docs/decisions/0035): who sees one case learns that the other exists;
    what the other case holds is read only through its own policy. Links change only through the services."""
    q = case_scope_q(user)
    if q is None:
        return queryset
    visible = Case.objects.filter(q).values("pk")
    return queryset.filter(Q(case__in=visible) | Q(other__in=visible))


@register_policy(DecisionPeriodRule, actions={"view", "change"})
def _period_rules(queryset: QuerySet, user, action: str) -> QuerySet:
    """The domains' decision-period rules (处罚法 第六十条; docs/decisions/0026): read by every signed-in user (a case's
    page explains its deadline by them), kept by the province's administrator only (docs/decisions/0019)."""
    from yuezhifa.org.permissions import is_province_admin

    active = bool(getattr(user, "is_active", False)) and (
        getattr(user, "is_authenticated", False) or getattr(user, "is_superuser", False))
    if action == "view":
        return queryset if active else queryset.none()
    return queryset if active and is_province_admin(user) else queryset.none()
