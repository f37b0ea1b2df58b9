"""The rules other platforms ask of an item: may a case use it (办法 第13条(二)), and on which basis (第54条).

Cases call :func:`require_usable_item` when they take an item, and :func:`effective_bases` to cite its basis: a body
whose head approved a basis adjustment cites the adjusted basis from the day of approval until the adjustment ends.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from yuezhifa.core.errors import DomainError

from .models import AdjustmentStatus, BasisAdjustment, BasisRole, Item, ItemStatus

ART_13_2 = "办法 第13条(二)"


class ItemNotUsable(DomainError):
    code = "item_not_usable"
    title = "执法事项不可用于办案"


def item_unusable_reason(item: Item, on_date: datetime.date) -> str | None:
    """Why ``item`` may not be used by a case on ``on_date``, or None when it may.

    Only an active item registered in the provincial item management system, within its effective dates, may be used
    (办法 第13条(二): 未纳入省事项管理系统的事项，原则上不得用于“粤执法”办案)."""
    name = f"“{item.code} {item.name}”"
    if not item.registered or not item.registered_code:
        return f"执法事项{name}未纳入省事项管理系统，不得用于办案（{ART_13_2}）。"
    if item.status == ItemStatus.DRAFT:
        return f"执法事项{name}尚未发布（草稿），不得用于办案（{ART_13_2}）。"
    if item.status == ItemStatus.SUSPENDED:
        return f"执法事项{name}已暂停使用，不得用于办案（{ART_13_2}）。"
    if item.status == ItemStatus.REPEALED:
        return f"执法事项{name}已废止，不得用于办案（{ART_13_2}）。"
    if item.effective_from and on_date < item.effective_from:
        return (f"执法事项{name}自 {item.effective_from.isoformat()} 起生效，{on_date.isoformat()} 尚不能用于办案"
                f"（{ART_13_2}）。")
    if item.effective_until and on_date >= item.effective_until:
        return (f"执法事项{name}已于 {item.effective_until.isoformat()} 失效，{on_date.isoformat()} 不能用于办案"
                f"（{ART_13_2}）。")
    return None


def item_usable(item: Item, on_date: datetime.date) -> bool:
    return item_unusable_reason(item, on_date) is None


def require_usable_item(item: Item, on_date: datetime.date) -> None:
    """Raise :class:`ItemNotUsable` (a ``DomainError`` on field ``item``) naming the reason and 第13条(二)."""
    reason = item_unusable_reason(item, on_date)
    if reason is not None:
        raise ItemNotUsable(reason, field="item", item=str(item.pk), basis=ART_13_2)


@dataclass(frozen=True)
class EffectiveBasis:
    """One provision a case cites for the item. ``adjustment`` is the body's approved adjustment it comes from (第54条),
    or None for the provincial list's own basis."""

    provision_id: object
    role: str
    note: str
    order: int
    adjustment_id: object = None

    @property
    def role_label(self) -> str:
        return BasisRole(self.role).label


def active_adjustment(item: Item, body, on_date: datetime.date) -> BasisAdjustment | None:
    """The body's approved adjustment of the item in force on ``on_date``: approved on or before that day and not
    ended by then; the latest approved wins."""
    if body is None:
        return None
    end = timezone.make_aware(datetime.datetime.combine(on_date + datetime.timedelta(days=1), datetime.time.min))
    return (BasisAdjustment.objects
            .filter(item=item, body=body, approved_at__lt=end,
                    status__in=[AdjustmentStatus.APPROVED, AdjustmentStatus.ENDED])
            .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=end))
            .order_by("-approved_at").first())


def effective_bases(item: Item, body, on_date: datetime.date) -> list[EffectiveBasis]:
    """The basis ``body``'s cases cite for ``item`` on ``on_date``: the body's approved adjustment (办法 第54条第2款)
    when one is in force, otherwise the provincial list's basis."""
    adjustment = active_adjustment(item, body, on_date)
    if adjustment is not None:
        return [EffectiveBasis(provision_id=_uuid(entry["provision"]), role=entry["role"],
                               note=entry.get("note", ""), order=i, adjustment_id=adjustment.pk)
                for i, entry in enumerate(adjustment.proposed_bases)]
    return [EffectiveBasis(provision_id=b.provision_id, role=b.role, note=b.note, order=b.order)
            for b in item.bases.all()]


def _uuid(value):
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
