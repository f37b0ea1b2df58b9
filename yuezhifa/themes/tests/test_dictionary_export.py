"""The data dictionary is generated from the code (办法 第四十八条) and the national reporting export is reproducible."""

import datetime
import json
from pathlib import Path

from yuezhifa.themes import dictionary, exporting, ingest
from yuezhifa.themes.models import Channel, Kind

from .conftest import PERSON_ID, penalty_row, person_row

DOC = Path(__file__).resolve().parents[3] / "docs" / "主题库数据字典.md"


def test_article_48_docs_data_dictionary_is_current():
    assert DOC.read_text(encoding="utf-8") == dictionary.as_markdown(), \
        "请运行 yzf themes dictionary > docs/主题库数据字典.md"


def test_the_penalty_elements_use_the_exact_double_disclosure_codes():
    codes = {e.code(Kind.PENALTY) for e in dictionary.elements(Kind.PENALTY)}
    assert {"CF_WSH", "CF_SY", "CF_YJ", "CF_CFLB", "CF_NR", "CF_NR_FK", "CF_NR_WFFF", "CF_JDRQ", "CF_CFJG",
            "CF_CFJGDM", "CF_XDR_MC", "CF_XDR_SHXYM", "CF_FRDB", "BZ"} <= codes
    assert "CF_WFSS" not in codes


def test_article_48_export_of_a_period_is_byte_identical_and_counts_its_rows(world, source, deliverer, tmp_path):
    body = world["body"]
    rows = [penalty_row(body), person_row(body, CF_JDRQ="2026-10-09"),
            penalty_row(body, CF_WSH="穗天市监罚〔2026〕90号", CF_JDRQ="2026-09-30")]
    ingest.deliver(actor=deliverer, source=source, kind=Kind.PENALTY, channel=Channel.JSON,
                   data=json.dumps(rows, ensure_ascii=False).encode(), file_name="a.json", disclose=False)
    start, end = datetime.date(2026, 10, 1), datetime.date(2026, 11, 30)
    first = exporting.export(Kind.PENALTY, start, end, tmp_path / "a")
    second = exporting.export(Kind.PENALTY, start, end, tmp_path / "b")
    assert first == second and first["count"] == 2  # the 2026-09-30 decision is outside the period
    for f in first["files"]:
        assert (tmp_path / "a" / f["name"]).read_bytes() == (tmp_path / "b" / f["name"]).read_bytes()
    exported = json.loads((tmp_path / "a" / "penalty-2026-10-01-2026-11-30.json").read_text(encoding="utf-8"))
    assert [r["CF_WSH"] for r in exported] == ["穗天市监罚〔2026〕89号", "穗天市监罚〔2026〕88号"]  # by date
    assert exported[1]["CF_NR_FK"] == "1.234567" and exported[1]["CF_SJLY"] == source.unit.name
    assert exported[0]["CF_XDR_ZJHM"] != PERSON_ID and exported[0]["CF_XDR_ZJHM"].endswith(PERSON_ID[-4:])
    full = exporting.export(Kind.PENALTY, start, end, tmp_path / "c", id_numbers=True)
    exported = json.loads((tmp_path / "c" / full["files"][0]["name"]).read_text(encoding="utf-8"))
    assert exported[0]["CF_XDR_ZJHM"] == PERSON_ID and full["id_numbers"] == "full"
