"""Shared machinery for Excel (.xlsx) import and export, used by every module that exchanges lists as spreadsheets.

Import is all or nothing (DESIGN §5.6). The contract every importer built on this module keeps:

1. The file is checked as a file first (size, .xlsx, readable, header exactly as the template, row cap); a file that
   fails here is refused with a single Chinese message and no row is looked at.
2. Every data row is then validated — none is written while checking — and each problem is collected as a
   ``RowError`` carrying the row number, the column letter, the column header and a Chinese reason.
3. If any row is bad, ``ExcelImportError`` lists every bad row at once, so the user can fix the whole file in one go,
   and nothing at all is imported.
4. Only a clean file is written, in one transaction; a refusal that only the write discovers (a rule the check does
   not know, a concurrent change) is reported against its row and column and still rolls everything back.

Exports write the import layout (optionally followed by extra read-only columns), so a template, an export and an
upload share one definition of the columns: a tuple of ``ExcelColumn``.

Every file written here, and every CSV export (``csv_writer``), neutralises formula cells (CWE-1236, OWASP "CSV
injection"): a text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written as text, never as a
formula a spreadsheet would run. Numbers stay numbers: only strings are neutralised.
"""

import csv
import datetime
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable
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

from .errors import DomainError

__all__ = [
    "EXTRA_COLUMNS",
    "EXTRA_FILL",
    "HEADER_FILL",
    "HEADER_FONT",
    "MAX_BLANK_RUN",
    "MAX_BYTES",
    "MAX_EXPORT_ROWS",
    "MAX_ROWS",
    "MAX_XML_BYTES",
    "XLSX_CONTENT_TYPE",
    "ExcelColumn",
    "ExcelImportError",
    "ImportResult",
    "Row",
    "RowError",
    "add_instructions",
    "cell_text",
    "check_export_size",
    "csv_writer",
    "duplicates",
    "export_filename",
    "field_columns",
    "neutralise",
    "new_workbook",
    "open_sheet",
    "raise_row_errors",
    "read_rows",
    "row_refusal",
    "run_import",
    "save_workbook",
]

MAX_BYTES = 5 * 1024 * 1024
"""Largest upload accepted: beyond it a sheet is slow to parse and better split into batches."""
MAX_ROWS = 5000
"""Most data rows one upload may hold, so one import stays one reasonable transaction."""
MAX_EXPORT_ROWS = 50000
"""Most rows one export may hold, so an unfiltered export cannot tie up the server."""
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_XML_BYTES = 100 * 1024 * 1024
"""Most bytes the XML parts of one upload may unpack to (a small zip can hold a huge, repetitive sheet)."""
MAX_BLANK_RUN = 1000
"""Reading stops after this many blank rows in a row: a sheet's declared size (its ``dimension``, up to
A1:XFD1048576) and trailing formatting cost nothing, whatever they claim."""
EXTRA_COLUMNS = 20
"""Columns read to the right of a layout's own, to catch content typed beside the template; further ones are not
read at all."""
_FORBIDDEN_XML = [marker.encode(encoding) for marker in ("<!DOCTYPE", "<!ENTITY", "<!doctype", "<!entity")
                  for encoding in ("utf-8", "utf-16-le", "utf-16-be")]


@dataclass(frozen=True)
class ExcelColumn:
    """One column of an import layout: the template, the upload check and the export all read it."""

    header: str
    required: bool
    note: str
    field: str = ""
    """The service's field name, to place a service's refusal in its column."""
    kind: str = "text"  # text | date
    width: int = 18


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
    """What a clean import created, with the file's digest as recorded in the audit trail."""

    created: list
    sha256: str

    @property
    def count(self) -> int:
        return len(self.created)


# --- reading ----------------------------------------------------------------------------------------------------


def open_sheet(data: bytes, filename: str, *, max_bytes: int = MAX_BYTES, max_xml_bytes: int | None = None):
    """The workbook and its first sheet; a file that is too large or not a readable .xlsx is refused in Chinese.
    The caller closes the workbook. ``max_xml_bytes``: a bulk import from the command line may allow more."""
    if len(data) > max_bytes:
        raise DomainError(f"文件大小为 {len(data) / 1024 / 1024:.1f} MB，超过上限 {max_bytes // 1024 // 1024} MB。"
                          "请分批导入。", field="file")
    if not filename.lower().endswith(".xlsx") or not data.startswith(b"PK\x03\x04"):
        raise DomainError("只能上传 .xlsx 格式的 Excel 文件（不支持 .xls、.csv 等格式）。请用导入模板填写后上传。",
                          field="file")
    _refuse_unsafe_xml(data, filename, max_xml_bytes)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError,
            IndexError):  # SyntaxError: xml.etree's ParseError
        raise DomainError(f"无法读取文件“{filename}”：它不是有效的 .xlsx 文件，或文件已损坏。", field="file") from None
    sheet.reset_dimensions()  # the declared dimension is not trusted: rows are read as they are (read_rows)
    return workbook, sheet


def _refuse_unsafe_xml(data: bytes, filename: str, max_xml_bytes: int | None = None) -> None:
    """Refuse, before any XML parser sees it, a workbook whose XML parts declare a document type or entities
    (XXE, "billion laughs"; defusedxml is not installed, and an .xlsx written by Excel or WPS never has them), or
    unpack to more than ``MAX_XML_BYTES``. The parts are streamed, so the check costs what the file really holds."""
    unreadable = DomainError(f"无法读取文件“{filename}”：它不是有效的 .xlsx 文件，或文件已损坏。", field="file")
    max_xml_bytes = max_xml_bytes or MAX_XML_BYTES
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise unreadable from None
    total = 0
    keep = max(len(m) for m in _FORBIDDEN_XML)
    with archive:
        for info in archive.infolist():
            if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
                continue
            tail = b""
            try:
                with archive.open(info) as part:
                    while chunk := part.read(1024 * 1024):
                        total += len(chunk)
                        if total > max_xml_bytes:
                            raise DomainError(f"文件“{filename}”解压后超过 {max_xml_bytes // 1024 // 1024} MB，"
                                              "不予读取。请分批导入。", field="file")
                        window = tail + chunk
                        if any(marker in window for marker in _FORBIDDEN_XML):
                            raise DomainError(f"文件“{filename}”的 XML 中含有文档类型声明（DOCTYPE）或实体声明"
                                              "（ENTITY），出于安全原因不予读取。请用 Excel 或 WPS 另存为 .xlsx "
                                              "后重新上传。", field="file")
                        tail = window[-keep:]
            # zipfile raises NotImplementedError for a compression method it does not support: unreadable, like the rest
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
                raise unreadable from None


def cell_text(value) -> str:
    """A cell as the user sees it: whole floats without ``.0``, dates as ISO, surrounding spaces dropped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def read_rows(data: bytes, filename: str, columns: tuple[ExcelColumn, ...], *, max_rows: int = MAX_ROWS,
              max_bytes: int = MAX_BYTES) -> list[tuple[int, tuple]]:
    """Check the header and return ``(row number, raw values)`` for every non-blank data row.

    Every header problem is reported at once; blank rows are skipped so a sheet's trailing formatting is harmless.
    The work is bounded by the rows the file really holds, never by the size the sheet declares: at most
    ``len(columns) + EXTRA_COLUMNS`` columns are read, and reading stops after ``MAX_BLANK_RUN`` blank rows in a row
    (content further down is not read; the template's note says so)."""
    workbook, sheet = open_sheet(data, filename, max_bytes=max_bytes)
    try:
        rows = sheet.iter_rows(max_col=len(columns) + EXTRA_COLUMNS, values_only=True)
        header = list(next(rows, ()) or ())
        errors = []
        for i, column in enumerate(columns):
            actual = cell_text(header[i]) if i < len(header) else ""
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
        out = []
        blank_run = 0
        for number, values in enumerate(rows, start=2):
            values = tuple(values or ())
            if not any(cell_text(v) for v in values if v is not None):
                blank_run += 1
                if blank_run >= MAX_BLANK_RUN:
                    break
                continue
            blank_run = 0
            if len(out) >= max_rows:
                raise DomainError(f"数据超过 {max_rows} 行的上限（第 {number} 行起超出）。请拆分为多个文件分批导入。",
                                  field="file")
            extra = [i for i in range(len(columns), len(values)) if cell_text(values[i])]
            if extra:
                raise ExcelImportError([RowError(number, get_column_letter(extra[0] + 1), "",
                                                 "表头之外的列有内容，请只在模板规定的列中填写。")])
            out.append((number, values + (None,) * (len(columns) - len(values))))
        if not out:
            raise DomainError("文件中没有数据行：请从第 2 行起填写。", field="file")
        return out
    except (SyntaxError, ValueError, KeyError, TypeError, OSError, zipfile.BadZipFile):  # SyntaxError: ParseError
        raise DomainError(f"无法读取文件“{filename}”：工作表内容已损坏或不是有效的 .xlsx 格式。", field="file") from None
    finally:
        workbook.close()


class Row:
    """One data row being checked: typed values by header, errors collected with their columns.

    Readers never raise: a bad cell is recorded in the shared ``errors`` list and checking carries on, so one pass
    reports every problem of the file."""

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
        value = cell_text(self.raw[header])
        if not value and self.columns[header][1].required:
            self.error(header, "必填，不能为空。")
        elif max_length and len(value) > max_length:
            self.error(header, f"不能超过 {max_length} 个字符（现有 {len(value)} 个）。")
            return ""
        return value

    def identifier(self, header: str, validate) -> str:
        """A code such as an ID number, checked by ``validate``; a long number Excel stored as a float has lost
        digits and is refused rather than guessed."""
        raw = self.raw[header]
        if isinstance(raw, int | float) and not isinstance(raw, bool) and len(cell_text(raw)) > 15:
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
        """A required date: a real date cell, an Excel serial number, or text in one of the usual Chinese forms."""
        raw = self.raw[header]
        if raw is None or cell_text(raw) == "":
            self.error(header, "必填，不能为空。")
            return None
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        text = cell_text(raw)
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

    def optional_date(self, header: str) -> datetime.date | None:
        """Like ``date``, but a blank cell is simply no date."""
        if cell_text(self.raw[header]) == "":
            return None
        return self.date(header)


def duplicates(rows: list[Row], header: str, label: str, value: Callable[[Row], str], *,
               show_value: bool = False) -> None:
    """Mark every row whose ``value`` repeats an earlier row's, naming the earlier row (a file must not contradict
    itself even where the database would accept both rows)."""
    first: dict[str, int] = {}
    for row in rows:
        key = value(row)
        if not key:
            continue
        if key in first:
            shown = f"“{key}”" if show_value else ""
            row.error(header, f"与第 {first[key]} 行的{label}{shown}重复。")
        else:
            first[key] = row.number


# --- writing rows -----------------------------------------------------------------------------------------------


def raise_row_errors(errors: list[RowError]) -> None:
    """Refuse the whole file if any row is bad, listing every problem in sheet order."""
    if errors:
        raise ExcelImportError(sorted(errors, key=lambda e: (e.row, e.column)))


def field_columns(columns: tuple[ExcelColumn, ...]) -> dict[str, tuple[str, str]]:
    """``field → (column letter, header)``, to place a service's refusal in the column it concerns."""
    return {c.field: (get_column_letter(i + 1), c.header) for i, c in enumerate(columns)}


def row_refusal(number: int, exc: DomainError, fields: dict[str, tuple[str, str]]) -> ExcelImportError:
    """A service refused row ``number`` while writing: report it against its column (whole row if unknown)."""
    letter, header = fields.get(exc.field or "", ("", ""))
    return ExcelImportError([RowError(number, letter, header, exc.message)])


def run_import(actor, rows: list[Row], errors: list[RowError], columns: tuple[ExcelColumn, ...],
               create: Callable[[Row], object], action: str, data: bytes, filename: str,
               object_type: str) -> ImportResult:
    """Write every checked row through ``create`` (an ordinary service, so each row is checked and audited as a
    single entry would be), or nothing; the file itself is recorded as one more audit entry."""
    raise_row_errors(errors)
    fields = field_columns(columns)
    digest = hashlib.sha256(data).hexdigest()
    created = []
    with transaction.atomic():
        for row in rows:
            try:
                created.append(create(row))
            except DomainError as exc:
                # A rule the pre-check does not know, or a concurrent change: still nothing is kept.
                raise row_refusal(row.number, exc, fields) from None
        audit_record(actor=actor, action=action, object_type=object_type,
                     object_repr=f"{filename}（{len(created)} 行）",
                     after={"filename": filename[:200], "sha256": digest, "rows": len(created)})
    return ImportResult(created=created, sha256=digest)


# --- writing files ----------------------------------------------------------------------------------------------

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
"""Fill of the columns an upload reads."""
EXTRA_FILL = PatternFill("solid", fgColor="EDEDED")
"""Fill of export-only columns, which an upload would refuse: grey so the user sees they are for reading."""


def new_workbook(title: str, columns: tuple[ExcelColumn, ...], extra_headers: Iterable[str] = ()):
    """A workbook whose first sheet has the styled header row, column widths and formats (text columns as text, so
    ID numbers typed into a template keep every digit)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    headers = [c.header for c in columns] + list(extra_headers)
    sheet.append(headers)
    for i, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=i)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL if i <= len(columns) else EXTRA_FILL
        cell.alignment = Alignment(vertical="center")
        dimension = sheet.column_dimensions[get_column_letter(i)]
        if i <= len(columns):
            dimension.width = columns[i - 1].width
            dimension.number_format = "yyyy-mm-dd" if columns[i - 1].kind == "date" else "@"
        else:
            dimension.width = max(12, len(header) * 2 + 4)
    sheet.freeze_panes = "A2"
    return workbook, sheet


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula (or, after a tab or CR, of a new cell that is one)."""


def neutralise(value):
    """``value`` for a CSV cell: a string a spreadsheet would run as a formula gets a leading ``'`` (shown as text,
    the way Excel itself marks text); anything else, numbers included, is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class _NeutralisingWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow([neutralise(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(stream, **kwargs):
    """``csv.writer`` whose rows are neutralised (see ``neutralise``): every CSV the platform writes uses this."""
    return _NeutralisingWriter(csv.writer(stream, **kwargs))


def _neutralise_workbook(workbook) -> None:
    """Write every text cell that a spreadsheet could take for a formula as text: openpyxl stores a string that
    starts with ``=`` as a formula, so the cell is typed back to a string and given Excel's quote prefix."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                    cell.data_type = "s"
                    cell.quotePrefix = True


def save_workbook(workbook) -> bytes:
    """The .xlsx bytes of ``workbook``, formula cells neutralised: every workbook the platform hands out is saved
    here."""
    _neutralise_workbook(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def add_instructions(workbook, columns: tuple[ExcelColumn, ...], extra: Iterable[tuple[str, str]] = (), *,
                     max_rows: int = MAX_ROWS) -> None:
    """A "填写说明" sheet: every column with its letter and note, and the all-or-nothing rule stated for the user."""
    sheet = workbook.create_sheet("填写说明")
    sheet.append(["列", "表头", "是否必填", "说明"])
    for i, column in enumerate(columns, start=1):
        sheet.append([get_column_letter(i), column.header, "必填" if column.required else "选填", column.note])
    sheet.append([])
    sheet.append(["", "规则", "", f"从第 2 行起每行一条；最多 {max_rows} 行；只要有一行有误，整个文件都不会导入，"
                                    "系统会列出每一处错误的行号和列。"
                                    f"连续 {MAX_BLANK_RUN} 个空行之后的内容不会读取。"])
    for row in extra:
        sheet.append(["", *row])
    for cell in sheet[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for letter, width in zip("ABCD", (6, 26, 10, 80), strict=True):
        sheet.column_dimensions[letter].width = width


def check_export_size(queryset: QuerySet, *, max_rows: int = MAX_EXPORT_ROWS) -> int:
    """The number of rows to export, refused in Chinese above the cap so the user narrows the filter instead."""
    count = queryset.count()
    if count > max_rows:
        raise DomainError(f"当前筛选结果有 {count} 条，超过单次导出上限 {max_rows} 条。请缩小筛选范围后再导出。")
    return count


def export_filename(stem: str) -> str:
    """``stem`` dated today, so successive exports do not overwrite each other in the user's downloads."""
    return f"{stem}-{timezone.localdate():%Y%m%d}.xlsx"
