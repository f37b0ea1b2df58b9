"""Who may download the 双公示 report file (报送文件) with its 不予公示 items (docs/decisions/0056).

The open-data export (/gongshi/export.*) is public and carries no ID number. The report file carries the ID type and
number of legal representatives and natural persons, which the credit platform receives (办法 第四十八条、第五十条)
but the public never sees. It is read by:

- 监督人员 (supervisors) within their data scope (全省: every body; 辖区: the bodies of their division), who report the
  province's or the division's data;
- 单位负责人 and 法制审核人员 (the head, who approves each publication, and the legal reviewer) within their scope
  (本单位 / 本单位及下级): the body's own results;
- the platform itself (an active superuser).

Not 执法人员 (a file of every party's ID number of the body is more than handling their own cases needs: 个人信息保护法
第六条 最小必要) nor 系统管理员 (who configure, and do not handle data). It is a read: nobody widens a power by it.
"""

from django.db.models import Q

from yuezhifa.org.models import Role
from yuezhifa.org.permissions import assignments, scope_q

REPORT_ROLES = {Role.SUPERVISOR, Role.HEAD, Role.LEGAL_REVIEWER}


def report_scope_q(user) -> Q | None:
    """Q over ``PublishedResult`` for the results ``user`` may report; None: all of them; an empty ``pk__in``: none."""
    if not getattr(user, "is_active", False) or not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if getattr(user, "is_superuser", False):
        return None
    body = getattr(user, "body", None)
    result = Q(pk__in=[])
    for role, scope in assignments(user):
        if role not in REPORT_ROLES:
            continue
        q = scope_q(body, scope, "body__")
        if q is None:
            return None
        result |= q
    return result


def may_report(user) -> bool:
    """Whether ``user`` holds any role that may download the report file."""
    if not getattr(user, "is_active", False) or not getattr(user, "is_authenticated", False):
        return False
    return bool(getattr(user, "is_superuser", False)) or any(role in REPORT_ROLES for role, _ in assignments(user))
