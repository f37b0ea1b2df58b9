"""Who may do what with data sharing (办法 第五十条、第五十一条; docs/decisions/0061).

- 数据共享申请人 (``Role.DATA_CONSUMER``, scope 本单位 only): requests data for their body (an enforcement body or a
  supervisory body) and sees their body's requests and grants; nothing else.
- 数据共享管理员 (``Role.DATA_ADMIN``, scope 全省 only, granted by the province's administrator): the staff of the
  platform's 建设管理部门 (第五十一条: “粤执法”建设管理部门 … 统一授权共享) who approve, narrow, reject and revoke. Never
  their own request.
- 监督人员 with the 全省 scope read every grant and its usage report (no decision).
- A superuser counts as 数据共享管理员.
"""

from django.db.models import Q

from yuezhifa.org.models import Role, Scope
from yuezhifa.org.permissions import assignments
from yuezhifa.topology.guard import is_node


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_data_admin(user) -> bool:
    if not _active(user):
        return False
    return user.is_superuser or any(role == Role.DATA_ADMIN for role, _ in assignments(user))


def can_request(user) -> bool:
    return _active(user) and getattr(user, "body_id", None) is not None and any(
        role == Role.DATA_CONSUMER for role, _ in assignments(user))


def is_sharing_supervisor(user) -> bool:
    return _active(user) and any(role == Role.SUPERVISOR and scope == Scope.PROVINCE
                                 for role, scope in assignments(user))


def sharing_enabled() -> bool:
    """Sharing runs where the theme library is: at the hub (or the all-in-one form), not on a city node."""
    return not is_node()


def can_use_sharing(user) -> bool:
    return sharing_enabled() and (can_request(user) or is_data_admin(user) or is_sharing_supervisor(user))


def visible_q(user) -> Q:
    """Q over ``Grant`` for the grants ``user`` may see: every grant for the data administrators and province-wide
    supervisors; their own body's for a 数据共享申请人; none otherwise."""
    if is_data_admin(user) or is_sharing_supervisor(user):
        return Q()
    if can_request(user):
        return Q(requester_body_id=user.body_id)
    return Q(pk__in=[])
