"""Enforcement by the agency itself (强制法 第四章): not at night or on a statutory holiday unless urgent, never by
cutting residents' water, power, heat or gas (第四十三条); suspension, resumption and termination (第三十九条、第四十条);
the enforcement agreement (第四十二条); 代履行 with its reminder three working days before (第五十条至第五十二条).
Readings: docs/decisions/0034.

Calendar facts: 2026 国庆 10-01..10-08 off, 9-28 (Sunday) and 10-11 (Saturday) make-up working days.
"""

import pytest

from yuezhifa.core.errors import DomainError
from yuezhifa.discretion.tests import factories as lf

from ..engine import CaseLog
from ..procedures.penalty_guards import closable
from .test_documents import check_documents, context_of
from .test_penalty_procedures import PENALTIES, notify, serve

pytestmark = pytest.mark.django_db

POWER = {"measure": "划拨存款", "power_law": "税收征收管理法", "power_article": 40}


def reminded(run):
    """A 75,000-yuan fine served on 07-07: 15 days end on 07-22, the surcharge runs from 07-23 (07-23..07-31 = 9 days,
    08-01..08-21 = 21: 30 days on 08-21, more than 30 from 08-22). The reminder served on 08-24 sets 09-04 as its
    deadline; the party waives the statement on 08-25."""
    lf.article(lf.law("中华人民共和国税收征收管理法"), 40, "第四十条 ……书面通知其开户银行或者其他金融机构从其存款中扣缴……")
    run.filed("2026-07-01 09:00", "2026-07-01 15:00")
    run.investigated("2026-07-02 09:00")
    run.act("review", "2026-07-02 15:00", user="head", outcome="penalty", opinion="同意。")
    notify(run, "2026-07-02 16:00", "2026-07-02")
    run.act("record_statement", "2026-07-03 09:00", waived=True)
    run.act("decide", "2026-07-06 09:00", user="head", penalties=PENALTIES)
    serve(run, "2026-07-07 10:00", "2026-07-07")
    run.act("remind", "2026-08-24 10:00", served_on="2026-08-24", deadline="2026-09-04", amount_due="75000",
            manner="到指定银行缴纳")
    run.act("record_reminder_statement", "2026-08-25 10:00", stated_on="2026-08-25", waived=True)


def refused(call, field, article):
    with pytest.raises(DomainError) as error:
        call()
    assert error.value.field == field, error.value.message
    assert article in error.value.message, error.value.message
    return error.value


def test_enforcement_not_at_night_on_holidays_or_by_cutting_utilities_and_agreement_suspends_43_39_42(run):
    """强制法 第四十三条第一款: refused on 2026-10-02 (国庆) and at 23:00, unless urgent with a reason; 第四十三条第二款:
    not by stopping power; 第三十九条: suspended enforcement waits for resumption; 第四十二条: an agreement suspends it
    and its breach resumes it."""
    reminded(run)
    enforce = lambda when, **extra: run.act("enforce", when, user="head",  # noqa: E731
                                            served_on=when[:10], **{**POWER, **extra})
    refused(lambda: enforce("2026-10-02 10:00"), "carried_out_at", "第四十三条第一款")
    night = refused(lambda: enforce("2026-09-07 23:00"), "carried_out_at", "第四十三条第一款")
    assert "夜间" in night.message
    refused(lambda: enforce("2026-09-07 10:00", emergency=True), "emergency_reason", "第四十三条第一款")
    refused(lambda: enforce("2026-09-07 10:00", measure="对其住所停止供电"), "measure", "第四十三条第二款")

    run.act("enforcement_agreement", "2026-09-07 11:00", user="head", signed_on="2026-09-07", no_harm=True,
            stages=["2026-09-30前缴纳40000元", "2026-10-30前缴纳35000元及加处罚款"])
    refused(lambda: enforce("2026-09-08 10:00"), "act", "第四十二条第二款")
    refused(lambda: run.act("resume_enforcement", "2026-10-09 09:00", user="head", ground="ground_ended",
                            reason="情形消失"), "ground", "第三十九条第二款")
    run.act("resume_enforcement", "2026-10-09 09:30", user="head", ground="agreement_breached",
            reason="当事人未按执行协议于2026-09-30前缴纳第一期款项。")
    # 10-09 (Friday) is a working day after 国庆 (10-01..10-08).
    enforce("2026-10-09 10:00")
    assert run.case.acts.filter(code="enforce").count() == 1
    check_documents(run.case)
    agreement = context_of(run.case, "execution_agreement")
    assert agreement["terms"][0] == "2026-09-30前缴纳40000元" and agreement["suspends"] is True


def test_terminated_enforcement_ends_the_compulsion_40(run):
    """强制法 第四十条: after 终结执行 nothing more is enforced and the case may be closed; 第三十九条 a suspension
    needs one of its grounds."""
    reminded(run)
    assert not closable(CaseLog(run.refresh(), list(run.case.acts.order_by("seq"))))
    refused(lambda: run.act("suspend_enforcement", "2026-09-07 10:00", user="head", ground="poor",
                            reason="x"), "ground", "")
    run.act("terminate_enforcement", "2026-09-07 10:00", user="head", ground="object_lost", reason="执行标的灭失。")
    refused(lambda: run.act("enforce", "2026-09-07 11:00", user="head", served_on="2026-09-07", **POWER),
            "act", "第四十条")
    assert not run.deadlines()["compulsion.perform"].open
    assert closable(CaseLog(run.refresh(), list(run.case.acts.order_by("seq"))))  # 执行终结: the case may be closed
    termination = context_of(run.case, "enforcement_suspension_decision")
    assert termination["measure"] == "终结" and termination["ground"] == "执行标的灭失"
    assert "中终执〔2026〕" in termination["document_number"]


SUBSTITUTE = {"obligation": "restore", "obligation_text": "限期拆除占用河道的违法堆放物，恢复河道原状",
              "consequence": "pollution", "reason": "逾期经催告仍不恢复原状，造成河道污染。", "method": "委托第三人清运",
              "object": "河道堆放物约30吨", "cost_estimate": "12000", "performer": "某环境工程有限公司",
              "served_on": "2026-11-16", "reminded_on": "2026-11-16"}


def test_substitute_performance_three_working_days_after_its_reminder_51(run):
    """强制法 第五十一条第一款第（二）项、第六十九条: reminded on 11-16 (Monday), the party has 11-17, 11-18, 11-19 (3
    working days); 代履行 is planned and carried out from 11-20. 第五十一条第一款第（四）项: the record is signed.
    第五十二条: without a prior decision only when it must be cleared at once."""
    reminded(run)
    record = {"performer": "某环境工程有限公司", "cost": "11800", "supervisor": "陈志强", "record": "清运完毕。"}
    refused(lambda: run.act("record_substitute", "2026-11-16 09:00", **record), "immediate", "第五十一条第一款第（一）项")
    refused(lambda: run.act("record_substitute", "2026-11-16 09:00", immediate=True, **record), "immediate",
            "第五十二条")
    refused(lambda: run.act("decide_substitute", "2026-11-16 10:00", user="head",
                            **{**SUBSTITUTE, "planned_on": "2026-11-19"}), "planned_on", "第五十一条第一款第（二）项")
    run.act("decide_substitute", "2026-11-16 10:00", user="head", **{**SUBSTITUTE, "planned_on": "2026-11-20"})
    assert run.deadlines()["compulsion.substitute_reminder"].due_date.isoformat() == "2026-11-19"
    refused(lambda: run.act("record_substitute", "2026-11-19 10:00", signed=True, **record), "immediate",
            "第五十一条第一款第（二）项")
    refused(lambda: run.act("record_substitute", "2026-11-20 10:00", **record), "signed", "第五十一条第一款第（四）项")
    run.act("record_substitute", "2026-11-20 10:00", signed=True, **record)
    assert not run.deadlines()["compulsion.substitute_reminder"].open
    check_documents(run.case)
    decision = context_of(run.case, "substitute_performance_decision")
    assert decision["performer"] == "某环境工程有限公司" and str(decision["cost_estimate"]) == "12000.00"


def test_immediate_substitute_performance_notifies_the_absent_party_and_is_urgent_on_a_holiday_52_43(run):
    """强制法 第五十二条: an obstacle on a road cleared at once without a prior decision; the party absent, it is
    notified afterwards. 第四十三条第一款: on 2026-10-02 (国庆) only as an emergency with its reason."""
    run.filed("2026-09-28 09:00", "2026-09-28 15:00")
    immediate = {"immediate": True, "immediate_reason": "当事人堆放在荷光路机动车道上的建材阻断交通", "performer": "本局执法队",
                 "cost": "800", "supervisor": "陈志强", "signed": True, "record": "清除完毕，交通恢复。",
                 "party_present": False}
    refused(lambda: run.act("record_substitute", "2026-10-02 10:00", **immediate), "notified_on", "第五十二条")
    refused(lambda: run.act("record_substitute", "2026-10-02 10:00", notified_on="2026-10-02", **immediate),
            "carried_out_at", "第四十三条第一款")
    run.act("record_substitute", "2026-10-02 10:00", notified_on="2026-10-02", emergency=True,
            emergency_reason="建材阻断机动车道，随时可能引发交通事故。", **immediate)
    assert run.case.acts.filter(code="record_substitute").count() == 1


def test_no_longer_enforced_only_after_three_years_suspended_39_2(run):
    """强制法 第三十九条第二款: suspended three years without resumption, no obvious social harm and the party truly
    unable to perform → the agency no longer enforces (docs/decisions/0034 第 10 条). Worked by hand: suspended on
    2026-09-07 (Monday); three years = 36 months, the first day not counted (民法典 第二百零一条), ending on the
    corresponding day (第二百零二条) 2029-09-07 (Friday); the period binds the agency, so no holiday shift. Only from
    2029-09-08 may the agency decide to no longer enforce; the case page shows 2029-09-07."""
    import datetime

    import time_machine
    from django.test import Client

    from .conftest import at

    reminded(run)
    run.act("suspend_enforcement", "2026-09-07 10:00", user="head", ground="hardship",
            reason="当事人经营困难，暂无履行能力。")
    lapse = run.deadlines()["compulsion.suspension_lapse"]
    assert (lapse.start, lapse.due_date) == (datetime.date(2026, 9, 7), datetime.date(2029, 9, 7)) and lapse.open
    client = Client()
    client.force_login(run.world["users"]["head"])
    page = client.get(f"/cases/{run.case.pk}/").content.decode()
    assert "中止执行满三年期限" in page and "2029-09-07" in page
    lapsed = {"ground": "suspension_lapsed", "reason": "中止执行满三年未恢复执行，当事人确无能力履行。",
              "no_social_harm": True, "unable_to_perform": True}
    early = refused(lambda: run.act("terminate_enforcement", "2026-09-08 10:00", user="head", **lapsed), "ground",
                    "第三十九条第二款")
    assert "2029年9月8日起" in early.message
    with time_machine.travel(at("2029-09-10 10:00"), tick=False):
        refused(lambda: run.act("terminate_enforcement", "2029-09-07 15:00", user="head", **lapsed), "ground",
                "2029年9月7日方满三年")
        refused(lambda: run.act("terminate_enforcement", "2029-09-08 10:00", user="head",
                                **{**lapsed, "unable_to_perform": False}), "no_social_harm", "第三十九条第二款")
        run.act("terminate_enforcement", "2029-09-08 10:00", user="head", **lapsed)
        lapse = run.deadlines()["compulsion.suspension_lapse"]
        assert not lapse.open and lapse.met_at.date() <= lapse.due_date  # fulfilled, not met late
        assert not run.deadlines()["compulsion.perform"].open
