"""Administrative divisions (统计用区划代码, LEGAL.md §6): loading the national list into ``Division``.

The source is the four CSV files of ``../data/divisions/`` (provinces, cities, areas = counties, streets =
townships). Every row is checked before anything is written: one bad row and the whole import is refused, with every
bad row named by file, line and column (DESIGN §5.6). The database is compared with the files in memory, so a second
run of the same files writes no division row at all.
"""

import csv
import hashlib
import io
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import transaction

from yuezhifa.audit.services import audit_record
from yuezhifa.core.errors import DomainError, NotAllowed

from ..models import Division, Level
from ..permissions import body_scope_q

ProgressCallback = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: ``stage`` is a Chinese label (校验 / 写入); counts are rows, absolute."""

WRITE_BATCH = 2000
PROGRESS_EVERY = 2000


@dataclass(frozen=True)
class _FileSpec:
    name: str
    level: Level
    code_length: int
    parent_column: str | None = None  # the column naming the parent, a row of the previous file
    # Redundant ancestor columns the file also carries (column → code length); they must agree with the code.
    ancestor_columns: tuple[tuple[str, int], ...] = ()

    @property
    def columns(self) -> list[str]:
        cols = ["code", "name"]
        if self.parent_column:
            cols.append(self.parent_column)
        cols.extend(col for col, _ in self.ancestor_columns)
        return cols


FILES: tuple[_FileSpec, ...] = (
    _FileSpec("provinces.csv", Level.PROVINCE, 2),
    _FileSpec("cities.csv", Level.CITY, 4, "provinceCode"),
    _FileSpec("areas.csv", Level.COUNTY, 6, "cityCode", (("provinceCode", 2),)),
    _FileSpec("streets.csv", Level.TOWNSHIP, 9, "areaCode", (("provinceCode", 2), ("cityCode", 4))),
)

NAME_MAX_LENGTH = Division._meta.get_field("name").max_length


def is_statistical_code(code: str) -> bool:
    """A township code whose last three digits are 4xx is a statistical unit (林场, 保税区, 合作区 …), not a legal
    乡/镇/街道 (SOURCE.md of the division data)."""
    return len(code) == 9 and code[6] == "4"


@dataclass(frozen=True)
class DivisionRowError:
    """One problem in the source files. ``line`` and ``column`` are 1-based; either may be None (a missing file has
    neither; an undecodable line has no column)."""

    file: str
    line: int | None
    column: int | None
    column_name: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f" 第 {self.line} 行"
        if self.column is not None:
            where += f"第 {self.column} 列（{self.column_name}）"
        elif self.column_name:
            where += f"（{self.column_name}）"
        return f"{where}：{self.message}"

    def as_dict(self) -> dict:
        return {"field": f"{self.file}:{self.line or ''}:{self.column_name}".rstrip(":"), "file": self.file,
                "line": self.line, "column": self.column, "column_name": self.column_name, "message": self.message}


class DivisionImportError(DomainError):
    """The source files have problems; nothing was written. ``row_errors`` lists every one of them."""

    def __init__(self, row_errors: list[DivisionRowError]):
        self.row_errors = row_errors
        shown = "\n".join(str(e) for e in row_errors[:20])
        more = f"\n……另有 {len(row_errors) - 20} 处错误" if len(row_errors) > 20 else ""
        super().__init__(f"区划数据有 {len(row_errors)} 处错误，未导入任何数据：\n{shown}{more}",
                         errors=[e.as_dict() for e in row_errors])


@dataclass(frozen=True)
class DivisionImportSummary:
    created: int
    updated: int
    unchanged: int
    retained: int
    """Divisions in the database that the files do not list: kept (bodies may refer to them), never deleted."""
    by_level: dict[str, int] = field(default_factory=dict)
    statistical: int = 0
    source: str = ""
    files: dict[str, str] = field(default_factory=dict)
    """File name → SHA-256 of the bytes that were read."""

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def as_dict(self) -> dict:
        return {**asdict(self), "total": self.total}

    def __str__(self) -> str:
        levels = "，".join(f"{Level(level).label} {count} 条" for level, count in self.by_level.items())
        return (f"区划导入完成：新增 {self.created} 条，更新 {self.updated} 条，未变 {self.unchanged} 条"
                f"（共 {self.total} 条：{levels}；统计用单位 {self.statistical} 个）。")


@dataclass(frozen=True)
class _Record:
    code: str
    name: str
    level: str
    parent: str | None
    is_statistical: bool

    def values(self) -> tuple:
        return (self.name, self.level, self.parent, self.is_statistical)


def _require_import_rights(actor) -> None:
    """The system (a command run by an operator, actor None), a superuser, or an administrator with province scope."""
    if actor is None:
        return
    if body_scope_q(actor, "change") is None:  # superuser, province-wide administrator, or core.actors.SYSTEM
        return
    raise NotAllowed("只有超级管理员或全省范围的系统管理员可以导入行政区划。")


def _digits(value: str, length: int) -> bool:
    return len(value) == length and value.isascii() and value.isdigit()


def _read_file(path: Path, spec: _FileSpec, errors: list[DivisionRowError]) -> tuple[str | None, list | None]:
    """Return ``(sha256, rows)`` where each row is ``(line, {column: (value, column number)})``; problems of the
    file itself go to ``errors`` and give ``rows = None``."""
    if not path.is_file():
        errors.append(DivisionRowError(spec.name, None, None, "", f"文件不存在：{path}"))
        return None, None
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        errors.append(DivisionRowError(spec.name, line, None, "", "不是有效的 UTF-8 文本"))
        return digest, None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        errors.append(DivisionRowError(spec.name, 1, None, "", f"表头无法解析（{exc}）"))
        return digest, None
    if not header or not any(cell.strip() for cell in header):
        errors.append(DivisionRowError(spec.name, 1, None, "", "文件为空，缺少表头"))
        return digest, None
    header = [cell.strip() for cell in header]
    missing = [col for col in spec.columns if col not in header]
    for col in missing:
        errors.append(DivisionRowError(spec.name, 1, None, col, f"表头缺少列 {col}（应包含 {', '.join(spec.columns)}）"))
    if missing:
        return digest, None
    index = {col: header.index(col) for col in spec.columns}
    rows = []
    line = reader.line_num
    while True:
        start = line + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(DivisionRowError(spec.name, start, None, "", f"CSV 格式错误（{exc}）"))
            return digest, None
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            col = min(len(row), len(header)) + 1
            name = header[col - 1] if col <= len(header) else ""
            errors.append(DivisionRowError(spec.name, start, col, name,
                                           f"本行有 {len(row)} 个字段，表头有 {len(header)} 列"))
            continue
        rows.append((start, {col: (row[i].strip(), i + 1) for col, i in index.items()}))
    return digest, rows


class _Checker:
    """Checks the rows of all files in parent-before-child order, collecting records and errors."""

    def __init__(self, errors: list[DivisionRowError], progress: ProgressCallback | None, total: int):
        self.errors = errors
        self.progress = progress
        self.total = total
        self.done = 0
        self.records: list[_Record] = []
        self.seen: dict[str, tuple[str, int]] = {}  # code → (file, line) where first seen

    def check_file(self, spec: _FileSpec, rows: list, parent_spec: _FileSpec | None,
                   parent_codes: set[str] | None) -> set[str]:
        """Check ``rows`` of ``spec``; ``parent_codes`` None means the parent file could not be read, so parent
        existence is not checked (its own error already says why). Returns the codes this file defines."""
        codes: set[str] = set()
        for line, cells in rows:
            self.done += 1
            if self.progress and (self.done % PROGRESS_EVERY == 0 or self.done == self.total):
                self.progress("校验", self.done, self.total)
            before = len(self.errors)

            def bad(column: str, message: str, line=line, cells=cells) -> None:
                self.errors.append(DivisionRowError(spec.name, line, cells[column][1], column, message))

            code = cells["code"][0]
            if not _digits(code, spec.code_length):
                bad("code", f"区划代码“{code}”应为 {spec.code_length} 位数字")
                code = ""
            elif code in self.seen:
                first_file, first_line = self.seen[code]
                bad("code", f"区划代码 {code} 重复（已见于 {first_file} 第 {first_line} 行）")
            else:
                self.seen[code] = (spec.name, line)
                codes.add(code)
            name = cells["name"][0]
            if not name:
                bad("name", "名称不能为空")
            elif len(name) > NAME_MAX_LENGTH:
                bad("name", f"名称过长（{len(name)} 字，最多 {NAME_MAX_LENGTH} 字）")
            parent = None
            if parent_spec is not None:
                column = spec.parent_column
                parent = cells[column][0]
                if not _digits(parent, parent_spec.code_length):
                    bad(column, f"上级区划代码“{parent}”应为 {parent_spec.code_length} 位数字")
                elif code and not code.startswith(parent):
                    bad(column, f"区划代码 {code} 不属于上级区划 {parent}（前 {parent_spec.code_length} 位应相同）")
                elif parent_codes is not None and parent not in parent_codes:
                    bad(column, f"上级区划 {parent} 在 {parent_spec.name} 中不存在")
            for column, length in spec.ancestor_columns:
                value = cells[column][0]
                if code and value != code[:length]:
                    bad(column, f"“{value}”与区划代码 {code} 不一致（应为 {code[:length]}）")
            if len(self.errors) == before:
                self.records.append(_Record(code, name, spec.level.value, parent, is_statistical_code(code)))
        return codes


def _parse(source_dir: Path, progress: ProgressCallback | None):
    """Read and check all four files. Returns (records in parent-before-child order, file hashes, errors)."""
    errors: list[DivisionRowError] = []
    hashes: dict[str, str] = {}
    contents: list[list | None] = []
    for spec in FILES:
        digest, rows = _read_file(source_dir / spec.name, spec, errors)
        if digest:
            hashes[spec.name] = digest
        contents.append(rows)
    checker = _Checker(errors, progress, total=sum(len(rows) for rows in contents if rows))
    parent_codes: set[str] | None = None
    for i, (spec, rows) in enumerate(zip(FILES, contents, strict=True)):
        parent_spec = FILES[i - 1] if i else None
        parent_codes = None if rows is None else checker.check_file(spec, rows, parent_spec, parent_codes)
    return checker.records, hashes, errors


def divisions_import(*, actor, source_dir, progress: ProgressCallback | None = None) -> DivisionImportSummary:
    """Load the national division list from ``source_dir`` into ``Division``: create what is new, update what
    changed, leave the rest untouched. All or nothing: any bad row raises ``DivisionImportError`` listing every bad
    row, and nothing is written. One audit entry summarises the import (counts, source, file hashes)."""
    _require_import_rights(actor)
    source = Path(source_dir)
    if not source.is_dir():
        raise DomainError(f"区划数据目录不存在：{source}", field="source_dir")
    records, hashes, errors = _parse(source, progress)
    if errors:
        raise DivisionImportError(errors)

    by_level = {spec.level.value: 0 for spec in FILES}
    for record in records:
        by_level[record.level] += 1
    with transaction.atomic():
        existing = {code: values for code, *values in
                    Division.objects.values_list("code", "name", "level", "parent_id", "is_statistical")}
        to_create: list[Division] = []
        to_update: list[Division] = []
        for record in records:
            current = existing.pop(record.code, None)
            if current is not None and tuple(current) == record.values():
                continue
            obj = Division(code=record.code, name=record.name, level=record.level, parent_id=record.parent,
                           is_statistical=record.is_statistical)
            (to_update if current is not None else to_create).append(obj)

        total, done = len(to_create) + len(to_update), 0
        if progress:
            progress("写入", 0, total)
        # Records are in parent-before-child order, so every batch finds its parents already in place.
        for start in range(0, len(to_create), WRITE_BATCH):
            batch = to_create[start:start + WRITE_BATCH]
            Division.objects.bulk_create(batch, batch_size=WRITE_BATCH)
            done += len(batch)
            if progress:
                progress("写入", done, total)
        for start in range(0, len(to_update), WRITE_BATCH):
            batch = to_update[start:start + WRITE_BATCH]
            Division.objects.bulk_update(batch, ["name", "level", "parent", "is_statistical"], batch_size=500)
            done += len(batch)
            if progress:
                progress("写入", done, total)

        summary = DivisionImportSummary(
            created=len(to_create), updated=len(to_update), unchanged=len(records) - total, retained=len(existing),
            by_level=by_level, statistical=sum(r.is_statistical for r in records), source=str(source),
            files=hashes)
        audit_record(actor=actor, action="org.division.import", object_type="org.division",
                     object_repr=f"行政区划导入（{source.name}）", after=summary.as_dict())
    return summary
