"""The national reporting export (办法 第四十八条: 《全国行政执法管理监督信息系统数据交换标准》, as far as known;
docs/decisions/0060): the current records of one kind decided within a period, as JSON and CSV with the element codes
of the data dictionary, and a manifest with the counts and the SHA-256 of each file. Reproducible: the same period
gives byte-identical files (stable order, no export time inside, amounts in 万元 with six decimals)."""

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
from .models import Kind, Record

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


def rows(kind: str, start: datetime.date, end: datetime.date, *, id_numbers: bool = False) -> tuple[list, list]:
    elements = d.elements(kind)
    p = d.PREFIX[kind]
    head = [e.code(kind) for e in elements] + [f"{p}_SJLY", f"{p}_SJLYDM"]
    records = (Record.objects.filter(kind=kind, current=True, decided_on__gte=start, decided_on__lte=end)
               .select_related("source__unit").order_by("decided_on", "source__code", "record_key"))
    out = []
    for record in records.iterator(chunk_size=2000):
        unit = record.source.unit
        out.append([_cell(e, record, id_numbers) for e in elements] + [unit.name if unit else record.source.name,
                                                              unit.credit_code if unit else ""])
    return head, out


def export(kind: str, start: datetime.date, end: datetime.date, directory: Path, *, id_numbers: bool = False) -> dict:
    """Write ``<kind>-<start>-<end>.json``, ``.csv`` and ``.manifest.json`` into ``directory``; return the manifest.
    Natural persons' ID numbers are masked unless ``id_numbers`` (the file for the national platform's own transfer,
    produced by the hub's operator: docs/decisions/0060)."""
    if kind not in Kind.values:
        raise ValueError(kind)
    head, body = rows(kind, start, end, id_numbers=id_numbers)
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
                "to": end.isoformat(), "count": len(body), "elements": head,
                "files": [{"name": n, "sha256": h} for n, h in files.items()]}
    (directory / (stem + ".manifest.json")).write_bytes(
        json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode())
    return manifest
