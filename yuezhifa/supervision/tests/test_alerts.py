"""One scenario per alert (办法 第三十三条; LEGAL.md §8): each appears on the first day its cause exists and not a day
before (working days counted by the one calendar: the dates come from the case's ``CaseDeadline`` rows), and clears
when its cause does. Calendar facts: 2026-10-01..07 National Day off; 10-10 (Saturday) a make-up working day."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from yuezhifa.cases.interface import recheck
from yuezhifa.cases.models import Act, CaseDeadline

from ..alerts import evaluate_alerts
from ..models import Alert, AlertState, Problem
from .conftest import PENALTIES, D, alerts, at, decided, serve, store_party

pytestmark = pytest.mark.django_db


def test_case_not_filed_appears_the_day_after_the_working_day_limit_and_clears_when_filed(run):
    """有案不立: a source registered 2026-09-28; 15 working days end 2026-10-23 (10-10 a working Saturday)."""
    run.open("2026-09-28 09:00")
    assert CaseDeadline.objects.get(case=run.case, rule="penalty.file").due_date == D(2026, 10, 23)
    assert alerts("filing_overdue", D(2026, 10, 23)) == []
    [alert] = alerts("filing_overdue", D(2026, 10, 24))
    assert alert.problem == Problem.NOT_FILED and alert.state == AlertState.OPEN
    assert alert.due_date == D(2026, 10, 23) and alert.first_seen == D(2026, 10, 24)
    assert "第五十四条" in alert.article and "2026年10月23日" in alert.message and alert.body_id == run.case.body_id
    # idempotent: the same day again, and the next day, keep the one alert
    evaluate_alerts(on=D(2026, 10, 24))
    evaluate_alerts(on=D(2026, 10, 25))
    assert Alert.objects.filter(rule="filing_overdue").count() == 1
    run.act("verify_source", "2026-10-26 09:00", findings="现场核实。", conclusion="file",
            officers=run.ids("chen", "lin"))
    run.act("file", "2026-10-26 10:00", user="head", item=run.world["item"].code, party=__import__(
        "yuezhifa.cases.tests.conftest", fromlist=["store_party"]).store_party(), violation_date="2026-09-28",
        summary=["发现超过保质期的食品。"], handlers=run.ids("chen", "lin"))
    [alert] = alerts("filing_overdue", D(2026, 10, 26))
    assert alert.state == AlertState.RESOLVED and alert.resolved_on == D(2026, 10, 26)
    assert "逾期" in alert.resolution


def test_prolonged_investigation_after_ninety_days(run):
    """久查不结: filed 2026-07-01, 90 calendar days end 2026-09-29 (处罚法 第六十条)."""
    decided(run, "2026-06-30 09:00", "2026-07-01 10:00", decide="2026-10-09 09:00")
    assert CaseDeadline.objects.get(case=run.case, rule="penalty.decide").due_date == D(2026, 9, 29)
    assert alerts("decision_overdue", D(2026, 9, 29)) == []
    # as of 9-30 the decision (10-09) was not yet made
    [alert] = alerts("decision_overdue", D(2026, 9, 30))
    assert alert.problem == Problem.PROLONGED and alert.state == AlertState.OPEN
    [alert] = alerts("decision_overdue", D(2026, 10, 9))
    assert alert.state == AlertState.RESOLVED and "2026年10月09日" in alert.resolution


def test_not_transferred_decision_in_three_days_and_transfer_in_24_hours(run):
    """有案不移: flagged 2026-09-30, the head decides by 10-03 (3 calendar days, nominal even in the holiday); the
    transfer follows within 24 hours of the approval (移送规定 第五条)."""
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.act("flag_crime", "2026-09-30 10:00", reason="货值金额巨大，涉嫌生产、销售伪劣产品罪。")
    assert alerts("transfer_decision_overdue", D(2026, 10, 3)) == []
    [alert] = alerts("transfer_decision_overdue", D(2026, 10, 4))
    assert alert.problem == Problem.NOT_TRANSFERRED
    run.act("decide_transfer", "2026-10-05 09:00", user="head", approved=True, opinion="同意移送。")
    [alert] = alerts("transfer_decision_overdue", D(2026, 10, 5))
    assert alert.state == AlertState.RESOLVED
    # approved 10-05 09:00: due 10-06 09:00; seen on 10-06 (after the hour), not on 10-05
    assert alerts("transfer_overdue", D(2026, 10, 5)) == []
    [late] = alerts("transfer_overdue", D(2026, 10, 6))
    assert late.state == AlertState.OPEN and "2026年10月06日09时00分" in late.message
    run.act("transfer", "2026-10-07 15:00", receiver="广州市公安局天河区分局", materials=["涉嫌犯罪案件移送书"])
    [late] = alerts("transfer_overdue", D(2026, 10, 7))
    assert late.state == AlertState.RESOLVED


def test_transfer_within_the_hour_but_after_it_is_recorded_late(run):
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.act("flag_crime", "2026-09-30 10:00", reason="涉嫌犯罪。")
    run.act("decide_transfer", "2026-10-02 09:00", user="head", approved=True, opinion="同意移送。")
    run.act("transfer", "2026-10-03 15:00", receiver="公安机关", materials=["涉嫌犯罪案件移送书"])
    [late] = alerts("transfer_overdue", D(2026, 10, 4))
    assert late.state == AlertState.RESOLVED and "逾期" in late.resolution  # on the record, not to be acted on


def test_penalty_outside_the_benchmark_without_a_reason(run):
    """过罚不当: a decision corrected to a fine outside the benchmark's tier with no reason; resolved when corrected
    back within it."""
    case = decided(run)
    seq = Act.objects.get(case=case, code="decide").seq
    assert alerts("outside_benchmark", D(2026, 10, 16)) == []
    assert recheck(case) == []  # the log the engine recorded passes its own rules again
    run.act("correct", "2026-10-20 09:00", user="head", target_seq=seq, reason="更正罚款金额。",
            changes={"penalties": {**PENALTIES, "fine": "95000"}})
    assert alerts("outside_benchmark", D(2026, 10, 19)) == []
    [alert] = alerts("outside_benchmark", D(2026, 10, 20))
    assert alert.problem == Problem.IMPROPER_PENALTY and alert.state == AlertState.OPEN
    assert "未记录理由" in alert.message
    # the correction also makes the decision heavier than notified: the decision's own check reports it
    [defect] = alerts("procedure_defect")
    assert "第四十五条第二款" in defect.article and "重于事先告知" in defect.message
    run.act("correct", "2026-10-21 09:00", user="head", target_seq=seq, reason="恢复原罚款金额。",
            changes={"penalties": PENALTIES})
    [alert] = alerts("outside_benchmark", D(2026, 10, 21))
    assert alert.state == AlertState.RESOLVED


def test_penalty_outside_the_benchmark_with_its_reason_is_recorded_as_explained(run):
    decided(run, penalties={**PENALTIES, "fine": "95000"}, deviation_reason="当事人多次违法，社会影响恶劣。")
    [alert] = alerts("outside_benchmark", D(2026, 10, 16))
    assert alert.state == AlertState.EXPLAINED and "社会影响恶劣" in alert.explanation


def test_idle_execution_unpaid_without_reminder(run):
    """怠于执行: served 10-20, 15 days end 11-04; no reminder by 11-05 → alert; a reminder clears it."""
    decided(run)
    serve(run, "2026-10-20 10:00", "2026-10-20")
    assert alerts("execution_no_reminder", D(2026, 11, 4)) == []
    [alert] = alerts("execution_no_reminder", D(2026, 11, 5))
    assert alert.problem == Problem.IDLE_EXECUTION
    run.act("remind", "2026-11-06 10:00", served_on="2026-11-06", amount_due="75000", manner="银行转账")
    [alert] = alerts("execution_no_reminder", D(2026, 11, 6))
    assert alert.state == AlertState.RESOLVED


def test_idle_execution_court_window_about_to_lapse(run, settings):
    """The court window (强制法 第五十三条) ends 2027-07-20; warned 30 days before: from 2027-06-20."""
    settings.YZF_SUPERVISION_COURT_WARNING_DAYS = 30
    decided(run)
    serve(run, "2026-10-20 10:00", "2026-10-20")
    assert CaseDeadline.objects.get(case=run.case, rule="compulsion.court_application").due_date == D(2027, 7, 20)
    assert alerts("court_window", D(2027, 6, 19)) == []
    [alert] = alerts("court_window", D(2027, 6, 20))
    assert "将于2027年7月20日届满" in alert.message
    # paid on the morning of the first day of the warning (the clock there, so the payment is not in the future)
    with time_machine.travel(at("2027-06-20 12:00"), tick=False):
        run.act("record_payment", "2027-06-20 09:00", amount="75000", paid_on="2027-06-20", surcharge="0")
        [alert] = alerts("court_window", D(2027, 6, 20))
    assert alert.state == AlertState.RESOLVED


def test_service_later_than_seven_working_days(run):
    """Decided 10-16: 7 working days end 10-27; the alert on 10-28; served 10-29 → resolved, lateness kept."""
    decided(run)
    assert alerts("service_overdue", D(2026, 10, 27)) == []
    [alert] = alerts("service_overdue", D(2026, 10, 28))
    assert alert.problem == Problem.PROCEDURE and alert.due_date == D(2026, 10, 27)
    serve(run, "2026-10-29 10:00", "2026-10-29")
    [alert] = alerts("service_overdue", D(2026, 10, 29))
    assert alert.state == AlertState.RESOLVED


def test_seizure_past_its_period(run):
    """查封、扣押 (强制法 第二十五条): no seizure procedure yet, so the deadline row is written as the engine would."""
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    row = CaseDeadline.objects.create(case=run.case, key="compulsion.seizure", rule="compulsion.seizure",
                                      name="查封、扣押期限", binds="agency", start=D(2026, 9, 28),
                                      due_date=D(2026, 10, 28), basis="《中华人民共和国行政强制法》第二十五条")
    assert alerts("seizure_overdue", D(2026, 10, 28)) == []
    [alert] = alerts("seizure_overdue", D(2026, 10, 29))
    assert alert.problem == Problem.SEIZURE
    CaseDeadline.objects.filter(pk=row.pk).update(open=False, met_at=at("2026-10-30 10:00"))
    [alert] = alerts("seizure_overdue", D(2026, 10, 30))
    assert alert.state == AlertState.RESOLVED


def _raw_act(case, code, when, **fields):
    """An act as an import or a paper record could leave it (the engine would refuse it)."""
    seq = Act.objects.filter(case=case).count() + 1
    moment = at(when)
    act = Act(case=case, seq=seq, code=code, name=fields.pop("name", code), performed_at=moment,
              recorded_at=fields.pop("recorded_at", moment), hash="0" * 64, **fields)
    act.save(force_insert=True)
    return act


def test_decision_without_advance_notice(run):
    """The decision's own guard (处罚法 第六十二条、第四十四条), re-run on the log before it, reports the decision."""
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.investigated("2026-09-29 09:00")
    run.act("review", "2026-09-29 15:00", user="head", outcome="penalty", opinion="同意。")
    decision = _raw_act(run.case, "decide", "2026-10-10 09:00", name="作出行政处罚决定",
                        data={"penalties": PENALTIES})
    assert alerts("procedure_defect", D(2026, 10, 9)) == []
    [alert] = alerts("procedure_defect", D(2026, 10, 10))
    assert alert.key == f"procedure_defect:{decision.seq}" and alert.problem == Problem.PROCEDURE
    assert "告知当事人" in alert.message and "第六十二条" in alert.article


def test_decision_without_required_legal_review(run):
    """The review is corrected after the decision to say the case is of major public interest (处罚法 第五十八条)."""
    case = decided(run)
    review = Act.objects.get(case=case, code="review")
    run.act("correct", "2026-10-20 09:00", user="head", target_seq=review.seq, reason="补记重大公共利益。",
            changes={"major_public_interest": True})
    assert alerts("procedure_defect", D(2026, 10, 19)) == []
    [alert] = alerts("procedure_defect", D(2026, 10, 20))
    assert alert.key == f"procedure_defect:{Act.objects.get(case=case, code='decide').seq}"
    assert alert.problem == Problem.PROCEDURE and "第五十八条" in alert.article and "法制审核" in alert.message


def test_fewer_than_two_certified_officers(run):
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    chen = run.world["officers"]["chen"]
    _raw_act(run.case, "investigate", "2026-10-12 09:00", name="调查取证（询问、检查）",
             officers=[{"id": str(chen.pk), "name": chen.name, "certificate": "44010000001"}])
    assert alerts("too_few_officers", D(2026, 10, 11)) == []
    [alert] = alerts("too_few_officers", D(2026, 10, 12))
    assert "少于两人" in alert.message


def test_back_entry_later_than_three_working_days(run):
    """An act of 2026-09-30 entered now: its entry was due within 3 working days (办法 第二十二条第二款: 10-10)."""
    run.open("2026-09-30 09:00")
    act = Act.objects.get(case=run.case, seq=1)
    assert act.back_entered and act.entry_due == D(2026, 10, 10)
    today = timezone.localdate()
    assert alerts("back_entry_late", today - datetime.timedelta(days=1)) == []
    [alert] = alerts("back_entry_late", today)
    assert alert.due_date == D(2026, 10, 10) and "补录期限2026-10-10" in alert.message


def test_command_and_explanation(run, capsys):
    run.open("2026-09-28 09:00")
    call_command("evaluate_alerts", "--on", "2026-10-24")
    assert "新增 1" in capsys.readouterr().out
    from ..alerts import alert_explain

    alert = Alert.objects.get(rule="filing_overdue")
    with pytest.raises(Exception, match="办案主体"):
        alert_explain(actor=run.world["users"]["supervisor"], alert=alert, text="监督人员不能说明。")
    alert = alert_explain(actor=run.world["users"]["head"], alert=alert, text="当事人下落不明，正在核查。")
    assert alert.state == AlertState.EXPLAINED
    evaluate_alerts(on=D(2026, 10, 25))
    alert.refresh_from_db()
    assert alert.state == AlertState.EXPLAINED  # kept, with its explanation


# --- disclosure (办法 第四十五条; 处罚法 第四十八条) ----------------------------------------------------------------


def _decide(run, procedure: str):
    """A decision made on 2026-09-30 (Wednesday, the eve of the National Day holiday): by the general procedure
    (filed 09-01, the 5 working days to ask for a hearing over on 09-08) or on the spot by the simple one."""
    if procedure == "general":
        decided(run, "2026-09-01 09:00", "2026-09-01 15:00", decide="2026-09-30 09:00")
        return
    run.open("2026-09-30 09:00", procedure="penalty.simple", source_kind="on_site")
    run.act("decide_on_spot", "2026-09-30 09:00", penalties={"fine": "200"}, item=run.world["petty"].code,
            party=store_party(), facts="销售超过保质期的食品。", violated=["食品安全法第三十四条"],
            basis=["食品安全法第一百二十四条"], officers=run.ids("chen", "lin"), certificates_shown=True,
            place="广州市天河区棠下荷光路86号")


@pytest.mark.parametrize("procedure", ["general", "simple"])
def test_decision_not_disclosed_within_seven_working_days(run, procedure):
    """逾期未公示 (办法 第四十五条; 处罚法 第四十八条第一款): decided 2026-09-30; the 7 working days, the decision day
    not counted (处罚法 第八十五条), skip 10-01..10-07 (National Day) and count the make-up Saturday 10-10:
    10-08 (1), 10-09 (2), 10-10 (3), 10-12 (4), 10-13 (5), 10-14 (6), 10-15 (7). No alert on 10-15; the alert on
    10-16; approved late on 10-19 → resolved, the lateness kept on the record and on the published result."""
    from yuezhifa.disclosure.models import PublishedResult, ResultStatus

    _decide(run, procedure)
    deadline = CaseDeadline.objects.get(case=run.case, rule="disclosure.publish")
    assert deadline.start == D(2026, 9, 30) and deadline.due_date == D(2026, 10, 15) and deadline.open
    assert alerts("disclosure_overdue", D(2026, 10, 15)) == []
    [alert] = alerts("disclosure_overdue", D(2026, 10, 16))
    assert alert.problem == Problem.PROCEDURE and alert.state == AlertState.OPEN
    assert alert.due_date == D(2026, 10, 15) and alert.first_seen == D(2026, 10, 16)
    assert alert.deadline_rule == "disclosure.publish" and "第四十五条" in alert.article
    assert "2026年10月15日" in alert.message and "尚未完成" in alert.message
    run.act("approve_disclosure", "2026-10-19 09:00", user="head", note="同意公示。")
    [alert] = alerts("disclosure_overdue", D(2026, 10, 19))
    assert alert.state == AlertState.RESOLVED and alert.resolved_on == D(2026, 10, 19)
    assert "2026年10月19日" in alert.resolution and "逾期" in alert.resolution
    # later evaluations keep the one alert, resolved, on the record
    evaluate_alerts(on=D(2026, 10, 20))
    assert list(Alert.objects.filter(rule="disclosure_overdue").values_list("state", flat=True)) == [
        AlertState.RESOLVED]
    [result] = PublishedResult.objects.filter(case=run.case)
    assert result.status == ResultStatus.PUBLISHED and result.publish_due == D(2026, 10, 15)
    assert result.published_in_time is False


@pytest.mark.parametrize("procedure", ["general", "simple"])
def test_decision_disclosed_on_the_last_day_raises_no_alert(run, procedure):
    """Decided 2026-09-30, approved on 10-15, the 7th working day (see above): never an alert."""
    from yuezhifa.disclosure.models import PublishedResult

    _decide(run, procedure)
    run.act("approve_disclosure", "2026-10-15 17:00", user="head")
    for day in (D(2026, 10, 14), D(2026, 10, 15), D(2026, 10, 16), D(2026, 11, 2)):
        assert alerts("disclosure_overdue", day) == []
    assert CaseDeadline.objects.get(case=run.case, rule="disclosure.publish").open is False
    assert PublishedResult.objects.get(case=run.case).published_in_time is True


def test_revoked_decision_not_withdrawn_from_disclosure_within_three_working_days(run):
    """逾期未撤回公示 (处罚法 第四十八条第二款): decided 2026-09-10, disclosed and served 09-11; revoked on
    administrative review on 09-30, recorded 10-08. The 3 working days run from the revocation (09-30, not counted;
    处罚法 第八十五条), over the National Day holiday 10-01..10-07: 10-08 (1), 10-09 (2), 10-10 (3, the make-up
    Saturday). No alert on 10-10; the alert on 10-11; withdrawn on 10-12 → resolved, lateness kept."""
    from yuezhifa.disclosure.models import PublishedResult, ResultStatus

    decided(run, "2026-09-01 09:00", "2026-09-01 15:00", decide="2026-09-10 09:00")
    run.act("approve_disclosure", "2026-09-11 09:00", user="head")
    serve(run, "2026-09-11 10:00", "2026-09-11")
    assert not CaseDeadline.objects.filter(case=run.case, rule="disclosure.withdraw").exists()
    run.act("record_remedy", "2026-10-08 09:00", kind="review", filed_on="2026-09-14", concluded_on="2026-09-30",
            result="revoked")
    deadline = CaseDeadline.objects.get(case=run.case, rule="disclosure.withdraw")
    assert deadline.start == D(2026, 9, 30) and deadline.due_date == D(2026, 10, 10)
    assert alerts("withdrawal_overdue", D(2026, 10, 10)) == []
    [alert] = alerts("withdrawal_overdue", D(2026, 10, 11))
    assert alert.problem == Problem.PROCEDURE and alert.state == AlertState.OPEN
    assert alert.title == "已变更或者撤销的处罚决定逾期未撤回公示"
    assert alert.article == "《中华人民共和国行政处罚法》第四十八条第二款"
    assert alert.due_date == D(2026, 10, 10) and alert.deadline_rule == "disclosure.withdraw"
    assert "2026年10月10日" in alert.message
    run.act("withdraw_disclosure", "2026-10-12 09:00", user="head", changed_on="2026-09-30",
            reason="本决定已被行政复议机关撤销。")
    [alert] = alerts("withdrawal_overdue", D(2026, 10, 12))
    assert alert.state == AlertState.RESOLVED and alert.resolved_on == D(2026, 10, 12)
    assert "逾期" in alert.resolution
    result = PublishedResult.objects.get(case=run.case)
    assert result.status == ResultStatus.WITHDRAWN and result.changed_on == D(2026, 9, 30)
    assert result.withdraw_due == D(2026, 10, 10) and result.withdrawn_in_time is False


def test_a_provisional_filing_limit_raises_no_alert_before_its_fixed_holiday_date(run):
    """有案不立 through a year not entered (LEGAL.md §1): a source registered 2026-12-21 has the provisional limit
    2027-01-12 (元旦 left out: weekends plus the fixed statutory holidays), so no alert on 2027-01-12 — not on
    01-11, which a plain Monday-to-Friday count would give — and the alert appears on 01-13."""
    with time_machine.travel(at("2026-12-21 10:00"), tick=False):
        run.open("2026-12-21 09:30")
    deadline = CaseDeadline.objects.get(case=run.case, rule="penalty.file")
    assert deadline.due_date == D(2027, 1, 12) and deadline.provisional
    with time_machine.travel(at("2027-01-12 18:00"), tick=False):
        assert alerts("filing_overdue", D(2027, 1, 12)) == []
    with time_machine.travel(at("2027-01-13 18:00"), tick=False):
        [alert] = alerts("filing_overdue", D(2027, 1, 13))
    assert alert.due_date == D(2027, 1, 12) and alert.first_seen == D(2027, 1, 13)
