"""The annual cap per subject and item (频次上限, LEGAL.md §4; 国办发〔2024〕54号): how often a subject has been
inspected this year, across all bodies, as the approver must see it before approving another inspection.

Visits of one joint visit (综合查一次) count once; special inspections deployed from above are recorded but not
counted. This reads counts only, never another body's rows, so it needs no row policy: the approver sees numbers."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F
from django.db.models.functions import Coalesce

from ..models import ItemProfile, Subject, Visit


@dataclass(frozen=True)
class ItemCount:
    profile: ItemProfile
    count: int  # counted visits this year that included the item, joint visits once

    @property
    def cap(self) -> int:
        return self.profile.annual_cap

    @property
    def reached(self) -> bool:
        return self.count >= self.cap


@dataclass(frozen=True)
class CapStatus:
    subject: Subject
    year: int
    total: int  # every counted visit of the year, all bodies, joint visits once
    items: tuple[ItemCount, ...]

    @property
    def reached(self) -> tuple[ItemCount, ...]:
        """The items whose cap another counted inspection would exceed."""
        return tuple(i for i in self.items if i.reached)


def _visit_key():
    # A joint visit's member visits share one key, so that they count once.
    return Coalesce(F("joint_visit_id"), F("id"))


def counted_visits(subject: Subject, year: int, *, exclude_case=None):
    qs = Visit.objects.filter(subject=subject, year=year, counted=True)
    if exclude_case is not None:
        qs = qs.exclude(case_id=exclude_case)
    return qs


def cap_status(subject: Subject, profiles, year: int, *, exclude_case=None) -> CapStatus:
    """The subject's counted visits of ``year`` in all and per item of ``profiles``. ``exclude_case``: the inspection
    being approved, when it is already recorded."""
    visits = counted_visits(subject, year, exclude_case=exclude_case)
    total = visits.aggregate(n=Count(_visit_key(), distinct=True))["n"]
    profiles = list(profiles)
    per_item = dict(
        visits.filter(items__in=profiles).values("items").annotate(n=Count(_visit_key(), distinct=True))
        .values_list("items", "n"))
    return CapStatus(subject=subject, year=year, total=total,
                     items=tuple(ItemCount(p, per_item.get(p.pk, 0)) for p in profiles))


def visits_of_subject(subject: Subject, year: int):
    """The subject's visits of ``year`` (counted or not), for the enterprise's own page and the approver."""
    return (Visit.objects.filter(subject=subject, year=year).select_related("body", "joint_visit")
            .prefetch_related("items__item").order_by("on"))


__all__ = ["CapStatus", "ItemCount", "cap_status", "counted_visits", "visits_of_subject"]
