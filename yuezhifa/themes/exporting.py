"""The national reporting export (办法 第四十八条: 《全国行政执法管理监督信息系统数据交换标准》, as far as known;
docs/decisions/0060): the current records of one kind decided within a period, as JSON and CSV with the element codes
of the data dictionary, and a manifest with the counts and the SHA-256 of each file. Reproducible: the same period
gives byte-identical files (stable order, no export time inside, amounts in 万元 with six decimals). Every penalty row is
checked against the one 双公示 specification (``disclosure.shuanggongshi.validate_row``): the rows that fail are listed
in the manifest under ``invalid`` with their errors (docs/decisions/0063)."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
from decimal import Decimal
from pathlib import Path

from yuezhifa.core.masking import mask_id_number

from . import dictionary as d
from .models import Kind, Record, SourceKind

FORMAT = "yzf-themes-export/1"


def _cell(element, record, id_numbers: bool = False) -> str:
    if element.attr.startswith("extra."):
        value = (record.extra or {}).get(element.attr[6:], "")
        if element.attr == "extra.state":
            value = next((k for k, v in d.RECORD_STATES.items() if v == value), "正常")
        return str(value)
    value = getattr(record, element.attr)
    if value is None:
        return ""
    if element.attr == "party_id_number" and not id_numbers:
        return mask_id_number(value)
    if element.type == "N":
        return f"{(Decimal(value) / 10000):.6f}"
    if element.attr == "party_kind":
        return {v: k for k, v in d.PARTY_KINDS.items()}.get(value, value)
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def source_unit(record) -> tuple[str, str]:
    """CF_SJLY / CF_SJLYDM: the delivering unit of an external source; for the platform's own records the body that
    decided (as the disclosure platform reports them, ``shuanggongshi.report_row``)."""
    unit = record.source.unit
    if unit is not None:
        return unit.name, unit.credit_code
    if record.source.kind == SourceKind.PLATFORM:
        return record.body_name, record.body_credit_code
    return record.source.name, ""


def shuanggongshi_row(record, settings=None) -> dict:
    """The 双公示 row (``disclosure.shuanggongshi.CODES``, every column, the ID columns unmasked) of a penalty record,
    which the export checks with ``shuanggongshi.validate_row``. CF_GSJZQ: the end of the display period the
    disclosure platform applies (``disclosure.services.display_months``)."""
    from yuezhifa.core.calendar import add_months
    from yuezhifa.disclosure import shuanggongshi as sgs
    from yuezhifa.disclosure.models import DisclosureSettings
    from yuezhifa.disclosure.services import display_months

    settings = settings or DisclosureSettings.current()
    extra = record.extra or {}
    person = record.party_kind == d.PartyKind.NATURAL_PERSON
    source_name, source_code = source_unit(record)
    months = display_months(record.measures, record.fine_amount, settings)
    return {
        "CF_WSH": record.document_number, "CF_XDR_MC": record.party_name,
        "CF_XDR_LB": {v: k for k, v in d.PARTY_KINDS.items()}.get(record.party_kind, record.party_kind),
        "CF_XDR_SHXYM": "" if person else record.party_credit_code,
        "CF_XDR_GSZC": "", "CF_XDR_ZZJG": "", "CF_XDR_SWDJ": "", "CF_XDR_SYDW": "", "CF_XDR_SHZZ": "",
        "CF_FRDB": "" if person else record.legal_representative,
        "CF_FR_ZJLX": "" if person else str(extra.get(d.LR_ID_TYPE) or ""),
        "CF_FR_ZJHM": "" if person else str(extra.get(d.LR_ID_NUMBER) or ""),
        "CF_XDR_ZJLX": record.party_id_type if person else "", "CF_XDR_ZJHM": record.party_id_number if person else "",
        "CF_WFXW": str(extra.get("illegal_act_type") or ""), "CF_SY": record.facts, "CF_YJ": record.basis,
        "CF_CFLB": record.measures, "CF_NR": record.content,
        "CF_NR_FK": sgs.wan(record.fine_amount), "CF_NR_WFFF": sgs.wan(record.confiscation_amount),
        "CF_NR_ZKDX": str(extra.get("license_revoked") or ""), "CF_JDRQ": record.decided_on.isoformat(),
        "CF_YXQ": "", "CF_GSJZQ": add_months(record.decided_on, months).isoformat(),
        "CF_CFJG": record.body_name, "CF_CFJGDM": record.body_credit_code,
        "CF_SJLY": source_name, "CF_SJLYDM": source_code, "BZ": str(extra.get("remark") or ""),
    }


def rows(kind: str, start: datetime.date, end: datetime.date, *, id_numbers: bool = False,
         invalid: list | None = None) -> tuple[list, list]:
    """The head and rows of the export. For 行政处罚 every row is checked against the 双公示 specification
    (``shuanggongshi.validate_row``); ``invalid`` receives ``{record_key, version, errors}`` of each row that fails."""
    from yuezhifa.disclosure import shuanggongshi as sgs
    from yuezhifa.disclosure.models import DisclosureSettings

    elements = d.elements(kind)
    p = d.PREFIX[kind]
    head = [e.code(kind) for e in elements] + [f"{p}_SJLY", f"{p}_SJLYDM"]
    records = (Record.objects.filter(kind=kind, current=True, decided_on__gte=start, decided_on__lte=end)
               .select_related("source__unit").order_by("decided_on", "source__code", "record_key"))
    settings = DisclosureSettings.current()
    out = []
    for record in records.iterator(chunk_size=2000):
        if kind == Kind.PENALTY and invalid is not None:
            errors = sgs.validate_row(shuanggongshi_row(record, settings))
            if errors:
                invalid.append({"record_key": record.record_key, "version": record.version, "errors": errors})
        out.append([_cell(e, record, id_numbers) for e in elements] + list(source_unit(record)))
    return head, out


def export(kind: str, start: datetime.date, end: datetime.date, directory: Path, *, id_numbers: bool = False) -> dict:
    """Write ``<kind>-<start>-<end>.json``, ``.csv`` and ``.manifest.json`` into ``directory``; return the manifest.
    Natural persons' ID numbers are masked unless ``id_numbers`` (the file for the national platform's own transfer,
    produced by the hub's operator: docs/decisions/0060)."""
    if kind not in Kind.values:
        raise ValueError(kind)
    invalid: list = []
    head, body = rows(kind, start, end, id_numbers=id_numbers, invalid=invalid)
    stem = f"{kind}-{start.isoformat()}-{end.isoformat()}"
    as_json = json.dumps([dict(zip(head, r, strict=True)) for r in body], ensure_ascii=False, indent=1).encode()
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(head)
    writer.writerows(body)
    as_csv = text.getvalue().encode("utf-8")
    directory.mkdir(parents=True, exist_ok=True)
    files = {}
    for suffix, data in ((".json", as_json), (".csv", as_csv)):
        (directory / (stem + suffix)).write_bytes(data)
        files[stem + suffix] = hashlib.sha256(data).hexdigest()
    manifest = {"format": FORMAT, "id_numbers": "full" if id_numbers else "masked", "kind": kind, "kind_label": d.KIND_LABEL[kind], "from": start.isoformat(),
                "to": end.isoformat(), "count": len(body), "elements": head, "invalid": invalid,
                "files": [{"name": n, "sha256": h} for n, h in files.items()]}
    (directory / (stem + ".manifest.json")).write_bytes(
        json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode())
    return manifest
