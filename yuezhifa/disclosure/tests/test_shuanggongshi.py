"""The 双公示 行政处罚 items (disclosure/shuanggongshi.py; docs/decisions/0056): every row of the report file and of the
open data meets the specification; the 不予公示 ID items (CF_FR_ZJLX/ZJHM, CF_XDR_ZJLX/ZJHM) reach only the report
file, for supervisors, heads and legal reviewers (办法 第四十八条、第五十条; 处罚法 第五十条; 个人信息保护法 第二十八条);
CF_SY, not CF_WFSS; amounts in 万元 with six decimals; docs/双公示数据项.md is generated from the same data."""

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from openpyxl import load_workbook

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.identifiers import is_valid_resident_id
from yuezhifa.documents.samples import credit_code, resident_id
from yuezhifa.org.models import Role, Scope
from yuezhifa.org.tests.factories import UserFactory

from .. import services, shuanggongshi
from ..models import PartyKind, PublishedResult, ReportedIdentity, ResultStatus
from ..shuanggongshi import validate_row
from .conftest import PENALTIES, at, decide_general, decide_on_spot, person, store_party

DOC = Path(__file__).resolve().parents[3] / "docs" / "双公示数据项.md"
ID_RE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
PERSON_ID = resident_id("44010619850312201")
SHOP_OWNER_ID = resident_id("44010619700505301")
WARNED_ID = resident_id("44010219900101302")
SHOP_CODE = credit_code("92440106MA5EXY12X")  # 92: a 个体工商户 registered by market regulation (GB 32100-2015)
WINDOW = {"date_from": "2026-01-01", "date_to": "2026-12-31"}


@pytest.fixture(autouse=True)
def _early_december_2026():
    """The results are decided in November 2026 and exported days later, while still on display (LEGAL.md §5)."""
    with time_machine.travel(at("2026-12-01 10:00"), tick=True):
        yield


def _published_like(source: PublishedResult, **changes) -> PublishedResult:
    """Another published result shaped like ``source`` (the same body and dates), for the kinds of decision the test
    does not drive through the engine (confiscation only, warning only)."""
    fields = {f.name: getattr(source, f.name) for f in PublishedResult._meta.concrete_fields
              if f.name not in ("id", "created_at", "updated_at", "case")}
    fields.update(changes)
    return PublishedResult.objects.create(**fields)


@pytest.fixture
def results(run):
    """A realistic set: a natural person fined with confiscation (general procedure), a legal person fined with
    confiscation and its licence revoked (食品安全法 第一百二十四条: 情节严重的，吊销许可证), a 个体工商户 fined on the spot (each driven through the case engine and published on the
    head's approval), plus a confiscation only and a warning only shaped like them."""
    head = run.world["users"]["head"]
    citizen = decide_general(run, party=person("何俊峰", "44010619850312201"), facts=[
        f"当事人何俊峰（身份证号{PERSON_ID}）在天河区汇景广场3号铺销售过期食品。"])
    company = decide_general(run, party=store_party(), facts=["当事人在其经营场所销售过期食品，情节严重。"],
                             penalties={**PENALTIES, "revoke_licence": True})
    shop = decide_on_spot(run, party={"kind": "organisation", "name": "广州市天河区阿强士多店",
                                      "credit_code": SHOP_CODE, "legal_representative": "郑阿强",
                                      "id_number": SHOP_OWNER_ID},
                          facts="当事人在店内销售过期食品。", fine="200")
    published = [services.publish_decision(actor=head, case=case, approved_at=at("2026-11-24 10:00"))
                 for case in (citizen, company, shop)]
    confiscation = _published_like(published[1], document_number="穗天市监罚〔2026〕90号", penalty_types="没收违法所得",
                                   penalty_content="没收违法所得人民币3,200.00元", fine_amount=None,
                                   confiscation_amount=Decimal("3200"))
    ReportedIdentity.objects.create(result=confiscation, legal_representative="梁文斌")
    warning = _published_like(published[0], document_number="穗天市监罚〔2026〕91号", party_name="刘美玲",
                              penalty_types="警告", penalty_content="警告", fine_amount=None, confiscation_amount=None)
    ReportedIdentity.objects.create(result=warning, party_id_type="身份证", party_id_number=WARNED_ID)
    return [*published, confiscation, warning]


def _csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    header, names = rows[0], rows[1]
    assert names == [shuanggongshi.BY_CODE[code].name for code in header]
    return [dict(zip(header, row, strict=True)) for row in rows[2:]]


def _full(row: dict) -> dict:
    """A public row with the columns the public never gets, blank, for ``validate_row``."""
    return {code: row.get(code, "") for code in shuanggongshi.CODES}


def test_every_reported_and_public_row_meets_the_shuanggongshi_specification(results, client):
    """Every row of the report file (CSV, JSON, Excel) and of the open data validates against shuanggongshi.FIELDS;
    CF_SY carries the facts (no CF_WFSS); the ID columns are filled per party kind in the report file only."""
    assert all(r.status == ResultStatus.PUBLISHED for r in results)
    client.force_login(results[0].approved_by.__class__.objects.get(username="supervisor"))
    report = _csv(client.get("/gongshi/report/xzcf.csv", WINDOW))
    assert len(report) == 5 and list(report[0]) == list(shuanggongshi.CODES) and "CF_WFSS" not in report[0]
    for row in report:
        assert validate_row(row) == [], (row["CF_WSH"], validate_row(row))
    by_number = {row["CF_WSH"]: row for row in report}
    citizen, company, shop = (by_number[r.document_number] for r in results[:3])
    assert (citizen["CF_XDR_LB"], citizen["CF_XDR_ZJLX"], citizen["CF_XDR_ZJHM"]) == ("自然人", "身份证", PERSON_ID)
    assert citizen["CF_XDR_SHXYM"] == citizen["CF_FR_ZJHM"] == citizen["CF_FRDB"] == ""
    assert "销售过期食品" in citizen["CF_SY"] and PERSON_ID not in citizen["CF_SY"]
    # 75,000 元 = 7.500000 万元; confiscated 3,200 元 income + 486.60 元 property = 0.368660 万元
    assert (citizen["CF_NR_FK"], citizen["CF_NR_WFFF"]) == ("7.500000", "0.368660")
    assert (company["CF_XDR_LB"], company["CF_FRDB"], company["CF_XDR_ZJHM"]) == ("法人及非法人组织", "梁文斌", "")
    assert company["CF_NR_ZKDX"] == "吊销许可证件"
    assert company["CF_CFLB"] == "罚款、没收违法所得、没收非法财物、吊销许可证件"
    assert (shop["CF_XDR_LB"], shop["CF_XDR_SHXYM"], shop["CF_FRDB"]) == ("个体工商户", SHOP_CODE, "郑阿强")
    assert (shop["CF_FR_ZJLX"], shop["CF_FR_ZJHM"], shop["CF_NR_FK"]) == ("身份证", SHOP_OWNER_ID, "0.020000")
    assert all(row["CF_SJLY"] == row["CF_CFJG"] and row["CF_SJLYDM"] == row["CF_CFJGDM"] for row in report)
    assert all(row["CF_GSJZQ"] > row["CF_JDRQ"] for row in report)

    data = json.loads(b"".join(client.get("/gongshi/report/xzcf.json", WINDOW).streaming_content).decode())
    assert [f["code"] for f in data["fields"]] == list(shuanggongshi.CODES)
    assert sorted(data["records"], key=lambda r: r["CF_WSH"]) == sorted(report, key=lambda r: r["CF_WSH"])
    sheet = load_workbook(io.BytesIO(client.get("/gongshi/report/xzcf.xlsx", WINDOW).content)).active
    cells = [[c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert cells[0] == list(shuanggongshi.CODES)
    assert sorted(dict(zip(cells[0], row, strict=True))["CF_NR_FK"] for row in cells[2:]) == sorted(
        r["CF_NR_FK"] for r in report)

    client.logout()
    public = _csv(client.get("/gongshi/export.csv", WINDOW))
    assert len(public) == 5 and list(public[0]) == list(shuanggongshi.PUBLIC_CODES)
    for row in public:
        assert validate_row(_full(row), public=True) == [], (row["CF_WSH"], validate_row(_full(row), public=True))
    public_json = b"".join(client.get("/gongshi/export.json", WINDOW).streaming_content).decode()
    api = client.get("/api/v1/disclosure/results/").content.decode()
    details = "".join(client.get(f"/api/v1/disclosure/results/{r.pk}/").content.decode() for r in results)
    ids = [PERSON_ID, SHOP_OWNER_ID, WARNED_ID]
    for text in (public_json, api, details, json.dumps(public, ensure_ascii=False)):
        assert not any(number in text for number in ids)
        assert not [m for m in ID_RE.findall(text) if is_valid_resident_id(m)]  # a body's credit code may be all digits
        assert not any(code in text for code in shuanggongshi.RESTRICTED_CODES)
    record = json.loads(details[:details.index("}") + 1])
    assert "CF_SY" in record and "CF_WFSS" not in record and record["CF_NR_FK"] == "7.500000"


@pytest.fixture
def shop_result(run):
    """One 个体工商户 fined on the spot, published."""
    case = decide_on_spot(run, party={"kind": "organisation", "name": "广州市天河区阿强士多店", "credit_code": SHOP_CODE,
                                      "legal_representative": "郑阿强", "id_number": SHOP_OWNER_ID},
                          facts="当事人在店内销售过期食品。", fine="200")
    return services.publish_decision(actor=run.world["users"]["head"], case=case, approved_at=at("2026-11-24 10:00"))


def test_the_report_file_is_for_supervisors_heads_and_legal_reviewers_within_their_scope(shop_result, client, world):
    """The report file carries ID numbers (不予公示): anonymous users are sent to log in, officers are refused (403),
    a head of another body gets none of this body's results, and each download is audited."""
    response = client.get("/gongshi/report/xzcf.csv")
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(world["users"]["chen"])
    refused = client.get("/gongshi/report/xzcf.csv")
    assert refused.status_code == 403 and "无权下载双公示报送文件" in refused.content.decode()
    stranger = UserFactory(username="szhead", body=world["other"], roles=[(Role.HEAD, Scope.BODY)])
    client.force_login(stranger)
    assert _csv(client.get("/gongshi/report/xzcf.csv", WINDOW)) == []
    client.force_login(world["users"]["reviewer"])
    assert [row["CF_FR_ZJHM"] for row in _csv(client.get("/gongshi/report/xzcf.csv", WINDOW))] == [SHOP_OWNER_ID]
    entry = AuditEntry.objects.filter(action="disclosure.report_export").order_by("-pk").first()
    assert entry is not None and entry.actor_id == world["users"]["reviewer"].pk
    bad = client.get("/gongshi/report/xzcf.json", {"date_from": "昨天"})
    assert bad.status_code == 422 and "起始日期" in bad.json()["detail"]


def test_a_withheld_result_keeps_no_identity(run):
    """A minor's case is published nowhere (处罚法 第五十条): no ReportedIdentity is kept for it either."""
    minor = person("小明", "44010620100101001", birth_date="2010-01-01")
    case = decide_on_spot(run, party=minor, facts="当事人销售过期食品。")
    result = services.publish_decision(actor=run.world["users"]["head"], case=case, approved_at=at("2026-11-24 10:00"))
    assert result.status == ResultStatus.WITHHELD and not ReportedIdentity.objects.filter(result=result).exists()


def test_validate_row_names_each_broken_item():
    """validate_row answers one Chinese message per broken item, naming its code."""
    good = dict.fromkeys(shuanggongshi.CODES, "") | {
        "CF_WSH": "穗天市监罚〔2026〕1号", "CF_XDR_MC": "何俊峰", "CF_XDR_LB": "自然人", "CF_XDR_ZJLX": "身份证",
        "CF_XDR_ZJHM": PERSON_ID, "CF_SY": "销售过期食品。", "CF_YJ": "食品安全法第一百二十四条", "CF_CFLB": "罚款",
        "CF_NR": "罚款人民币5,000.00元", "CF_NR_FK": "0.500000", "CF_JDRQ": "2026-11-16", "CF_GSJZQ": "2029-11-16",
        "CF_CFJG": "广州市天河区市场监督管理局", "CF_CFJGDM": credit_code("11440106MB2C35678"),
        "CF_SJLY": "广州市天河区市场监督管理局", "CF_SJLYDM": credit_code("11440106MB2C35678")}
    assert validate_row(good) == []
    assert validate_row(good, public=True) == ["CF_XDR_ZJLX（证件类型）不予公示，公开数据中应为空。",
                                               "CF_XDR_ZJHM（证件号码）不予公示，公开数据中应为空。"]
    broken = good | {"CF_NR_FK": "0.5", "CF_JDRQ": "2026/11/16", "CF_XDR_LB": "公民", "CF_SY": "", "CF_CFLB": "罚款、拘留"}
    errors = " ".join(validate_row(broken))
    for text in ("CF_NR_FK（罚款金额（万元））应为以万元计、保留六位小数", "CF_JDRQ（处罚决定日期）应为 YYYY-MM-DD",
                 "CF_XDR_LB（行政相对人类别）“公民”不在代码集内", "CF_SY（违法事实）为必填项",
                 "“拘留”不是处罚法 第九条所列的处罚种类"):
        assert text in errors
    organisation = good | {"CF_XDR_LB": "法人及非法人组织", "CF_XDR_SHXYM": credit_code("91440106MA5DQ7K2X"),
                           "CF_FRDB": "梁文斌"}
    assert validate_row(organisation) == ["CF_XDR_ZJLX（证件类型）行政相对人为法人及非法人组织或个体工商户的，应为空。",
                                          "CF_XDR_ZJHM（证件号码）行政相对人为法人及非法人组织或个体工商户的，应为空。"]
    assert "CF_WFSS" in " ".join(validate_row(good | {"CF_WFSS": "x"}))
    assert shuanggongshi.wan(Decimal("5000")) == "0.500000" and shuanggongshi.wan(None) == ""
    assert shuanggongshi.wan(Decimal("0.01")) == "0.000001"


def test_the_data_items_doc_is_generated_from_the_specification():
    """docs/双公示数据项.md is `manage.py shuanggongshi_doc`'s output of shuanggongshi.FIELDS."""
    assert DOC.read_text(encoding="utf-8") == shuanggongshi.markdown(), "请运行 manage.py shuanggongshi_doc"
    assert "| CF_SY | 违法事实 |" in DOC.read_text(encoding="utf-8")


def test_party_kinds_of_the_public_model_are_unchanged():
    """个体工商户 is read from the credit code, so the public model keeps its two party kinds."""
    assert set(PartyKind.values) == {"person", "organisation"}
    assert shuanggongshi.party_category(False, SHOP_CODE) == "个体工商户"
    assert shuanggongshi.party_category(False, credit_code("91440106MA5DQ7K2X")) == "法人及非法人组织"
