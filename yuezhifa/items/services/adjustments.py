"""A body's adjustment of an item's basis for its own cases (办法 第54条第2款).

行政执法主体因执法事项依据变化又急需用于执法的，经本单位主要负责人审批后，可以通过执法事项库调整本单位事项依据，并及时向
省或者市级行业主管部门报备. The acts: the body submits (its administrator or its head), the body's head approves or
rejects, the body records the report to the provincial or city sector department. From approval on, that body's cases
cite the adjusted basis (``rules.effective_bases``) until the adjustment is ended, typically once the provincial list
itself has been revised (第53条).
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from yuezhifa.audit.services import audit_record
from yuezhifa.core.errors import Conflict, DomainError, NotAllowed
from yuezhifa.org.models import BodyStatus, EnforcementBody, Role
from yuezhifa.org.permissions import body_scope_q, user_roles

from ..models import AdjustmentStatus, BasisAdjustment, Item, ItemStatus
from ..permissions import can_edit_items
from .items import _check_bases, _spec

ART_54 = "办法 第54条"


def is_head_of(user, body: EnforcementBody) -> bool:
    """The body's head (单位主要负责人): the role ``head`` held by a user of that very body."""
    return (getattr(user, "is_authenticated", False) and user.is_active and user.body_id == body.pk
            and Role.HEAD in user_roles(user))


def is_admin_of(user, body: EnforcementBody) -> bool:
    """An administrator whose scope covers the body (or a superuser / the platform itself)."""
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return True
    if Role.ADMIN not in user_roles(user):
        return False
    q = body_scope_q(user, "change")
    return q is None or EnforcementBody.objects.filter(q, pk=body.pk).exists()


def can_submit(user, body: EnforcementBody) -> bool:
    return is_head_of(user, body) or is_admin_of(user, body)


def adjustment_snapshot(adj: BasisAdjustment) -> dict:
    def iso(value):
        return value.isoformat() if value else None

    return {"body": str(adj.body_id), "item": str(adj.item_id), "status": adj.status,
            "proposed_bases": adj.proposed_bases, "reason": adj.reason,
            "approved_by": adj.approved_by_id, "approved_at": iso(adj.approved_at),
            "rejected_by": adj.rejected_by_id, "rejected_at": iso(adj.rejected_at),
            "decision_note": adj.decision_note, "reported_to": adj.reported_to, "reported_at": iso(adj.reported_at),
            "ended_at": iso(adj.ended_at)}


def _lock(adjustment: BasisAdjustment) -> BasisAdjustment:
    return BasisAdjustment.objects.select_for_update().select_related("body", "item").get(pk=adjustment.pk)


@transaction.atomic
def basis_adjustment_submit(*, actor, body: EnforcementBody, item: Item, bases: Iterable, reason: str
                            ) -> BasisAdjustment:
    """The body asks to cite ``bases`` instead of the provincial list's basis for ``item`` (第54条第2款)."""
    if not can_submit(actor, body):
        raise NotAllowed(f"只有“{body.name}”的系统管理员或单位负责人可以提交该单位的事项依据调整。")
    if body.status != BodyStatus.ACTIVE:
        raise DomainError(f"“{body.name}”不是有效的执法主体，不能调整事项依据。", field="body")
    if not (reason or "").strip():
        raise DomainError("请说明依据发生了什么变化、为何急需用于执法（办法 第54条第2款）。", field="reason")
    item = Item.objects.select_for_update().get(pk=item.pk)
    if item.status in (ItemStatus.DRAFT, ItemStatus.REPEALED):
        raise DomainError(f"事项“{item.name}”为“{item.get_status_display()}”，不能调整其依据。", field="item")
    if item.levels and body.level not in item.levels:
        raise DomainError(f"“{body.name}”的层级（{body.get_level_display()}）不在该事项的实施层级之内"
                          f"（{'、'.join(item.level_labels)}）。", field="item")
    specs = [_spec(e) for e in bases]
    if not specs:
        raise DomainError("请列出调整后的依据。", field="bases")
    _check_bases(item.type, specs)
    pending = BasisAdjustment.objects.filter(body=body, item=item, status=AdjustmentStatus.SUBMITTED).exists()
    if pending:
        raise Conflict("该单位对此事项已有一份待审批的依据调整，请先审批或驳回。", field="item")
    adj = BasisAdjustment(
        body=body, item=item, reason=reason.strip(), status=AdjustmentStatus.SUBMITTED,
        proposed_bases=[{"provision": str(s.provision.pk), "citation": s.provision.citation, "role": s.role,
                         "note": s.note} for s in specs],
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None, submitted_at=timezone.now())
    adj.save(force_insert=True)
    audit_record(actor=actor, action="items.adjustment.submit", obj=adj, after=adjustment_snapshot(adj))
    return adj


@transaction.atomic
def basis_adjustment_approve(*, actor, adjustment: BasisAdjustment, note: str = "") -> BasisAdjustment:
    """The body's head approves; from now on the body's cases cite the adjusted basis. An earlier approved adjustment
    of the same body and item ends here."""
    adj = _lock(adjustment)
    if not is_head_of(actor, adj.body):
        raise NotAllowed(f"依据调整须经“{adj.body.name}”的单位主要负责人审批（{ART_54}第2款）。")
    if adj.status != AdjustmentStatus.SUBMITTED:
        raise DomainError(f"该依据调整为“{adj.get_status_display()}”，不能再审批。", field="status")
    now = timezone.now()
    for older in BasisAdjustment.objects.select_for_update().filter(
            body=adj.body, item=adj.item, status=AdjustmentStatus.APPROVED):
        before = adjustment_snapshot(older)
        older.status, older.ended_at = AdjustmentStatus.ENDED, now
        older.save(update_fields=["status", "ended_at", "updated_at"])
        audit_record(actor=actor, action="items.adjustment.end", obj=older, before=before,
                     after={**adjustment_snapshot(older), "reason": "被新的依据调整取代"})
    before = adjustment_snapshot(adj)
    adj.status, adj.approved_by, adj.approved_at = AdjustmentStatus.APPROVED, actor, now
    adj.decision_note = (note or "").strip()[:500]
    adj.save()
    audit_record(actor=actor, action="items.adjustment.approve", obj=adj, before=before,
                 after=adjustment_snapshot(adj))
    return adj


@transaction.atomic
def basis_adjustment_reject(*, actor, adjustment: BasisAdjustment, note: str) -> BasisAdjustment:
    adj = _lock(adjustment)
    if not is_head_of(actor, adj.body):
        raise NotAllowed(f"依据调整由“{adj.body.name}”的单位主要负责人审批（{ART_54}第2款）。")
    if adj.status != AdjustmentStatus.SUBMITTED:
        raise DomainError(f"该依据调整为“{adj.get_status_display()}”，不能驳回。", field="status")
    if not (note or "").strip():
        raise DomainError("请填写驳回理由。", field="note")
    before = adjustment_snapshot(adj)
    adj.status, adj.rejected_by, adj.rejected_at = AdjustmentStatus.REJECTED, actor, timezone.now()
    adj.decision_note = note.strip()[:500]
    adj.save()
    audit_record(actor=actor, action="items.adjustment.reject", obj=adj, before=before,
                 after=adjustment_snapshot(adj))
    return adj


@transaction.atomic
def basis_adjustment_report(*, actor, adjustment: BasisAdjustment, reported_to: str,
                            reported_at: datetime.datetime | None = None) -> BasisAdjustment:
    """Record that the approved adjustment was reported (报备) to the provincial or city sector department."""
    adj = _lock(adjustment)
    if not can_submit(actor, adj.body):
        raise NotAllowed(f"只有“{adj.body.name}”的系统管理员或单位负责人可以登记报备。")
    if adj.status not in (AdjustmentStatus.APPROVED, AdjustmentStatus.ENDED):
        raise DomainError("依据调整经单位主要负责人批准后才能报备。", field="status")
    reported_to = (reported_to or "").strip()
    if not reported_to:
        raise DomainError("请填写报备的省或者市级行业主管部门（办法 第54条第2款）。", field="reported_to")
    if len(reported_to) > 200:
        raise DomainError("报备部门不能超过 200 字。", field="reported_to")
    when = reported_at or timezone.now()
    if when < adj.approved_at:
        raise DomainError("报备时间不能早于批准时间。", field="reported_at")
    if when > timezone.now() + datetime.timedelta(minutes=5):
        raise DomainError("报备时间不能晚于当前时间。", field="reported_at")
    before = adjustment_snapshot(adj)
    adj.reported_to, adj.reported_at = reported_to, when
    adj.save(update_fields=["reported_to", "reported_at", "updated_at"])
    audit_record(actor=actor, action="items.adjustment.report", obj=adj, before=before,
                 after=adjustment_snapshot(adj))
    return adj


@transaction.atomic
def basis_adjustment_end(*, actor, adjustment: BasisAdjustment, reason: str) -> BasisAdjustment:
    """Stop citing the adjusted basis (the provincial list now carries it, or it is no longer needed)."""
    adj = _lock(adjustment)
    if not (can_submit(actor, adj.body) or can_edit_items(actor)):
        raise NotAllowed(f"只有“{adj.body.name}”的系统管理员、单位负责人或全省事项清单维护人员可以终止该调整。")
    if adj.status != AdjustmentStatus.APPROVED:
        raise DomainError(f"该依据调整为“{adj.get_status_display()}”，无需终止。", field="status")
    if not (reason or "").strip():
        raise DomainError("请填写终止理由。", field="reason")
    before = adjustment_snapshot(adj)
    adj.status, adj.ended_at = AdjustmentStatus.ENDED, timezone.now()
    adj.save(update_fields=["status", "ended_at", "updated_at"])
    audit_record(actor=actor, action="items.adjustment.end", obj=adj, before=before,
                 after={**adjustment_snapshot(adj), "reason": reason.strip()})
    return adj
