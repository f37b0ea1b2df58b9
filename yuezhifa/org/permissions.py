"""Who may do what to which rows of the organisation data (DESIGN §5.4).

A user's roles grant actions; each role assignment carries a data scope (本人 / 本单位 / 本单位及下级 / 辖区 / 全省).
A row is permitted when any of the user's roles grants the action and the row lies within that role's scope.
"""

from django.db.models import Q, QuerySet

from yuezhifa.core.errors import NotAllowed
from yuezhifa.core.querysets import register_policy

from .models import Certificate, Division, Domain, EnforcementBody, Officer, Role, Scope

# Actions on organisation data each role may perform (within its scope).
ROLE_ACTIONS: dict[str, set[str]] = {
    Role.OFFICER: {"view"},
    Role.LEGAL_REVIEWER: {"view"},
    Role.HEAD: {"view"},
    Role.SUPERVISOR: {"view"},
    Role.ADMIN: {"view", "change", "view_id_number"},
}

# The data scope a role gets unless an administrator sets another.
DEFAULT_SCOPE: dict[str, str] = {
    Role.OFFICER: Scope.OWN,
    Role.LEGAL_REVIEWER: Scope.BODY,
    Role.HEAD: Scope.SUBTREE,
    Role.SUPERVISOR: Scope.JURISDICTION,
    Role.ADMIN: Scope.SUBTREE,
}

# The scopes a role may be given at all: an officer is never given the province.
ALLOWED_SCOPES: dict[str, set[str]] = {
    Role.OFFICER: {Scope.OWN, Scope.BODY},
    Role.LEGAL_REVIEWER: {Scope.BODY, Scope.SUBTREE},
    Role.HEAD: {Scope.BODY, Scope.SUBTREE},
    Role.SUPERVISOR: {Scope.BODY, Scope.SUBTREE, Scope.JURISDICTION, Scope.PROVINCE},
    Role.ADMIN: {Scope.BODY, Scope.SUBTREE, Scope.JURISDICTION, Scope.PROVINCE},
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
        if scope == Scope.PROVINCE:
            return None
        if body is None:
            continue
        if scope in (Scope.OWN, Scope.BODY):
            result |= Q(**{f"{prefix}pk": body.pk})
        elif scope == Scope.SUBTREE:
            result |= Q(**{f"{prefix}path__startswith": body.path})
        elif scope == Scope.JURISDICTION:
            result |= Q(**{f"{prefix}division__code__startswith": body.division_id})
    return result


def _through(prefix: str):
    def policy(queryset: QuerySet, user, action: str) -> QuerySet:
        q = body_scope_q(user, action, prefix)
        return queryset if q is None else queryset.filter(q)

    return policy


register_policy(EnforcementBody)(_through(""))
register_policy(Officer)(_through("body__"))
register_policy(Certificate)(_through("officer__body__"))


@register_policy(Division)
@register_policy(Domain)
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
