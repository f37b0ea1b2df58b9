"""End-to-end runs of the penalty procedures through the case engine (LEGAL.md §2), each asserting the derived
deadlines against dates worked out by hand from the law and the State Council's 2025-2026 holiday arrangements.

Calendar facts the dates below rest on: 2026 — 9-25..27 Mid-Autumn off; 10-1..7 National Day off; 10-8, 10-9 working;
10-10 (Saturday) a make-up working day. 2025 — 10-1..8 off, 10-11 (Saturday) a make-up working day.
"""

import datetime
from decimal import Decimal

import pytest

from yuezhifa.core.errors import DomainError

from ..models import Act, CaseDocument, NumberSequence
from ..procedures.surcharge import surcharge
from .conftest import at, store_party

D = datetime.date
pytestmark = pytest.mark.django_db

PENALTIES = {"fine": "75000", "confiscate_income": "3200", "confiscate_property": "486.60"}


def notify(run, when, served_on, penalties=PENALTIES, **extra):
    run.act("notify", when, proposed=penalties, facts=["销售超过保质期的食品。"], reasons="依照裁量基准一般情形。",
            basis=["《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"], served_on=served_on,
            service_method="direct", **extra)


def serve(run, when, served_on, document="penalty_decision"):
    run.act("serve", when, method="direct", served_on=served_on, recipient="梁文斌", document=document,
            officers=run.ids("chen", "lin"))


def due(run) -> dict[str, D]:
    return {key: d.due_date for key, d in run.deadlines().items()}


def test_general_procedure_without_hearing_across_national_day(run):
    """立案 → 调查 → 审查 → 告知 → (陈述期限届满) → 决定 → 送达, with every deadline on its hand-computed day."""
    run.open("2026-09-28 09:00")
    # 立案期限 15 working days from 9-28: 9-29, 9-30, 10-8, 10-9, 10-10 (make-up Saturday), 10-12 … 10-23.
    assert due(run)["penalty.file"] == D(2026, 10, 23)
    run.act("verify_source", "2026-09-28 15:00", findings="现场核实。", conclusion="file", officers=run.ids("chen", "lin"))
    run.act("file", "2026-09-30 10:00", user="head", item=run.world["item"].code, party=store_party(),
            violation_date="2026-09-28", summary=["发现超过保质期的食品。"], handlers=run.ids("chen", "lin"))
    case = run.refresh()
    assert case.number == "穗天市监立〔2026〕1号" and case.stage == "investigation"
    deadlines = run.deadlines()
    assert not deadlines["penalty.file"].open
    # 90 calendar days from 9-30 (处罚法 第六十条), binding the agency: the nominal day.
    assert deadlines["penalty.decide"].due_date == D(2026, 12, 29)

    run.investigated("2026-10-09 09:00")
    run.act("review", "2026-10-09 10:00", user="head", outcome="penalty", opinion="同意。")
    notify(run, "2026-10-09 11:00", "2026-10-09")
    # Statement period 5 working days from 10-9: 10-10 (Saturday, working), 10-12, 10-13, 10-14, 10-15.
    assert due(run)["penalty.statement"] == D(2026, 10, 15)
    assert "penalty.hearing_request" not in due(run)  # 75,000 yuan to an organisation: no right to a hearing
    with pytest.raises(DomainError, match="第六十二条"):
        run.act("decide", "2026-10-15 17:00", user="head", penalties=PENALTIES)
    run.act("decide", "2026-10-16 09:00", user="head", penalties=PENALTIES)
    case = run.refresh()
    assert case.stage == "decided" and case.fine_amount == Decimal("75000.00")
    # Service within 7 working days of the decision (第六十一条): 10-19 … 10-27.
    assert due(run)["penalty.serve"] == D(2026, 10, 27)
    serve(run, "2026-10-20 10:00", "2026-10-20")
    dates = due(run)
    assert dates["penalty.pay"] == D(2026, 11, 4)  # 15 days from receipt (第六十七条第三款)
    assert dates["remedy.review"] == D(2026, 12, 21)  # 60 days end on Saturday 12-19: moved to Monday
    assert dates["remedy.litigation"] == D(2027, 4, 20)  # 6 months (行政诉讼法 第四十六条), 2027 not yet entered
    assert dates["compulsion.court_application"] == D(2027, 7, 20)  # 3 months after (强制法 第五十三条)
    assert "尚未录入" in run.deadlines()["remedy.litigation"].explanation
    documents = dict(CaseDocument.objects.filter(case=case).values_list("doc_type", "number"))
    assert documents["penalty_advance_notice"] == "穗天市监罚告〔2026〕1号"
    assert documents["penalty_decision"] == "穗天市监罚〔2026〕1号"
    assert run.refresh().stage == "execution"


def test_general_procedure_with_hearing(run):
    """A 150,000-yuan fine on an organisation carries the right to a hearing (第六十三条, the configurable figure is
    100,000): request within 5 working days, notice 7 working days before, chair not an investigator, then legal
    review (第五十八条第一款第（二）项) before the decision."""
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.investigated("2026-09-29 09:00", goods_value="10000")
    run.act("review", "2026-09-29 15:00", user="head", outcome="penalty", opinion="同意。")
    heavy = {**PENALTIES, "fine": "150000"}
    notify(run, "2026-09-30 09:00", "2026-09-30", penalties=heavy)
    assert Act.objects.get(case=run.case, code="notify").data["hearing_rights"] is True
    # 5 working days from 9-30: 10-8, 10-9, 10-10, 10-12, 10-13.
    assert due(run)["penalty.hearing_request"] == D(2026, 10, 13)
    with pytest.raises(DomainError, match="第六十四条"):
        run.act("request_hearing", "2026-10-14 09:00", requested_on="2026-10-14")
    run.act("request_hearing", "2026-10-12 09:00", requested_on="2026-10-12")
    assert not run.deadlines()["penalty.hearing_request"].open
    with pytest.raises(DomainError, match=r"第六十五条|听证"):
        run.act("decide", "2026-10-16 09:00", user="head", penalties=heavy)
    zhou = str(run.world["officers"]["zhou"].pk)
    chen = str(run.world["officers"]["chen"].pk)
    # Notified on 10-12, the hearing is at the earliest 7 working days later: 10-13 … 10-21.
    with pytest.raises(DomainError) as early:
        run.act("notify_hearing", "2026-10-12 10:00", hearing_at="2026-10-20T09:00:00+08:00", location="听证室",
                chair=zhou)
    assert early.value.field == "hearing_at" and "2026-10-21" in early.value.message
    with pytest.raises(DomainError) as chair:
        run.act("notify_hearing", "2026-10-12 10:00", hearing_at="2026-10-21T09:00:00+08:00", location="听证室",
                chair=chen)
    assert chair.value.field == "chair" and "第六十四条第（四）项" in chair.value.message
    run.act("notify_hearing", "2026-10-12 10:00", hearing_at="2026-10-21T09:00:00+08:00", location="听证室", chair=zhou)
    run.act("hold_hearing", "2026-10-21 11:00", record=["当事人陈述意见。"], report="建议维持拟处罚意见。")
    run.act("record_statement", "2026-10-21 11:30", content="请求从轻处罚。", review="复核后不予采纳。")
    with pytest.raises(DomainError, match="第五十八条"):
        run.act("decide", "2026-10-22 09:00", user="head", penalties=heavy)
    run.act("legal_review", "2026-10-22 10:00", user="reviewer", passed=True, opinion="程序合法，适用依据正确。")
    run.act("decide", "2026-10-22 15:00", user="head", penalties=heavy)
    assert run.refresh().stage == "decided"
    assert CaseDocument.objects.filter(case=run.case, doc_type="hearing_notice").exists()


def test_general_procedure_with_legal_review_for_major_public_interest(run):
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.investigated("2026-09-29 09:00")
    run.act("review", "2026-09-29 15:00", user="head", outcome="penalty", opinion="同意。", major_public_interest=True)
    assert run.refresh().waiting_role == ""
    notify(run, "2026-09-29 16:00", "2026-09-29")
    run.act("record_statement", "2026-09-30 09:00", waived=True)
    assert run.refresh().waiting_role == "legal_reviewer"  # the case is in the legal reviewers' queue
    with pytest.raises(DomainError, match="第五十八条"):
        run.act("decide", "2026-09-30 10:00", user="head", penalties=PENALTIES)
    with pytest.raises(Exception, match="法制审核人员"):
        run.act("legal_review", "2026-09-30 10:00", user="chen", passed=True, opinion="同意。")
    run.act("legal_review", "2026-09-30 10:00", user="reviewer", passed=False, opinion="证据不足，退回补充调查。")
    with pytest.raises(DomainError, match="第五十八条"):
        run.act("decide", "2026-09-30 11:00", user="head", penalties=PENALTIES)
    # A failed review returns the case (decision 0046): amended and resubmitted before the second review.
    run.act("collect_evidence", "2026-09-30 12:00", kind="documentary", title="进货单据", officers=run.ids("chen", "lin"))
    run.act("resubmit", "2026-09-30 13:00", amendments="补充进货单据。")
    run.act("legal_review", "2026-09-30 14:00", user="reviewer", passed=True, opinion="同意。")
    assert run.refresh().waiting_role == "head"
    run.act("decide", "2026-09-30 15:00", user="head", penalties=PENALTIES)
    assert CaseDocument.objects.filter(case=run.case, doc_type="legal_review_opinion").count() == 2


def test_no_penalty_for_a_first_violation_and_refused_without_its_grounds(run):
    """首违不罚 (第三十三条第一款): initially violated, slight harm, corrected → the head may decide no penalty; the
    same decision without those findings is refused."""
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.investigated("2026-09-29 09:00", proposal="no_penalty_minor", circumstances=["minor_violation"])
    run.act("review", "2026-09-29 15:00", user="head", outcome="no_penalty_minor", opinion="拟不予处罚。")
    with pytest.raises(DomainError, match="第五十七条"):
        run.act("decide", "2026-09-30 09:00", user="head", penalties=PENALTIES)
    with pytest.raises(DomainError, match="第三十三条"):
        run.act("decide_no_penalty", "2026-09-30 09:00", user="head", reason="情节轻微。", basis=["处罚法第三十三条"])
    # The investigation's findings are corrected (a correction is a new act, 办法 第二十条).
    report = Act.objects.get(case=run.case, code="finish_investigation")
    run.act("correct", "2026-09-30 09:30", target_seq=report.seq, reason="补充认定情节。",
            changes={"circumstances": ["first_violation", "slight_harm", "corrected"]})
    run.act("decide_no_penalty", "2026-09-30 10:00", user="head", reason="初次违法且危害后果轻微并及时改正。",
            basis=["《中华人民共和国行政处罚法》第三十三条第一款"])
    serve(run, "2026-09-30 15:00", "2026-09-30", document="no_penalty_decision")
    assert "penalty.pay" not in due(run)
    run.act("close", "2026-10-08 09:00", user="head", summary="不予处罚，已教育当事人。")
    case = run.refresh()
    assert case.stage == "closed" and case.closed_at is not None
    assert Act.objects.get(case=case, code="finish_investigation").data["circumstances"] == ["minor_violation"]


def test_transfer_to_judicial_organs(run):
    """有案不移: the head decides within 3 days (calendar days, the agency's limit keeps its nominal date even in the
    holidays) and the transfer follows within 24 hours (移送规定 第五条)."""
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.act("flag_crime", "2026-09-30 10:00", reason="货值金额巨大，涉嫌生产、销售伪劣产品罪。")
    assert due(run)["penalty.transfer_decision"] == D(2026, 10, 3)
    run.act("decide_transfer", "2026-10-02 09:00", user="head", approved=True, opinion="同意移送。")
    transfer = run.deadlines()["penalty.transfer"]
    assert transfer.due_at == at("2026-10-03 09:00") and transfer.due_date == D(2026, 10, 3)
    run.act("transfer", "2026-10-02 15:00", receiver="广州市公安局天河区分局", materials=["涉嫌犯罪案件移送书", "调查报告"])
    assert not run.deadlines()["penalty.transfer"].open
    assert run.refresh().stage == "transfer"
    run.act("close", "2026-10-09 09:00", user="head", summary="已移送公安机关。")
    assert run.refresh().stage == "closed"
    assert CaseDocument.objects.get(case=run.case, doc_type="criminal_transfer").number == "穗天市监移〔2026〕1号"


def test_late_payment_surcharge_capped_on_day_34_and_paused_during_review(run):
    """第七十二条: 3% a day from the day after the payment period, never above the fine; 第七十三条第三款: not while
    review runs."""
    fine = Decimal("75000")
    due_day = D(2026, 11, 4)
    assert surcharge(fine, due_day, D(2026, 11, 5)) == (Decimal("2250.00"), 1)
    assert surcharge(fine, due_day, due_day + datetime.timedelta(days=33)) == (Decimal("74250.00"), 33)
    assert surcharge(fine, due_day, due_day + datetime.timedelta(days=34)) == (fine, 34)  # the cap, on day 34
    pause = [(D(2026, 11, 10), D(2026, 11, 20))]  # 11 days of review out of the 23 from 11-5 to 11-27
    assert surcharge(fine, due_day, D(2026, 11, 27), pause) == (Decimal("27000.00"), 12)

    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.investigated("2026-09-29 09:00")
    run.act("review", "2026-09-29 15:00", user="head", outcome="penalty", opinion="同意。")
    notify(run, "2026-09-29 16:00", "2026-09-29")
    run.act("record_statement", "2026-09-30 09:00", waived=True)
    run.act("decide", "2026-10-16 09:00", user="head", penalties=PENALTIES)
    serve(run, "2026-10-20 10:00", "2026-10-20")
    assert due(run)["penalty.pay"] == due_day
    run.act("record_remedy", "2026-11-10 10:00", kind="review", filed_on="2026-11-10")
    from ..engine import CaseLog
    from ..procedures.surcharge import surcharge_for

    log = CaseLog(run.refresh(), list(run.case.acts.order_by("seq")))
    # 11-5 … 11-9 counted; from 11-10 the review is still running, so nothing more accrues.
    assert surcharge_for(log, D(2026, 11, 27)) == Decimal("11250.00")
    with pytest.raises(DomainError) as too_much:
        run.act("record_payment", "2026-11-27 10:00", amount="75000", surcharge="11250.01", paid_on="2026-11-27")
    assert too_much.value.field == "surcharge"
    run.act("record_payment", "2026-11-27 10:00", amount="75000", surcharge="11250", paid_on="2026-11-27")
    deadlines = run.deadlines()
    assert not deadlines["penalty.pay"].open and not deadlines["compulsion.court_application"].open


def test_court_application_after_the_remedy_periods(run):
    """强制法 第五十三条、第五十四条: remind, wait 10 working days, and apply within 3 months after the litigation
    period ends — here a 2025 case, whose litigation period ended in the 2025 National Day holidays."""
    run.filed("2025-03-03 09:00", "2025-03-03 15:00")
    run.investigated("2025-03-10 09:00")
    run.act("review", "2025-03-10 15:00", user="head", outcome="penalty", opinion="同意。")
    notify(run, "2025-03-11 09:00", "2025-03-11")
    run.act("record_statement", "2025-03-12 09:00", waived=True)
    run.act("decide", "2025-03-20 09:00", user="head", penalties=PENALTIES)
    serve(run, "2025-04-01 10:00", "2025-04-01")
    dates = due(run)
    assert dates["penalty.pay"] == D(2025, 4, 16)
    # 6 months end on 2025-10-01, in the holidays (10-1..8): the party's period runs to 10-09.
    assert dates["remedy.litigation"] == D(2025, 10, 9)
    assert dates["compulsion.court_application"] == D(2026, 1, 9)
    with pytest.raises(DomainError, match=r"第五十四条|期限尚未届满"):
        run.act("remind", "2025-04-16 10:00", served_on="2025-04-16", amount_due="75000", manner="银行缴纳")
    run.act("remind", "2025-05-06 10:00", served_on="2025-05-06", amount_due="75000", manner="银行缴纳")
    # 10 working days after 5-6: 5-7 … 5-20.
    assert due(run)["compulsion.reminder_wait"] == D(2025, 5, 20)
    with pytest.raises(DomainError, match="第五十三条"):
        run.act("apply_court", "2025-10-09 10:00", user="head", court="广州铁路运输法院", materials=["申请书"])
    sequences = NumberSequence.objects.count()
    with pytest.raises(DomainError, match="第五十三条"):
        run.act("apply_court", "2026-01-12 10:00", user="head", court="广州铁路运输法院", materials=["申请书"])
    assert NumberSequence.objects.count() == sequences
    run.act("apply_court", "2025-10-10 10:00", user="head", court="广州铁路运输法院",
            materials=["强制执行申请书", "行政处罚决定书及送达回证", "催告书及送达回证"])
    assert not run.deadlines()["compulsion.court_application"].open
    run.act("close", "2025-12-01 09:00", user="head", summary="已申请人民法院强制执行。")
    assert run.refresh().stage == "closed"


def test_simple_procedure_on_the_spot(run):
    """第五十一条、第五十二条、第六十八条、第七十一条: a 50-yuan fine on a citizen, collected on the spot, handed to the
    agency within 2 working days (9-30 → 10-8, 10-9 across the holidays), reported, closed."""
    person = {"kind": "person", "name": "何俊峰", "address": "广州市天河区建设三路118号"}
    run.open("2026-09-30 10:00", procedure="penalty.simple", source_kind="on_site")
    on_spot = {"item": run.world["petty"].code, "party": person, "facts": "在店内销售过期食品。",
               "violated": ["食品安全法第三十四条"], "basis": ["食品安全法第一百二十四条"],
               "officers": run.ids("chen", "lin"), "certificates_shown": True, "place": "广州市天河区汇景广场三楼"}
    with pytest.raises(DomainError) as above:
        run.act("decide_on_spot", "2026-09-30 10:20", penalties={"fine": "200.01"}, **on_spot)
    assert "第五十一条" in above.value.message and above.value.field == "penalties"
    with pytest.raises(DomainError, match="第五十一条"):
        run.act("decide_on_spot", "2026-09-30 10:20", penalties={"fine": "50", "suspend_licence": True}, **on_spot)
    with pytest.raises(DomainError) as nowhere:
        run.act("decide_on_spot", "2026-09-30 10:20", penalties={"fine": "50"}, **{**on_spot, "place": ""})
    assert nowhere.value.field == "place" and "第五十二条" in nowhere.value.message
    run.act("decide_on_spot", "2026-09-30 10:20", penalties={"fine": "50"}, **on_spot)
    case = run.refresh()
    assert case.number == "穗天市监立〔2026〕1号"
    assert CaseDocument.objects.get(case=case, doc_type="on_the_spot_decision").number == "穗天市监当罚〔2026〕1号"
    run.act("collect_on_spot", "2026-09-30 10:25", amount="50", ground="small", receipt="粤财罚0012345")
    assert due(run)["penalty.cash_handover"] == D(2026, 10, 9)
    with pytest.raises(DomainError, match="备案"):
        run.act("close", "2026-10-09 09:00", summary="已缴。")
    run.act("hand_over_cash", "2026-10-08 09:00", amount="50", received_by="财务科")
    run.act("report_record", "2026-10-08 09:30", note="已报备案。")
    run.act("close", "2026-10-09 09:00", summary="当场收缴，已备案。")
    assert run.refresh().stage == "closed"


def test_simple_procedure_limit_for_an_organisation_is_3000(run):
    run.open("2026-09-30 10:00", procedure="penalty.simple", source_kind="on_site")
    on_spot = {"item": run.world["petty"].code, "party": store_party(), "facts": "销售过期食品。",
               "violated": ["食品安全法第三十四条"], "basis": ["食品安全法第一百二十四条"],
               "officers": run.ids("chen", "lin"), "certificates_shown": True, "place": "广州市天河区棠下"}
    with pytest.raises(DomainError, match=r"不得超过 3,000\.00 元"):
        run.act("decide_on_spot", "2026-09-30 10:20", penalties={"fine": "3000.01"}, **on_spot)
    run.act("decide_on_spot", "2026-09-30 10:20", penalties={"fine": "3000"}, **on_spot)
    with pytest.raises(DomainError, match="一百元"):
        run.act("collect_on_spot", "2026-09-30 10:25", amount="3000", ground="small", receipt="粤财罚0012346")
