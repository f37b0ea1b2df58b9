"""The provincial item list (办法 第13条(二), 第53条): creating and changing items, their status and their basis.

Only the list's maintainers (``permissions.can_edit_items``) write here. Every change of an item's elements or basis
raises its ``version``; the audit log keeps each version's before and after. Every write re-indexes the item.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yuezhifa.audit.services import audit_record
from yuezhifa.core.errors import Conflict, DomainError
from yuezhifa.laws.models import CITABLE_KINDS, LawStatus, Provision
from yuezhifa.org.models import Domain

from ..indexing import index_items
from ..models import LEVEL_ORDER, TYPE_CODES, BasisRole, Item, ItemBasis, ItemStatus, ItemType
from ..permissions import require_editor

EDITABLE = ("name", "type", "domain", "levels", "department", "effective_from", "effective_until", "registered",
            "registered_code", "note", "limitation_months", "limitation_basis")


@dataclass(frozen=True)
class BasisSpec:
    """One basis line as a caller gives it."""

    provision: Provision
    role: str
    note: str = ""


def _spec(entry) -> BasisSpec:
    if isinstance(entry, BasisSpec):
        return entry
    if isinstance(entry, dict):
        return BasisSpec(provision=entry["provision"], role=entry["role"], note=entry.get("note", "") or "")
    provision, role, *rest = entry
    return BasisSpec(provision=provision, role=role, note=rest[0] if rest else "")


def _iso(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def item_snapshot(item: Item, bases: Iterable[ItemBasis] | None = None) -> dict:
    if bases is None:
        bases = item.bases.select_related("provision").order_by("order") if item.pk else []
    return {
        "code": item.code, "name": item.name, "type": item.type, "domain": item.domain_id, "levels": item.levels,
        "department": item.department, "status": item.status, "version": item.version,
        "effective_from": _iso(item.effective_from), "effective_until": _iso(item.effective_until),
        "registered": item.registered, "registered_code": item.registered_code,
        "limitation_months": item.limitation_months, "limitation_basis": item.limitation_basis,
        "bases": [{"provision": str(b.provision_id), "citation": b.provision.citation, "role": b.role}
                  for b in bases],
    }


def normalise_levels(levels) -> list[str]:
    """Canonical order, no duplicates; unknown values are kept for the validator to name."""
    if not isinstance(levels, list | tuple | set):
        raise DomainError("实施层级应为列表。", field="levels")
    levels = list(dict.fromkeys(str(v) for v in levels))
    known = [v for v in LEVEL_ORDER if v in levels]
    return known + [v for v in levels if v not in LEVEL_ORDER]


def _validate(item: Item) -> None:
    item.levels = normalise_levels(item.levels)
    if item.registered_code:
        item.registered_code = item.registered_code.strip()
    try:
        item.full_clean(exclude=["domain"] if item.domain_id else None, validate_unique=False,
                        validate_constraints=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError("；".join(m.rstrip("。") for m in messages) + "。",
                          field=None if field == "__all__" else field) from None
    clash = Item.objects.filter(code=item.code).exclude(pk=item.pk).first()
    if clash:
        raise Conflict(f"事项编码 {item.code} 已被“{clash.name}”使用，全省事项编码不得重复。", field="code")
    if item.registered_code:
        clash = Item.objects.filter(registered_code=item.registered_code).exclude(pk=item.pk).first()
        if clash:
            raise Conflict(f"省事项管理系统编码 {item.registered_code} 已对应事项“{clash.code} {clash.name}”。",
                           field="registered_code")
    if item.status == ItemStatus.ACTIVE and not (item.registered and item.registered_code):
        raise DomainError("有效事项必须已纳入省事项管理系统并填写其编码（办法 第13条(二)）。", field="registered_code")


def _check_bases(item_type: str, specs: list[BasisSpec]) -> None:
    seen = set()
    for i, spec in enumerate(specs):
        field = f"bases[{i}]"
        if spec.role not in BasisRole.values:
            raise DomainError(f"依据类别“{spec.role}”无效。", field=f"{field}.role")
        if spec.provision is None:
            raise DomainError("请选择条款。", field=f"{field}.provision")
        if spec.provision.kind not in CITABLE_KINDS:
            raise DomainError(f"“{spec.provision.citation}”是{spec.provision.get_kind_display()}，"
                              "依据只能引用条、款、项、目。", field=f"{field}.provision")
        if spec.provision.law.status in (LawStatus.REPEALED, LawStatus.AMENDED):
            raise DomainError(f"“{spec.provision.citation}”所在的法律法规版本{spec.provision.law.get_status_display()}，"
                              "请引用现行有效版本。", field=f"{field}.provision")
        key = (spec.provision.pk, spec.role)
        if key in seen:
            raise DomainError(f"“{spec.provision.citation}”作为{BasisRole(spec.role).label}重复列出。",
                              field=f"{field}.provision")
        seen.add(key)
        if len(spec.note) > 300:
            raise DomainError("依据说明不能超过 300 字。", field=f"{field}.note")


def _activation_problem(item: Item, specs: list) -> str | None:
    """Why ``item`` with basis ``specs`` (BasisSpec or ItemBasis) may not be active, or None."""
    if not (item.registered and item.registered_code):
        return "事项未纳入省事项管理系统，不能设为有效（办法 第13条(二)）。"
    if not specs:
        return "事项没有关联任何法律依据，不能设为有效（办法 第54条：执法事项应当合法、有效）。"
    if item.type == ItemType.PENALTY and not any(s.role == BasisRole.PENALTY for s in specs):
        return "行政处罚事项须至少有一项处罚依据，才能设为有效。"
    return None


def _write_bases(item: Item, specs: list[BasisSpec]) -> list[ItemBasis]:
    """Replace the item's bases, keeping rows that did not change (so their ids stay stable)."""
    existing = {(b.provision_id, b.role): b for b in item.bases.all()}
    wanted = []
    for order, spec in enumerate(specs):
        row = existing.pop((spec.provision.pk, spec.role), None)
        if row is None:
            row = ItemBasis(item=item, provision=spec.provision, role=spec.role, note=spec.note, order=order)
            row.save(force_insert=True)
        elif row.note != spec.note or row.order != order:
            row.note, row.order = spec.note, order
            row.save(update_fields=["note", "order", "updated_at"])
        wanted.append(row)
    if existing:
        ItemBasis.objects.filter(pk__in=[b.pk for b in existing.values()]).delete()
    return wanted


def bases_equal(item: Item, specs: list[BasisSpec]) -> bool:
    current = [(b.provision_id, b.role, b.note) for b in item.bases.order_by("order")]
    return current == [(s.provision.pk, s.role, s.note) for s in specs]


def _lock(item: Item) -> Item:
    return Item.objects.select_for_update().select_related("domain").get(pk=item.pk)


@transaction.atomic
def item_create(*, actor, code: str, name: str, type: str, domain: Domain, levels: list[str],
                department: str = "", registered_code: str = "", registered: bool | None = None,
                effective_from: datetime.date | None = None, effective_until: datetime.date | None = None,
                note: str = "", bases: Iterable | None = None, status: str = ItemStatus.DRAFT,
                limitation_months: int | None = None, limitation_basis: str = "") -> Item:
    """Add an item to the provincial list, as a draft unless ``status`` says otherwise (an import of the provincial
    list may bring active items, which must then be registered and have a basis)."""
    require_editor(actor)
    registered_code = (registered_code or "").strip()
    item = Item(code=(code or "").strip().upper(), name=(name or "").strip(), type=type, domain=domain,
                levels=levels, department=(department or "").strip(), registered_code=registered_code,
                registered=bool(registered_code) if registered is None else registered,
                effective_from=effective_from, effective_until=effective_until, note=note or "", status=status,
                limitation_months=limitation_months, limitation_basis=(limitation_basis or "").strip())
    if status not in ItemStatus.values:
        raise DomainError(f"状态“{status}”无效。", field="status")
    specs = [_spec(e) for e in bases or []]
    _check_bases(type, specs)
    if status == ItemStatus.ACTIVE:
        problem = _activation_problem(item, specs)
        if problem:
            raise DomainError(problem, field="status")
        item.effective_from = item.effective_from or timezone.localdate()
    _validate(item)
    item.save(force_insert=True)
    rows = _write_bases(item, specs)
    audit_record(actor=actor, action="items.item.create", obj=item, after=item_snapshot(item, rows))
    index_items([item])
    return item


@transaction.atomic
def item_update(*, actor, item: Item, **changes) -> Item:
    """Change an item's elements (not its code, status or basis, which have their own acts). No change, no write."""
    require_editor(actor)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        name = sorted(unknown)[0]
        raise DomainError(f"字段“{name}”不能在此修改（事项编码不可更改；状态、依据另有操作）。", field=name)
    item = _lock(item)
    if item.status == ItemStatus.REPEALED:
        raise DomainError("已废止的事项不能再修改。", field="status")
    before = item_snapshot(item)
    if "levels" in changes:
        changes["levels"] = normalise_levels(changes["levels"])
    if "registered_code" in changes:
        changes["registered_code"] = (changes["registered_code"] or "").strip()
        changes.setdefault("registered", bool(changes["registered_code"]))
    changed = {k: v for k, v in changes.items() if getattr(item, k) != v}
    if not changed:
        return item
    for field, value in changed.items():
        setattr(item, field, value)
    if "type" in changed and item.code.split("-")[1] != TYPE_CODES.get(item.type):
        raise DomainError("事项类型须与事项编码中的类型码一致；类型不同的事项请以新编码新增。", field="type")
    _validate(item)
    item.version += 1
    item.save()
    audit_record(actor=actor, action="items.item.update", obj=item, before=before, after=item_snapshot(item))
    index_items([item])
    return item


@transaction.atomic
def basis_set(*, actor, item: Item, bases: Iterable) -> Item:
    """Replace the item's legal basis (an ordered list of provision + role + note). An active item keeps at least the
    basis an active item needs."""
    require_editor(actor)
    item = _lock(item)
    if item.status == ItemStatus.REPEALED:
        raise DomainError("已废止的事项不能再修改依据。", field="bases")
    specs = [_spec(e) for e in bases]
    _check_bases(item.type, specs)
    if bases_equal(item, specs):
        return item
    if item.status == ItemStatus.ACTIVE:
        problem = _activation_problem(item, specs)
        if problem:
            raise DomainError(problem, field="bases")
    before = item_snapshot(item)
    rows = _write_bases(item, specs)
    item.version += 1
    item.save(update_fields=["version", "updated_at"])
    audit_record(actor=actor, action="items.item.basis_set", obj=item, before=before,
                 after=item_snapshot(item, rows))
    index_items([item])
    return item


def _set_status(actor, item: Item, status: str, reason: str, action: str, **fields) -> Item:
    before = item_snapshot(item)
    item.status = status
    item.status_reason = reason[:300]
    for name, value in fields.items():
        setattr(item, name, value)
    _validate(item)
    item.save()
    audit_record(actor=actor, action=action, obj=item, before=before, after={**item_snapshot(item),
                                                                             "reason": reason})
    index_items([item])
    return item


@transaction.atomic
def item_activate(*, actor, item: Item, effective_from: datetime.date | None = None, reason: str = "") -> Item:
    """Publish a draft, or resume a suspended item. It must be registered in the provincial item management system
    and have a legal basis (办法 第13条(二), 第54条)."""
    require_editor(actor)
    item = _lock(item)
    if item.status not in (ItemStatus.DRAFT, ItemStatus.SUSPENDED):
        raise DomainError(f"“{item.get_status_display()}”的事项不能设为有效。", field="status")
    problem = _activation_problem(item, list(item.bases.all()))
    if problem:
        raise DomainError(problem, field="status")
    start = effective_from or item.effective_from or timezone.localdate()
    return _set_status(actor, item, ItemStatus.ACTIVE, reason, "items.item.activate", effective_from=start)


@transaction.atomic
def item_suspend(*, actor, item: Item, reason: str) -> Item:
    """Stop cases from taking the item for now (e.g. its basis changed and the list is being revised)."""
    require_editor(actor)
    if not (reason or "").strip():
        raise DomainError("请填写暂停理由。", field="reason")
    item = _lock(item)
    if item.status != ItemStatus.ACTIVE:
        raise DomainError(f"只有有效的事项可以暂停，该事项为“{item.get_status_display()}”。", field="status")
    return _set_status(actor, item, ItemStatus.SUSPENDED, reason.strip(), "items.item.suspend")


@transaction.atomic
def item_repeal(*, actor, item: Item, reason: str, effective_until: datetime.date | None = None) -> Item:
    """Retire the item for good (its power was abolished or merged). Cases already using it keep their record."""
    require_editor(actor)
    if not (reason or "").strip():
        raise DomainError("请填写废止理由。", field="reason")
    item = _lock(item)
    if item.status == ItemStatus.REPEALED:
        raise DomainError("该事项已废止。", field="status")
    end = effective_until or timezone.localdate()
    if item.effective_until and item.effective_until < end:
        end = item.effective_until
    if item.effective_from and end <= item.effective_from:
        end = item.effective_from + datetime.timedelta(days=1)
    return _set_status(actor, item, ItemStatus.REPEALED, reason.strip(), "items.item.repeal", effective_until=end)


def status_apply(*, actor, item: Item, status: str, reason: str = "") -> Item:
    """Move ``item`` to ``status`` through the act that does it (used by the list import)."""
    if status == item.status:
        return item
    if status == ItemStatus.ACTIVE:
        return item_activate(actor=actor, item=item, reason=reason)
    if status == ItemStatus.SUSPENDED:
        if item.status == ItemStatus.DRAFT:
            item = item_activate(actor=actor, item=item, reason=reason)
        return item_suspend(actor=actor, item=item, reason=reason or "按省级事项清单暂停")
    if status == ItemStatus.REPEALED:
        return item_repeal(actor=actor, item=item, reason=reason or "按省级事项清单废止")
    raise DomainError(f"事项不能从“{item.get_status_display()}”改回“{ItemStatus(status).label}”。", field="status")
