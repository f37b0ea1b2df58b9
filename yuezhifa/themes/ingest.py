"""Delivery of records in the standard by other systems (非平台数据, 办法 第四十七条第二款、第四十五条第（二）项).

A delivery is a file (CSV in UTF-8 with or without BOM, a JSON array of objects, an Excel .xlsx) or an API call, all of
one kind, with the element codes (or their Chinese names) of the data dictionary as keys. Every row is validated
against the dictionary; one bad row refuses the whole delivery: nothing is loaded, the delivery is kept as rejected
with its row errors. A loaded row whose record (source, kind, record key) is already current with the same content is
counted unchanged; with other content it becomes a new version that supersedes the old one, which is kept
(第四十九条: never overwritten). Everything in one transaction.

The rows are validated in Python and written in chunks: on PostgreSQL by ``COPY`` (text format) into the table, from
a writer thread on the delivery's own connection while the next chunk is validated, elsewhere by ``bulk_create``
(bench/bench_themes_ingest.py compares the rate with a plain ``COPY`` of the same rows; docs/主题库.md “基准”).
"""

from __future__ import annotations

import csv
import datetime
import functools
import hashlib
import io
import itertools
import json
import os
import queue
import re
import threading
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from yuezhifa.core.errors import DomainError
from yuezhifa.core.identifiers import validate_credit_code, validate_resident_id

from . import dictionary as d
from .models import Channel, Delivery, DeliveryStatus, Kind, PartyKind, Record, Source, SourceKind

BASIS = "《广东省一体化行政执法平台管理办法》第四十七条第二款、第四十八条"
MAX_ERRORS = 200
MAX_FILE_BYTES = 200 * 1024 * 1024
CHUNK = 5000
TEN_THOUSAND = Decimal(10000)
CENT = Decimal("0.01")
MAX_WAN = Decimal("100000000")  # 14 digits of 元 with 2 decimals


@dataclass
class Outcome:
    rows: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    error_count: int = 0

    def error(self, row: int, code: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            where = f"第 {row} 行" + (f" {code}" if code else "")
            self.errors.append({"row": row, "field": code, "message": f"{where}：{message}"})


# --- reading files ---------------------------------------------------------------------------------------------


def channel_of(file_name: str) -> str:
    name = (file_name or "").lower()
    for suffix, channel in ((".csv", Channel.CSV), (".json", Channel.JSON), (".xlsx", Channel.EXCEL)):
        if name.endswith(suffix):
            return channel
    raise DomainError("文件类型不支持：请上传 .csv（UTF-8）、.json（对象数组）或 .xlsx 文件。", field="file")


def read_rows(channel: str, data: bytes) -> list[dict]:
    """The rows of a file as ``{header: value}``; a file that cannot be read raises DomainError naming ``file``."""
    if len(data) > MAX_FILE_BYTES:
        raise DomainError("文件超过 200 MB，请分批报送。", field="file")
    if channel == Channel.CSV:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DomainError("CSV 文件应为 UTF-8 编码（可带 BOM）。", field="file") from exc
        reader = csv.DictReader(io.StringIO(text, newline=""))
        rows = list(reader)
        if any(None in row for row in rows):
            bad = next(i for i, row in enumerate(rows, start=1) if None in row)
            raise DomainError(f"CSV 第 {bad} 行的列数多于表头。", field="file")
        return rows
    if channel == Channel.JSON:
        try:
            rows = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise DomainError("JSON 文件无法解析：应为 UTF-8 编码的对象数组。", field="file") from exc
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise DomainError("JSON 文件应为对象数组（[{…}, {…}]）。", field="file")
        return rows
    if channel == Channel.EXCEL:
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise DomainError("Excel 文件无法读取：应为 .xlsx 格式。", field="file") from exc
        lines = sheet.iter_rows(values_only=True)
        head = [str(h).strip() if h is not None else "" for h in next(lines, ())]
        rows = []
        for line in lines:
            if line is None or all(v in (None, "") for v in line):
                continue
            rows.append({h: v for h, v in zip(head, line, strict=False) if h})
        return rows
    raise DomainError("报送方式无效。", field="channel")


# --- validating rows ---------------------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if len(text) != 10:
        raise ValueError
    return datetime.date.fromisoformat(text)


class BodyIndex:
    """Registered bodies by credit code, and whether each is within the source's scope (its unit and below)."""

    def __init__(self, source: Source):
        from yuezhifa.org.models import EnforcementBody

        scope = source.unit.path if source.unit_id else ""
        self.bodies = {
            code: (pk, name, (division or "")[:6], path.startswith(scope))
            for pk, code, name, division, path in EnforcementBody.objects.values_list(
                "pk", "credit_code", "name", "division_id", "path")
        }


def validate_rows(source: Source, kind: str, raw_rows: list[dict], *, bodies: BodyIndex | None = None,
                  first_row: int = 1, outcome: Outcome | None = None) -> Outcome:
    """Each row checked against the dictionary (办法 第四十八条): known headers, required elements, lengths, dates,
    amounts, code lists; the body registered and within the source's scope; the party's credit code or ID number
    valid. Row numbers count from 1, the header not counted."""
    outcome = outcome or Outcome()
    bodies = bodies or BodyIndex(source)
    known = d.headers(kind)
    today = timezone.localdate()
    # per element, once: (attr, extra key, code, name, type, required, length, code list, separator); the penalty
    # elements' lengths and code lists are the 双公示 specification's (dictionary._derive)
    plan = [(e.attr, e.attr[6:] if e.attr.startswith("extra.") else "", e.code(kind), e.name(kind), e.type,
             kind in e.required, e.length_for(kind), frozenset(e.codes_for(kind)), e.separator(kind))
            for e in d.elements(kind)]
    layouts: dict[tuple, tuple] = {}  # the headers of a row → (attr → header, unknown headers)
    for number, raw in enumerate(raw_rows, start=first_row):
        values: dict = {"extra": {}}
        bad = False
        shape = tuple(raw)
        layout = layouts.get(shape)
        if layout is None:
            by_attr, unknown = {}, []
            for header in shape:
                name = str(header).strip() if header is not None else ""
                element = known.get(name)
                if element is not None:
                    by_attr[element.attr] = header
                elif name:
                    unknown.append(header)
            layout = layouts[shape] = (by_attr, unknown)
        by_attr, unknown = layout
        for header in unknown:
            if _text(raw[header]):
                outcome.error(number, str(header), f"不是{d.KIND_LABEL[kind]}数据的数据元（见数据字典）。")
                bad = True
        for attr, extra_key, code, name, type_, required, length, codes, separator in plan:
            header = by_attr.get(attr)
            value = raw[header] if header is not None else None
            text = value.strip() if isinstance(value, str) else _text(value)
            if not text:
                if required:
                    outcome.error(number, code, f"{name}不能为空。")
                    bad = True
                parsed = None if type_ != "C" else ""
            elif type_ == "D":
                try:
                    parsed = _date(value)
                except ValueError:
                    outcome.error(number, code, "日期格式应为 YYYY-MM-DD。")
                    bad = True
                    continue
                if parsed > today:
                    outcome.error(number, code, f"{name}不能晚于今天。")
                    bad = True
            elif type_ == "N":
                try:
                    wan = Decimal(text)
                except InvalidOperation:
                    wan = None
                if wan is None or not wan.is_finite() or wan < 0 or wan >= MAX_WAN \
                        or wan != wan.quantize(Decimal("0.000001")):
                    outcome.error(number, code, "金额应为不小于 0 的数，单位万元，最多 6 位小数。")
                    bad = True
                    continue
                parsed = (wan * TEN_THOUSAND).quantize(CENT)
            else:
                if len(text) > length:
                    outcome.error(number, code, f"长度不能超过 {length} 个字符（实际 {len(text)} 个）。")
                    bad = True
                    continue
                if codes and separator:
                    outside = next((part for part in text.split(separator) if part not in codes), None)
                    if outside is not None:
                        outcome.error(number, code, f"取值“{outside[:20]}”不在代码集内（多项以“{separator}”分隔），"
                                                    f"可选：{'、'.join(codes)}。")
                        bad = True
                        continue
                elif codes and text not in codes:
                    outcome.error(number, code, f"取值“{text[:20]}”不在代码集内，可选：{'、'.join(codes)}。")
                    bad = True
                    continue
                parsed = text
            if extra_key:
                if parsed:
                    values["extra"][extra_key] = parsed
            else:
                values[attr] = parsed
        if bad:
            continue
        if _check_row(source, kind, values, bodies, number, outcome):
            values["_row"] = number
            outcome.rows.append(values)
    return outcome


@functools.lru_cache(maxsize=65536)
def _credit_code(value: str) -> tuple[str, str]:
    """(normalised code, "") or (value, the error): the same parties recur across rows."""
    try:
        return validate_credit_code(value, "统一社会信用代码"), ""
    except ValidationError as exc:
        return value, exc.messages[0]


@functools.lru_cache(maxsize=65536)
def _resident_id(value: str, today: datetime.date) -> tuple[str, str]:
    try:
        return validate_resident_id(value, "证件号码"), ""
    except ValidationError as exc:
        return value, exc.messages[0]


def _check_row(source, kind, values: dict, bodies: BodyIndex, number: int, outcome: Outcome) -> bool:
    """The rules across elements: the body, the party, the amounts. False (errors recorded) when the row is bad."""
    p = d.PREFIX[kind]
    ok = True
    found = bodies.bodies.get(values["body_credit_code"].upper())
    if found is None:
        outcome.error(number, f"{p}_CFJGDM", "不是执法主体库登记的执法主体（办法 第十三条）。")
        ok = False
    else:
        pk, name, division, in_scope = found
        if not in_scope:
            outcome.error(number, f"{p}_CFJGDM", f"执法主体“{name}”不属于数据来源“{source.name}”的报送范围。")
            ok = False
        elif values["body_name"] != name:
            outcome.error(number, f"{p}_CFJG", f"与执法主体库登记的名称“{name}”不一致。")
            ok = False
        values["body_id"] = pk
        values["body_credit_code"] = values["body_credit_code"].upper()
        values["division_code"] = values.get("division_code") or division
        if not values["division_code"].isdigit() or len(values["division_code"]) != 6:
            outcome.error(number, f"{p}_XZQH", "行政区划代码应为 6 位数字。")
            ok = False
    party_kind = d.PARTY_KINDS[values["party_kind"]]
    values["party_kind"] = party_kind
    if party_kind == PartyKind.NATURAL_PERSON:
        if values.get("party_credit_code"):
            outcome.error(number, f"{p}_XDR_SHXYM", "行政相对人为自然人时不填统一社会信用代码。")
            ok = False
        if not values.get("party_id_type"):
            outcome.error(number, f"{p}_XDR_ZJLX", "行政相对人为自然人时证件类型不能为空。")
            ok = False
        if not values.get("party_id_number"):
            outcome.error(number, f"{p}_XDR_ZJHM", "行政相对人为自然人时证件号码不能为空。")
            ok = False
        elif values.get("party_id_type") == "身份证":
            values["party_id_number"], problem = _resident_id(values["party_id_number"], timezone.localdate())
            if problem:
                outcome.error(number, f"{p}_XDR_ZJHM", problem)
                ok = False
    else:
        if party_kind == PartyKind.LEGAL_PERSON and not values.get("party_credit_code"):
            outcome.error(number, f"{p}_XDR_SHXYM", "行政相对人为法人及非法人组织时统一社会信用代码不能为空。")
            ok = False
        elif values.get("party_credit_code"):
            values["party_credit_code"], problem = _credit_code(values["party_credit_code"])
            if problem:
                outcome.error(number, f"{p}_XDR_SHXYM", problem)
                ok = False
        if party_kind == PartyKind.LEGAL_PERSON and not values.get("legal_representative"):
            outcome.error(number, f"{p}_FRDB", "行政相对人为法人及非法人组织时法定代表人不能为空。")
            ok = False
        if values.get("party_id_number") or values.get("party_id_type"):
            outcome.error(number, f"{p}_XDR_ZJHM", "证件类型、证件号码只用于自然人。")
            ok = False
    ok = _check_representative_id(values, party_kind, p, number, outcome) and ok
    if kind == Kind.PENALTY and "罚款" in values.get("measures", "") and not values.get("fine_amount"):
        outcome.error(number, f"{p}_NR_FK", "处罚类别含罚款的，罚款金额不能为空。")
        ok = False
    if values.get("filed_on") and values["filed_on"] > values["decided_on"]:
        outcome.error(number, f"{p}_LARQ", "立案日期不能晚于决定日期。")
        ok = False
    if "state" in values["extra"]:
        values["extra"]["state"] = d.RECORD_STATES[values["extra"]["state"]]
        if not values["extra"]["state"]:
            del values["extra"]["state"]
    values["record_key"] = values.get("record_key") or values["document_number"]
    return ok


def _check_representative_id(values: dict, party_kind: str, p: str, number: int, outcome: Outcome) -> bool:
    """The legal representative's ID (双公示 CF_FR_ZJLX / CF_FR_ZJHM, 办法 第四十八条): only for an organisation, type
    and number together, a 居民身份证号码 checked (GB 11643-1999)."""
    extra = values["extra"]
    id_type, id_number = extra.get(d.LR_ID_TYPE, ""), extra.get(d.LR_ID_NUMBER, "")
    if not (id_type or id_number):
        return True
    if party_kind == PartyKind.NATURAL_PERSON:
        outcome.error(number, f"{p}_FR_ZJHM", "行政相对人为自然人时不填法定代表人证件类型、证件号码。")
        return False
    if not id_type or not id_number:
        outcome.error(number, f"{p}_FR_ZJLX" if not id_type else f"{p}_FR_ZJHM",
                      "法定代表人证件类型与证件号码应同时填写。")
        return False
    if id_type == d.RESIDENT_ID:
        extra[d.LR_ID_NUMBER], problem = _resident_id(id_number, timezone.localdate())
        if problem:
            outcome.error(number, f"{p}_FR_ZJHM", problem.replace("证件号码", "法定代表人证件号码", 1))
            return False
    return True


# --- loading ---------------------------------------------------------------------------------------------------

DIGESTED = [f.attname for f in Record._meta.concrete_fields if f.attname not in {
    "id", "created_at", "updated_at", "kind", "source_id", "record_key", "version", "current", "supersedes_id",
    "delivery_id", "digest", "received_at"}]


def digest_of(values: dict) -> str:
    """SHA-256 of the standard values in ``DIGESTED`` order (the record key, source and bookkeeping left out), joined by
    the unit separator: same content, same digest. Each field is either text ("" when empty) or typed (None when
    empty), so the joined form is unambiguous; ``extra`` as sorted JSON."""
    return _digest(_parts(values))


def _parts(values: dict) -> list[str]:
    """The standard values in ``DIGESTED`` order as text: "" for None, ``extra`` as sorted JSON ("{}" when empty). The
    digest is taken over them and the same list is the row's content in the COPY file (one conversion per value)."""
    parts = ["" if v is None else v if v.__class__ is str else str(v) for v in map(values.get, DIGESTED)]
    extra = values.get("extra")
    parts[_EXTRA_DIGESTED] = _DUMPS(extra) if extra else "{}"
    return parts


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


_DUMPS = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode
_EXTRA_DIGESTED = DIGESTED.index("extra")


@dataclass
class Counts:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    written: list = field(default_factory=list)  # (record id as text, previous id or None) of new versions
    notices: list = field(default_factory=list)  # {row, field, message}: re-deliveries held by a correction (0063)


COLUMNS = list(Record._meta.concrete_fields)
DEFAULTS = {"extra": {}, "fine_amount": None, "confiscation_amount": None, "filed_on": None, "closed_on": None,
            "disclosed_on": None, "supersedes_id": None, "delivery_id": None}
# The COPY rows' columns: the bookkeeping ones, then the standard values in DIGESTED order, in COPY's text format
# (tab-separated, \N for NULL). The nullable columns are all typed (dates, amounts, keys): "" there is NULL.
_BOOKKEEPING = ["id", "created_at", "updated_at", "kind", "source_id", "record_key", "version", "current",
                "supersedes_id", "delivery_id", "digest", "received_at"]
_COPY_FIELDS = [Record._meta.get_field(a) for a in _BOOKKEEPING] + [Record._meta.get_field(a) for a in DIGESTED]
assert {f.attname for f in _COPY_FIELDS} == {f.attname for f in COLUMNS}  # every column, once
_COPY_SQL = 'COPY "{}" ({}) FROM STDIN'.format(Record._meta.db_table,
                                               ", ".join(f'"{f.column}"' for f in _COPY_FIELDS))
_NULLABLE_DIGESTED = [i for i, a in enumerate(DIGESTED) if Record._meta.get_field(a).null]
_NULL = "\\N"
_SPECIAL = re.compile(r"[\\\t\n\r]")  # what COPY's text format escapes
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def load_rows(source: Source, kind: str, rows: list[dict], *, delivery: Delivery | None, now: datetime.datetime,
              counts: Counts | None = None, keep_ids: bool = False) -> Counts:
    """Write validated rows (``validate_rows``): new → version 1, changed → next version, unchanged → counted only.
    Call inside a transaction. ``keep_ids`` keeps the ids of the written versions in ``counts.written``."""
    counts = counts or Counts()
    writer = _Writer(source, kind, delivery, now, counts, keep_ids)
    for start in range(0, len(rows), CHUNK):
        writer.write(_prepare(rows[start:start + CHUNK]))
    return counts


def _prepare(rows: list[dict]) -> list[tuple[dict, str, str]]:
    """(values, the values as the tail of a COPY text row, digest) of each row: the CPU part of loading, done before
    the database is asked. A value with a backslash, tab or line break (rare) is escaped one by one."""
    prepared = []
    nullable, special, escapes = _NULLABLE_DIGESTED, _SPECIAL.search, _ESCAPES
    for values in rows:
        parts = _parts(values)
        text = "\x1f".join(parts)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if special(text):
            parts = [part.translate(escapes) for part in parts]
        for i in nullable:
            if not parts[i]:
                parts[i] = _NULL
        prepared.append((values, "\t".join(parts), digest))
    return prepared


CORRECTED_NOTICE = ("记录“{key}”已因数据异议更正（异议编号 {reference}），本次报送的是更正前的内容，未覆盖更正，"
                    "计为未变；请核对来源系统中的记录（《广东省一体化行政执法平台管理办法》第四十九条）。")


@dataclass(frozen=True)
class _Held:
    correction_id: str
    reference: str
    content_digest: str  # the corrected content as a source would deliver it (without the objection's mark)
    earlier: frozenset  # digests of the versions the correction superseded


def _corrected(source, kind) -> dict[str, _Held]:
    """Records of the source whose current version is a correction after an objection (办法 第四十九条,
    docs/decisions/0063): record key → what a re-delivery of it is held against. A row equal to a version the
    correction superseded (the source re-delivers the old content) does not override the correction and is reported
    back; a row equal to the corrected content (the source has adopted it) adds no version either; any other content is
    new information, a new version as usual. One query when there is none (the usual case), read before any chunk is
    written (the writer may run in a thread of its own)."""
    from .models import Objection, ObjectionStatus

    corrections = list(Objection.objects.filter(
        status=ObjectionStatus.CORRECTED, correction__source=source, correction__kind=kind, correction__current=True,
    ).select_related("correction"))
    if not corrections:
        return {}
    keys = [o.correction.record_key for o in corrections]
    earlier: dict[str, set] = {}
    for key, digest in Record.objects.filter(source=source, kind=kind, record_key__in=keys, current=False) \
            .values_list("record_key", "digest"):
        earlier.setdefault(key, set()).add(digest)
    held = {}
    for objection in corrections:
        record = objection.correction
        values = {f.attname: getattr(record, f.attname) for f in Record._meta.concrete_fields}
        values["extra"] = {k: v for k, v in (record.extra or {}).items() if k != "objection"}
        held[record.record_key] = _Held(str(record.pk), objection.reference, digest_of(values),
                                        frozenset(earlier.get(record.record_key, ())))
    return held


class _Writer:
    """Writes prepared chunks: the current versions of the chunk's records in one query, the superseded ones retired
    in one UPDATE, the new versions in one COPY. On PostgreSQL it uses the raw connection it is given, so that a
    delivery can run it in a thread of its own while the next chunk is validated (``_stream``)."""

    def __init__(self, source, kind, delivery, now, counts: Counts, keep_ids: bool, raw=None, unique_keys=False):
        self.source, self.kind, self.counts, self.keep_ids, self.now = source, kind, counts, keep_ids, now
        # A source with no current record of the kind (its first delivery) has nothing to look up: with the keys
        # unique within the delivery (``_duplicates``) and the source locked by it, every row is new. The unique
        # constraint "one current version" still guards it.
        self.fresh = unique_keys and not Record.objects.filter(source=source, kind=kind, current=True).exists()
        self.delivery_id = delivery.pk if delivery else None
        self.postgres = connection.vendor == "postgresql"
        if self.postgres and raw is None:
            connection.ensure_connection()
            raw = connection.connection
        self.raw = raw
        stamp = now.isoformat()
        # the constant columns between "id" and "record_key", and between "current" and "digest"
        self.head = [stamp, stamp, kind, str(source.pk)]
        self.tail_delivery = "" if self.delivery_id is None else str(self.delivery_id)
        self.corrected = {} if self.fresh else _corrected(source, kind)

    def _current(self, keys: list[str]) -> dict:
        """record key → (id, version, digest) of the current versions among ``keys``. On PostgreSQL one array
        parameter (``= ANY``) instead of thousands of placeholders."""
        if self.fresh:
            return {}
        if self.postgres:
            with self.raw.cursor() as cursor:
                cursor.execute("SELECT record_key, id, version, digest FROM themes_record "
                               "WHERE source_id = %s AND kind = %s AND current AND record_key = ANY(%s)",
                               [self.source.pk, self.kind, keys])
                return {key: (pk, version, digest) for key, pk, version, digest in cursor.fetchall()}
        return {key: (pk, version, digest) for key, pk, version, digest in Record.objects.filter(
            source=self.source, kind=self.kind, current=True, record_key__in=keys).values_list(
                "record_key", "pk", "version", "digest")}

    def write(self, prepared: list[tuple[dict, str, str]]) -> None:
        if not prepared:
            return
        counts, keep_ids = self.counts, self.keep_ids
        current = self._current([values["record_key"] for values, _tail, _digest in prepared])
        new_rows, retired = [], []
        ids = _uuids(len(prepared))
        for (values, tail, digest), pk in zip(prepared, ids, strict=True):
            key = values["record_key"]
            previous = current.get(key)
            if previous is not None and previous[2] == digest:
                counts.unchanged += 1
                continue
            held = self.corrected.get(key)
            if held is not None and previous is not None and str(previous[0]) == held.correction_id \
                    and (digest == held.content_digest or digest in held.earlier):
                counts.unchanged += 1
                if digest != held.content_digest:
                    counts.notices.append({"row": values.get("_row", 0), "field": f"{d.PREFIX[self.kind]}_JLBS",
                                           "message": CORRECTED_NOTICE.format(key=key[:40], reference=held.reference)})
                continue
            if previous is not None:
                version, supersedes = previous[1] + 1, previous[0]
                retired.append(supersedes)
                counts.changed += 1
            else:
                version, supersedes = 1, None
                counts.created += 1
            new_rows.append((pk, key, version, supersedes, digest, values, tail))
            if keep_ids:
                counts.written.append((pk, supersedes))
        if not new_rows:
            return
        if self.postgres:
            self._copy(new_rows, retired)
        else:
            self._bulk_create(new_rows, retired)

    def _copy(self, new_rows, retired) -> None:
        head, delivery, stamp = "\t".join(self.head), self.tail_delivery or _NULL, self.head[0]
        escapes = _ESCAPES
        lines = [f"{pk}\t{head}\t{key.translate(escapes)}\t{version}\tt\t{supersedes or _NULL}\t{delivery}\t"
                 f"{digest}\t{stamp}\t{tail}\n" for pk, key, version, supersedes, digest, _values, tail in new_rows]
        with self.raw.cursor() as cursor:
            if retired:
                cursor.execute("UPDATE themes_record SET current = false, updated_at = %s WHERE id = ANY(%s)",
                               [self.now, retired])
            with cursor.copy(_COPY_SQL) as copy:
                copy.write("".join(lines).encode("utf-8"))

    def _bulk_create(self, new_rows, retired) -> None:
        now = self.now
        if retired:
            Record.objects.filter(pk__in=retired).update(current=False, updated_at=now)
        records = []
        for pk, key, version, supersedes, digest, values, _parts in new_rows:
            fields = {name: values.get(name, default) for name, default in _ATTNAMES}
            fields.update(id=uuid.UUID(pk), created_at=now, updated_at=now, kind=self.kind, source_id=self.source.pk,
                          record_key=key, version=version, current=True, supersedes_id=supersedes,
                          delivery_id=self.delivery_id, digest=digest, received_at=now)
            records.append(Record(**fields))
        Record.objects.bulk_create(records, batch_size=1000)


_ATTNAMES = [(f.attname, DEFAULTS.get(f.attname, "")) for f in COLUMNS]


def _uuids(n: int) -> list[str]:
    """``n`` random (version 4) UUIDs as text, from one read of the system's random source."""
    h = os.urandom(16 * n).hex()
    return [f"{h[i:i + 8]}-{h[i + 8:i + 12]}-4{h[i + 13:i + 16]}-{_VARIANT[h[i + 16]]}{h[i + 17:i + 20]}-{h[i + 20:i + 32]}"
            for i in range(0, 32 * n, 32)]


_VARIANT = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}


# --- the delivery ------------------------------------------------------------------------------------------------


def may_deliver(user, source: Source) -> bool:
    """Only an account listed as one of the source's delivering accounts, for an active external source
    (docs/decisions/0060): the account needs no other role and sees no case."""
    return bool(user and user.is_authenticated and source.active and source.kind == SourceKind.EXTERNAL
                and source.deliverers.filter(pk=user.pk).exists())


def deliverable_sources(user):
    if not (user and user.is_authenticated):
        return Source.objects.none()
    return Source.objects.filter(kind=SourceKind.EXTERNAL, active=True, deliverers=user)


class _Rejected(Exception):
    pass


def deliver(*, actor, source: Source, kind: str, channel: str, rows=None, data: bytes | None = None,
            file_name: str = "", disclose: bool = True) -> Delivery:
    """One delivery (办法 第四十七条第二款): ``data`` (a file's bytes) or ``rows`` (an API call's objects, or any
    iterable of them, read once in chunks). Returns the Delivery, loaded or rejected with its row errors; a rejected
    one loads nothing (the rows are loaded chunk by chunk in a savepoint that is rolled back at the first error)."""
    if kind not in Kind.values:
        raise DomainError(f"数据类别无效，可选：{'、'.join(Kind.values)}。", field="kind")
    if actor is not None and not may_deliver(actor, source):
        from yuezhifa.core.errors import NotAllowed

        raise NotAllowed(f"只有数据来源“{source.name}”登记的报送账号可以报送数据（{BASIS}）。")
    now = timezone.now()
    hasher = hashlib.sha256()
    if data is not None:
        hasher.update(data)
        rows = read_rows(channel, data)
    elif rows is None or isinstance(rows, (str, bytes, dict)):
        raise DomainError("records 应为对象数组。", field="records")
    delivery = Delivery(source=source, channel=channel, file_name=file_name[:255], received_at=now,
                        delivered_by=actor if getattr(actor, "pk", None) else None, status=DeliveryStatus.LOADED)
    outcome, counts = Outcome(), Counts()
    with transaction.atomic():
        # one delivery of a source at a time: two deliveries of the same record cannot both make its next version
        Source.objects.select_for_update().filter(pk=source.pk).first()
        try:
            with transaction.atomic():
                delivery.save(force_insert=True)
                _stream(source, kind, rows, delivery, now, outcome, counts, hasher if data is None else None)
                if outcome.error_count:
                    raise _Rejected
                delivery.sha256 = hasher.hexdigest()
                delivery.created_count, delivery.changed_count, delivery.unchanged_count = (
                    counts.created, counts.changed, counts.unchanged)
                delivery.notices = counts.notices
                delivery.save(update_fields=["sha256", "row_count", "created_count", "changed_count",
                                             "unchanged_count", "notices", "updated_at"])
                if disclose and counts.written:  # all three kinds (办法 第四十五条第（二）项)
                    from yuezhifa.disclosure.external import publish_records

                    publish_records([pk for pk, _previous in counts.written])
        except _Rejected:
            delivery.pk = uuid.uuid4()
            delivery.status, delivery.errors, delivery.sha256 = DeliveryStatus.REJECTED, outcome.errors, \
                hasher.hexdigest()
            if outcome.error_count > len(outcome.errors):
                delivery.errors.append({"row": 0, "field": "",
                                        "message": f"另有 {outcome.error_count - len(outcome.errors)} 处错误未列出。"})
            delivery.created_count = delivery.changed_count = delivery.unchanged_count = 0
            delivery.save(force_insert=True)
    return delivery


def _stream(source, kind, rows, delivery, now, outcome: Outcome, counts: Counts, hasher) -> None:
    """Validate ``rows`` chunk by chunk; load each valid chunk while no error has been seen. On PostgreSQL the chunks
    are written by a thread of their own (``_Background``): the database checks and copies one chunk while the next
    one is validated, so the two cores work at the same time."""
    bodies = BodyIndex(source)
    seen: dict[str, int] = {}
    number = 0
    iterator = iter(rows)
    with _Background(_Writer(source, kind, delivery, now, counts, keep_ids=True, unique_keys=True)) as writer:
        while True:
            chunk = list(itertools.islice(iterator, CHUNK))
            if not chunk:
                break
            if not all(isinstance(r, dict) for r in chunk):
                raise DomainError("records 应为对象数组。", field="records")
            if hasher is not None:
                hasher.update(json.dumps(chunk, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8"))
            part = validate_rows(source, kind, chunk, bodies=bodies, first_row=number + 1, outcome=Outcome())
            number += len(chunk)
            for e in part.errors:
                outcome.error(e["row"], e["field"], e["message"].split("：", 1)[1])
            outcome.error_count += part.error_count - len(part.errors)
            _duplicates(kind, part.rows, seen, outcome)
            if not outcome.error_count:
                writer.write(_prepare(part.rows))
    delivery.row_count = number
    if not number:
        outcome.error(1, "", "没有数据行。")


class _Background:
    """Runs a ``_Writer`` in a thread on PostgreSQL (directly elsewhere). The thread uses the delivery's own connection
    and transaction, and only while the delivery's thread does not: that one only validates until ``__exit__``, which
    waits for the last chunk, so the savepoint is released or rolled back after every write has finished. A failed
    write is raised in the delivery's thread (at the next chunk or at the end)."""

    def __init__(self, writer: _Writer):
        self.writer = writer
        self.thread = None
        self.failure: BaseException | None = None

    def __enter__(self):
        if self.writer.postgres:
            self.queue = queue.Queue(maxsize=2)
            self.thread = threading.Thread(target=self._run, name="themes-ingest-writer", daemon=True)
            self.thread.start()
        return self

    def _run(self) -> None:
        while (prepared := self.queue.get()) is not None:
            if self.failure is None:  # after a failure keep draining so that the delivery's thread never blocks
                try:
                    self.writer.write(prepared)
                except BaseException as exc:  # handed over to the delivery's thread
                    self.failure = exc

    def write(self, prepared) -> None:
        if self.thread is None:
            self.writer.write(prepared)
            return
        self._raise()
        self.queue.put(prepared)

    def _raise(self) -> None:
        if self.failure is not None:
            with connection.wrap_database_errors:
                raise self.failure

    def __exit__(self, exc_type, exc, tb):
        if self.thread is not None:
            self.queue.put(None)
            self.thread.join()
            if exc_type is None:
                self._raise()
        return False


def _duplicates(kind, rows: list[dict], seen: dict, outcome: Outcome) -> None:
    for values in rows:
        key = values["record_key"]
        if key in seen:
            code = f"{d.PREFIX[kind]}_JLBS"
            outcome.error(values["_row"], code, f"记录标识“{key[:40]}”与第 {seen[key]} 行重复（同一次报送中一条记录只能出现一次）。")
        else:
            seen[key] = values["_row"]
