"""Reads of the supervision platform that more than one page or endpoint needs (DESIGN §4: selectors read, always
within the row policies of ``permissions``)."""

from django.db.models import Case as CaseWhen
from django.db.models import CharField, Q, QuerySet, Value, When

from .models import AccessGrant, GrantStatus
from .permissions import approvable_q, is_body_member, own_bodies_q


def grant_rows(user) -> QuerySet:
    """The grants the access page shows ``user`` (``views.AccessListView``): their own requests, the pending ones
    they may decide as a head and, for a member of an enforcement body, the approved grants over its cases — each
    row annotated with that relation. Always within the AccessGrant policy."""
    mine = Q(requester_id=getattr(user, "pk", None))
    to_decide = approvable_q(user) & Q(status=GrantStatus.PENDING)
    over_body = (own_bodies_q(user, "case__body__") & Q(status=GrantStatus.APPROVED) if is_body_member(user)
                 else Q(pk__in=[]))
    return (AccessGrant.objects.restrict(user, "view").filter(mine | to_decide | over_body)
            .annotate(relation=CaseWhen(When(mine, then=Value("mine")), When(to_decide, then=Value("to_decide")),
                                        default=Value("over_body"), output_field=CharField()))
            .select_related("case", "case__body", "requester", "requester_body", "decided_by")
            .order_by("-created_at"))


def queue_counts(user, *, alerts: bool = True) -> dict[str, int]:
    """The supervision side of the to-do centre (issue 15 §2): 查阅审批 requests ``user`` may decide as a head
    (``access``, the approve policy), the open alerts a supervisor follows (``alerts``, only when asked: the home page
    shows them, the menu badge does not) and, for a member of an enforcement body, the unread supervision notices
    (``notices``). Each a count, read only for a user with the role: a page costs no query for a user without one."""
    from yuezhifa.org.models import Role
    from yuezhifa.org.permissions import assignments

    from .models import Alert, AlertState, Notification
    from .permissions import is_supervisor

    counts = {"access": 0, "alerts": 0, "notices": 0}
    if not getattr(user, "is_authenticated", False):
        return counts
    if getattr(user, "body", None) is not None and any(role == Role.HEAD for role, _scope in assignments(user)):
        counts["access"] = AccessGrant.objects.restrict(user, "approve").count()
    if alerts and is_supervisor(user):
        counts["alerts"] = Alert.objects.restrict(user, "view").filter(state=AlertState.OPEN).count()
    if is_body_member(user):
        counts["notices"] = Notification.objects.restrict(user, "view").filter(read_at__isnull=True).count()
    return counts
