"""查封、扣押 (《中华人民共和国行政强制法》第十八条、第十九条、第二十四条至第二十八条; docs/decisions/0032).

Dates worked by hand: the seizure period is 30 calendar days (第二十五条第一款), its first day not counted; a testing
period takes ``ended_on - started_on`` days out of it (第二十五条第三款); an emergency seizure is reported and approved
within 24 hours of its moment (第十九条).
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from yuezhifa.core.errors import DomainError
from yuezhifa.supervision.alerts import evaluate_alerts
from yuezhifa.supervision.models import Alert, AlertState, Problem

from ..interface import case_log
from ..procedures import PROCEDURES
from .conftest import at, store_party

D = datetime.date
PROCEDURE = "compulsion.seizure"
ITEMS = [{"name": "过期预包装食品（某品牌饼干）", "specification": "200克/袋", "quantity": "48袋"}]


def _open(run, when: str):
    run.open(when, procedure=PROCEDURE, source_kind="inspection", cause="涉嫌经营超过保质期的食品，需扣押",
             summary=["日常检查发现货架上有超过保质期的食品。"], party=store_party())


def _seize(run, when: str, **extra):
    run.act("seize", when, place="广州市天河区棠下荷光路86号首层", reason="涉嫌经营超过保质期的食品。",
            basis=["《中华人民共和国食品安全法》第一百一十条第（四）项"], items=ITEMS,
            officers=run.ids("chen", "lin"), certificates_shown=True, party_notified=True, rights_told=True,
            record=["当事人法定代表人梁文斌到场，执法人员清点货架上的过期饼干48袋并予以扣押。"],
            signed_by="party", **extra)


def _alerts(rule: str, on: D):
    evaluate_alerts(on=on)
    return list(Alert.objects.filter(rule=rule))


def test_emergency_seizure_reported_and_approved_within_24_hours_article_19(run):
    """强制法 第十九条: seized on the spot 11-23 10:00 without prior approval; reported and approved before 11-24
    10:00. The seizure period (第二十五条第一款): 11-23 + 30 days = 12-23 (11-24 is day 1, 11-30 day 7, 12-23 day 30)."""
    _open(run, "2026-11-23 09:00")
    with pytest.raises(DomainError) as refused:  # neither approved beforehand nor marked as an emergency (第十八条)
        _seize(run, "2026-11-23 10:00")
    assert refused.value.field == "emergency" and "第十八条" in str(refused.value)
    _seize(run, "2026-11-23 10:00", emergency=True)
    case = run.refresh()
    assert case.stage == "seizure_in_force" and case.number  # the seizure states the case: it gets its number
    assert set(case.documents.values_list("doc_type", flat=True)) == {
        "seizure_decision", "seizure_site_record", "seizure_list"}
    deadlines = run.deadlines()
    assert deadlines["compulsion.seizure"].due_date == D(2026, 12, 23)
    assert deadlines["compulsion.emergency_approval"].due_at == at("2026-11-24 10:00")

    # the head's approval after the 24 hours is refused: the measure must be released (第十九条)
    spec = PROCEDURES[PROCEDURE].act("approve_emergency")
    # the report is not recorded yet: the approval waits for it
    assert [b.message for b in case_log(case, as_of=at("2026-11-23 11:00")).blocked(spec)] == [
        "须先完成“紧急查封、扣押报告负责人”。"]

    run.act("report_emergency", "2026-11-23 16:00", report="情况紧急，已当场扣押过期饼干48袋，报请补办批准手续。")
    assert case_log(run.refresh(), as_of=at("2026-11-24 09:59")).blocked(spec) == ()
    blocked = case_log(run.refresh(), as_of=at("2026-11-24 10:01")).blocked(spec)
    assert [b.basis for b in blocked] == ["《中华人民共和国行政强制法》第十九条"]
    handle = PROCEDURES[PROCEDURE].act("handle_seized")
    check = next(c for c in handle.checks if c.field == "disposition")
    assert "应当立即解除" in check.test(case_log(run.refresh(), as_of=at("2026-11-24 10:01")),
                                       {"disposition": "confiscate", "penalty_case": "穗天市监立〔2026〕1号"})

    run.act("approve_emergency", "2026-11-24 09:30", user="head", approved=True, opinion="同意。")
    deadlines = run.deadlines()
    assert not deadlines["compulsion.emergency_approval"].open
    assert _alerts("emergency_approval_overdue", D(2026, 11, 24)) == []


def test_emergency_seizure_not_approved_within_24_hours_raises_an_alert_article_19(run):
    """强制法 第十九条: seized 11-23 10:00 in an emergency, nothing reported or approved: on 11-24 after 10:00 the
    alert is raised; a release afterwards resolves it with the lateness kept."""
    _open(run, "2026-11-23 09:00")
    _seize(run, "2026-11-23 10:00", emergency=True)
    evaluate_alerts(on=D(2026, 11, 24), now=at("2026-11-24 09:59"))
    assert list(Alert.objects.filter(rule="emergency_approval_overdue")) == []
    evaluate_alerts(on=D(2026, 11, 24), now=at("2026-11-24 10:01"))
    [alert] = Alert.objects.filter(rule="emergency_approval_overdue")
    assert alert.state == AlertState.OPEN and "第十九条" in alert.article


def test_extension_testing_period_excluded_and_release_with_return_article_25_28(run):
    """强制法 第二十五条、第二十八条. Approved and seized 11-02: 30 days → 12-02 (11-03 day 1 … 11-30 day 28, 12-02 day
    30). Testing 11-05 to 11-12 does not count: 7 days (11-05 not counted) → 12-09. Extension of 20 days from 12-09
    (第二十五条第一款, at most 30): 12-10 day 1 … 12-29 day 20. Released 12-01 on ground 第二十八条第一款第（一）项,
    the goods returned: the period ends."""
    _open(run, "2026-11-02 08:00")
    run.act("approve_measure", "2026-11-02 09:00", user="head", opinion="同意扣押。")
    _seize(run, "2026-11-02 10:00")
    assert run.deadlines()["compulsion.seizure"].due_date == D(2026, 12, 2)
    run.act("record_custody", "2026-11-03 10:00", storage_place="本局罚没物品仓库", keeper="林晓燕",
            condition="包装完好，共48袋。")
    run.act("start_testing", "2026-11-05 10:00", kind="testing", started_on="2026-11-05",
            expected_end="2026-11-15", institution="广州市食品检验所", items=ITEMS)
    paused = run.deadlines()["compulsion.seizure"]
    assert paused.paused_since == D(2026, 11, 5)
    with pytest.raises(DomainError):  # not while the testing runs: its end moves the due date first
        run.act("extend_seizure", "2026-11-06 10:00", user="head", days=20, reason="需待检验结果。")
    run.act("end_testing", "2026-11-12 16:00", ended_on="2026-11-12", result="检出菌落总数超标。")
    seizure = run.deadlines()["compulsion.seizure"]
    assert seizure.due_date == D(2026, 12, 9) and seizure.paused_since is None
    with pytest.raises(DomainError) as too_long:
        run.act("extend_seizure", "2026-11-30 10:00", user="head", days=31, reason="情况复杂。")
    assert too_long.value.field == "days"
    run.act("extend_seizure", "2026-11-30 10:00", user="head", days=20, reason="涉案批次需追溯进货来源，情况复杂。")
    deadlines = run.deadlines()
    assert not deadlines["compulsion.seizure"].open
    assert deadlines["compulsion.seizure_extension"].start == D(2026, 12, 9)
    assert deadlines["compulsion.seizure_extension"].due_date == D(2026, 12, 29)
    spec = PROCEDURES[PROCEDURE].act("extend_seizure")
    assert case_log(run.refresh()).blocked(spec)  # once only (第二十五条第一款)

    # 强制法 第二十七条: no confiscation without a penalty decision: none named, none linked; nor on a number that is
    # not a penalty case of this body (this seizure case has no number; a made-up one)
    with pytest.raises(DomainError, match="第二十七条") as unnamed:
        run.act("handle_seized", "2026-12-01 09:00", user="head", disposition="confiscate")
    assert unnamed.value.field == "penalty_case" and "关联" in unnamed.value.message
    with pytest.raises(DomainError, match="没有案号为") as unknown:
        run.act("handle_seized", "2026-12-01 09:00", user="head", disposition="confiscate",
                penalty_case="天河区市场监管局立〔2026〕1号")
    assert unknown.value.field == "penalty_case"
    with pytest.raises(DomainError) as no_ground:
        run.act("handle_seized", "2026-12-01 09:00", user="head", disposition="release")
    assert no_ground.value.field == "ground"
    run.act("handle_seized", "2026-12-01 09:00", user="head", disposition="release", ground="no_violation",
            returned="goods", reason="经查当事人没有违法行为。")
    case = run.refresh()
    assert case.stage == "seizure_handled"
    assert {"seizure_release_decision", "seizure_release_list"} <= set(case.documents.values_list("doc_type",
                                                                                                   flat=True))
    assert not run.deadlines()["compulsion.seizure_extension"].open
    run.act("close_seizure", "2026-12-01 09:30", user="head", summary="已解除扣押并退还财物。")
    assert run.refresh().stage == "seizure_closed" and run.case.closed_at == at("2026-12-01 09:30")
    page = Client()
    page.force_login(run.world["users"]["chen"])
    content = page.get(f"/cases/{run.case.pk}/").content.decode()
    assert "查封、扣押已结案" in content and "检测、检验、检疫或者技术鉴定开始" in content


def test_seizure_overdue_alert_fires_the_day_after_the_term_article_25(run):
    """强制法 第二十五条第一款、第二十八条第一款第（四）项: seized 10-20 (a Tuesday) → 30 days: 10-21 day 1 … 10-31 day 11,
    11-19 day 30. No alert on 11-19; the alert 查封扣押超期 on 11-20. Afterwards only a release is possible."""
    _open(run, "2026-10-20 08:00")
    officer = Client()
    officer.force_login(run.world["users"]["chen"])
    form = officer.get(f"/cases/{run.case.pk}/acts/seize/")
    assert form.status_code == 200 and "现场笔录的签名" in form.content.decode()
    run.act("approve_measure", "2026-10-20 09:00", user="head")
    _seize(run, "2026-10-20 10:00")
    assert run.deadlines()["compulsion.seizure"].due_date == D(2026, 11, 19)
    assert _alerts("seizure_overdue", D(2026, 11, 19)) == []
    [alert] = _alerts("seizure_overdue", D(2026, 11, 20))
    assert alert.problem == Problem.SEIZURE and alert.due_date == D(2026, 11, 19)
    handle = PROCEDURES[PROCEDURE].act("handle_seized")
    check = next(c for c in handle.checks if c.field == "disposition")
    assert "第二十八条第一款第（四）项" in check.test(case_log(run.refresh()), {"disposition": "destroy",
                                                                          "destruction_basis": "某法"})


def test_seizure_by_one_officer_cites_article_18_item_2_not_the_penalty_law(run):
    """强制法 第十八条第（二）项: a compulsion measure is carried out by two or more officers; the refusal cites that item
    (the procedure's own article, Procedure.officers), not 处罚法 第四十二条 which governs penalties. A freeze cites
    第三十条第一款, which applies the same item to it; the penalty procedures keep 处罚法 第四十二条第一款."""
    _open(run, "2026-11-02 08:00")
    run.act("approve_measure", "2026-11-02 09:00", user="head", opinion="同意扣押。")
    with pytest.raises(DomainError) as alone:
        run.act("seize", "2026-11-02 10:00", place="广州市天河区棠下荷光路86号首层", reason="涉嫌经营超过保质期的食品。",
                basis=["《中华人民共和国食品安全法》第一百一十条第（四）项"], items=ITEMS, officers=run.ids("chen"),
                certificates_shown=True, party_notified=True, rights_told=True, record=["执法人员一人到场。"],
                signed_by="party")
    assert alone.value.field == "officers"
    assert "不得少于两人" in alone.value.message and "行政强制法》第十八条第（二）项" in alone.value.message
    assert "行政处罚法" not in alone.value.message and alone.value.extra["basis"].endswith("第十八条第（二）项")
    assert "第三十条第一款、第十八条第（二）项" in PROCEDURES["compulsion.freeze"].officers.count
    assert PROCEDURES["penalty.general"].officers.count.endswith("行政处罚法》第四十二条第一款")
