"""Execution of a fine as the law has it (docs/decisions/0025): instalments (处罚法 第六十六条第二款), the surcharge on
what is due and unpaid, capped at it (第七十二条第一款第（一）项; 强制法 第四十五条第二款), a deferral, and enforcement
by an empowered agency (强制法 第三十五条至第三十七条、第四十六条), with dates and amounts worked out by hand.

Calendar facts: 2026 Spring Festival 2-15..2-23 off, 2-14 and 2-28 (Saturdays) make-up working days.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from yuezhifa.core.errors import DomainError
from yuezhifa.discretion.tests import factories as lf

from ..engine import CaseLog
from ..procedures.execution import statement_period_end
from ..procedures.surcharge import accrual_for, surcharge_for
from .test_penalty_procedures import PENALTIES, notify, serve

D = datetime.date
pytestmark = pytest.mark.django_db


def decided_and_served(run, served="2026-10-20"):
    """A 75,000-yuan fine served on ``served``; with 10-20 the 15 days (处罚法 第六十七条第三款) end on 11-04."""
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    run.investigated("2026-09-29 09:00")
    run.act("review", "2026-09-29 15:00", user="head", outcome="penalty", opinion="同意。")
    notify(run, "2026-09-29 16:00", "2026-09-29")
    run.act("record_statement", "2026-09-30 09:00", waived=True)
    run.act("decide", "2026-10-16 09:00", user="head", penalties=PENALTIES)
    serve(run, f"{served} 10:00", served)


def log_of(run) -> CaseLog:
    return CaseLog(run.refresh(), list(run.case.acts.order_by("seq")))


def test_instalments_one_missed_accrues_on_the_missed_amount_66_2_and_72(run):
    """处罚法 第六十六条第二款: the plan adds up to the fine and its dates follow the approval; the deadline shown is the
    next instalment's. 第七十二条第一款第（一）项: a missed instalment accrues 3% a day of what is then due and unpaid."""
    decided_and_served(run)
    with pytest.raises(DomainError) as short:
        run.act("approve_deferral", "2026-10-22 10:00", user="head", kind="instalments", until="2026-11-25",
                instalments=[{"due_on": "2026-11-10", "amount": "40000"}, {"due_on": "2026-11-25", "amount": "30000"}],
                reason="资金紧张", applied_on="2026-10-21")
    assert short.value.field == "instalments" and "第六十六条第二款" in short.value.message
    assert "70000" in short.value.message and "75000" in short.value.message
    run.act("approve_deferral", "2026-10-22 10:00", user="head", kind="instalments", until="2026-11-25",
            instalments=[{"due_on": "2026-11-10", "amount": "40000"}, {"due_on": "2026-11-25", "amount": "35000"}],
            reason="受门店装修停业影响，流动资金紧张", applied_on="2026-10-21")
    assert run.deadlines()["penalty.pay"].due_date == D(2026, 11, 10)  # the first instalment
    log = log_of(run)
    assert surcharge_for(log, D(2026, 11, 10)) == Decimal("0.00")  # 11-04 no longer counts: the plan replaced it
    # The first instalment missed: from 11-11, 3% of 40,000 = 1,200 a day; 11-11 and 11-12 are 2 days.
    assert surcharge_for(log, D(2026, 11, 12)) == Decimal("2400.00")
    # Paid on 11-16: 11-11 … 11-16 are 6 days = 7,200 (the payment day is counted).
    with pytest.raises(DomainError) as too_much:
        run.act("record_payment", "2026-11-16 10:00", amount="40000", surcharge="7200.01", paid_on="2026-11-16")
    assert too_much.value.field == "surcharge"
    run.act("record_payment", "2026-11-16 10:00", amount="40000", surcharge="7200", paid_on="2026-11-16")
    pay = run.deadlines()["penalty.pay"]
    assert pay.open and pay.due_date == D(2026, 11, 25)  # the next (last) instalment: the end of the deferral
    log = log_of(run)
    # Nothing more accrues: the second instalment is not yet due, and the first is paid.
    assert surcharge_for(log, D(2026, 11, 25)) == Decimal("7200.00")
    assert accrual_for(log, D(2026, 11, 25)).days == 6


def test_partly_paid_fine_accrues_on_the_unpaid_part_capped_at_it_72_1_1(run, client):
    """处罚法 第七十二条第一款第（一）项、强制法 第四十五条第二款: 70,000 of 75,000 paid on time; 3% of the 5,000 still
    owed is 150 a day, and the surcharge stops at 5,000 (on day 34: 33 days give 4,950)."""
    decided_and_served(run)
    assert run.deadlines()["penalty.pay"].due_date == D(2026, 11, 4)
    run.act("record_payment", "2026-11-04 10:00", amount="70000", paid_on="2026-11-04")
    log = log_of(run)
    assert surcharge_for(log, D(2026, 11, 4)) == Decimal("0.00")
    assert surcharge_for(log, D(2026, 11, 5)) == Decimal("150.00")  # day 1
    assert surcharge_for(log, D(2026, 12, 7)) == Decimal("4950.00")  # 11-05 … 12-07: 26 + 7 = 33 days
    assert surcharge_for(log, D(2026, 12, 8)) == Decimal("5000.00")  # day 34: the cap, the amount unpaid
    assert surcharge_for(log, D(2026, 12, 31)) == Decimal("5000.00")
    # The case page shows it as of today (at the suite's default clock, 2026-12-01: 11-05 … 12-01 are 27 days =
    # 4,050; on a later clock the 5,000 cap).
    today = timezone.localdate()
    days = (today - D(2026, 11, 4)).days
    client.force_login(run.world["users"]["chen"])
    page = client.get(f"/cases/{run.case.pk}/").content.decode()
    assert f"截至今日累计 {min(Decimal('5000'), 150 * days):,}.00 元（自 2026-11-05 起计 {days} 日" in page  # 4,050.00 元
    assert "现未缴纳 5,000.00 元" in page
    # The rest paid on 11-14: 11-05 … 11-14 are 10 days = 1,500.
    with pytest.raises(DomainError) as too_much:
        run.act("record_payment", "2026-11-14 10:00", amount="5000", surcharge="1500.01", paid_on="2026-11-14")
    assert too_much.value.field == "surcharge" and "1500.00" in too_much.value.message
    run.act("record_payment", "2026-11-14 10:00", amount="5000", surcharge="1500", paid_on="2026-11-14")
    assert not run.deadlines()["penalty.pay"].open


def test_deferral_surcharge_only_after_the_deferred_date_on_what_is_left_66_2(run):
    """处罚法 第六十六条第二款: 30,000 paid, the other 45,000 deferred to 11-20; nothing accrues up to 11-20, then 3% of
    45,000 = 1,350 a day (第七十二条第一款第（一）项)."""
    decided_and_served(run)
    run.act("record_payment", "2026-10-30 10:00", amount="30000", paid_on="2026-10-30")
    run.act("approve_deferral", "2026-10-30 11:00", user="head", kind="defer", until="2026-11-20",
            reason="流动资金紧张", applied_on="2026-10-29")
    assert run.deadlines()["penalty.pay"].due_date == D(2026, 11, 20)
    log = log_of(run)
    assert surcharge_for(log, D(2026, 11, 20)) == Decimal("0.00")  # 11-05 … 11-20 fall inside the deferral
    assert surcharge_for(log, D(2026, 11, 21)) == Decimal("1350.00")
    assert surcharge_for(log, D(2026, 11, 23)) == Decimal("4050.00")  # 11-21, 11-22, 11-23: 3 days


def test_enforcement_waits_for_the_reminder_deadline_30_days_of_surcharge_and_the_statement_35_to_37_46(run):
    """强制法 第三十五条第（一）项、第三十七条第一款: not before the reminder's deadline; 第四十六条: for a fine, not before
    the surcharge has run more than 30 days; 第三十六条: not before the party is heard (or waives, or the period ends);
    第三十七条第二款、第三十八条: a written decision, served; 第十三条: the power granted by a law in the library."""
    lf.article(lf.law("中华人民共和国税收征收管理法"), 40, "第四十条 ……书面通知其开户银行或者其他金融机构从其存款中扣缴……")
    run.filed("2026-01-05 09:00", "2026-01-05 15:00")
    run.investigated("2026-01-12 09:00")
    run.act("review", "2026-01-12 15:00", user="head", outcome="penalty", opinion="同意。")
    notify(run, "2026-01-13 09:00", "2026-01-13")
    run.act("record_statement", "2026-01-14 09:00", waived=True)
    run.act("decide", "2026-01-20 09:00", user="head", penalties=PENALTIES)
    serve(run, "2026-01-21 10:00", "2026-01-21")
    # 15 days from 1-21: 2-05; the surcharge runs from 2-06.
    assert run.deadlines()["penalty.pay"].due_date == D(2026, 2, 5)
    with pytest.raises(DomainError) as early:
        run.act("remind", "2026-02-10 10:00", served_on="2026-02-10", deadline="2026-02-10", amount_due="75000",
                manner="到指定银行缴纳")
    assert early.value.field == "deadline" and "第三十五条第（一）项" in early.value.message
    run.act("remind", "2026-02-10 10:00", served_on="2026-02-10", deadline="2026-02-27", amount_due="75000",
            manner="到指定银行缴纳", statement_days=20)
    assert run.deadlines()["compulsion.perform"].due_date == D(2026, 2, 27)
    # 20 working days after 2-10: 2-11, 12, 13, 14 (make-up Saturday) = 4; 2-24 … 2-28 (make-up Saturday) = 9;
    # 3-2 … 3-6 = 14; 3-9 … 3-13 = 19; 3-16 = 20.
    assert statement_period_end(log_of(run).last("remind")) == D(2026, 3, 16)
    power = {"measure": "划拨存款", "power_law": "税收征收管理法", "power_article": 40}

    with pytest.raises(DomainError, match="第三十五条第（一）项") as before_deadline:
        run.act("enforce", "2026-02-26 10:00", user="head", served_on="2026-02-26", **power)
    assert before_deadline.value.field == "act"
    # 2-06 … 3-07 are 23 + 7 = 30 days of surcharge: not yet more than 30.
    with pytest.raises(DomainError) as thirty:
        run.act("enforce", "2026-03-07 10:00", user="head", served_on="2026-03-07", **power)
    assert "第四十六条" in thirty.value.message and "第三十五条" not in thirty.value.message
    # 3-09: 32 days; but the party has neither been heard nor waived, and the 20 working days run to 3-16.
    with pytest.raises(DomainError) as unheard:
        run.act("enforce", "2026-03-09 10:00", user="head", served_on="2026-03-09", **power)
    assert "第三十六条" in unheard.value.message and "第四十六条" not in unheard.value.message
    run.act("record_reminder_statement", "2026-03-09 10:00", stated_on="2026-03-09",
            statement="资金周转困难，请求暂缓执行。", review="当事人未提供证据证明确有经济困难，理由不成立，不予采纳。")

    with pytest.raises(DomainError) as no_law:
        run.act("enforce", "2026-03-09 11:00", user="head", served_on="2026-03-09",
                **{**power, "power_law": "广东省不存在的条例"})
    assert no_law.value.field == "power_law" and "第十三条" in no_law.value.message
    with pytest.raises(DomainError) as no_article:
        run.act("enforce", "2026-03-09 11:00", user="head", served_on="2026-03-09", **{**power, "power_article": 400})
    assert no_article.value.field == "power_article"
    with pytest.raises(DomainError) as served_early:
        run.act("enforce", "2026-03-09 11:00", user="head", served_on="2026-03-08", **power)
    assert served_early.value.field == "served_on" and "第三十八条" in served_early.value.message

    run.act("enforce", "2026-03-09 11:00", user="head", served_on="2026-03-09", **power)
    act = run.case.acts.get(code="enforce")
    assert act.data["power"]["citation"] == "《中华人民共和国税收征收管理法》第四十条"
    deadlines = run.deadlines()
    assert not deadlines["compulsion.perform"].open and not deadlines["compulsion.court_application"].open
