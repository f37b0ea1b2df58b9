"""Who may read and who may maintain the enforcement items library.

Every logged-in user reads the item list: it is the common list of powers every body's cases draw on. Only the
province's justice department maintains the provincial list (办法 第13条(二), 第52条): a superuser, the platform
itself (``core.actors.SYSTEM``), or a user holding the administrator role in a provincial-level body that is a
justice department. A city administrator may not edit the provincial list.

A body's basis adjustments (办法 第54条) are read within the ordinary organisation scopes (the body and those above it
who may see it), and by the provincial list's maintainers.
"""

from django.db.models import QuerySet

from yuezhifa.core.errors import NotAllowed
from yuezhifa.core.querysets import register_policy
from yuezhifa.org.models import Level, Role
from yuezhifa.org.permissions import body_scope_q, user_roles

from .models import BasisAdjustment, Item, ItemBasis

EDIT_ACTIONS = frozenset({"change", "import"})


def can_read_items(user) -> bool:
    return bool(user is not None and getattr(user, "is_active", False)
                and (getattr(user, "is_authenticated", False) or getattr(user, "is_superuser", False)))


def can_edit_items(user) -> bool:
    """The provincial list's maintainers: superuser / SYSTEM, or an administrator of a provincial justice department."""
    if user is None or not getattr(user, "is_active", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    body = getattr(user, "body", None)
    if body is None or not body.is_justice_department or body.level != Level.PROVINCE:
        return False
    return Role.ADMIN in user_roles(user)


def require_editor(user) -> None:
    if not can_edit_items(user):
        raise NotAllowed("只有省司法行政部门的系统管理员或超级管理员可以维护全省执法事项清单（办法 第13条(二)）。")


@register_policy(Item, actions={"view", *EDIT_ACTIONS})
def _items(queryset: QuerySet, user, action: str) -> QuerySet:
    if action == "view":
        return queryset if can_read_items(user) else queryset.none()
    if action in EDIT_ACTIONS:
        return queryset if can_edit_items(user) else queryset.none()
    return queryset.none()


@register_policy(ItemBasis, actions={"view", *EDIT_ACTIONS})
def _bases(queryset: QuerySet, user, action: str) -> QuerySet:
    return _items(queryset, user, action)


@register_policy(BasisAdjustment, actions={"view"})
def _adjustments(queryset: QuerySet, user, action: str) -> QuerySet:
    """Read within the organisation scope of the body; the provincial maintainers read every body's adjustments.
    Writes are decided per act by the services (submit, approve, report), not by a row policy."""
    if action != "view" or not can_read_items(user):
        return queryset.none()
    if can_edit_items(user):
        return queryset
    q = body_scope_q(user, "view", "body__")
    return queryset if q is None else queryset.filter(q)
