"""Excel (.xlsx) import and export of officers and certificates.

Import is all or nothing (DESIGN §5.6): every row is checked first, and one bad row means nothing is written and every
bad row is reported with its row number, column letter, header and a Chinese reason. A clean file is written through
the ordinary services (``officer_create``, ``certificate_issue``) in one transaction, so each row is permission-checked
and audited exactly as a single entry would be.

Exports list what the user may change, in the import layout followed by a few columns for reading. ID numbers and
phone numbers are always masked (DESIGN §5.5): a full number never leaves the system in a file.
"""

import datetime
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException

from yuezhifa.audit.services import audit_record
from yuezhifa.core.errors import DomainError, NotAllowed
from yuezhifa.core.identifiers import validate_credit_code, validate_resident_id
from yuezhifa.core.masking import mask_id_number, mask_phone

from .. import selectors
from ..models import BodyStatus, Certificate, CertificateStatus, Domain, EnforcementBody, Officer, OfficerStatus
from .people import certificate_issue, officer_create

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_EXPORT_ROWS = 50000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ExcelColumn:
    header: str
    required: bool
    note: str
    field: str = ""
    """The service's field name, to place a service's refusal in its column."""
    kind: str = "text"  # text | date
    width: int = 18


OFFICER_COLUMNS = (
    ExcelColumn("姓名", True, "执法人员真实姓名。", field="name", width=12),
    ExcelColumn("身份证号码", True, "18 位居民身份证号码；请保持本列为“文本”格式。", field="id_number", width=22),
    ExcelColumn("所在主体统一社会信用代码", True, "所在执法主体的 18 位统一社会信用代码，须在您的管理范围内。",
                field="body", width=26),
    ExcelColumn("职务", False, "选填。", field="position", width=16),
    ExcelColumn("手机号码", False, "选填。", field="phone", width=16),
    ExcelColumn("法律职业资格证书编号", False, "选填；从事法制审核的人员应当填写（处罚法 第58条）。",
                field="legal_qualification_no", width=24),
)

CERTIFICATE_COLUMNS = (
    ExcelColumn("证件编号", True, "行政执法证件编号，全省唯一（办法 第38条）。", field="number", width=18),
    ExcelColumn("持证人身份证号码", True, "持证人须已登记为执法人员、在岗，并在您的管理范围内。",
                field="officer", width=22),
    ExcelColumn("执法领域（代码，逗号分隔）", True, "执法领域代码，多个以逗号分隔，须属于持证人所在主体的执法领域。",
                field="domains", width=26),
    ExcelColumn("发证机关统一社会信用代码", True, "发证的司法行政部门的统一社会信用代码。", field="issued_by", width=26),
    ExcelColumn("有效期起", True, "日期，如 2025-01-01。", field="valid_from", kind="date", width=14),
    ExcelColumn("有效期至", True, "日期，不早于有效期起。", field="valid_until", kind="date", width=14),
)

OFFICER_EXTRA_HEADERS = ("所在主体名称", "状态", "执法证件编号", "证件状态")
CERTIFICATE_EXTRA_HEADERS = ("持证人姓名", "持证人所在主体", "执法领域名称", "发证机关", "状态")


@dataclass(frozen=True)
class RowError:
    """One problem in an uploaded sheet. ``row`` is the sheet's row number (1 = header); ``column`` is a letter,
    empty when the problem concerns the whole file or row."""

    row: int
    column: str
    header: str
    message: str

    def __str__(self) -> str:
        where = f"第 {self.row} 行"
        if self.column:
            where += f" {self.column} 列（{self.header}）"
        return f"{where}：{self.message}"

    def as_dict(self) -> dict:
        return {"field": f"{self.row}:{self.column}", "row": self.row, "column": self.column, "header": self.header,
                "message": self.message}


class ExcelImportError(DomainError):
    """The file has problems; nothing was written. ``row_errors`` lists every one of them."""

    def __init__(self, row_errors: list[RowError]):
        self.row_errors = row_errors
        super().__init__(f"文件中有 {len(row_errors)} 处错误，未导入任何数据。请改正后重新上传。",
                         field="file", errors=[e.as_dict() for e in row_errors])


@dataclass(frozen=True)
class ImportResult:
    created: list
    sha256: str

    @property
    def count(self) -> int:
        return len(self.created)


# --- reading ----------------------------------------------------------------------------------------------------


def _require_change_right(actor) -> None:
    if not selectors.body_list(user=actor, action="change").exists():
        raise NotAllowed("您没有维护执法人员和执法证件的权限。")


def _open_sheet(data: bytes, filename: str):
    if len(data) > MAX_BYTES:
        raise DomainError(f"文件大小为 {len(data) / 1024 / 1024:.1f} MB，超过上限 {MAX_BYTES // 1024 // 1024} MB。"
                          "请分批导入。", field="file")
    if not filename.lower().endswith(".xlsx") or not data.startswith(b"PK\x03\x04"):
        raise DomainError("只能上传 .xlsx 格式的 Excel 文件（不支持 .xls、.csv 等格式）。请用导入模板填写后上传。",
                          field="file")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise DomainError("无法读取该文件：它不是有效的 .xlsx 文件，或文件已损坏。", field="file") from None
    return workbook, workbook.worksheets[0]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _read_rows(data: bytes, filename: str, columns: tuple[ExcelColumn, ...]) -> list[tuple[int, tuple]]:
    """Check the header and return ``(row number, raw values)`` for every non-blank data row."""
    workbook, sheet = _open_sheet(data, filename)
    try:
        rows = sheet.iter_rows(values_only=True)
        header = list(next(rows, ()) or ())
        errors = []
        for i, column in enumerate(columns):
            actual = _cell_text(header[i]) if i < len(header) else ""
            if actual != column.header:
                shown = f"“{actual}”" if actual else "空白"
                errors.append(RowError(1, get_column_letter(i + 1), column.header,
                                       f"表头应为“{column.header}”，实际为{shown}。请使用导入模板。"))
        for i in range(len(columns), len(header)):
            actual = _cell_text(header[i])
            if actual:
                errors.append(RowError(1, get_column_letter(i + 1), actual,
                                       f"模板中没有“{actual}”这一列，请删除该列或使用导入模板。"))
        if errors:
            raise ExcelImportError(errors)
        out = []
        for number, values in enumerate(rows, start=2):
            values = tuple(values or ())
            if not any(_cell_text(v) for v in values):
                continue
            if len(out) >= MAX_ROWS:
                raise DomainError(f"数据超过 {MAX_ROWS} 行的上限（第 {number} 行起超出）。请拆分为多个文件分批导入。",
                                  field="file")
            extra = [i for i in range(len(columns), len(values)) if _cell_text(values[i])]
            if extra:
                raise ExcelImportError([RowError(number, get_column_letter(extra[0] + 1), "",
                                                 "表头之外的列有内容，请只在模板规定的列中填写。")])
            out.append((number, values + (None,) * (len(columns) - len(values))))
        if not out:
            raise DomainError("文件中没有数据行：请从第 2 行起填写。", field="file")
        return out
    finally:
        workbook.close()


class _Row:
    """One data row being checked: typed values by header, errors collected with their columns."""

    def __init__(self, number: int, values: tuple, columns: tuple[ExcelColumn, ...], errors: list[RowError]):
        self.number = number
        self.raw = dict(zip((c.header for c in columns), values, strict=False))
        self.columns = {c.header: (get_column_letter(i + 1), c) for i, c in enumerate(columns)}
        self.errors = errors
        self.ok = True

    def error(self, header: str, message: str) -> None:
        self.ok = False
        self.errors.append(RowError(self.number, self.columns[header][0], header, message))

    def text(self, header: str, max_length: int | None = None) -> str:
        value = _cell_text(self.raw[header])
        if not value and self.columns[header][1].required:
            self.error(header, "必填，不能为空。")
        elif max_length and len(value) > max_length:
            self.error(header, f"不能超过 {max_length} 个字符（现有 {len(value)} 个）。")
            return ""
        return value

    def identifier(self, header: str, validate) -> str:
        raw = self.raw[header]
        if isinstance(raw, int | float) and not isinstance(raw, bool) and len(_cell_text(raw)) > 15:
            self.error(header, "该单元格被存成了数字，Excel 只保留 15 位有效数字，号码已不准确。"
                               "请把本列设为“文本”格式后重新填写。")
            return ""
        value = self.text(header)
        if not value:
            return ""
        try:
            return validate(value, field=header)
        except ValidationError as exc:
            self.error(header, "；".join(exc.messages))
            return ""

    def date(self, header: str) -> datetime.date | None:
        raw = self.raw[header]
        if raw is None or _cell_text(raw) == "":
            self.error(header, "必填，不能为空。")
            return None
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        text = _cell_text(raw)
        if isinstance(raw, int | float) and not re.fullmatch(r"\d{8}", text):
            try:
                return from_excel(raw).date()
            except (ValueError, OverflowError, TypeError):
                pass
        for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"):
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        self.error(header, f"“{text}”不是有效日期，请按 2025-01-01 的格式填写。")
        return None


def _duplicates(rows: list[_Row], header: str, label: str, values: dict[int, str]) -> None:
    first: dict[str, int] = {}
    for row in rows:
        value = values.get(row.number)
        if not value:
            continue
        if value in first:
            row.error(header, f"与第 {first[value]} 行的{label}重复。")
        else:
            first[value] = row.number


def _run(actor, rows: list[_Row], errors: list[RowError], columns, create, action: str, data: bytes,
         filename: str, object_type: str) -> ImportResult:
    """Write every checked row through its service, or nothing."""
    if errors:
        raise ExcelImportError(sorted(errors, key=lambda e: (e.row, e.column)))
    fields = {c.field: (get_column_letter(i + 1), c.header) for i, c in enumerate(columns)}
    digest = hashlib.sha256(data).hexdigest()
    created = []
    with transaction.atomic():
        for row in rows:
            try:
                created.append(create(row))
            except DomainError as exc:
                # A rule the pre-check does not know, or a concurrent change: still nothing is kept.
                letter, header = fields.get(exc.field or "", ("", ""))
                raise ExcelImportError([RowError(row.number, letter, header, exc.message)]) from None
        audit_record(actor=actor, action=action, object_type=object_type,
                     object_repr=f"{filename}（{len(created)} 行）",
                     after={"filename": filename[:200], "sha256": digest, "rows": len(created)})
    return ImportResult(created=created, sha256=digest)


# --- officers ---------------------------------------------------------------------------------------------------

_PHONE = re.compile(r"\+?[0-9][0-9\- ]{4,19}")


def officers_import(*, actor, data: bytes, filename: str) -> ImportResult:
    """Register every officer of the sheet (layout ``OFFICER_COLUMNS``), or none."""
    _require_change_right(actor)
    raw_rows = _read_rows(data, filename, OFFICER_COLUMNS)
    errors: list[RowError] = []
    rows = [_Row(number, values, OFFICER_COLUMNS, errors) for number, values in raw_rows]
    for row in rows:
        row.name = row.text("姓名", 50)
        row.id_number = row.identifier("身份证号码", validate_resident_id)
        row.credit_code = row.identifier("所在主体统一社会信用代码", validate_credit_code)
        row.position = row.text("职务", 60)
        row.phone = row.text("手机号码", 20)
        if row.phone and not _PHONE.fullmatch(row.phone):
            row.error("手机号码", "格式不正确：只能包含数字、空格和连字符。")
        row.legal_qualification_no = row.text("法律职业资格证书编号", 40)

    _duplicates(rows, "身份证号码", "身份证号码", {r.number: r.id_number for r in rows})
    ids = {r.id_number for r in rows if r.id_number}
    taken = set(Officer.objects.filter(id_number__in=ids).values_list("id_number", flat=True))
    codes = {r.credit_code for r in rows if r.credit_code}
    bodies = {b.credit_code: b for b in EnforcementBody.objects.filter(credit_code__in=codes)}
    in_scope = set(selectors.body_list(user=actor, action="change").filter(credit_code__in=codes)
                   .values_list("credit_code", flat=True))
    for row in rows:
        if row.id_number in taken:
            row.error("身份证号码", f"身份证号码 {mask_id_number(row.id_number)} 已登记为执法人员，不能重复登记。")
        row.body = None
        if row.credit_code:
            body = bodies.get(row.credit_code)
            if body is None:
                row.error("所在主体统一社会信用代码", f"未找到统一社会信用代码为 {row.credit_code} 的执法主体。")
            elif row.credit_code not in in_scope:
                row.error("所在主体统一社会信用代码", f"“{body.name}”不在您的管理范围内。")
            elif body.status == BodyStatus.DISSOLVED:
                row.error("所在主体统一社会信用代码", f"“{body.name}”已撤销，不能登记人员。")
            else:
                row.body = body

    def create(row: _Row) -> Officer:
        return officer_create(actor=actor, name=row.name, id_number=row.id_number, body=row.body,
                              position=row.position, phone=row.phone,
                              legal_qualification_no=row.legal_qualification_no)

    return _run(actor, rows, errors, OFFICER_COLUMNS, create, "org.officer.import", data, filename, "org.officer")


# --- certificates -----------------------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[,，、;；\s]+")


def certificates_import(*, actor, data: bytes, filename: str) -> ImportResult:
    """Issue every certificate of the sheet (layout ``CERTIFICATE_COLUMNS``), or none (一人一证, 证号全省唯一: 第38条)."""
    _require_change_right(actor)
    raw_rows = _read_rows(data, filename, CERTIFICATE_COLUMNS)
    errors: list[RowError] = []
    rows = [_Row(number, values, CERTIFICATE_COLUMNS, errors) for number, values in raw_rows]
    for row in rows:
        row.cert_number = row.text("证件编号", 40).upper()
        row.holder_id = row.identifier("持证人身份证号码", validate_resident_id)
        row.domain_codes = [c for c in _SEPARATORS.split(row.text("执法领域（代码，逗号分隔）")) if c]
        row.issuer_code = row.identifier("发证机关统一社会信用代码", validate_credit_code)
        row.valid_from = row.date("有效期起")
        row.valid_until = row.date("有效期至")
        if row.valid_from and row.valid_until and row.valid_until < row.valid_from:
            row.error("有效期至", "有效期至不能早于有效期起。")

    _duplicates(rows, "证件编号", "证件编号", {r.number: r.cert_number for r in rows})
    _duplicates(rows, "持证人身份证号码", "持证人（一人一证，办法 第38条）",
                {r.number: r.holder_id for r in rows})
    numbers = {r.cert_number for r in rows if r.cert_number}
    taken = set(Certificate.objects.filter(number__in=numbers).values_list("number", flat=True))
    holder_ids = {r.holder_id for r in rows if r.holder_id}
    officers = {o.id_number: o for o in selectors.officer_list(user=actor, action="change")
                .filter(id_number__in=holder_ids).select_related("body").prefetch_related("body__domains")}
    domains = {d.code: d for d in Domain.objects.all()}
    issuer_codes = {r.issuer_code for r in rows if r.issuer_code}
    issuers = {b.credit_code: b for b in EnforcementBody.objects.filter(credit_code__in=issuer_codes)}

    for row in rows:
        if row.cert_number in taken:
            row.error("证件编号", f"证件编号 {row.cert_number} 已被使用，全省执法证件编号不得重复（办法 第38条）。")
        row.officer = officers.get(row.holder_id) if row.holder_id else None
        if row.holder_id:
            officer = row.officer
            if officer is None:
                row.error("持证人身份证号码", "未找到该身份证号码对应的执法人员，或该人员不在您的管理范围内。请先导入执法人员。")
            elif officer.status != OfficerStatus.ACTIVE:
                row.error("持证人身份证号码", f"{officer.name} 不在岗，不能发放执法证件。")
            elif officer.current_certificates:
                row.error("持证人身份证号码", f"{officer.name} 已持有执法证件 {officer.current_certificates[0].number}，"
                                              "一人一证（办法 第38条）：须先注销原证件。")
        row.domains = []
        if row.domain_codes:
            unknown = [c for c in row.domain_codes if c not in domains]
            if unknown:
                row.error("执法领域（代码，逗号分隔）", f"未知的执法领域代码：{'、'.join(unknown)}。")
            elif row.officer is not None:
                allowed = {d.code for d in row.officer.body.domains.all()}
                outside = [domains[c].name for c in row.domain_codes if c not in allowed]
                if outside:
                    row.error("执法领域（代码，逗号分隔）",
                              f"执法领域 {'、'.join(outside)} 不在“{row.officer.body.name}”的执法领域之内。")
            row.domains = [domains[c] for c in dict.fromkeys(row.domain_codes) if c in domains]
        row.issuer = issuers.get(row.issuer_code) if row.issuer_code else None
        if row.issuer_code:
            if row.issuer is None:
                row.error("发证机关统一社会信用代码", f"未找到统一社会信用代码为 {row.issuer_code} 的执法主体。")
            elif not row.issuer.is_justice_department:
                row.error("发证机关统一社会信用代码", f"“{row.issuer.name}”不是司法行政部门，不能发放执法证件。")

    def create(row: _Row) -> Certificate:
        return certificate_issue(actor=actor, officer=row.officer, number=row.cert_number, domains=row.domains,
                                 valid_from=row.valid_from, valid_until=row.valid_until, issued_by=row.issuer)

    return _run(actor, rows, errors, CERTIFICATE_COLUMNS, create, "org.certificate.import", data, filename,
                "org.certificate")


# --- writing ----------------------------------------------------------------------------------------------------

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_EXTRA_FILL = PatternFill("solid", fgColor="EDEDED")


def _workbook(title: str, columns: tuple[ExcelColumn, ...], extra_headers: Iterable[str] = ()):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    headers = [c.header for c in columns] + list(extra_headers)
    sheet.append(headers)
    for i, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=i)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL if i <= len(columns) else _EXTRA_FILL
        cell.alignment = Alignment(vertical="center")
        dimension = sheet.column_dimensions[get_column_letter(i)]
        if i <= len(columns):
            dimension.width = columns[i - 1].width
            dimension.number_format = "yyyy-mm-dd" if columns[i - 1].kind == "date" else "@"
        else:
            dimension.width = max(12, len(header) * 2 + 4)
    sheet.freeze_panes = "A2"
    return workbook, sheet


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _instructions(workbook, columns: tuple[ExcelColumn, ...], extra: list[tuple[str, str]] = ()) -> None:
    sheet = workbook.create_sheet("填写说明")
    sheet.append(["列", "表头", "是否必填", "说明"])
    for i, column in enumerate(columns, start=1):
        sheet.append([get_column_letter(i), column.header, "必填" if column.required else "选填", column.note])
    sheet.append([])
    sheet.append(["", "规则", "", f"从第 2 行起每行一条；最多 {MAX_ROWS} 行；只要有一行有误，整个文件都不会导入，"
                                    "系统会列出每一处错误的行号和列。"])
    for row in extra:
        sheet.append(["", *row])
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    for letter, width in zip("ABCD", (6, 26, 10, 80), strict=True):
        sheet.column_dimensions[letter].width = width


def officer_template() -> bytes:
    workbook, _ = _workbook("执法人员", OFFICER_COLUMNS)
    _instructions(workbook, OFFICER_COLUMNS)
    return _save(workbook)


def certificate_template(*, user) -> bytes:
    workbook, _ = _workbook("执法证件", CERTIFICATE_COLUMNS)
    codes = [(f"领域代码 {d.code}", "", d.name) for d in selectors.domain_list(user=user)]
    _instructions(workbook, CERTIFICATE_COLUMNS, codes)
    return _save(workbook)


def _check_export_size(queryset: QuerySet) -> int:
    count = queryset.count()
    if count > MAX_EXPORT_ROWS:
        raise DomainError(f"当前筛选结果有 {count} 条，超过单次导出上限 {MAX_EXPORT_ROWS} 条。请缩小筛选范围后再导出。")
    return count


@transaction.atomic
def officers_export(*, actor, officers: QuerySet, filters: dict | None = None) -> bytes:
    """The officers of ``officers`` (already restricted by the caller's selector) as .xlsx, ID and phone masked."""
    _require_change_right(actor)
    count = _check_export_size(officers)
    workbook, sheet = _workbook("执法人员", OFFICER_COLUMNS, OFFICER_EXTRA_HEADERS)
    for officer in officers:
        current = getattr(officer, "current_certificates", None)
        if current is None:
            current = list(officer.certificates.exclude(status=CertificateStatus.REVOKED))
        cert = current[0] if current else None
        sheet.append([officer.name, mask_id_number(officer.id_number), officer.body.credit_code, officer.position,
                      mask_phone(officer.phone), officer.legal_qualification_no, officer.body.name,
                      officer.get_status_display(), cert.number if cert else "",
                      cert.get_status_display() if cert else ""])
    audit_record(actor=actor, action="org.officer.export", object_type="org.officer",
                 object_repr=f"导出执法人员 {count} 名", after={"rows": count, "filters": filters or {}})
    return _save(workbook)


@transaction.atomic
def certificates_export(*, actor, certificates: QuerySet, filters: dict | None = None) -> bytes:
    """The certificates of ``certificates`` (already restricted) as .xlsx, the holder's ID number masked."""
    _require_change_right(actor)
    count = _check_export_size(certificates)
    workbook, sheet = _workbook("执法证件", CERTIFICATE_COLUMNS, CERTIFICATE_EXTRA_HEADERS)
    for cert in certificates:
        domains = list(cert.domains.all())
        sheet.append([cert.number, mask_id_number(cert.officer.id_number), ",".join(d.code for d in domains),
                      cert.issued_by.credit_code, cert.valid_from, cert.valid_until, cert.officer.name,
                      cert.officer.body.name, "、".join(d.name for d in domains), cert.issued_by.name,
                      cert.get_status_display()])
    audit_record(actor=actor, action="org.certificate.export", object_type="org.certificate",
                 object_repr=f"导出执法证件 {count} 份", after={"rows": count, "filters": filters or {}})
    return _save(workbook)


def export_filename(stem: str) -> str:
    return f"{stem}-{timezone.localdate():%Y%m%d}.xlsx"
