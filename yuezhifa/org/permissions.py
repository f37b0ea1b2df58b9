"""Who may do what to which rows of the organisation data (DESIGN §5.4).

A user's roles grant actions; each role assignment carries a data scope (本人 / 本单位 / 本单位及下级 / 辖区 / 全省).
A row is permitted when any of the user's roles grants the action and the row lies within that role's scope.
"""

from django.db.models import Q, QuerySet

from yuezhifa.core.errors import NotAllowed
from yuezhifa.core.querysets import register_policy

from .models import (
    Certificate,
    CertificateWarning,
    Division,
    Domain,
    EnforcementBody,
    Officer,
    Role,
    Scope,
    TrainingCourse,
    TrainingRecord,
)

# Actions on organisation data each role may perform (within its scope).
ROLE_ACTIONS: dict[str, set[str]] = {
    Role.OFFICER: {"view"},
    Role.LEGAL_REVIEWER: {"view"},
    Role.HEAD: {"view"},
    Role.SUPERVISOR: {"view"},
    Role.ADMIN: {"view", "change", "view_id_number"},
    # data sharing (docs/decisions/0061): no power over organisation data
    Role.DATA_CONSUMER: set(),
    Role.DATA_ADMIN: set(),
}

# The data scope a role gets unless an administrator sets another.
DEFAULT_SCOPE: dict[str, str] = {
    Role.OFFICER: Scope.OWN,
    Role.LEGAL_REVIEWER: Scope.BODY,
    Role.HEAD: Scope.SUBTREE,
    Role.SUPERVISOR: Scope.JURISDICTION,
    Role.ADMIN: Scope.SUBTREE,
    Role.DATA_CONSUMER: Scope.BODY,
    Role.DATA_ADMIN: Scope.PROVINCE,
}

# The scopes a role may be given at all: an officer is never given the province.
ALLOWED_SCOPES: dict[str, set[str]] = {
    Role.OFFICER: {Scope.OWN, Scope.BODY},
    Role.LEGAL_REVIEWER: {Scope.BODY, Scope.SUBTREE},
    Role.HEAD: {Scope.BODY, Scope.SUBTREE},
    Role.SUPERVISOR: {Scope.BODY, Scope.SUBTREE, Scope.JURISDICTION, Scope.PROVINCE},
    Role.ADMIN: {Scope.BODY, Scope.SUBTREE, Scope.JURISDICTION, Scope.PROVINCE},
    Role.DATA_CONSUMER: {Scope.BODY},
    Role.DATA_ADMIN: {Scope.PROVINCE},
}


def _assignments(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_yzf_roles", None)
    if cached is None:
        cached = [(a.role, a.scope) for a in user.role_assignments.all()]
        user._yzf_roles = cached
    return cached


def assignments(user) -> list[tuple[str, str]]:
    """The user's (role, scope) pairs, read once per request."""
    return _assignments(user)


def user_roles(user) -> set[str]:
    return {role for role, _ in _assignments(user)}


def scope_q(body, scope: str, prefix: str = "") -> Q | None:
    """Q over ``EnforcementBody`` (reached through ``prefix``) for one data scope seen from ``body``; None means
    every row. For organisation data 本人 reads as 本单位 (docs/decisions/0001)."""
    if scope == Scope.PROVINCE:
        return None
    if body is None:
        return Q(**{f"{prefix}pk__in": []})
    if scope in (Scope.OWN, Scope.BODY):
        return Q(**{f"{prefix}pk": body.pk})
    if scope == Scope.SUBTREE:
        return Q(**{f"{prefix}path__startswith": body.path})
    if scope == Scope.JURISDICTION:
        return Q(**{f"{prefix}division__code__startswith": body.division_id})
    return Q(**{f"{prefix}pk__in": []})


def body_scope_q(user, action: str, prefix: str = "") -> Q | None:
    """Q over ``EnforcementBody`` (reached through ``prefix``) for the rows ``user`` may ``action``;
    None means every row (superuser or province scope); an empty ``pk__in`` means none."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return None
    body = getattr(user, "body", None)
    result = Q(**{f"{prefix}pk__in": []})
    for role, scope in _assignments(user):
        if action not in ROLE_ACTIONS.get(role, set()):
            continue
        q = scope_q(body, scope, prefix)
        if q is None:
            return None
        result |= q
    return result


def is_province_admin(user) -> bool:
    """The province's administrator: a superuser, the platform itself (``core.actors.SYSTEM``), or an administrator
    whose scope is 全省. Only they grant roles and change a body's division, level and special powers
    (DESIGN §5.8; docs/decisions/0019)."""
    return bool(getattr(user, "is_active", False)) and body_scope_q(user, "change") is None


# How far each scope reaches, from narrow to wide: a grant's reach must lie within the granter's.
def _region_within(inner: tuple[str, object], outer: tuple[str, object]) -> bool:
    """Whether the bodies of data scope ``inner`` = (scope, anchor body) always lie within those of ``outer``.
    A body's division lies within its parent's (``services.bodies``), so a subtree lies within the jurisdiction of
    its root's division; a jurisdiction never lies within a subtree (bodies of other lines share the division)."""
    scope, body = inner
    outer_scope, outer_body = outer
    if outer_scope == Scope.PROVINCE:
        return True
    if scope == Scope.PROVINCE or body is None or outer_body is None:
        return False
    if outer_scope == Scope.JURISDICTION:
        return body.division_id.startswith(outer_body.division_id)
    if outer_scope == Scope.SUBTREE:
        return scope != Scope.JURISDICTION and body.path.startswith(outer_body.path)
    return scope in (Scope.OWN, Scope.BODY) and body.pk == outer_body.pk


def grant_within_scope(granter, body, role: str, scope: str) -> bool:
    """A grant never exceeds the granter's own power: the granter administers (ADMIN, the only role that grants) a
    region that contains everything the grant (``role`` with ``scope``, anchored at the grantee's ``body``) reaches;
    the 系统管理员 role itself is only granted within the granter's reach as well. The platform and superusers reach
    everything."""
    if getattr(granter, "is_superuser", False) and getattr(granter, "is_active", False):
        return True
    if role not in Role.values or scope not in Scope.values:
        return False
    own = getattr(granter, "body", None)
    return any(_region_within((scope, body), (granter_scope, own))
               for granter_role, granter_scope in _assignments(granter) if granter_role == Role.ADMIN)


def certify_scope_q(user, prefix: str = "") -> Q | None:
    """Whose certificates ``user`` may issue, renew, suspend, reinstate and revoke (办法 第38条: 各级司法行政部门):
    only an administrator of a justice department (or the province's superuser / the system), within that
    administrator's scope. A 广州市司法局 administrator with the 辖区 scope covers every body of 4401."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return None
    body = getattr(user, "body", None)
    if body is None or not body.is_justice_department:
        return Q(**{f"{prefix}pk__in": []})
    return body_scope_q(user, "change", prefix)


def can_certify(user) -> bool:
    """Whether the user may act on certificates anywhere (the rows are still decided by ``restrict``)."""
    if not getattr(user, "is_active", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    body = getattr(user, "body", None)
    return bool(body is not None and body.is_justice_department
                and any("change" in ROLE_ACTIONS.get(role, set()) for role, _ in _assignments(user)))


def _through(prefix: str):
    def policy(queryset: QuerySet, user, action: str) -> QuerySet:
        q = body_scope_q(user, action, prefix)
        return queryset if q is None else queryset.filter(q)

    return policy


def _through_certifiable(prefix: str):
    """Like ``_through``, plus the ``certify`` action of the justice departments' administrators."""
    plain = _through(prefix)

    def policy(queryset: QuerySet, user, action: str) -> QuerySet:
        if action == "certify":
            q = certify_scope_q(user, prefix)
            return queryset if q is None else queryset.filter(q)
        return plain(queryset, user, action)

    return policy


register_policy(EnforcementBody, actions={"view", "change"})(_through(""))
register_policy(Officer, actions={"view", "change", "view_id_number", "certify"})(_through_certifiable("body__"))
register_policy(Certificate, actions={"view", "change", "certify"})(_through_certifiable("officer__body__"))
# Warnings are recorded by the daily task; people only read them.
register_policy(CertificateWarning, actions={"view"})(_through("certificate__officer__body__"))


@register_policy(TrainingCourse, actions={"view", "change"})
def _training_courses(queryset: QuerySet, user, action: str) -> QuerySet:
    """Courses are not personal data: anyone with a role may read them (officers of many bodies attend one course);
    the registering body's administrators change them."""
    if action == "view":
        if getattr(user, "is_superuser", False) and user.is_active:
            return queryset
        return queryset if _assignments(user) else queryset.none()
    q = body_scope_q(user, action, "body__")
    return queryset if q is None else queryset.filter(q)


def training_q(user, action: str, prefix: str = "") -> Q | None:
    """Q over ``Officer`` (reached through ``prefix``) whose training records ``user`` may ``action``. Records hold
    exam results, so here 本人 means the officer's own records only; wider scopes reach the officers of their
    bodies, as for the officers themselves. None means every officer."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return None
    body = getattr(user, "body", None)
    result = Q(**{f"{prefix}pk__in": []})
    for role, scope in _assignments(user):
        if action not in ROLE_ACTIONS.get(role, set()):
            continue
        if scope == Scope.OWN:
            officer_id = getattr(user, "officer_id", None)
            if officer_id:
                result |= Q(**{f"{prefix}pk": officer_id})
            continue
        q = scope_q(body, scope, f"{prefix}body__")
        if q is None:
            return None
        result |= q
    return result


@register_policy(TrainingRecord, actions={"view", "change"})
def _training_records(queryset: QuerySet, user, action: str) -> QuerySet:
    q = training_q(user, action, "officer__")
    return queryset if q is None else queryset.filter(q)


@register_policy(Division, actions={"view", "change"})
@register_policy(Domain, actions={"view", "change"})
def _reference_data(queryset: QuerySet, user, action: str) -> QuerySet:
    """Divisions and domains are reference data: anyone may read them; only the province's administrators change them."""
    if action == "view":
        return queryset
    if getattr(user, "is_superuser", False) or body_scope_q(user, action) is None:
        return queryset
    return queryset.none()


def require(user, action: str, obj) -> None:
    """Raise ``NotAllowed`` unless ``user`` may ``action`` this object."""
    model = type(obj)
    if not model.objects.filter(pk=obj.pk).restrict(user, action).exists():
        raise NotAllowed(f"您无权对“{obj}”执行该操作。")
