"""Excel (.xlsx) import of the subject register (检查对象名录库, LEGAL.md §4), sized for millions of rows.

The contract of ``core.excel`` holds (DESIGN §5.6): the header is checked first; every data row is then checked and
each problem reported with its row, column letter and header; one bad row and nothing is kept. Beyond the usual
importers, the file is streamed (openpyxl read-only, never held as a list of rows) in one pass inside one
transaction, written with ``bulk_create`` / ``bulk_update`` in batches, so a register of a million rows imports in
one go; a bad row rolls the whole transaction back. Work is bounded by the rows the file really holds (``MAX_BLANK_RUN``), whatever size its sheet
declares. A row whose 统一社会信用代码 is already registered updates that subject (a natural person without one: by
identity number), so importing the same file twice changes nothing. The file is audited as one entry.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from openpyxl.utils import get_column_letter

from yuezhifa.audit.services import audit_record
from yuezhifa.core.errors import DomainError, NotAllowed
from yuezhifa.core.excel import (
    EXTRA_COLUMNS,
    MAX_BLANK_RUN,
    ExcelColumn,
    ExcelImportError,
    Row,
    RowError,
    add_instructions,
    cell_text,
    new_workbook,
    open_sheet,
    save_workbook,
)
from yuezhifa.core.identifiers import validate_credit_code, validate_resident_id
from yuezhifa.core.validation import validate_phone
from yuezhifa.org.models import Division, Domain, EnforcementBody
from yuezhifa.org.permissions import is_province_admin

from ..models import RiskGrade, Subject, SubjectKind
from ..permissions import may_register_in

SUBJECT_COLUMNS = (
    ExcelColumn("统一社会信用代码", False, "18 位；企业、个体工商户和其他组织必填，自然人不填。已登记的代码将更新该对象。",
                field="credit_code", width=22),
    ExcelColumn("名称", True, "检查对象名称。", field="name", width=30),
    ExcelColumn("类别", False, "企业、个体工商户、其他组织或自然人；不填为企业。", field="kind", width=12),
    ExcelColumn("身份证件号码", False, "仅自然人填写（仅在检查事项需要时登记自然人），请保持本列为“文本”格式。",
                field="id_number", width=22),
    ExcelColumn("行业", False, "国民经济行业分类，如“F5221 零售”。", field="industry", width=18),
    ExcelColumn("区划代码", True, "所在区划的统计用区划代码，如 440106（天河区），须在您的管理范围内。",
                field="division", width=12),
    ExcelColumn("地址", False, "选填。", field="address", width=30),
    ExcelColumn("监管领域代码", False, "选填，如 market（市场监管）。", field="domain", width=14),
    ExcelColumn("风险等级", True, "A、B、C 或 D（A 低风险，D 高风险）。", field="risk_grade", width=10),
    ExcelColumn("评定机关统一社会信用代码", False, "评定风险等级的执法主体。", field="graded_by", width=26),
    ExcelColumn("评定日期", False, "如 2026-03-31；不晚于今天。", field="graded_on", kind="date", width=12),
    ExcelColumn("法定代表人或负责人", False, "选填。", field="legal_representative", width=16),
    ExcelColumn("联系电话", False, "选填；手机号码（如 13812345678）或带区号的固定电话（如 020-87654321）。",
                field="phone", width=16),
)
LATER_COLUMNS = ("法定代表人或负责人", "联系电话")
"""Optional columns added at the end of the template (docs/decisions/0048); a file without them is still read."""
KIND_BY_LABEL = {label: value for value, label in SubjectKind.choices} | {v: v for v in SubjectKind.values}
WRITE_BATCH = 2000
MAX_REPORTED_ERRORS = 1000
"""Row errors listed at most; the rest are counted (a million bad rows would otherwise fill the page and memory)."""
UPDATE_FIELDS = ["name", "kind", "id_number", "industry", "division", "address", "domain", "risk_grade", "graded_by",
                 "graded_on", "legal_representative", "phone", "active", "updated_at"]

ProgressCallback = Callable[[str, int], None]
"""``progress(stage, rows)``: ``stage`` is 校验 or 写入."""


def upload_max_bytes() -> int:
    """Largest file through the web page or the API (the command line reads files up to ``command_max_bytes``)."""
    return settings.YZF_INSPECTION_SUBJECT_UPLOAD_MAX_BYTES


def command_max_bytes() -> int:
    return settings.YZF_INSPECTION_SUBJECT_FILE_MAX_BYTES


@dataclass(frozen=True)
class SubjectImportResult:
    created: int
    updated: int
    sha256: str

    @property
    def count(self) -> int:
        return self.created + self.updated

    def __str__(self) -> str:
        return f"新增 {self.created} 个、更新 {self.updated} 个检查对象"


def subject_template(*, user=None) -> bytes:
    workbook, _sheet = new_workbook("检查对象名录", SUBJECT_COLUMNS)
    add_instructions(workbook, SUBJECT_COLUMNS, extra=[
        ("更新", "统一社会信用代码已登记的行更新该检查对象（自然人按身份证件号码）；重复导入同一文件不会改变任何数据。"),
    ], max_rows=1_000_000)
    return save_workbook(workbook)


# --- reading ----------------------------------------------------------------------------------------------------


def _data_rows(sheet, columns: tuple[ExcelColumn, ...]) -> Iterator[tuple[int, tuple]]:
    """``(row number, values)`` of every non-blank data row, streamed; the header is checked first (as
    ``core.excel.read_rows`` does, without holding the rows)."""
    rows = sheet.iter_rows(max_col=len(columns) + EXTRA_COLUMNS, values_only=True)
    header = list(next(rows, ()) or ())
    errors = []
    written = max((i + 1 for i, cell in enumerate(header) if cell_text(cell)), default=0)
    for i, column in enumerate(columns):
        actual = cell_text(header[i]) if i < len(header) else ""
        if not actual and i >= written and column.header in LATER_COLUMNS:
            continue  # a file of the earlier template: the columns added at its end are read as empty
        if actual != column.header:
            shown = f"“{actual}”" if actual else "空白"
            errors.append(RowError(1, get_column_letter(i + 1), column.header,
                                   f"表头应为“{column.header}”，实际为{shown}。请使用导入模板。"))
    for i in range(len(columns), len(header)):
        actual = cell_text(header[i])
        if actual:
            errors.append(RowError(1, get_column_letter(i + 1), actual,
                                   f"模板中没有“{actual}”这一列，请删除该列或使用导入模板。"))
    if errors:
        raise ExcelImportError(errors)
    blank_run = 0
    for number, values in enumerate(rows, start=2):
        values = tuple(values or ())
        if not any(cell_text(v) for v in values if v is not None):
            blank_run += 1
            if blank_run >= MAX_BLANK_RUN:
                return
            continue
        blank_run = 0
        yield number, values[:len(columns) + EXTRA_COLUMNS] + (None,) * (len(columns) - len(values))


class _Lookups:
    """Divisions, domains and grading bodies named by the file, each looked up once."""

    def __init__(self, actor):
        self.actor = actor
        self.divisions: dict[str, tuple[str | None, str]] = {}  # code → (code or None, refusal)
        self.domains: dict[str, str | None] = {}
        self.bodies: dict[str, str | None] = {}

    def division(self, code: str) -> tuple[str | None, str]:
        if code not in self.divisions:
            division = Division.objects.filter(code=code).only("code", "name").first()
            if division is None:
                self.divisions[code] = (None, f"区划代码“{code}”不存在。")
            elif not may_register_in(self.actor, code):
                self.divisions[code] = (None, f"{division.name}（{code}）不在您的管理范围内：系统管理员只能导入本辖区的"
                                              "检查对象。")
            else:
                self.divisions[code] = (code, "")
        return self.divisions[code]

    def domain(self, code: str) -> str | None:
        if code not in self.domains:
            self.domains[code] = Domain.objects.filter(code=code).values_list("code", flat=True).first()
        return self.domains[code]

    def body(self, credit_code: str):
        if credit_code not in self.bodies:
            self.bodies[credit_code] = (EnforcementBody.objects.filter(credit_code=credit_code)
                                        .values_list("pk", flat=True).first())
        return self.bodies[credit_code]


def _check(row: Row, lookups: _Lookups, today: datetime.date) -> dict | None:
    """The row as subject fields, or None with its errors recorded."""
    credit_code = row.identifier("统一社会信用代码", validate_credit_code)
    name = row.text("名称", 200)
    kind_text = row.text("类别")
    kind = KIND_BY_LABEL.get(kind_text or "企业")
    if kind is None:
        row.error("类别", f"“{kind_text}”无效，应为企业、个体工商户、其他组织或自然人。")
    id_number = ""
    if kind == SubjectKind.PERSON:
        id_number = row.identifier("身份证件号码", validate_resident_id)
        if not id_number and row.ok:
            row.error("身份证件号码", "自然人检查对象须填写身份证件号码。")
    elif cell_text(row.raw["身份证件号码"]):
        row.error("身份证件号码", "只有自然人检查对象才登记身份证件号码，请删除。")
    if kind and kind != SubjectKind.PERSON and not credit_code and row.ok:
        row.error("统一社会信用代码", "企业、个体工商户和其他组织须填写统一社会信用代码。")
    industry = row.text("行业", 100)
    division_code = row.text("区划代码")
    division = None
    if division_code:
        division, refusal = lookups.division(division_code)
        if division is None:
            row.error("区划代码", refusal)
    address = row.text("地址", 300)
    domain = None
    domain_code = row.text("监管领域代码")
    if domain_code:
        domain = lookups.domain(domain_code)
        if domain is None:
            row.error("监管领域代码", f"监管领域代码“{domain_code}”不存在。")
    grade = row.text("风险等级").upper()
    if grade and grade not in RiskGrade.values:
        row.error("风险等级", f"“{grade}”无效，应为 A、B、C 或 D。")
    graded_by = None
    body_code = row.identifier("评定机关统一社会信用代码", validate_credit_code)
    if body_code:
        graded_by = lookups.body(body_code)
        if graded_by is None:
            row.error("评定机关统一社会信用代码", f"没有统一社会信用代码为 {body_code} 的执法主体。")
    graded_on = row.optional_date("评定日期")
    if graded_on and graded_on > today:
        row.error("评定日期", f"评定日期 {graded_on.isoformat()} 晚于今天。")
    if graded_on and graded_by is None and row.ok:
        row.error("评定机关统一社会信用代码", "填写了评定日期，请同时填写评定机关。")
    legal_representative = row.text("法定代表人或负责人", 50)
    phone = row.identifier("联系电话", validate_phone)
    if not row.ok:
        return None
    return {"credit_code": credit_code, "name": name, "kind": kind, "id_number": id_number, "industry": industry,
            "division_id": division, "address": address, "domain_id": domain, "risk_grade": grade,
            "graded_by_id": graded_by, "graded_on": graded_on, "legal_representative": legal_representative,
            "phone": phone, "active": True}


def _key(fields: dict) -> str:
    return fields["credit_code"] or f"id:{fields['id_number']}"


def _write_batch(batch: list[dict]) -> tuple[int, int]:
    codes = [f["credit_code"] for f in batch if f["credit_code"]]
    ids = [f["id_number"] for f in batch if not f["credit_code"]]
    existing: dict[str, Subject] = {}
    if codes:
        existing.update({s.credit_code: s for s in Subject.objects.filter(credit_code__in=codes)})
    if ids:
        existing.update({f"id:{s.id_number}": s for s in Subject.objects.filter(
            kind=SubjectKind.PERSON, credit_code="", id_number__in=ids)})
    now = timezone.now()
    new, changed = [], []
    for fields in batch:
        subject = existing.get(_key(fields))
        if subject is None:
            new.append(Subject(**fields))
            continue
        if any(getattr(subject, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(subject, k, v)
            subject.updated_at = now
            changed.append(subject)
    if new:
        Subject.objects.bulk_create(new, batch_size=WRITE_BATCH)
    if changed:
        Subject.objects.bulk_update(changed, UPDATE_FIELDS, batch_size=WRITE_BATCH)
    return len(new), len(changed)


def subjects_import(*, actor, data: bytes, filename: str, max_bytes: int | None = None,
                    progress: ProgressCallback | None = None) -> SubjectImportResult:
    """Import the subject register from ``data`` (.xlsx), all or nothing. ``max_bytes``: the web page and the API
    take ``upload_max_bytes()``, the command line ``command_max_bytes()``.

    One streamed pass inside one transaction: clean rows are written in batches as they come; from the first bad row
    on, rows are only checked (every problem is still reported), and the refusal rolls back whatever was written."""
    if not (is_province_admin(actor) or _may_import_somewhere(actor)):
        raise NotAllowed("只有系统管理员可以导入检查对象名录（本辖区的检查对象）。", field="file")
    max_bytes = max_bytes or upload_max_bytes()
    today = timezone.localdate()
    workbook, sheet = open_sheet(data, filename, max_bytes=max_bytes,
                                 max_xml_bytes=max(max_bytes * 20, 100 * 1024 * 1024))
    errors: list[RowError] = []
    extra_errors = 0
    lookups = _Lookups(actor)
    first: dict[str, int] = {}
    total = created = updated = 0
    batch: list[dict] = []

    def report(new: list[RowError]) -> None:
        nonlocal extra_errors
        room = max(MAX_REPORTED_ERRORS - len(errors), 0)
        errors.extend(new[:room])
        extra_errors += max(len(new) - room, 0)

    try:
        with transaction.atomic():
            for number, values in _data_rows(sheet, SUBJECT_COLUMNS):
                total += 1
                extra = [i for i in range(len(SUBJECT_COLUMNS), len(values)) if cell_text(values[i])]
                if extra:
                    report([RowError(number, get_column_letter(extra[0] + 1), "",
                                     "表头之外的列有内容，请只在模板规定的列中填写。")])
                    continue
                row_errors: list[RowError] = []
                row = Row(number, values[:len(SUBJECT_COLUMNS)], SUBJECT_COLUMNS, row_errors)
                fields = _check(row, lookups, today)
                if fields is not None:
                    key = _key(fields)
                    if key in first:
                        row.error("统一社会信用代码" if fields["credit_code"] else "身份证件号码",
                                  f"与第 {first[key]} 行重复。")
                    else:
                        first[key] = number
                if row_errors:
                    report(row_errors)
                    batch = []
                    continue
                if errors or extra_errors:
                    continue  # the file is refused: only checked from here on
                batch.append(fields)
                if len(batch) >= WRITE_BATCH:
                    c, u = _write_batch(batch)
                    created, updated, batch = created + c, updated + u, []
                    if progress:
                        progress("写入", total)
            if not total:
                raise DomainError("文件中没有数据行：请从第 2 行起填写。", field="file")
            if errors or extra_errors:
                errors.sort(key=lambda e: (e.row, e.column))
                if extra_errors:
                    errors.append(RowError(errors[-1].row, "", "",
                                           f"另有 {extra_errors} 处错误未列出，请改正以上错误后重新上传。"))
                raise ExcelImportError(errors)  # rolls back every batch written before the first bad row
            if batch:
                c, u = _write_batch(batch)
                created, updated = created + c, updated + u
            digest = hashlib.sha256(data).hexdigest()
            audit_record(actor=actor, action="inspection.subject.import", object_type="inspection.subject",
                         object_repr=f"{filename}（{total} 行）",
                         after={"filename": filename[:200], "sha256": digest, "rows": total, "created": created,
                                "updated": updated})
    finally:
        workbook.close()
    return SubjectImportResult(created=created, updated=updated, sha256=digest)


def _may_import_somewhere(actor) -> bool:
    body = getattr(actor, "body", None)
    return body is not None and may_register_in(actor, body.division_id)


__all__ = ["SUBJECT_COLUMNS", "SubjectImportResult", "command_max_bytes", "subject_template", "subjects_import",
           "upload_max_bytes"]
