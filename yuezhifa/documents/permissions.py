"""Who may read and change the document library (办法 第55条; docs/decisions/0005-执法文书库.md).

- Everyone logged in reads document types and templates: they are the province's published standard and carry no
  personal data.
- The provincial justice department maintains the library (第55条第1款) and performs sector personalisation on the
  application of a provincial sector department (第55条第2款): base templates, document types and domain overlays are
  changed only by its administrators (a superuser, or a user holding 系统管理员 whose body is the provincial justice
  department) and by the platform itself (``SYSTEM``).
- A body's administrator may keep overlays scoped to their own body, for the local details a province-wide text cannot
  know (contacts, payment instructions, a closing note); ``services`` limits such overlays to those blocks.
"""

from django.db.models import Q, QuerySet

from yuezhifa.core.errors import NotAllowed
from yuezhifa.core.querysets import register_policy
from yuezhifa.org.models import Level, Role
from yuezhifa.org.permissions import user_roles

from .models import DocumentTemplate, DocumentType


def _active(user) -> bool:
    return bool(getattr(user, "is_active", False)) and (
        getattr(user, "is_authenticated", False) or getattr(user, "is_superuser", False))


def is_library_admin(user) -> bool:
    """An administrator of the provincial justice department (or a superuser, or the platform itself)."""
    if not _active(user):
        return False
    if getattr(user, "is_superuser", False):
        return True
    body = getattr(user, "body", None)
    return (Role.ADMIN in user_roles(user) and body is not None and body.is_justice_department
            and body.level == Level.PROVINCE)


def is_body_admin(user, body) -> bool:
    """An administrator working for ``body`` itself."""
    if not _active(user) or body is None:
        return False
    return Role.ADMIN in user_roles(user) and getattr(user, "body_id", None) == body.pk


def can_read(user) -> bool:
    return _active(user)


@register_policy(DocumentType, actions={"view", "change"})
def _types(queryset: QuerySet, user, action: str) -> QuerySet:
    if action == "view":
        return queryset if can_read(user) else queryset.none()
    return queryset if is_library_admin(user) else queryset.none()


@register_policy(DocumentTemplate, actions={"view", "change"})
def _templates(queryset: QuerySet, user, action: str) -> QuerySet:
    if action == "view":
        return queryset if can_read(user) else queryset.none()
    if is_library_admin(user):
        return queryset
    if _active(user) and Role.ADMIN in user_roles(user) and getattr(user, "body_id", None):
        return queryset.filter(Q(body_id=user.body_id))
    return queryset.none()


def require_change(user, template: DocumentTemplate) -> None:
    """Raise ``NotAllowed`` unless ``user`` may change ``template``."""
    if is_library_admin(user):
        return
    if template.body_id and is_body_admin(user, template.body):
        return
    if template.body_id:
        raise NotAllowed(f"只有“{template.body.name}”的系统管理员或省司法行政部门的系统管理员可以修改该个性化模板。")
    raise NotAllowed("省统一文书模板和行业个性化模板只能由省司法行政部门的系统管理员维护（办法 第五十五条）。")
