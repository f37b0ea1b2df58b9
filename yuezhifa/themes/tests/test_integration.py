"""The theme library joined up with the 双公示 specification, the disclosure platform and sharing (issue 16 §2–§3):
the legal representative's ID (双公示 CF_FR_ZJLX / CF_FR_ZJHM, 办法 第四十八条), one field specification, automatic
disclosure of delivered results of the three kinds (办法 第四十五条第（二）项) and re-delivery after an objection's
correction (办法 第四十九条; docs/decisions/0063)."""

import csv
import datetime
import io
import json

from yuezhifa.disclosure import shuanggongshi as sgs
from yuezhifa.disclosure.models import PublishedResult, ReportedIdentity, ResultCategory, ResultStatus
from yuezhifa.documents.samples import resident_id
from yuezhifa.sharing import catalogue
from yuezhifa.themes import dictionary, exporting, ingest, objections
from yuezhifa.themes.models import Channel, DeliveryStatus, Kind, Record

from .conftest import PARTY_CODE, PERSON_ID, penalty_row, person_row

LR_ID = resident_id("44010619700101123")
WINDOW = {"date_from": "2026-01-01", "date_to": "2026-12-31"}


def deliver(deliverer, source, kind, rows):
    return ingest.deliver(actor=deliverer, source=source, kind=kind, channel=Channel.JSON,
                          data=json.dumps(rows, ensure_ascii=False).encode(), file_name=f"{kind}.json")


def _wrong_check_digit(number: str) -> str:
    return number[:-1] + ("1" if number[-1] == "0" else "0")


def _report(client) -> dict:
    text = b"".join(client.get("/gongshi/report/xzcf.csv", WINDOW).streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    return {row["CF_WSH"]: row for row in (dict(zip(rows[0], r, strict=True)) for r in rows[2:])}


def test_article_48_legal_representatives_id_cf_fr_zjlx_zjhm_is_validated_stored_and_shared(world, source, deliverer):
    """双公示 CF_FR_ZJLX / CF_FR_ZJHM: type and number together, the 居民身份证号码 checked, only for an organisation;
    stored in Record.extra under the keys sharing reads (personal data)."""
    body = world["body"]
    bad = deliver(deliverer, source, Kind.PENALTY, [
        penalty_row(body, CF_WSH="1号", CF_FR_ZJLX="身份证", CF_FR_ZJHM=_wrong_check_digit(LR_ID)),
        penalty_row(body, CF_WSH="2号", CF_FR_ZJHM=LR_ID),
        person_row(body, CF_WSH="3号", CF_FR_ZJLX="身份证", CF_FR_ZJHM=LR_ID),
        penalty_row(body, CF_WSH="4号", CF_FR_ZJLX="驾驶证", CF_FR_ZJHM="X1"),
    ])
    messages = [e["message"] for e in bad.errors]
    assert bad.status == DeliveryStatus.REJECTED and Record.objects.count() == 0
    assert "第 1 行 CF_FR_ZJHM：法定代表人证件号码校验码错误" in messages[0]
    assert messages[1] == "第 2 行 CF_FR_ZJLX：法定代表人证件类型与证件号码应同时填写。"
    assert messages[2] == "第 3 行 CF_FR_ZJHM：行政相对人为自然人时不填法定代表人证件类型、证件号码。"
    assert messages[3].startswith("第 4 行 CF_FR_ZJLX：取值“驾驶证”不在代码集内")
    good = deliver(deliverer, source, Kind.PENALTY, [
        penalty_row(body, 法定代表人证件类型="身份证", 法定代表人证件号码=LR_ID)])  # Chinese headers accepted too
    assert good.status == DeliveryStatus.LOADED, good.errors
    record = Record.objects.get()
    assert record.extra[dictionary.LR_ID_TYPE] == "身份证" and record.extra[dictionary.LR_ID_NUMBER] == LR_ID
    shared = catalogue.BY_NAME["legal_representative_id_number"]
    assert shared.personal and shared.value(record) == LR_ID
    assert catalogue.BY_NAME["legal_representative_id_type"].value(record) == "身份证"


def test_article_48_one_shuanggongshi_specification_element_by_element(world, source, deliverer, tmp_path):
    """The penalty elements of the dictionary agree with disclosure/shuanggongshi.py (code, name, length, required,
    code list), every 双公示 item is an element or generated on export, and the export checks every row with
    shuanggongshi.validate_row."""
    generated = {"CF_XDR_GSZC", "CF_XDR_ZZJG", "CF_XDR_SWDJ", "CF_XDR_SYDW", "CF_XDR_SHZZ", "CF_YXQ", "CF_GSJZQ"}
    sources = {f"CF_{suffix}" for suffix, _name, _meaning in dictionary.SOURCE_ELEMENTS}
    covered = set()
    for e in dictionary.elements(Kind.PENALTY):
        code = e.code(Kind.PENALTY)
        item = sgs.BY_CODE.get(code)
        if item is None:
            assert Kind.PENALTY in e.provisional, code  # the platform's own codes are marked 平台暂定
            continue
        covered.add(code)
        assert e.name(Kind.PENALTY) == item.name, code
        assert item.max_length is None or e.length_for(Kind.PENALTY) <= item.max_length, code
        assert (Kind.PENALTY in e.required) == item.required, code
        assert set(e.codes_for(Kind.PENALTY)) == set(item.codes), code
    assert covered | sources | generated == set(sgs.CODES)
    # CF_CFLB: each kind joined by “、” is one of 处罚法 第九条
    wrong = deliver(deliverer, source, Kind.PENALTY, [penalty_row(world["body"], CF_CFLB="警告、罚没")])
    assert wrong.errors[0]["message"].startswith("第 1 行 CF_CFLB：取值“罚没”不在代码集内")
    deliver(deliverer, source, Kind.PENALTY, [penalty_row(world["body"], CF_FR_ZJLX="身份证", CF_FR_ZJHM=LR_ID),
                                              person_row(world["body"])])
    period = (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    manifest = exporting.export(Kind.PENALTY, *period, tmp_path / "a")
    assert manifest["count"] == 2 and manifest["invalid"] == []
    for record in Record.objects.all():
        assert sgs.validate_row(exporting.shuanggongshi_row(record)) == []
    Record.objects.filter(party_kind="legal_person").update(measures="罚款、罚没")  # as if loaded by older code
    manifest = exporting.export(Kind.PENALTY, *period, tmp_path / "b")
    assert manifest["count"] == 2 and manifest["invalid"] == [
        {"record_key": "穗天市监罚〔2026〕88号", "version": 1,
         "errors": ["CF_CFLB（处罚类别）“罚没”不是处罚法 第九条所列的处罚种类。"]}]


def compulsion_row(body, **over) -> dict:
    row = {"QZ_WSH": "穗天市监强〔2026〕7号", "QZ_CFJG": body.name, "QZ_CFJGDM": body.credit_code,
           "QZ_XDR_LB": "法人及非法人组织", "QZ_XDR_MC": "广州市某某食品有限公司", "QZ_XDR_SHXYM": PARTY_CODE,
           "QZ_FRDB": "王建华", "QZ_SY": "涉嫌经营超过保质期的食品，联系电话13926470318。",
           "QZ_YJ": "《中华人民共和国食品安全法》第一百一十条", "QZ_CFLB": "查封", "QZ_NR": "查封过期食品一批",
           "QZ_JDRQ": "2026-11-17"}
    row.update(over)
    return row


def inspection_row(body, **over) -> dict:
    row = {"JC_WSH": "穗天市监检〔2026〕9号", "JC_CFJG": body.name, "JC_CFJGDM": body.credit_code,
           "JC_XDR_LB": "自然人", "JC_XDR_MC": "何俊峰", "JC_XDR_ZJLX": "身份证", "JC_XDR_ZJHM": PERSON_ID,
           "JC_CFLB": "现场检查", "JC_SXMC": "食品经营许可检查", "JC_NR": "未发现问题", "JC_JDRQ": "2026-11-18"}
    row.update(over)
    return row


def test_article_45_delivered_results_of_each_kind_are_disclosed_and_reported_with_the_shuanggongshi_items(
        world, source, deliverer, client):
    """办法 第四十五条第（二）项: a delivered penalty, compulsion and inspection result appears on /gongshi/ masked; the
    penalty in the report file with CF_SJLY/CF_SJLYDM (the delivering unit), BZ and the ID columns (never on the public
    side); a corrected re-delivery updates it; a revoked one is withdrawn."""
    body = world["body"]
    unit = source.unit
    penalty = penalty_row(body, CF_FR_ZJLX="身份证", CF_FR_ZJHM=LR_ID, BZ="经来源系统报送")
    for kind, row in ((Kind.PENALTY, penalty), (Kind.PENALTY, person_row(body)),
                      (Kind.COMPULSION, compulsion_row(body)), (Kind.INSPECTION, inspection_row(body))):
        assert deliver(deliverer, source, kind, [row]).status == DeliveryStatus.LOADED
    results = {r.document_number: r for r in PublishedResult.objects.filter(case=None)}
    assert {r.category for r in results.values()} == set(ResultCategory.values)
    assert all(r.status == ResultStatus.PUBLISHED for r in results.values())
    inspection = results["穗天市监检〔2026〕9号"]
    assert inspection.party_name != "何俊峰" and inspection.party_name.startswith("何")  # always masked (0043)
    for result in results.values():
        page = client.get(f"/gongshi/results/{result.pk}/").content.decode()
        assert result.document_number in page and "13926470318" not in page
        assert LR_ID not in page and PERSON_ID not in page
    fined = results["穗天市监罚〔2026〕88号"]
    assert (fined.source_name, fined.source_credit_code, fined.remark) == (unit.name, unit.credit_code, "经来源系统报送")
    assert sgs.public_row(fined)["CF_FR_ZJHM"] == ""
    assert not ReportedIdentity.objects.filter(result__category__in=["compulsion", "inspection"]).exists()

    client.force_login(world["users"]["reviewer"])
    report = _report(client)
    assert set(report) == {"穗天市监罚〔2026〕88号", "穗天市监罚〔2026〕89号"}
    for row in report.values():
        assert sgs.validate_row(row) == [], row["CF_WSH"]
    row = report["穗天市监罚〔2026〕88号"]
    assert (row["CF_FR_ZJLX"], row["CF_FR_ZJHM"], row["CF_FRDB"]) == ("身份证", LR_ID, "王建华")
    assert (row["CF_SJLY"], row["CF_SJLYDM"], row["BZ"]) == (unit.name, unit.credit_code, "经来源系统报送")
    assert report["穗天市监罚〔2026〕89号"]["CF_XDR_ZJHM"] == PERSON_ID
    public = client.get("/gongshi/export.csv", WINDOW)
    public_text = (b"".join(public.streaming_content) if public.streaming else public.content).decode()
    assert LR_ID not in public_text and PERSON_ID not in public_text

    # a corrected re-delivery (another legal representative) updates the result and its report-only identity
    other = resident_id("44010619750505222")
    deliver(deliverer, source, Kind.PENALTY, [{**penalty, "CF_FRDB": "李明", "CF_FR_ZJHM": other}])
    assert _report(client)["穗天市监罚〔2026〕88号"]["CF_FR_ZJHM"] == other
    assert PublishedResult.objects.filter(case=None, category="penalty").count() == 2
    # a revoked compulsion result is withdrawn
    deliver(deliverer, source, Kind.COMPULSION, [compulsion_row(body, QZ_ZT="撤销")])
    withdrawn = PublishedResult.objects.get(document_number="穗天市监强〔2026〕7号")
    assert withdrawn.status == ResultStatus.WITHDRAWN and "撤销" in withdrawn.withdrawn_reason


def test_article_49_redelivered_old_content_does_not_override_an_objections_correction(world, source, deliverer):
    """docs/decisions/0063: after an objection's correction, re-delivering the superseded content is counted
    unchanged and reported back (“已因数据异议更正”); delivering the corrected content adds nothing; new content is a
    new version as usual."""
    body = world["body"]
    row = penalty_row(body)
    deliver(deliverer, source, Kind.PENALTY, [row])
    record = Record.objects.get()
    objection, _ = objections.raise_objection(actor=world["users"]["supervisor"], record=record,
                                              reason="罚款金额与决定书不一致。", fields=["fine_amount", "content"])
    objections.correct(actor=world["users"]["reviewer"], objection=objection,
                       changes={"fine_amount": "10000", "content": "警告；罚款人民币10,000.00元"},
                       answer="经核对决定书，予以更正。")
    corrected = Record.objects.get(current=True)
    again = deliver(deliverer, source, Kind.PENALTY, [row])
    assert (again.status, again.created_count, again.changed_count, again.unchanged_count) == (
        DeliveryStatus.LOADED, 0, 0, 1)
    assert len(again.notices) == 1 and "已因数据异议更正" in again.notices[0]["message"]
    assert objection.reference in again.notices[0]["message"] and again.notices[0]["field"] == "CF_JLBS"
    assert Record.objects.get(current=True) == corrected
    assert PublishedResult.objects.get(case=None).fine_amount == corrected.fine_amount
    adopted = deliver(deliverer, source, Kind.PENALTY, [{**row, "CF_NR_FK": "1", "CF_NR": "警告；罚款人民币10,000.00元"}])
    assert (adopted.changed_count, adopted.unchanged_count, adopted.notices) == (0, 1, [])
    new = deliver(deliverer, source, Kind.PENALTY, [{**row, "CF_ZT": "撤销"}])
    assert (new.changed_count, new.notices) == (1, [])
    assert Record.objects.get(current=True).version == 3
