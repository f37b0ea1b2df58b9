"""Blocks of the home page that read supervision data (the home page itself belongs to ``core``).

``{% load supervision_home %}{% supervision_notices_badge %}`` tells a member of an enforcement body how many
supervision notices of their body are unread (a supervisor read one of its case files under an access grant,
办法 第三十七条); it renders nothing for anyone else.
"""

from django import template

from ..models import Notification
from ..permissions import is_body_member

register = template.Library()


@register.inclusion_tag("supervision/_notices_badge.html", takes_context=True)
def supervision_notices_badge(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not is_body_member(user):
        return {}
    unread = Notification.objects.restrict(user, "view").filter(read_at__isnull=True).count()
    return {"supervision_unread_notices": unread}


@register.inclusion_tag("supervision/_worker_warning.html")
def supervision_worker_warning():
    """A warning on the supervision pages when the task worker has stopped: the alerts shown here, e-mail service
    and the daily checks all run in it."""
    from yuezhifa.core.worker import worker_status

    return {"worker": worker_status()}


@register.inclusion_tag("supervision/_replication_warning.html")
def supervision_replication_warning():
    """At the hub: a warning naming each node whose cases have not been replicated for longer than
    YZF_REPLICATION_LAG_WARN_SECONDS (decision 0059); nothing on a node or the all-in-one form."""
    from yuezhifa.topology.lag import warnings

    return {"lagging": warnings()}


@register.inclusion_tag("supervision/_queue_centre.html", takes_context=True)
def supervision_queue(context):
    """The supervision side of the to-do centre: 查阅审批 requests a head may decide, and the open alerts of a
    supervisor's jurisdiction, each linking to its list; nothing for a user with neither."""
    from ..apps import queue_counts
    from ..permissions import is_supervisor

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from yuezhifa.org.models import Role
    from yuezhifa.org.permissions import assignments

    counts = queue_counts(request, alerts=True)
    supervisor = is_supervisor(user)
    body = getattr(user, "body", None)
    approver = bool(counts["access"]) or (body is not None and body.is_justice_department
                                          and any(role == Role.HEAD for role, _scope in assignments(user)))
    if not (approver or supervisor):
        return {}
    return {"queue": counts, "supervisor": supervisor, "approver": approver}
