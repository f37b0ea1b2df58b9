"""Who sees what on the supervision platform (DESIGN §5.4; docs/decisions/0015).

* A supervisor sees the alerts and the statistics of their jurisdiction, by the data scope of their supervisor role
  (本单位 / 本单位及下级 / 辖区 / 全省); never the case files themselves, except under an approved, unexpired
  access grant (办法 第三十七条, ``access``).
* An enforcement body sees its own alerts and notifications: its officers, legal reviewers and heads (a head with
  本单位及下级 also its subordinates').
* A head approves the access requests of supervisors of their body (or, with 本单位及下级, of its subordinates),
  when that head is a *confirmed approver* (``approval_problem``): a head of a supervisory (司法行政) body whose head
  role was granted by the province, or by someone other than the requester's creator; never the requester, nor
  the one who created the requester's account (docs/decisions/0019).
"""

from django.db.models import Q, QuerySet

from yuezhifa.core.querysets import register_policy
from yuezhifa.org.models import Role, RoleAssignment, Scope
from yuezhifa.org.permissions import assignments, scope_q

from .models import AccessGrant, Alert, GrantStatus, InspectionFeedback, Notification

BODY_ROLES = {Role.OFFICER, Role.LEGAL_REVIEWER, Role.HEAD}
# alerts the enforcement body never sees, only its supervisors: a subject's complaint about an inspection goes to the
# supervisors only (LEGAL.md §4; docs/decisions/0041)
SUPERVISOR_ONLY_RULES = ("inspection_complaint",)


def _system(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) and getattr(user, "is_active", False)


def supervised_bodies_q(user, prefix: str = "") -> Q | None:
    """Bodies ``user`` supervises (their supervisor roles' scopes); None = all; an empty ``pk__in`` = none."""
    if _system(user):
        return None
    result = Q(**{f"{prefix}pk__in": []})
    for role, scope in assignments(user):
        if role != Role.SUPERVISOR:
            continue
        q = scope_q(getattr(user, "body", None), scope, prefix)
        if q is None:
            return None
        result |= q
    return result


def own_bodies_q(user, prefix: str = "") -> Q:
    """Bodies whose alerts and notifications ``user`` sees as a member: their own body (a head with 本单位及下级,
    its subtree)."""
    body = getattr(user, "body", None)
    result = Q(**{f"{prefix}pk__in": []})
    if body is None:
        return result
    for role, scope in assignments(user):
        if role not in BODY_ROLES:
            continue
        if role == Role.HEAD and scope == Scope.SUBTREE:
            result |= Q(**{f"{prefix}path__startswith": body.path})
        else:
            result |= Q(**{f"{prefix}pk": body.pk})
    return result


def is_supervisor(user) -> bool:
    return _system(user) or any(role == Role.SUPERVISOR for role, _ in assignments(user))


def is_body_member(user) -> bool:
    return getattr(user, "body", None) is not None and any(role in BODY_ROLES for role, _ in assignments(user))


def can_use_supervision(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (is_supervisor(user) or is_body_member(user))


def alert_scope_q(user) -> Q | None:
    sup = supervised_bodies_q(user, "body__")
    if sup is None:
        return None
    return sup | (own_bodies_q(user, "body__") & ~Q(rule__in=SUPERVISOR_ONLY_RULES))


def can_explain(user, alert: Alert) -> bool:
    """The body explains its own alerts; supervisors only read them."""
    return (Alert.objects.filter(pk=alert.pk).filter(own_bodies_q(user, "body__"))
            .exclude(rule__in=SUPERVISOR_ONLY_RULES).exists())


def feedback_scope_q(user) -> Q | None:
    """``InspectionFeedback`` ``user`` sees and handles: the supervisors whose jurisdiction covers the inspecting
    body; never the body's own officers, heads or administrators (None = all: the platform itself)."""
    return supervised_bodies_q(user, "body__")


def approves_for(user, requester_body) -> bool:
    """``user`` is a head over ``requester_body`` (the supervisor's own body or, with 本单位及下级, above it)."""
    body = getattr(user, "body", None)
    if body is None or requester_body is None:
        return False
    for role, scope in assignments(user):
        if role != Role.HEAD:
            continue
        if requester_body.pk == body.pk:
            return True
        if scope == Scope.SUBTREE and requester_body.path.startswith(body.path):
            return True
    return False


def approvable_q(user) -> Q:
    """Q over ``AccessGrant`` for the requests ``user`` may decide as a head."""
    body = getattr(user, "body", None)
    result = Q(pk__in=[])
    if body is None:
        return result
    for role, scope in assignments(user):
        if role != Role.HEAD:
            continue
        result |= Q(requester_body_id=body.pk)
        if scope == Scope.SUBTREE:
            result |= Q(requester_body__path__startswith=body.path)
    return result & ~Q(requester_id=getattr(user, "pk", None))


def _head_assignment(user):
    if getattr(user, "pk", None) is None:
        return None
    cache = getattr(user, "_yzf_head_grant", False)
    if cache is False:
        cache = RoleAssignment.objects.filter(user_id=user.pk, role=Role.HEAD).first()
        user._yzf_head_grant = cache
    return cache


def approval_problem(user, grant) -> str | None:
    """Why ``user`` may not approve ``grant`` (办法 第三十七条: 经本机关负责人批准), or None. Separation of duties
    holds even when one administrator opened both accounts: the approver is a head over the requester's body in a
    supervisory (司法行政) body, is not the requester, did not create the requester's account, and holds a head role
    confirmed by the province or by someone other than whoever created the requester's account."""
    requester = grant.requester
    if requester.pk == getattr(user, "pk", None):
        return "不能审批本人的查阅申请。"
    if not approves_for(user, grant.requester_body):
        return "只有申请人所在机关的负责人可以审批查阅申请。"
    if not user.body.is_justice_department:
        return "查阅申请须由监督机关（司法行政部门）的负责人审批。"
    if requester.created_by_id is not None and requester.created_by_id == user.pk:
        return "申请人的账号由您创建，您不能审批其查阅申请，请由其他负责人审批。"
    head = _head_assignment(user)
    if head is None:
        return "只有申请人所在机关的负责人可以审批查阅申请。"
    if head.granted_by_province:
        return None
    if head.granted_by_id is None or head.granted_by_id in (requester.created_by_id, requester.pk):
        return ("您的负责人角色由创建申请人账号的管理员授予，尚未经全省系统管理员或其他管理员确认，"
                "不能审批该查阅申请。")
    return None


def approve_q(user) -> Q:
    """Q over ``AccessGrant`` for the requests ``user`` may approve: ``approvable_q`` narrowed by
    ``approval_problem``'s rules, for the ``approve`` action of the policy."""
    body = getattr(user, "body", None)
    head = _head_assignment(user)
    if body is None or head is None or not body.is_justice_department:
        return Q(pk__in=[])
    q = approvable_q(user) & ~Q(requester__created_by_id=user.pk) & Q(status=GrantStatus.PENDING)
    if head.granted_by_province:
        return q
    if head.granted_by_id is None:
        return Q(pk__in=[])
    return q & ~Q(requester__created_by_id=head.granted_by_id) & ~Q(requester_id=head.granted_by_id)


@register_policy(Alert, actions={"view"})
def _alerts(queryset: QuerySet, user, action: str) -> QuerySet:
    if action != "view":
        return queryset.none()
    q = alert_scope_q(user)
    return queryset if q is None else queryset.filter(q)


@register_policy(Notification, actions={"view"})
def _notifications(queryset: QuerySet, user, action: str) -> QuerySet:
    if action != "view":
        return queryset.none()
    if _system(user):
        return queryset
    return queryset.filter(own_bodies_q(user, "body__"))


@register_policy(AccessGrant, actions={"view", "approve"})
def _grants(queryset: QuerySet, user, action: str) -> QuerySet:
    """A supervisor sees their own requests; a head those they may decide; the enforcement body the approved ones
    over its cases (it is told of them; a request not approved gives it nothing to know)."""
    if action == "approve":
        return queryset.filter(approve_q(user))
    if action != "view":
        return queryset.none()
    if _system(user):
        return queryset
    return queryset.filter(Q(requester_id=getattr(user, "pk", None)) | approvable_q(user)
                           | (own_bodies_q(user, "case__body__") & Q(status=GrantStatus.APPROVED)))


@register_policy(InspectionFeedback, actions={"view", "handle"})
def _feedback(queryset: QuerySet, user, action: str) -> QuerySet:
    """Evaluations and complaints of inspected subjects: to the supervisors only (LEGAL.md §4; docs/decisions/0041).
    Membership of the inspecting body, any role of it, gives nothing; handling a complaint is a supervisor's."""
    if action not in ("view", "handle"):
        return queryset.none()
    q = feedback_scope_q(user)
    return queryset if q is None else queryset.filter(q)
