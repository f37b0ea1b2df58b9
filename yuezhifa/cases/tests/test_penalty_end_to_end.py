"""Two general-procedure cases from the advance notice to compulsion, each step checked against the law with dates
and amounts worked out by hand (docs/decisions/0024-0028).

Calendar facts used (2025, as entered): 清明 4-04..4-06; 劳动节 5-01..5-05 (4-27 a make-up working Sunday);
端午 5-31..6-02; 国庆、中秋 10-01..10-08 (9-28 Sunday and 10-11 Saturday make-up working days).
"""

import datetime
from decimal import Decimal

import pytest

from yuezhifa.core.errors import DomainError
from yuezhifa.discretion.tests import factories as lf

from ..engine import CaseLog
from ..procedures.surcharge import surcharge_for
from .test_penalty_procedures import PENALTIES, notify, serve

D = datetime.date
pytestmark = pytest.mark.django_db


def log_of(run) -> CaseLog:
    return CaseLog(run.refresh(), list(run.case.acts.order_by("seq")))


def seq_of(run, code) -> int:
    return run.case.acts.filter(code=code).order_by("-seq").values_list("seq", flat=True).first()


def reviewed(run):
    run.filed("2025-03-03 09:00", "2025-03-03 15:00")
    run.investigated("2025-03-04 09:00")
    run.act("review", "2025-03-04 15:00", user="head", outcome="penalty", opinion="同意给予行政处罚。")


def test_from_a_renewed_notice_through_a_missed_instalment_to_agency_enforcement(run):
    reviewed(run)
    # 处罚法 第四十四条: a notice cannot be served before the case was filed (3-03).
    with pytest.raises(DomainError) as backdated:
        notify(run, "2025-03-05 10:00", "2025-03-02")
    assert backdated.value.field == "served_on" and "早于立案之日2025-03-03" in backdated.value.message
    notify(run, "2025-03-05 10:00", "2025-03-05")  # 75,000; statement period 5 working days: 3-06 … 3-12
    run.act("record_statement", "2025-03-06 09:00", waived=True)

    # What the party received cannot be rewritten (第四十四条、第六十一条) …
    with pytest.raises(DomainError) as rewritten:
        run.act("correct", "2025-03-06 10:00", target_seq=seq_of(run, "notify"),
                changes={"proposed": {**PENALTIES, "fine": "80000"}}, reason="拟罚款数额有误")
    assert "已经送达当事人" in rewritten.value.message and "重新记录“行政处罚事先告知”" in rewritten.value.message
    # … and a decision heavier than the notice is refused (第四十五条第二款).
    with pytest.raises(DomainError, match=r"罚款 80,000\.00 元高于告知的 75,000\.00 元"):
        run.act("decide", "2025-03-13 09:00", user="head", penalties={**PENALTIES, "fine": "80000"})

    # A new notice (重新告知) with fresh periods: served 3-07, 5 working days are 3-10 … 3-14.
    notify(run, "2025-03-07 10:00", "2025-03-07", penalties={**PENALTIES, "fine": "80000"})
    assert run.deadlines()["penalty.statement#" + str(seq_of(run, "notify"))].due_date == D(2025, 3, 14)
    # The waiver of 3-06 answered the old notice, not this one: on 3-14 the new period still runs.
    with pytest.raises(DomainError, match="第六十二条"):
        run.act("decide", "2025-03-14 16:00", user="head", penalties={**PENALTIES, "fine": "80000"})
    run.act("decide", "2025-03-17 09:00", user="head", penalties={**PENALTIES, "fine": "80000"})

    # 第六十一条: the decision (3-17) cannot have been served on 3-14.
    with pytest.raises(DomainError) as early:
        serve(run, "2025-03-18 10:00", "2025-03-14")
    assert early.value.field == "served_on" and "早于行政处罚决定书作出之日2025-03-17" in early.value.message
    serve(run, "2025-03-18 10:00", "2025-03-18")
    assert run.deadlines()["penalty.pay"].due_date == D(2025, 4, 2)  # 15 days: 3-19 … 4-02

    # 第六十六条第二款: two instalments of 40,000, on 4-30 and 5-30; the first paid on its day, the second missed.
    run.act("approve_deferral", "2025-03-20 10:00", user="head", kind="instalments", until="2025-05-30",
            instalments=[{"due_on": "2025-04-30", "amount": "40000"}, {"due_on": "2025-05-30", "amount": "40000"}],
            reason="受门店装修停业影响，流动资金紧张", applied_on="2025-03-19")
    run.act("record_payment", "2025-04-30 10:00", amount="40000", paid_on="2025-04-30")
    assert run.deadlines()["penalty.pay"].due_date == D(2025, 5, 30)
    log = log_of(run)
    # 第七十二条第一款第（一）项: 3% of the 40,000 then owed is 1,200 a day from 5-31; 5-31, 6-01, 6-02 are 3 days.
    assert surcharge_for(log, D(2025, 5, 30)) == Decimal("0.00")
    assert surcharge_for(log, D(2025, 6, 2)) == Decimal("3600.00")

    # 强制法 第三十五条: the reminder sets its own deadline, 6-17; statement period 3 working days: 6-04 … 6-06.
    run.act("remind", "2025-06-03 10:00", served_on="2025-06-03", deadline="2025-06-17", amount_due="40000",
            manner="到指定银行缴纳")
    lf.article(lf.law("中华人民共和国税收征收管理法"), 40, "第四十条 ……书面通知其开户银行或者其他金融机构从其存款中扣缴……")
    power = {"measure": "划拨存款", "power_law": "税收征收管理法", "power_article": 40}
    with pytest.raises(DomainError, match="第三十五条"):  # 6-16: the reminder's deadline has not passed
        run.act("enforce", "2025-06-16 10:00", user="head", served_on="2025-06-16", **power)
    # 强制法 第四十六条: 5-31 … 6-27 are 28 days of surcharge, not more than 30.
    with pytest.raises(DomainError, match="第四十六条"):
        run.act("enforce", "2025-06-27 10:00", user="head", served_on="2025-06-27", **power)
    # 6-30: 31 days (37,200, under the 40,000 cap); the statement period ended 6-06; the decision is served that day.
    run.act("enforce", "2025-06-30 10:00", user="head", served_on="2025-06-30", **power)
    assert surcharge_for(log_of(run), D(2025, 6, 30)) == Decimal("37200.00")
    assert not run.deadlines()["compulsion.court_application"].open


def test_a_partly_paid_fine_through_a_review_upheld_to_the_court(run):
    reviewed(run)
    notify(run, "2025-03-05 10:00", "2025-03-05")
    run.act("record_statement", "2025-03-06 09:00", waived=True)
    run.act("decide", "2025-03-17 09:00", user="head", penalties=PENALTIES)
    serve(run, "2025-03-18 10:00", "2025-03-18")  # payment due 4-02; litigation period 6 months: to 9-18

    # 第七十二条第一款第（一）项: 70,000 of 75,000 paid on time; 3% of the 5,000 owed is 150 a day from 4-03.
    run.act("record_payment", "2025-04-02 10:00", amount="70000", paid_on="2025-04-02")
    # 第七十三条: a review filed on 4-10 cannot have been filed before service, nor be dated after its recording.
    with pytest.raises(DomainError) as before_service:
        run.act("record_remedy", "2025-04-10 10:00", kind="review", filed_on="2025-03-17")
    assert before_service.value.field == "filed_on"
    run.act("record_remedy", "2025-04-10 10:00", kind="review", filed_on="2025-04-10")
    # The review pauses the surcharge from its filing day: 4-03 … 4-09 are 7 days = 1,050.
    assert surcharge_for(log_of(run), D(2025, 5, 20)) == Decimal("1050.00")
    run.act("conclude_remedy", "2025-05-20 10:00", remedy_seq=seq_of(run, "record_remedy"),
            concluded_on="2025-05-20", result="upheld", document_number="穗天府复〔2025〕12号")
    # The conclusion day is inside the pause; accrual resumes the next day, 5-21: 8 days = 1,200.
    log = log_of(run)
    assert surcharge_for(log, D(2025, 5, 20)) == Decimal("1050.00")
    assert surcharge_for(log, D(2025, 5, 21)) == Decimal("1200.00")

    # 强制法 第五十三条: the window runs from the end of the remedy periods (litigation: 9-18), later than the
    # conclusion (5-20): three months, to 12-18.
    assert run.deadlines()["compulsion.court_application"].due_date == D(2025, 12, 18)
    run.act("remind", "2025-09-22 10:00", served_on="2025-09-22", amount_due="5000", manner="到指定银行缴纳")
    # 第五十四条: ten working days after the reminder's service: 9-23 … 9-26 (4), 9-28 (a make-up Sunday, 5),
    # 9-29, 9-30 (7), 10-09, 10-10 (9), 10-11 (a make-up Saturday, 10).
    with pytest.raises(DomainError, match="第五十四条"):
        run.act("apply_court", "2025-10-11 10:00", user="head", court="广州铁路运输法院", materials=["决定书"])
    run.act("apply_court", "2025-10-13 10:00", user="head", court="广州铁路运输法院", materials=["决定书", "催告书"])
    assert not run.deadlines()["compulsion.court_application"].open
