"""Who may read and who may maintain the laws library.

Every logged-in user reads every law: the library is the common legal basis of all bodies. Only the province's
justice department maintains it (办法 第52条: the provincial justice administration keeps the base databases), that
is: a superuser, the platform itself (``core.actors.SYSTEM``), or a user holding the administrator role with
province-wide scope in a body that is a justice department.
"""

from django.db.models import QuerySet

from yuezhifa.core.errors import NotAllowed
from yuezhifa.core.querysets import register_policy
from yuezhifa.org.models import Role, Scope

from .models import Law, Provision

EDIT_ACTIONS = frozenset({"change", "import"})


def can_edit_laws(user) -> bool:
    if user is None or not getattr(user, "is_active", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    body = getattr(user, "body", None)
    if body is None or not body.is_justice_department:
        return False
    return user.role_assignments.filter(role=Role.ADMIN, scope=Scope.PROVINCE).exists()


def can_read_laws(user) -> bool:
    return bool(user is not None and getattr(user, "is_active", False)
                and (getattr(user, "is_authenticated", False) or getattr(user, "is_superuser", False)))


@register_policy(Law, actions={"view", *EDIT_ACTIONS})
@register_policy(Provision, actions={"view", *EDIT_ACTIONS})
def _library(queryset: QuerySet, user, action: str) -> QuerySet:
    if action == "view":
        return queryset if can_read_laws(user) else queryset.none()
    if action in EDIT_ACTIONS:
        return queryset if can_edit_laws(user) else queryset.none()
    return queryset.none()


def require_editor(user) -> None:
    if not can_edit_laws(user):
        raise NotAllowed("只有省司法行政部门的系统管理员（全省范围）或超级管理员可以维护法律法规库。")
