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
