"""Remedies, the court application and decision changes after service (docs/decisions/0028), each with dates worked
out by hand.

Calendar facts: 2025 — 10-1..8 off, 10-11 (Saturday) a make-up working day; 2026 — 1-1..3 off (New Year), 1-4
(Sunday) a make-up working day. Periods are counted from the day after the day they begin (民法典 第二百零一条).
"""

import datetime
from decimal import Decimal

import pytest

from yuezhifa.core.errors import DomainError

from ..engine import CaseLog
from ..procedures.surcharge import surcharge_for
from .conftest import store_party
from .test_penalty_procedures import PENALTIES, due, notify, serve

D = datetime.date
pytestmark = pytest.mark.django_db
CONFISCATION = {"confiscate_income": "3200", "confiscate_property": "486.60"}


def decided_2026(run, penalties=PENALTIES):
    """Decided 2026-10-16, served 10-20: payment due 11-04, review period to 12-21, litigation to 2027-04-20."""
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.investigated("2026-09-29 09:00")
    run.act("review", "2026-09-29 15:00", user="head", outcome="penalty", opinion="同意。")
    notify(run, "2026-09-29 16:00", "2026-09-29", penalties=penalties)
    run.act("record_statement", "2026-09-30 09:00", waived=True)
    run.act("decide", "2026-10-16 09:00", user="head", penalties=penalties)
    serve(run, "2026-10-20 10:00", "2026-10-20")


def decided_2025(run, penalties=PENALTIES, item="", **decision):
    """Served 2025-04-01: litigation period to 2025-10-09 (the 6 months end in the holidays), court window to
    2026-01-09 (强制法 第五十三条)."""
    if item:  # an item without a benchmark (the fixture's 第二百条), for a decision without a fine
        run.open("2025-03-03 09:00")
        run.act("verify_source", "2025-03-03 09:00", findings="现场核实。", conclusion="file",
                officers=run.ids("chen", "lin"))
        run.act("file", "2025-03-03 15:00", user="head", item=run.world[item].code, party=store_party(),
                violation_date="2025-03-03", summary=["发现非法财物。"], handlers=run.ids("chen", "lin"))
    else:
        run.filed("2025-03-03 09:00", "2025-03-03 15:00")
    run.investigated("2025-03-10 09:00")
    run.act("review", "2025-03-10 15:00", user="head", outcome="penalty", opinion="同意。")
    notify(run, "2025-03-11 09:00", "2025-03-11", penalties=penalties)
    run.act("record_statement", "2025-03-12 09:00", waived=True)
    run.act("decide", "2025-03-20 09:00", user="head", penalties=penalties, **decision)
    serve(run, "2025-04-01 10:00", "2025-04-01")


def log_of(run) -> CaseLog:
    return CaseLog(run.refresh(), list(run.case.acts.order_by("seq")))


def seq_of(run, code) -> int:
    return run.case.acts.filter(code=code).order_by("-seq").values_list("seq", flat=True)[0]


def test_review_upheld_surcharge_resumes_the_day_after_conclusion_73(run):
    """处罚法 第七十三条第三款: no surcharge while the review runs, the filing day and the conclusion day included;
    accrual resumes the day after the conclusion. Payment due 11-04; review applied for 11-10, upheld 11-20.
    Counted: 11-05 … 11-09 (5 days) and 11-21 … 11-27 (7 days) = 12 days × 3% × 75,000 = 27,000."""
    decided_2026(run)
    run.act("record_remedy", "2026-11-10 10:00", kind="review", filed_on="2026-11-10")
    remedy = seq_of(run, "record_remedy")
    with pytest.raises(DomainError) as early:
        run.act("conclude_remedy", "2026-11-23 10:00", remedy_seq=remedy, concluded_on="2026-11-09", result="upheld")
    assert early.value.field == "remedy_seq"
    run.act("conclude_remedy", "2026-11-23 10:00", remedy_seq=remedy, concluded_on="2026-11-20", result="upheld",
            document_number="穗天府复〔2026〕88号")
    log = log_of(run)
    assert log.remedy_pauses() == [(D(2026, 11, 10), D(2026, 11, 20))]
    assert surcharge_for(log, D(2026, 11, 20)) == Decimal("11250.00")  # 5 days
    assert surcharge_for(log, D(2026, 11, 21)) == Decimal("13500.00")  # 6 days: resumed on 11-21
    assert surcharge_for(log, D(2026, 11, 27)) == Decimal("27000.00")  # 12 days
    with pytest.raises(DomainError, match="第七十三条"):  # nothing left to conclude
        run.act("conclude_remedy", "2026-11-24 10:00", remedy_seq=remedy, concluded_on="2026-11-20", result="upheld")


def test_court_window_moved_by_a_later_conclusion_of_the_lawsuit_qz53(run):
    """强制法 第五十三条: the window runs from the end of the litigation period (2025-10-09), or from the lawsuit's
    conclusion when later: concluded 2025-12-15, 3 months → 2026-03-15 (binding the agency: the nominal day)."""
    decided_2025(run)
    run.act("record_remedy", "2025-05-06 10:00", kind="litigation", filed_on="2025-05-06")
    run.act("remind", "2025-05-06 11:00", served_on="2025-05-06", amount_due="75000", manner="银行缴纳")
    with pytest.raises(DomainError, match="尚未审结"):
        run.act("apply_court", "2025-10-10 10:00", user="head", court="广州铁路运输法院", materials=["申请书"])
    run.act("conclude_remedy", "2025-12-16 10:00", remedy_seq=seq_of(run, "record_remedy"),
            concluded_on="2025-12-15", result="dismissed")
    state = run.deadlines()["compulsion.court_application"]
    assert state.due_date == D(2026, 3, 15) and "重新计算" in state.explanation
    # after the old window's end (2026-01-09), within the new one
    run.act("apply_court", "2026-02-10 10:00", user="head", court="广州铁路运输法院",
            materials=["强制执行申请书", "行政处罚决定书及送达回证", "催告书及送达回证", "行政判决书"])
    assert not run.deadlines()["compulsion.court_application"].open


def test_deferral_moves_the_court_window_cf72(run):
    """处罚法 第七十二条第二款; 强制法 第五十三条: payment deferred to 2025-12-31 (approved after service), the window
    runs from then: 3 months → 2026-03-31."""
    decided_2025(run)
    assert due(run)["compulsion.court_application"] == D(2026, 1, 9)
    run.act("approve_deferral", "2025-04-10 10:00", user="head", kind="defer", until="2025-12-31",
            reason="当事人经营困难，申请延期缴纳。", applied_on="2025-04-08")
    assert due(run)["compulsion.court_application"] == D(2026, 3, 31)
    run.act("remind", "2026-01-05 10:00", served_on="2026-01-05", amount_due="75000", manner="银行缴纳")
    # 10 working days after 1-05: 1-06 … 1-09 (4), 1-12 … 1-16 (9), 1-19 (10)
    assert due(run)["compulsion.reminder_wait"] == D(2026, 1, 19)
    run.act("apply_court", "2026-01-20 10:00", user="head", court="广州铁路运输法院",
            materials=["强制执行申请书", "行政处罚决定书及送达回证", "延期缴纳罚款决定书", "催告书及送达回证"])


def test_court_application_for_confiscation_of_property_qz53(run):
    """强制法 第五十三条、第五十四条: 没收非法财物 is an obligation the party must perform, not only a fine: the
    reminder follows the decision's 履行期限 (2025-04-15) and the court window runs as for a fine (to 2026-01-09)."""
    decided_2025(run, penalties=CONFISCATION, item="petty", perform_by="2025-04-15")
    deadlines = run.deadlines()
    assert "penalty.pay" not in deadlines  # no fine
    assert deadlines["compulsion.court_application"].due_date == D(2026, 1, 9)
    with pytest.raises(DomainError, match="第五十四条"):  # the 履行期限 has not passed
        run.act("remind", "2025-04-15 10:00", served_on="2025-04-15", amount_due="0", manner="交出非法财物")
    run.act("remind", "2025-04-16 10:00", served_on="2025-04-16", amount_due="0", manner="交出非法财物")
    run.act("apply_court", "2025-10-10 10:00", user="head", court="广州铁路运输法院",
            materials=["强制执行申请书", "行政处罚决定书及送达回证", "催告书及送达回证"])
    assert not run.deadlines()["compulsion.court_application"].open


def test_revoked_on_review_ends_the_obligation_73(run):
    """处罚法 第七十三条: the decision revoked on review binds the party no more: no payment period, no reminder."""
    decided_2026(run)
    run.act("record_remedy", "2026-11-02 10:00", kind="review", filed_on="2026-11-02")
    run.act("conclude_remedy", "2026-11-27 10:00", remedy_seq=seq_of(run, "record_remedy"),
            concluded_on="2026-11-26", result="revoked")
    deadlines = run.deadlines()
    assert not deadlines["penalty.pay"].open and not deadlines["compulsion.court_application"].open
    with pytest.raises(DomainError, match="撤销"):
        run.act("remind", "2026-11-30 10:00", served_on="2026-11-30", amount_due="75000", manner="银行缴纳")


def test_changed_decision_served_and_published_in_place_of_the_old_cf61(run):
    """处罚法 第六十一条、第四十八条第二款; 办法 第四十五条: changed on review, the head's changed decision is a new
    decision document, served (payment due 15 days after 11-24: 12-09) and published in place of the old one."""
    from yuezhifa.disclosure.models import PublishedResult, ResultStatus

    from ..models import CaseDocument

    decided_2026(run)
    run.act("approve_disclosure", "2026-10-21 10:00", user="head")
    run.act("record_remedy", "2026-10-30 10:00", kind="review", filed_on="2026-10-30")
    run.act("conclude_remedy", "2026-11-20 10:00", remedy_seq=seq_of(run, "record_remedy"),
            concluded_on="2026-11-20", result="changed")
    remedy = seq_of(run, "conclude_remedy")
    run.act("change_decision", "2026-11-23 10:00", user="head", ground="remedy", remedy_seq=remedy,
            reason="行政复议决定变更罚款数额", penalties={"fine": "50000", "confiscate_income": "3200",
                                                             "confiscate_property": "486.60"})
    log = log_of(run)
    assert log.fine == Decimal("50000") and log.decision.code == "change_decision"
    numbers = list(CaseDocument.objects.filter(case=run.case, doc_type="penalty_decision")
                   .order_by("created_at").values_list("number", flat=True))
    assert numbers == ["穗天市监罚〔2026〕1号", "穗天市监罚〔2026〕2号"]
    with pytest.raises(DomainError, match="送达"):  # the changed decision is to be served first
        run.act("approve_deferral", "2026-11-23 11:00", user="head", kind="defer", until="2027-01-31",
                reason="经营困难。")
    serve(run, "2026-11-24 10:00", "2026-11-24")
    assert log_of(run).deadline("penalty.pay").due == D(2026, 12, 9)
    run.act("approve_disclosure", "2026-11-25 10:00", user="head")
    results = {r.document_number: r for r in PublishedResult.objects.filter(case=run.case)}
    assert results["穗天市监罚〔2026〕1号"].status == ResultStatus.WITHDRAWN
    assert "穗天市监罚〔2026〕2号" in results["穗天市监罚〔2026〕1号"].withdrawn_reason
    assert results["穗天市监罚〔2026〕2号"].status == ResultStatus.PUBLISHED
    assert results["穗天市监罚〔2026〕2号"].fine_amount == Decimal("50000")
    assert not any(d.open for d in run.case.deadlines.filter(rule__startswith="disclosure."))
    # the case page links the old decision to the changed one (docs/decisions/0028)
    from django.test import Client

    client = Client()
    client.force_login(run.world["users"]["head"])
    page = client.get(f"/cases/{run.case.pk}/").content.decode()
    chain = page[page.index('id="decision-chain"'):]
    assert chain.index("穗天市监罚〔2026〕1号") < chain.index("变更为") < chain.index("穗天市监罚〔2026〕2号")


def test_a_changed_decision_is_never_heavier_than_the_one_it_replaces_fuyi63_susong77(run):
    """行政复议法 第六十三条第二款, 行政诉讼法 第七十七条第二款: no change to the applicant's detriment; an agency that
    finds a heavier penalty due notifies the party anew first (处罚法 第四十四条)."""
    decided_2026(run)
    run.act("record_remedy", "2026-10-30 10:00", kind="review", filed_on="2026-10-30")
    run.act("conclude_remedy", "2026-11-20 10:00", remedy_seq=seq_of(run, "record_remedy"),
            concluded_on="2026-11-20", result="changed")
    remedy = seq_of(run, "conclude_remedy")
    with pytest.raises(DomainError, match=r"重于原决定：罚款 90,000\.00 元高于原决定的 75,000\.00 元"):
        run.act("change_decision", "2026-11-23 10:00", user="head", ground="remedy", remedy_seq=remedy,
                reason="行政复议决定变更", penalties={**PENALTIES, "fine": "90000"})
    with pytest.raises(DomainError, match="增加了原决定中没有的“暂扣许可证件"):
        run.act("change_decision", "2026-11-23 10:00", user="head", ground="self_correction",
                reason="自行纠正", penalties={**PENALTIES, "fine": "50000", "suspend_licence": True})
    run.act("change_decision", "2026-11-23 10:00", user="head", ground="remedy", remedy_seq=remedy,
            reason="行政复议决定变更罚款数额", penalties={**PENALTIES, "fine": "50000"})
    assert log_of(run).fine == Decimal("50000")
