"""Quality of the theme library's data (办法 第四十九条第二款: 实时监测和全面评价数据的数量、质量以及更新情况):
completeness, validity, consistency and timeliness per body and per source, snapshots and the trend."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from yuezhifa.themes import quality
from yuezhifa.themes.models import QualitySnapshot

from .quality_world import make_record, qworld  # noqa: F401

D = datetime.date
SH = ZoneInfo("Asia/Shanghai")
TODAY = D(2026, 12, 1)


@pytest.fixture(autouse=True)
def _clock_of_the_worked_dates():
    """The dates below are worked by hand on the 2026 calendar (entered): the clock stays on 2026-12-01."""
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, 0, tzinfo=SH), tick=True):
        yield


@pytest.fixture
def hand_made(qworld):  # noqa: F811
    w = qworld
    # 2026-09-28 (Mon) decision; working days after it (2026 arrangement: 国庆节 10-01..10-07 off, Sat 10-10 worked):
    # 09-29 (1), 09-30 (2), 10-08 (3), 10-09 (4), 10-10 Sat 调休上班 (5), 10-12 (6), 10-13 (7), 10-14 (8).
    r1 = make_record(w, "1", disclosed_on=D(2026, 10, 13))  # 7th working day: in time
    r2 = make_record(w, "2", disclosed_on=D(2026, 10, 14))  # 8th working day: late
    r3 = make_record(w, "3", facts="", measures="警告", fine_amount=None, content="警告。")  # incomplete
    r4 = make_record(w, "4", party_credit_code="91440106MA5DQ7K2X0",  # bad check character
                     filed_on=D(2026, 10, 20), decided_on=D(2026, 10, 15), disclosed_on=D(2026, 10, 16))
    # 罚款金额 without 罚款 among the measures; its document number also used by r6; decided 2026-11-27 (Fri), not
    # disclosed, due 7 working days later = 2026-12-08 (11-30, 12-01 … 12-08): not due yet, not counted
    r5 = make_record(w, "5", measures="警告", fine_amount=Decimal("2000"), document_number="穗天市监〔2026〕55号",
                     decided_on=D(2026, 11, 27), disclosed_on=None)
    # an inspection result: same document number as r5 and the division of 广州市 instead of 天河区; decided 10-09,
    # disclosed 10-12 (within 20 working days)
    r6 = make_record(w, "6", kind="inspection", document_number="穗天市监〔2026〕55号", division_code="440100",
                     measures="现场检查", content="未发现问题。", fine_amount=None, filed_on=None,
                     decided_on=D(2026, 10, 9), disclosed_on=D(2026, 10, 12))
    # another system's record: decided 2026-11-02 (Mon), never disclosed; due 11-11 (7th working day), passed: late
    r7 = make_record(w, "7", source=w["external"], document_number="穗天市监罚〔2026〕77号",
                     decided_on=D(2026, 11, 2), filed_on=D(2026, 10, 30), disclosed_on=None)
    # a superseded version is never counted
    old = make_record(w, "8", facts="", party_credit_code="bad", disclosed_on=None)
    old.current = False
    old.save()
    return {"r1": r1, "r2": r2, "r3": r3, "r4": r4, "r5": r5, "r6": r6, "r7": r7}


def _keys(rate):
    return sorted(f.record.record_key for f in rate.failures)


def test_quality_rates_per_body_and_source_article_49(hand_made, qworld):  # noqa: F811
    """第四十九条: the four rates with counts and the failing records, per (body, source)."""
    report = quality.report(D(2026, 9, 1), D(2026, 11, 30), today=TODAY)
    rows = {row.source.code: row for row in report.rows}
    assert set(rows) == {"platform", "sys-x"}
    platform = rows["platform"]
    assert platform.total == 6
    assert (platform.completeness.ok, platform.completeness.total) == (5, 6)
    assert _keys(platform.completeness) == ["3"]
    assert (platform.validity.ok, platform.validity.total) == (5, 6)
    assert _keys(platform.validity) == ["4"]
    problems = platform.validity.failures[0].problems
    assert "行政相对人统一社会信用代码校验不通过" in problems and "决定日期早于立案日期" in problems
    assert (platform.consistency.ok, platform.consistency.total) == (4, 6)
    assert _keys(platform.consistency) == ["5", "6"]
    inconsistent = {f.record.record_key: f.problems for f in platform.consistency.failures}
    assert any("440100" in p for p in inconsistent["6"]) and any("多条记录" in p for p in inconsistent["6"])
    assert "有罚款金额，但处罚种类不含罚款" in inconsistent["5"]
    # r1 (7th working day), r3, r4, r6 in time; r2 (8th working day) late; r5 not yet due
    assert (platform.timeliness.ok, platform.timeliness.total) == (4, 5)
    assert _keys(platform.timeliness) == ["2"]
    assert platform.timeliness.percent == "80.0%"
    assert "2026-10-13" in platform.timeliness.failures[0].problems[0]
    external = rows["sys-x"]
    assert (external.total, external.timeliness.ok, external.timeliness.total) == (1, 0, 1)
    assert "2026-11-11" in external.timeliness.failures[0].problems[0]
    assert not report.provisional
    totals = report.totals()
    assert (totals.total, totals.timeliness.ok, totals.timeliness.total) == (7, 4, 6)


def test_timeliness_seventh_working_day_in_time_eighth_late(qworld):  # noqa: F811
    """Decisions are disclosed within 7 working days (disclosure.publish; 办法 第四十五条, 第四十九条)."""
    seventh = make_record(qworld, "a", disclosed_on=D(2026, 10, 13))
    eighth = make_record(qworld, "b", disclosed_on=D(2026, 10, 14))
    assert quality.timeliness(seventh, TODAY).in_time
    late = quality.timeliness(eighth, TODAY)
    assert late.applies and not late.in_time and late.due == D(2026, 10, 13)


def test_timeliness_through_a_year_not_entered_is_provisional(qworld):  # noqa: F811
    """A count through 2027 (not entered) is reported as provisional (第四十九条 evaluation, core.calendar)."""
    make_record(qworld, "p", decided_on=D(2026, 12, 28), filed_on=D(2026, 12, 1), disclosed_on=D(2026, 12, 29))
    with time_machine.travel(datetime.datetime(2027, 1, 20, 10, 0, tzinfo=SH), tick=True):
        report = quality.report(D(2026, 12, 1), D(2026, 12, 31), today=D(2027, 1, 20))
    assert report.provisional and "2027年" in report.provisional_reason


def test_monthly_snapshots_and_trend_of_twelve_months(hand_made):
    """Snapshots per month are stored (replaced on a re-run) and give the dashboard's trend (第四十九条第二款)."""
    for month in (9, 10, 11):
        quality.take_snapshots("month", D(2026, month, 1), today=TODAY)
    assert quality.take_snapshots("month", D(2026, 10, 1), today=TODAY) == 1  # idempotent: replaced, not doubled
    assert QualitySnapshot.objects.filter(granularity="month").count() == 4  # Sep, Oct, Nov (two sources)
    points = quality.trend(today=TODAY)
    assert len(points) == 12 and points[0].period_start == D(2026, 1, 1) and points[-1].period_start == D(2026, 12, 1)
    sep, oct_, nov = points[8], points[9], points[10]
    assert (sep.total, sep.complete, sep.timely, sep.timely_total) == (3, 2, 2, 3)  # r1, r2, r3
    assert (oct_.total, oct_.valid, oct_.consistent) == (2, 1, 1)  # r4 invalid, r6 inconsistent
    assert (nov.total, nov.timely_total, nov.timely) == (2, 1, 0)  # r5 not due, r7 late
    assert sep.percent("completeness") == "66.7%" and points[0].percent("validity") == "—"


def test_day_snapshot_command(hand_made):
    """``manage.py theme_quality_snapshot`` stores the day's and the month's snapshots."""
    call_command("theme_quality_snapshot", day="2026-09-28", month="2026-09")
    assert QualitySnapshot.objects.filter(granularity="day", period_start=D(2026, 9, 28)).get().total == 3
    assert QualitySnapshot.objects.filter(granularity="month", period_start=D(2026, 9, 1)).get().total == 3


def test_dashboard_scope_supervisor_sees_division_head_own_body_others_refused(client, hand_made, qworld):  # noqa: F811
    """第四十九条第二款: the dashboard by scope — a supervisor of the province sees every body, a body's head only their
    own, an officer of another body nothing (403); the drill-down lists the failing records."""
    w = qworld
    make_record(w, "sz1", body=w["other"], document_number="深市监罚〔2026〕1号")
    url = reverse("themes_quality:dashboard") + "?start=2026-09-01&end=2026-11-30"
    client.force_login(w["users"]["supervisor"])
    page = client.get(url)
    assert page.status_code == 200
    assert {(r.body.name, r.source.code) for r in page.context["report"].rows} == {
        ("广州市天河区市场监督管理局", "platform"), ("广州市天河区市场监督管理局", "sys-x"), ("深圳市市场监督管理局", "platform")}
    assert "<svg" in page.content.decode()
    client.force_login(w["users"]["head"])
    rows = client.get(url).context["report"].rows
    assert {r.body.name for r in rows} == {"广州市天河区市场监督管理局"}
    drill = client.get(reverse("themes_quality:failures"), {"start": "2026-09-01", "end": "2026-11-30",
                                                            "measure": "timeliness", "body": w["body"].pk,
                                                            "source": w["platform"].pk})
    assert drill.status_code == 200 and "晚于期限2026-10-13" in drill.content.decode()
    assert client.get(reverse("themes_quality:failures"), {"measure": "nonsense"}).status_code == 422
    client.force_login(w["users"]["officer"])
    assert client.get(url).status_code == 403
    client.force_login(w["users"]["other_head"])
    assert {r.body.name for r in client.get(url).context["report"].rows} == {"深圳市市场监督管理局"}
