"""Excel (.xlsx) import and export of the provincial item list, in the shape such lists are kept in.

Import is all or nothing (DESIGN §5.6): every row is checked first — codes, types, domains, levels, every citation of
the basis resolved against the laws library — and one bad row means nothing is written; every bad row is reported
with its row number, column letter, header and a Chinese reason. A row whose 事项编码 is already in the library is an
error, unless it is identical to the stored item (so re-importing the same file changes nothing) or the caller asked to
update existing items. A clean file is written in one transaction and recorded as one audit entry.

Export writes the current filtered list in exactly the import layout (no extra columns), so an exported file imports
back unchanged.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from yuezhifa.audit.services import audit_record
from yuezhifa.core import excel as core_excel
from yuezhifa.core.errors import Conflict, DomainError
from yuezhifa.core.excel import (
    XLSX_CONTENT_TYPE,
    ExcelColumn,
    ExcelImportError,
    Row,
    RowError,
    add_instructions,
    cell_text,
    check_export_size,
    duplicates,
    field_columns,
    new_workbook,
    raise_row_errors,
    read_rows,
    row_refusal,
    save_workbook,
)
from yuezhifa.org.models import Domain, Level

from ..citing import CitationError, resolve_citation, split_citations
from ..indexing import index_items
from ..models import (
    ITEM_CODE_FORMAT,
    ITEM_CODE_RE,
    LEVEL_ORDER,
    TYPE_CODES,
    BasisRole,
    Item,
    ItemBasis,
    ItemStatus,
    ItemType,
)
from ..permissions import require_editor
from .items import BasisSpec, _activation_problem, _check_bases, _validate, _write_bases

__all__ = ["ITEM_COLUMNS", "XLSX_CONTENT_TYPE", "ExcelImportError", "ItemImportResult", "RowError", "export_filename",
           "item_template", "items_export", "items_import"]

#: Basis columns: header → role. A cell holds one citation per line (or separated by ；).
BASIS_COLUMNS = {
    "设定依据": BasisRole.ESTABLISHING,
    "处罚依据": BasisRole.PENALTY,
    "违法依据": BasisRole.VIOLATED,
    "强制依据": BasisRole.COMPULSION,
    "检查依据": BasisRole.INSPECTION,
    "其他依据": BasisRole.OTHER,
}
_CITATION_NOTE = "引用写作《法律全称或简称》第X条第X款第（X）项，如《中华人民共和国食品安全法》第一百二十四条第一款；" \
                 "多条引用每行一条或以“；”分隔。引用须能在法律法规库中找到现行有效的条款。"

ITEM_COLUMNS = (
    ExcelColumn("事项编码", True, f"全省唯一，格式 {ITEM_CODE_FORMAT}；类型码须与事项类型一致。", field="code",
                width=20),
    ExcelColumn("事项名称", True, "如“对生产经营用非食品原料生产食品的行政处罚”。", field="name", width=40),
    ExcelColumn("事项类型", True, "行政处罚、行政强制、行政检查、行政征收、行政征用、行政许可、其他。", field="type",
                width=10),
    ExcelColumn("执法领域", True, "执法领域名称或代码，如“市场监管”。", field="domain", width=12),
    ExcelColumn("实施层级", True, "省级、市级、县级、乡镇级中的一项或多项，以“、”分隔。", field="levels", width=18),
    ExcelColumn("实施主体", False, "选填，如“县级以上人民政府食品安全监督管理部门”。", field="department", width=28),
    *(ExcelColumn(header, False, _CITATION_NOTE, field="bases", width=40) for header in BASIS_COLUMNS),
    ExcelColumn("状态", False, "草稿、有效、暂停、已废止；新事项不填为草稿，已有事项不填则不变。"
                "有效事项须已填写省事项管理系统编码并有依据（行政处罚事项须有处罚依据）。", field="status", width=8),
    ExcelColumn("省事项管理系统编码", False, "该事项在广东省政务服务事项管理系统中的编码；未纳入省事项管理系统的事项"
                "不得用于办案（办法 第13条(二)）。", field="registered_code", width=24),
    ExcelColumn("生效日期", False, "日期，如 2025-01-01；已有事项不填则不变。", field="effective_from", kind="date",
                width=12),
    ExcelColumn("失效日期", False, "日期，晚于生效日期；已有事项不填则不变。", field="effective_until", kind="date",
                width=12),
    ExcelColumn("备注", False, "选填。", field="note", width=24),
)

_TYPES = {label: value for value, label in ItemType.choices}
_STATUSES = {label: value for value, label in ItemStatus.choices}
_LEVELS = {}
for _value, _label in Level.choices:
    _LEVELS[_label] = _value
    _LEVELS[_label.removesuffix("级")] = _value
_LEVEL_SPLIT = "、,，;；/ \n"


@dataclass(frozen=True)
class ItemImportResult:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    sha256: str = ""

    @property
    def count(self) -> int:
        return len(self.created) + len(self.updated)

    def __str__(self) -> str:
        return (f"新增 {len(self.created)} 项，更新 {len(self.updated)} 项，"
                f"未变 {len(self.unchanged)} 项。")


def export_filename(stem: str = "执法事项清单") -> str:
    return core_excel.export_filename(stem)


# --- reading ----------------------------------------------------------------------------------------------------


def _split_levels(text: str) -> list[str]:
    parts, current = [], ""
    for char in text:
        if char in _LEVEL_SPLIT:
            if current:
                parts.append(current)
            current = ""
        else:
            current += char
    if current:
        parts.append(current)
    return parts


def _parse(row: Row, domains: dict[str, Domain], today: datetime.date, cache: dict) -> None:
    row.code = row.text("事项编码", 40).upper()
    if row.code and not ITEM_CODE_RE.match(row.code):
        row.error("事项编码", f"格式不正确，应为 {ITEM_CODE_FORMAT}。")
        row.code_ok = False
    else:
        row.code_ok = bool(row.code)
    row.name = row.text("事项名称", 300)
    type_label = row.text("事项类型")
    row.type = _TYPES.get(type_label)
    if type_label and row.type is None:
        row.error("事项类型", f"“{type_label}”不是有效的事项类型，可选：{'、'.join(_TYPES)}。")
    if row.code_ok and row.type and row.code.split("-")[1] != TYPE_CODES[row.type]:
        row.error("事项编码", f"类型码“{row.code.split('-')[1]}”与事项类型“{type_label}”不一致，应为 "
                             f"{TYPE_CODES[row.type]}。")
    domain_text = row.text("执法领域")
    row.domain = domains.get(domain_text)
    if domain_text and row.domain is None:
        row.error("执法领域", f"未知的执法领域“{domain_text}”，可选：{'、'.join(d.name for d in set(domains.values()))}。")
    level_text = row.text("实施层级")
    levels, unknown = [], []
    for part in _split_levels(level_text):
        value = _LEVELS.get(part)
        (levels if value else unknown).append(value or part)
    if unknown:
        row.error("实施层级", f"“{'、'.join(unknown)}”不是有效的实施层级，可选：省级、市级、县级、乡镇级。")
    row.levels = [v for v in LEVEL_ORDER if v in levels]
    row.department = row.text("实施主体", 300)
    row.specs = []
    for header, role in BASIS_COLUMNS.items():
        for citation in split_citations(cell_text(row.raw[header])):
            key = (citation, today)
            if key not in cache:
                try:
                    cache[key] = resolve_citation(citation, today)
                except CitationError as exc:
                    cache[key] = exc
            found = cache[key]
            if isinstance(found, CitationError):
                row.error(header, str(found))
                continue
            spec = BasisSpec(provision=found, role=role)
            if any(s.provision.pk == found.pk and s.role == role for s in row.specs):
                row.error(header, f"引用“{citation}”重复。")
                continue
            try:
                _check_bases(row.type or ItemType.OTHER, [spec])
            except DomainError as exc:
                row.error(header, exc.message)
                continue
            row.specs.append(spec)
    status_label = row.text("状态")
    row.status = _STATUSES.get(status_label) if status_label else None
    if status_label and row.status is None:
        row.error("状态", f"“{status_label}”不是有效的状态，可选：{'、'.join(_STATUSES)}。")
    row.registered_code = row.text("省事项管理系统编码", 64)
    row.effective_from = row.optional_date("生效日期")
    row.effective_until = row.optional_date("失效日期")
    if row.effective_from and row.effective_until and row.effective_until <= row.effective_from:
        row.error("失效日期", "失效日期必须晚于生效日期。")
    row.note = row.text("备注", 2000)


def _with_notes(item: Item | None, specs: list[BasisSpec]) -> list[BasisSpec]:
    """The sheet has no basis notes: keep the stored note of a provision + role that stays."""
    if item is None:
        return specs
    notes = {(b.provision_id, b.role): b.note for b in item.bases.all()}
    return [BasisSpec(s.provision, s.role, notes.get((s.provision.pk, s.role), "")) for s in specs]


def _target(row: Row, item: Item | None) -> dict:
    """The item's values after this row, for comparison with the stored item."""
    values = {"name": row.name, "type": row.type, "domain_id": row.domain.pk if row.domain else None,
              "levels": row.levels, "department": row.department, "registered_code": row.registered_code,
              "registered": bool(row.registered_code), "note": row.note}
    for name in ("effective_from", "effective_until"):
        given = getattr(row, name)
        values[name] = given if given is not None or item is None else getattr(item, name)
    values["status"] = row.status or (item.status if item else ItemStatus.DRAFT)
    return values


def _differences(item: Item, values: dict, specs: list[BasisSpec]) -> set[str]:
    changed = {name for name, value in values.items() if getattr(item, name) != value}
    current = [(b.provision_id, b.role) for b in sorted(item.bases.all(), key=lambda b: b.order)]
    if current != [(s.provision.pk, s.role) for s in specs]:
        changed.add("bases")
    return changed


_FIELD_HEADER = {"name": "事项名称", "type": "事项类型", "domain_id": "执法领域", "levels": "实施层级",
                 "department": "实施主体", "registered_code": "省事项管理系统编码", "registered": "省事项管理系统编码",
                 "note": "备注", "effective_from": "生效日期", "effective_until": "失效日期", "status": "状态",
                 "bases": "处罚依据"}


def _check_status(row: Row, item: Item | None, values: dict) -> None:
    status = values["status"]
    if item is not None and item.status == ItemStatus.REPEALED:
        if _differences(item, values, row.specs):
            row.error("状态", "该事项已废止，不能再修改。")
        return
    if item is not None and item.status != ItemStatus.DRAFT and status == ItemStatus.DRAFT:
        row.error("状态", f"事项已是“{item.get_status_display()}”，不能改回草稿。")
        return
    if status in (ItemStatus.ACTIVE, ItemStatus.SUSPENDED):
        probe = Item(type=row.type, registered=values["registered"], registered_code=values["registered_code"])
        problem = _activation_problem(probe, row.specs)
        if problem:
            row.error("省事项管理系统编码" if "省事项管理系统" in problem else "状态", problem)


def items_import(*, actor, data: bytes, filename: str, update_existing: bool = False,
                 today: datetime.date | None = None) -> ItemImportResult:
    """Import the sheet (layout ``ITEM_COLUMNS``): every row or none. Rows identical to the stored item are
    unchanged; a row for an existing code that differs is an error unless ``update_existing``."""
    require_editor(actor)
    today = today or timezone.localdate()
    raw_rows = read_rows(data, filename, ITEM_COLUMNS)
    errors: list[RowError] = []
    rows = [Row(number, values, ITEM_COLUMNS, errors) for number, values in raw_rows]
    domains: dict[str, Domain] = {}
    for domain in Domain.objects.all():
        domains[domain.name] = domain
        domains[domain.code] = domain
    cache: dict = {}
    for row in rows:
        _parse(row, domains, today, cache)
    duplicates(rows, "事项编码", "事项编码", lambda r: r.code, show_value=True)
    duplicates(rows, "省事项管理系统编码", "省事项管理系统编码", lambda r: r.registered_code, show_value=True)

    codes = {r.code for r in rows if r.code}
    stored = {i.code: i for i in Item.objects.filter(code__in=codes).select_related("domain")
              .prefetch_related("bases")}
    registered = {r.registered_code for r in rows if r.registered_code}
    owners = dict(Item.objects.filter(registered_code__in=registered).values_list("registered_code", "code"))
    plan: list[tuple[Row, Item | None, dict, list[BasisSpec]]] = []
    unchanged: list[Item] = []
    for row in rows:
        if not row.ok:
            continue
        item = stored.get(row.code)
        owner = owners.get(row.registered_code)
        if row.registered_code and owner and owner != row.code:
            row.error("省事项管理系统编码", f"省事项管理系统编码“{row.registered_code}”已对应事项 {owner}。")
        values = _target(row, item)
        specs = _with_notes(item, row.specs)
        _check_status(row, item, values)
        if not row.ok:
            continue
        if item is None:
            plan.append((row, None, values, specs))
            continue
        changed = _differences(item, values, specs)
        if not changed:
            unchanged.append(item)
        elif not update_existing:
            headers = sorted({_FIELD_HEADER.get(name, name) for name in changed})
            row.error("事项编码", f"事项编码 {row.code} 已存在（“{item.name}”），且{'、'.join(headers)}与库中不同；"
                                 "全省事项编码不得重复。如需以本文件更新已有事项，请勾选“更新已有事项”后重新导入。")
        else:
            plan.append((row, item, values, specs))
    raise_row_errors(errors)
    return _write(actor, plan, unchanged, data, filename, update_existing)


def _write(actor, plan, unchanged, data: bytes, filename: str, update_existing: bool) -> ItemImportResult:
    digest = hashlib.sha256(data).hexdigest()
    columns = field_columns(ITEM_COLUMNS)
    created, updated = [], []
    try:
        with transaction.atomic():
            for row, item, values, specs in plan:
                try:
                    if item is None:
                        item = Item(code=row.code, **values)
                        if item.status in (ItemStatus.ACTIVE, ItemStatus.SUSPENDED):
                            item.effective_from = item.effective_from or timezone.localdate()
                        _validate(item)
                        item.save(force_insert=True)
                        created.append(item)
                    else:
                        item = Item.objects.select_for_update().get(pk=item.pk)
                        for name, value in values.items():
                            setattr(item, name, value)
                        if item.status in (ItemStatus.ACTIVE, ItemStatus.SUSPENDED):
                            item.effective_from = item.effective_from or timezone.localdate()
                        if item.status == ItemStatus.REPEALED and not item.effective_until:
                            item.effective_until = max(timezone.localdate(),
                                                       (item.effective_from or datetime.date.min)
                                                       + datetime.timedelta(days=1))
                        _validate(item)
                        item.version += 1
                        item.save()
                        updated.append(item)
                    _write_bases(item, specs)
                except DomainError as exc:
                    raise row_refusal(row.number, exc, columns) from None
            audit_record(
                actor=actor, action="items.item.import", object_type="items.item",
                object_repr=f"{filename}（新增 {len(created)} 项，更新 {len(updated)} 项）",
                after={"filename": filename[:200], "sha256": digest, "update_existing": update_existing,
                       "created": [i.code for i in created], "updated": [i.code for i in updated],
                       "unchanged": len(unchanged)})
            index_items(created + updated)
    except IntegrityError:
        raise Conflict("导入时事项数据被同时修改，未导入任何数据，请重新导入。", field="file") from None
    return ItemImportResult(created=created, updated=updated, unchanged=unchanged, sha256=digest)


# --- writing ----------------------------------------------------------------------------------------------------


def item_template(*, user=None) -> bytes:
    """The empty list, with a sheet explaining every column and the accepted values."""
    workbook, _ = new_workbook("执法事项", ITEM_COLUMNS)
    extra = [("事项类型", "", "、".join(f"{label}（{TYPE_CODES[value]}）" for value, label in ItemType.choices)),
             ("实施层级", "", "省级、市级、县级、乡镇级"),
             ("状态", "", "、".join(_STATUSES)),
             ("执法领域", "", "、".join(f"{d.name}（{d.code}）" for d in Domain.objects.all()))]
    add_instructions(workbook, ITEM_COLUMNS, extra)
    return save_workbook(workbook)


def _bases_by_role(item: Item) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for basis in sorted(item.bases.all(), key=lambda b: b.order):
        out.setdefault(basis.role, []).append(basis.provision.citation)
    return out


@transaction.atomic
def items_export(*, actor, items: QuerySet, filters: dict | None = None) -> bytes:
    """``items`` (already restricted and filtered by the caller's selector) as .xlsx in the import layout."""
    count = check_export_size(items)
    items = items.select_related("domain").prefetch_related(
        Prefetch("bases", queryset=ItemBasis.objects.select_related("provision").order_by("order"))).order_by("code")
    workbook, sheet = new_workbook("执法事项", ITEM_COLUMNS)
    for item in items:
        bases = _bases_by_role(item)
        sheet.append([item.code, item.name, item.get_type_display(), item.domain.name,
                      "、".join(Level(v).label for v in item.levels), item.department,
                      *("\n".join(bases.get(role, [])) for role in BASIS_COLUMNS.values()),
                      item.get_status_display(), item.registered_code, item.effective_from, item.effective_until,
                      item.note])
    audit_record(actor=actor, action="items.item.export", object_type="items.item",
                 object_repr=f"导出执法事项 {count} 项", after={"rows": count, "filters": filters or {}})
    return save_workbook(workbook)
