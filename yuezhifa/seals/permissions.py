"""Who may see and manage seals (DESIGN §5.4).

- The trusted roots and the demo CA are the province's: only a superuser, the platform itself (``SYSTEM``) or an
  administrator with province-wide scope manages them.
- A body's seal is managed (issued from the provincial CA, imported, revoked) by an administrator whose scope covers
  the body, and by the province's administrators.
- Seal metadata (certificate, image, status) and the sealing records are read by whoever may read the body.
- Nobody reads a private key: it has no read path at all.
"""

from django.db.models import QuerySet

from yuezhifa.core.errors import NotAllowed
from yuezhifa.core.querysets import register_policy
from yuezhifa.org.permissions import body_scope_q

from .models import Seal, SealAuthority, SignedDocument


def _active(user) -> bool:
    return bool(getattr(user, "is_active", False)) and (
        getattr(user, "is_authenticated", False) or getattr(user, "is_superuser", False))


def is_province_admin(user) -> bool:
    if not _active(user):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return getattr(user, "is_authenticated", False) and body_scope_q(user, "change") is None


def require_province_admin(user) -> None:
    if not is_province_admin(user):
        raise NotAllowed("只有全省系统管理员可以管理印章根证书。")


def require_body_admin(user, body) -> None:
    """The actor's administrative scope covers ``body``."""
    if is_province_admin(user):
        return
    from yuezhifa.org.models import EnforcementBody

    if not _active(user) or not EnforcementBody.objects.filter(pk=body.pk).restrict(user, "change").exists():
        raise NotAllowed(f"您无权管理“{body}”的电子印章。")


@register_policy(SealAuthority, actions={"view", "change"})
def _authorities(queryset: QuerySet, user, action: str) -> QuerySet:
    if action == "view":
        return queryset if _active(user) else queryset.none()
    return queryset if is_province_admin(user) else queryset.none()


def _through_body(action_map: dict[str, str]):
    def policy(queryset: QuerySet, user, action: str) -> QuerySet:
        if not _active(user):
            return queryset.none()
        if action not in action_map:
            return queryset.none()
        q = body_scope_q(user, action_map[action], "body__")
        return queryset if q is None else queryset.filter(q)

    return policy


register_policy(Seal, actions={"view", "change"})(_through_body({"view": "view", "change": "change"}))
register_policy(SignedDocument, actions={"view", "change"})(_through_body({"view": "view", "change": "change"}))
