"""Version chains and 时效性: derived, never typed in.

Within one lineage, versions are ordered by publication. A version is 已修改 once a later version has taken effect;
until then it stays 现行有效 and the later one is 尚未生效. A version the source marks as expired (or an administrator
marks repealed) with no later version is 已废止. The superseded version's expiry date is the day its successor takes
effect.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from yuezhifa.audit.services import audit_record

from ..models import Law, LawStatus
from ..permissions import require_editor


@dataclass(frozen=True)
class VersionRow:
    key: object
    lineage: str
    publish_date: datetime.date | None
    effective_date: datetime.date | None
    is_repealed: bool
    expiry_date: datetime.date | None = None
    """The stored expiry date; kept for the latest version (an administrator may have set it)."""


@dataclass(frozen=True)
class Derived:
    status: str
    expiry_date: datetime.date | None
    previous: object | None


def _order(row: VersionRow):
    return (row.publish_date or row.effective_date or datetime.date.min, str(row.key))


def derive_versions(rows: list[VersionRow], today: datetime.date) -> dict[object, Derived]:
    """Status, expiry date and previous version of every row, by key."""
    groups: dict[str, list[VersionRow]] = defaultdict(list)
    for row in rows:
        groups[row.lineage].append(row)
    result: dict[object, Derived] = {}
    for versions in groups.values():
        versions.sort(key=_order)
        for i, row in enumerate(versions):
            following = versions[i + 1] if i + 1 < len(versions) else None
            if following is not None:
                expiry = following.effective_date or following.publish_date
                superseded = expiry is None or expiry <= today
            else:
                expiry, superseded = row.expiry_date, False
            if superseded:
                status = LawStatus.AMENDED
            elif row.is_repealed or (following is None and expiry is not None and expiry <= today):
                status = LawStatus.REPEALED
            elif row.effective_date and row.effective_date > today:
                status = LawStatus.NOT_YET_EFFECTIVE
            else:
                status = LawStatus.IN_FORCE
            result[row.key] = Derived(status=str(status), expiry_date=expiry,
                                      previous=versions[i - 1].key if i else None)
    return result


def stored_rows(laws=None) -> list[VersionRow]:
    laws = Law.objects.all() if laws is None else laws
    return [VersionRow(key=pk, lineage=lineage, publish_date=publish, effective_date=effective, is_repealed=repealed,
                       expiry_date=expiry)
            for pk, lineage, publish, effective, repealed, expiry in laws.values_list(
                "pk", "lineage", "publish_date", "effective_date", "is_repealed", "expiry_date")]


def apply_versions(today: datetime.date) -> list[Law]:
    """Bring status, expiry date and previous version of every law in line with the derivation. Returns the laws
    whose status changed (their search weight changes with it). Call inside a transaction."""
    derived = derive_versions(stored_rows(), today)
    changed, status_changed = [], []
    for law in Law.objects.only("id", "status", "expiry_date", "previous_version_id", "name", "publish_date"):
        target = derived[law.pk]
        if (law.status, law.expiry_date, law.previous_version_id) == (target.status, target.expiry_date,
                                                                        target.previous):
            continue
        if law.status != target.status:
            status_changed.append(law)
        law.status, law.expiry_date, law.previous_version_id = target.status, target.expiry_date, target.previous
        changed.append(law)
    Law.objects.bulk_update(changed, ["status", "expiry_date", "previous_version"], batch_size=500)
    return status_changed


def law_statuses_refresh(*, actor, today: datetime.date | None = None) -> int:
    """The daily refresh: a version whose successor took effect today becomes 已修改, a text whose effective date
    has come becomes 现行有效. Returns how many laws changed status; writes one audit entry when any did."""
    require_editor(actor)
    today = today or timezone.localdate()
    from ..indexing import index_law

    with transaction.atomic():
        changed = apply_versions(today)
        for law in changed:
            index_law(Law.objects.get(pk=law.pk))
        if changed:
            audit_record(actor=actor, action="laws.law.refresh_status", object_type="laws.law",
                         object_repr=f"法律法规时效性刷新（{today.isoformat()}）",
                         after={"date": today.isoformat(), "changed": [
                             {"id": str(law.pk), "name": str(law), "status": law.status} for law in changed]})
    return len(changed)
