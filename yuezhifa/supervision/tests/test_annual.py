"""The annual statistics (年报; 《广东省一体化行政执法平台管理办法》第四十四条; docs/decisions/0057), hand-counted.

The set, all in 2026 unless said (the clock pinned at 2027-03-01, after the year, before nothing else):

* A — 天河区市场监管局, 普通程序, driven through the engine: decided 2026-10-16 with 罚款 75,000 + 没收违法所得 3,200 +
  没收非法财物 486.60 (合并处罚: counted once, under 没收, the heaviest by 处罚法 第九条's order; amounts all added);
* B — 天河, 简易程序, decided on the spot 2026-05-10: 警告 + 罚款 200 (counted under 罚款); never paid, so 加处罚款
  runs from 2026-05-26 (due within 15 days, 05-11 … 05-25; 处罚法 第七十二条第一款第（一）项): 加处罚款 1;
* C — 天河, 普通程序, hearing held 2026-05-20, decided 2026-06-01: 罚款 5,000 + 暂扣许可证件 (counted under 暂扣…);
  行政复议 filed 2026-07-01, concluded 2026-09-01 变更 (复议审结 1, 纠错 1); 申请人民法院强制执行 2026-11-02;
* D — 天河, decided 2025-12-20 (not a 2026 decision): 行政诉讼 concluded 2026-03-05 维持 (诉讼审结 1, 纠错 0);
* E — 天河, 查封、扣押 carried out 2026-08-03;
* F — 深圳市市场监管局, 冻结 carried out 2026-04-01 (another city: the roll-up's second row);
* G, H — 天河 inspections: G 日常, drawn by 双随机, on site 2026-03-10, problems found and a penalty case opened; H 专项,
  non-site 2026-09-15, same subject (one subject inspected twice: 检查对象 1).

By hand, 天河 2026 行政处罚: total 3 (A, B, C); 罚款 1 (B); 没收 1 (A); 暂扣… 1 (C); 警告 0 (B's warning is under its
fine); 罚款金额 75,000 + 200 + 5,000 = 80,200.00; 没收违法所得 3,200.00; 没收非法财物 486.60; 简易 1; 普通 2; 听证 1;
复议 1 (纠错 1); 诉讼 1 (纠错 0). 行政强制: 查封、扣押 1, 措施合计 1, 加处罚款 1 (B), 申请法院 1 (C), 执行合计 2. 行政检查: 2 次 (日常 1,
专项 1), 双随机 1, 非现场 1, 对象 1, 发现问题 1, 移送立案 1.
"""

import datetime
import io
import uuid
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from yuezhifa.cases.models import Act, Case
from yuezhifa.core.errors import DomainError, NotAllowed
from yuezhifa.inspection.models import Subject, Visit
from yuezhifa.org.tests.factories import division

from .. import annual
from ..models import AnnualDueDate, AnnualFiling, AnnualSubmission

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
_WORKED_NOW = datetime.datetime(2027, 3, 1, 10, 0, tzinfo=SH)


@pytest.fixture(autouse=True)
def _clock_of_the_worked_dates():
    """The year counted is 2026; the page and the submissions are looked at on 2027-03-01, whatever YZF_TEST_NOW
    says (the default due date, 2027-01-31, is then past)."""
    with time_machine.travel(_WORKED_NOW, tick=True):
        yield


pytestmark = pytest.mark.django_db


def moment(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=SH)


def direct_case(world, body, procedure, acts, *, registered="2026-01-05 09:00"):
    """A case whose log is written directly (the acts as the engine stores them), for the facts the counting reads."""
    case = Case.objects.create(body=body, procedure=procedure, source_kind="inspection", cause="测试案由",
                               created_by=world["users"]["chen"], stage="decided", registered_at=moment(registered))
    for seq, (code, when, data) in enumerate(acts, start=1):
        Act.objects.create(case=case, seq=seq, code=code, name=code, performed_at=moment(when),
                           recorded_at=moment(when), data=data, hash=uuid.uuid4().hex)
    return case


def small_set(world):
    """B to H of the module's doc (A is driven through the engine where a test needs it)."""
    th, sz = world["body"], world["other"]
    direct_case(world, th, "penalty.simple", [
        ("decide_on_spot", "2026-05-10 10:00", {"penalties": {"warning": True, "fine": "200"}})])
    direct_case(world, th, "penalty.general", [
        ("hold_hearing", "2026-05-20 09:30", {}),
        ("decide", "2026-06-01 10:00", {"penalties": {"fine": "5000", "suspend_licence": True}}),
        ("record_remedy", "2026-07-02 10:00", {"kind": "review", "filed_on": "2026-07-01"}),
        ("conclude_remedy", "2026-09-01 10:00", {"remedy_seq": 3, "concluded_on": "2026-09-01",
                                                 "result": "changed"}),
        ("apply_court", "2026-11-02 10:00", {})])
    direct_case(world, th, "penalty.general", [
        ("decide", "2025-12-20 10:00", {"penalties": {"fine": "1000"}}),
        ("record_remedy", "2026-03-06 10:00", {"kind": "litigation", "filed_on": "2026-01-10",
                                               "concluded_on": "2026-03-05", "result": "upheld"})],
        registered="2025-11-03 09:00")
    direct_case(world, th, "compulsion.seizure", [("seize", "2026-08-03 10:00", {})])
    direct_case(world, sz, "compulsion.freeze", [("freeze", "2026-04-01 10:00", {})])
    subject = Subject.objects.create(credit_code="91440106MA5ANNUAL1", name="天河年报商行", division_id="440106")
    g = direct_case(world, th, "inspection", [
        ("open_inspection", "2026-03-09 10:00", {"kind": "routine", "draw": str(uuid.uuid4())}),
        ("notify_inspection_result", "2026-03-10 16:00", {"outcome": "violation"}),
        ("open_penalty_from_inspection", "2026-03-11 10:00", {})])
    h = direct_case(world, th, "inspection", [
        ("open_inspection", "2026-09-14 10:00", {"kind": "special"}),
        ("notify_inspection_result", "2026-09-15 16:00", {"outcome": "none"})])
    Visit.objects.create(subject=subject, body=th, year=2026, on=datetime.date(2026, 3, 10), case_id=g.pk)
    Visit.objects.create(subject=subject, body=th, year=2026, on=datetime.date(2026, 9, 15), case_id=h.pk,
                         on_site=False)


def cells(report, table: str, label: str) -> dict:
    spec = annual.TABLE_KEYS[table]
    rows = {r.label: r.tally for r in report.rows}
    tally = report.total if label == "合计" else rows[label]
    return {c.key: tally.value(table, c) for c in spec.columns}


TH_PENALTY = {"total": 3, "warning": 0, "fine": 1, "confiscation": 1, "licence": 1, "conduct": 0, "detention": 0,
              "other": 0, "fine_amount": Decimal("80200.00"), "income_amount": Decimal("3200.00"),
              "property_amount": Decimal("486.60"), "simple": 1, "general": 2, "hearings": 1, "reconsideration": 1,
              "reconsideration_corrected": 1, "litigation": 1, "litigation_corrected": 0}
TH_COMPULSION = {"seizure": 1, "freezing": 0, "measures": 1, "surcharge": 1, "substitute": 0, "court": 1,
                 "by_body": 0, "executions": 2}
TH_INSPECTION = {"total": 2, "routine": 1, "special": 1, "case": 0, "random": 1, "remote": 1, "subjects": 1,
                 "problems": 1, "transferred": 1}


def test_every_cell_of_the_hand_counted_year_and_the_roll_up_by_division(run, people, world, client):
    """办法 第四十四条 年报: A's 合并处罚 (罚款 + 没收违法所得 + 没收非法财物) counts once, under 没收 (处罚法 第九条's
    order), its amounts added; the body's row, the city's roll-up (广州: the body's 区 rolled up) and the province's
    (广州 and 深圳 rows, totals), and the same figures in the Excel workbook."""
    from .conftest import decided

    decided(run)  # A: decided 2026-10-16 with PENALTIES (75,000 + 3,200 + 486.60)
    small_set(world)
    th = world["body"]

    body = annual.build(people["head"], year=2026, scope=f"b:{th.pk}")
    assert [r.label for r in body.rows] == [th.name]
    assert cells(body, "penalty", th.name) == TH_PENALTY
    assert cells(body, "compulsion", th.name) == TH_COMPULSION
    assert cells(body, "inspection", th.name) == TH_INSPECTION
    assert set(cells(body, "licensing", th.name).values()) == {0}

    city = annual.build(people["gz_sup"], year=2026, scope="d:4401")  # 广州: 广州市司法局 (本级) and 天河区
    assert [r.label for r in city.rows] == ["广州市司法局", "天河区"]
    assert cells(city, "penalty", "天河区") == TH_PENALTY == cells(city, "penalty", "合计")
    assert cells(city, "compulsion", "合计")["freezing"] == 0  # 深圳's freezing is not 广州's

    province = annual.build(people["supervisor"], year=2026, scope="d:44")
    labels = [r.label for r in province.rows]
    assert labels[-2:] == ["广州市", "深圳市"] and "广东省市场监督管理局" in labels
    assert cells(province, "compulsion", "深圳市") == {**dict.fromkeys(TH_COMPULSION, 0), "freezing": 1,
                                                     "measures": 1}
    assert cells(province, "compulsion", "合计") == {**TH_COMPULSION, "freezing": 1, "measures": 2}
    assert cells(province, "penalty", "合计") == TH_PENALTY
    assert cells(province, "inspection", "合计") == TH_INSPECTION

    client.force_login(people["supervisor"])
    response = client.get(reverse("supervision:annual"), {"year": 2026, "scope": "d:44", "export": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["行政许可", "行政处罚", "行政强制", "行政征收", "行政征用", "行政检查"]
    sheet = book["行政处罚"]
    assert sheet["A1"].value == "广东省2026年度行政执法统计——行政处罚"
    assert sheet["A2"].value.startswith("数据来源：平台统计")
    assert book["行政许可"]["A2"].value.startswith("数据来源：填报")
    headers = [c.value for c in sheet[3]]
    assert headers[:4] == ["单位或区划", "处罚决定（件）", "警告、通报批评（件）", "罚款（件）"]
    rows = {r[0]: r[1:] for r in sheet.iter_rows(min_row=4, values_only=True)}
    spec = annual.TABLE_KEYS["penalty"]
    assert list(rows) == [*labels, "合计"]
    assert dict(zip([c.key for c in spec.columns], rows["广州市"], strict=True)) == {
        k: (float(v) if isinstance(v, Decimal) else v) for k, v in TH_PENALTY.items()}
    total_row = sheet.max_row
    assert sheet.cell(row=total_row, column=1).value == "合计"
    assert sheet.cell(row=total_row, column=10).number_format == "#,##0.00"
    assert sheet.cell(row=total_row, column=2).alignment.horizontal == "right"
    assert [r[1:] for r in book["行政强制"].iter_rows(min_row=book["行政强制"].max_row, values_only=True)] == [
        (1, 1, 2, 1, 0, 1, 0, 2)]


def test_a_body_sees_its_own_year_and_nobody_elses(world, people, client):
    """办法 第四十四条: a body's officer sees its own 年报; another body's officer gets 404, as does a supervisor of
    another city asking for 广州; the public is sent to log in."""
    small_set(world)
    th = world["body"]
    url = reverse("supervision:annual")
    assert client.get(url, {"year": 2026}).status_code == 302  # anonymous: to the login page
    client.force_login(people["other"])  # 深圳市场监管局's officer
    assert client.get(url, {"year": 2026, "scope": f"b:{th.pk}"}).status_code == 404
    assert client.get(url, {"year": 2026, "scope": "d:4401"}).status_code == 404
    client.force_login(people["sz_sup"])
    assert client.get(url, {"year": 2026, "scope": "d:4401"}).status_code == 404
    client.force_login(people["chen"])
    page = client.get(url, {"year": 2026})
    assert page.status_code == 200 and page.context["report"].scope.body == th
    assert "平台统计" in page.content.decode() and "填报" in page.content.decode()
    with pytest.raises(NotAllowed):
        annual.build(people["other"], year=2026, scope=f"b:{th.pk}")


def test_the_due_date_defaults_to_31_january_and_only_the_province_sets_another(world, people, client):
    """办法 第四十四条 年报的报送截止日: 31 January of the following year unless a supervisor of 全省 sets another; a
    city supervisor or a body's head may not."""
    assert annual.due_date(2026) == datetime.date(2027, 1, 31)
    with pytest.raises(NotAllowed):
        annual.due_date_set(actor=people["gz_sup"], year=2026, due_on="2027-02-28")
    with pytest.raises(NotAllowed):
        annual.due_date_set(actor=people["head"], year=2026, due_on="2027-02-28")
    with pytest.raises(DomainError) as bad:
        annual.due_date_set(actor=people["supervisor"], year=2026, due_on="2026-12-31")
    assert bad.value.field == "due_on"
    client.force_login(people["supervisor"])
    response = client.post(reverse("supervision:annual"), {"action": "due", "year": "2026", "due_on": "2027-03-31",
                                                           "scope": "d:44"})
    assert response.status_code == 302
    assert annual.due_date(2026) == datetime.date(2027, 3, 31)
    assert annual.due_date(2025) == datetime.date(2026, 1, 31)


def test_submissions_are_frozen_versions_and_late_ones_are_marked(world, people, client):
    """办法 第四十四条: the head submits (a snapshot); a new submission is version 2 and version 1 stays as it was;
    after the due date (2027-01-31 by default; the clock says 2027-03-01) it is 逾期; an officer may not submit."""
    small_set(world)
    th = world["body"]
    with pytest.raises(NotAllowed):
        annual.submission_create(actor=people["chen"], body=th, year=2026)
    with time_machine.travel(datetime.datetime(2027, 1, 20, 10, 0, tzinfo=SH), tick=False):
        first = annual.submission_create(actor=people["head"], body=th, year=2026)
    assert (first.version, first.late) == (1, False)
    assert first.tables["penalty"]["total"] == "2" and first.tables["penalty"]["fine_amount"] == "5200.00"
    direct_case(world, th, "penalty.simple", [
        ("decide_on_spot", "2026-12-30 10:00", {"penalties": {"warning": True}})])  # entered after the first one
    client.force_login(people["head"])
    response = client.post(reverse("supervision:annual"), {"action": "submit", "year": "2026",
                                                           "scope": f"b:{th.pk}"})
    assert response.status_code == 302
    second = AnnualSubmission.objects.get(body=th, year=2026, version=2)
    assert second.late is True and second.tables["penalty"]["total"] == "3"
    assert second.tables["penalty"]["warning"] == "1"
    first.refresh_from_db()
    assert first.tables["penalty"]["total"] == "2"  # never overwritten
    page = client.get(reverse("supervision:annual"), {"year": 2026, "scope": f"b:{th.pk}"})
    assert "逾期报送" in page.content.decode()
    with pytest.raises(DomainError):
        annual.submission_create(actor=people["head"], body=th, year=timezone.localdate().year)


def test_filed_figures_are_versions_marked_as_filed_and_bad_input_names_the_field(world, people, client):
    """办法 第四十四条: 行政许可, 征收, 征用 are entered by the body (填报), each save a new version; a bad figure is
    refused naming its field, nothing saved; another body's officer may not enter them."""
    th = world["body"]
    client.force_login(people["chen"])
    url = reverse("supervision:annual")
    client.post(url, {"action": "filing", "table": "licensing", "year": "2026", "scope": f"b:{th.pk}",
                      "applied": "12", "granted": "10", "refused": "2"})
    client.post(url, {"action": "filing", "table": "levy", "year": "2026", "scope": f"b:{th.pk}",
                      "decisions": "3", "amount": "1234.5"})
    response = client.post(url, {"action": "filing", "table": "licensing", "year": "2026", "scope": f"b:{th.pk}",
                                 "applied": "1.5"}, follow=True)
    assert "申请（件）" in response.content.decode() and "整数" in response.content.decode()
    assert AnnualFiling.objects.filter(body=th, table="licensing").count() == 1
    annual.filing_save(actor=people["chen"], body=th, year=2026, table="licensing", figures={"applied": "13"})
    report = annual.build(people["chen"], year=2026, scope=f"b:{th.pk}")
    assert cells(report, "licensing", th.name) == {"applied": 13, "granted": 0, "refused": 0, "changed": 0,
                                                   "withdrawn": 0}
    assert cells(report, "levy", th.name) == {"decisions": 3, "amount": Decimal("1234.50")}
    assert list(AnnualFiling.objects.filter(body=th, table="licensing").values_list("version", flat=True)) == [2, 1]
    with pytest.raises(NotAllowed):
        annual.filing_save(actor=people["other"], body=th, year=2026, table="licensing", figures={})
    with pytest.raises(DomainError) as bad:
        annual.filing_save(actor=people["chen"], body=th, year=2026, table="penalty", figures={})
    assert bad.value.field == "table"


def test_a_township_body_rolls_up_through_its_county(world, people):
    """The roll-up follows the division tree (township → county → city → province): a body seated at a township of
    天河区 is counted in 天河区's row of 广州's table."""
    from yuezhifa.org.tests.factories import BodyFactory

    street = division("440106001", "五山街道", division("440106", "天河区"))
    town_body = BodyFactory(name="五山街道综合行政执法队", division=street)
    direct_case(world, town_body, "penalty.simple", [
        ("decide_on_spot", "2026-02-02 10:00", {"penalties": {"warning": True}})])
    city = annual.build(people["gz_sup"], year=2026, scope="d:4401")
    assert cells(city, "penalty", "天河区")["warning"] == 1
    county = annual.build(people["gz_sup"], year=2026, scope="d:440106")
    assert [r.label for r in county.rows] == ["广州市天河区市场监督管理局", "五山街道"]


def test_bad_figures_years_due_dates_and_notes_are_refused_naming_the_field_article_44(world, people, client):
    """办法 第四十四条 年报: a 填报 figure of NaN (was a 500), a year written in other digits such as “²” (was a 500),
    a due date later than the year after the statistical year (it would make every submission on time forever) and
    a note holding a NUL byte (a 500 on PostgreSQL) are refused with a message naming the field; nothing written."""
    th = world["body"]
    url = reverse("supervision:annual")
    client.raise_request_exception = False
    client.force_login(people["chen"])
    for value in ("NaN", "sNaN", "-NaN"):
        response = client.post(url, {"action": "filing", "table": "licensing", "year": "2026", "scope": f"b:{th.pk}",
                                     "applied": value}, follow=True)
        assert response.status_code == 200 and "整数" in response.content.decode(), value
    assert not AnnualFiling.objects.exists()
    with pytest.raises(DomainError) as bad:
        annual.filing_save(actor=people["chen"], body=th, year=2026, table="levy", figures={"amount": "NaN"})
    assert bad.value.field == "levy.amount"
    page = client.get(url, {"year": "²"})
    assert page.status_code == 200 and "统计年度" in page.content.decode()
    with pytest.raises(DomainError) as bad:
        annual.parse_year("²")
    assert bad.value.field == "year"
    client.force_login(people["supervisor"])
    for due_on, note, field in (("2028-01-01", "", "due_on"), ("9999-12-31", "", "due_on"),
                                ("2027-03-31", "延期\x00说明", "note")):
        with pytest.raises(DomainError) as bad:
            annual.due_date_set(actor=people["supervisor"], year=2026, due_on=due_on, note=note)
        assert bad.value.field == field
        response = client.post(url, {"action": "due", "year": "2026", "due_on": due_on, "note": note})
        assert response.status_code == 302
    assert not AnnualDueDate.objects.exists() and annual.due_date(2026) == datetime.date(2027, 1, 31)
    annual.due_date_set(actor=people["supervisor"], year=2026, due_on="2027-12-31")  # the last day allowed
    assert annual.due_date(2026) == datetime.date(2027, 12, 31)


def test_a_city_node_takes_no_filing_submission_or_due_date_article_44(world, people, client, settings):
    """办法 第四十四条 with 第十条 (the supervision platform runs once, at the province) and decision 0057 §8: the 年报's
    due dates, filings and submissions are the hub's own records (topology.tables LOCAL), never replicated. Taken on a
    city node they would stay there and the province would see the body as 未报送; so a node refuses them, naming the
    hub, and writes nothing."""
    settings.YZF_ROLE = "node"
    th = world["body"]
    for call in (lambda: annual.filing_save(actor=people["chen"], body=th, year=2026, table="licensing", figures={}),
                 lambda: annual.submission_create(actor=people["head"], body=th, year=2026),
                 lambda: annual.due_date_set(actor=people["supervisor"], year=2026, due_on="2027-03-31")):
        with pytest.raises(DomainError) as refused:
            call()
        assert settings.YZF_HUB_NAME in refused.value.message
    client.force_login(people["head"])
    response = client.post(reverse("supervision:annual"), {"action": "submit", "year": "2026", "scope": f"b:{th.pk}"},
                           follow=True)
    assert response.status_code == 200 and "省级" in response.content.decode()
    page = client.get(reverse("supervision:annual"), {"year": 2026, "scope": f"b:{th.pk}"})
    assert page.status_code == 200 and not page.context["can_submit"] and not page.context["filing_forms"]
    assert not (AnnualFiling.objects.exists() or AnnualSubmission.objects.exists() or AnnualDueDate.objects.exists())
