"""The dates a party's periods run from cannot be backdated, and what the party received cannot be rewritten
(处罚法 第四十四条、第四十五条、第六十一条、第六十二条、第六十七条、第七十三条; 《民事诉讼法》第九十五条; docs/decisions/0024).

Calendar facts: November 2026 has no holiday and no make-up working day (11-02 is a Monday); 12-01 is "now" in the tests.
"""

import datetime

import pytest

from yuezhifa.core.errors import DomainError

from ..models import Act
from .test_penalty_procedures import PENALTIES, due, notify, serve

D = datetime.date
pytestmark = pytest.mark.django_db

HEAVIER = {**PENALTIES, "fine": "80000"}


def reviewed(run):
    """Filed on Monday 11-02, investigated and reviewed on 11-03: the case waits for its advance notice."""
    run.filed("2026-11-02 09:00", "2026-11-02 15:00")
    run.investigated("2026-11-03 09:00")
    run.act("review", "2026-11-03 15:00", user="head", outcome="penalty", opinion="同意。")


def refused(call, field: str, *words: str) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.field == field, caught.value.message
    for word in words:
        assert word in caught.value.message, caught.value.message
    return caught.value


def test_notice_served_before_filing_or_before_the_notice_is_refused_第四十四条(run):
    """处罚法 第四十四条、第四十五条: the statement period runs from the notice's service, which can lie neither before
    the filing (11-02), nor before the notice was made (11-04), nor after the day recorded."""
    reviewed(run)

    def at_served(day):
        return lambda: notify(run, "2026-11-04 09:00", day)

    refused(at_served("2026-10-30"), "served_on", "立案之日2026-11-02", "第四十四条")
    refused(at_served("2026-11-03"), "served_on", "行政处罚事先告知书作出之日2026-11-04")
    refused(at_served("2026-11-05"), "served_on", "晚于本次记录的实施日期2026-11-04")
    notify(run, "2026-11-04 09:00", "2026-11-04")
    # 5 working days from Wednesday 11-04: 11-05, 11-06, 11-09, 11-10, 11-11.
    assert due(run)["penalty.statement"] == D(2026, 11, 11)
    refused(lambda: run.act("decide", "2026-11-04 10:00", user="head", penalties=PENALTIES), "act", "第六十二条")


def test_serving_a_decision_needs_the_decision_and_no_earlier_date_第六十一条_第七十三条(run):
    """处罚法 第六十一条: a decision is served after it exists, on a day not before it was made; 第六十七条第三款: the
    payment period then runs from that day; 第七十三条: a review is not filed before the service; 强制法 第三十五条:
    a reminder is not served before it is made."""
    reviewed(run)
    notify(run, "2026-11-04 09:00", "2026-11-04")
    run.act("record_statement", "2026-11-04 10:00", waived=True)
    run.act("decide", "2026-11-12 09:00", user="head", penalties=PENALTIES)

    def serving(served_on, document="penalty_decision"):
        return lambda: serve(run, "2026-11-13 10:00", served_on, document=document)

    refused(serving("2026-11-13", "no_penalty_decision"), "document", "没有不予行政处罚决定书", "第六十一条")
    refused(serving("2026-10-29"), "served_on", "立案之日")
    refused(serving("2026-11-10"), "served_on", "行政处罚决定书作出之日2026-11-12", "第六十一条")
    refused(serving("2026-11-14"), "served_on", "晚于本次记录的实施日期2026-11-13")
    assert "penalty.pay" not in due(run)
    serve(run, "2026-11-13 10:00", "2026-11-13")
    # 15 days from 11-13 end on Saturday 11-28: moved to Monday 11-30 (民法典 第二百零三条).
    assert due(run)["penalty.pay"] == D(2026, 11, 30)
    refused(lambda: run.act("record_remedy", "2026-11-16 10:00", kind="review", filed_on="2026-11-12"), "filed_on",
            "早于决定书送达之日2026-11-13", "第七十三条")
    refused(lambda: run.act("record_remedy", "2026-11-16 10:00", kind="review", filed_on="2026-11-17"), "filed_on",
            "晚于本次记录的实施日期")
    refused(lambda: run.act("remind", "2026-12-01 09:00", served_on="2026-11-30", amount_due="75000", manner="银行缴纳"),
            "served_on", "早于催告书作出之日2026-12-01", "第三十五条")


def test_service_by_announcement_is_deemed_thirty_days_after_publication_民事诉讼法第九十五条(run):
    """《民事诉讼法》第九十五条 (处罚法 第六十一条): deemed served when thirty days have passed from publication, counted
    from the next day (民法典 第二百零一条): published 11-04, deemed served 12-04. The date is computed, not typed."""
    reviewed(run)

    def announce(**extra):
        run.act("notify", "2026-11-04 09:00", proposed=PENALTIES, facts=["销售超过保质期的食品。"], reasons="一般情形。",
                basis=["《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"], service_method="announcement",
                published_in="《南方日报》第A8版", **extra)

    def announcing(**extra):
        return lambda: announce(**extra)

    refused(announcing(), "published_on", "公告发布日期")
    refused(announcing(published_on="2026-11-04", served_on="2026-11-04"), "served_on", "2026-12-04", "第九十五条")
    refused(announcing(published_on="2026-11-03"), "published_on", "行政处罚事先告知书作出之日2026-11-04")
    announce(published_on="2026-11-04")
    notice = Act.objects.get(case=run.case, code="notify")
    assert notice.data["served_on"] == "2026-12-04"
    # 5 working days from Friday 12-04: 12-07, 12-08, 12-09, 12-10, 12-11.
    assert due(run)["penalty.statement"] == D(2026, 12, 11)
    run.act("record_statement", "2026-11-05 09:00", waived=True)
    run.act("decide", "2026-11-06 09:00", user="head", penalties=PENALTIES)
    run.act("serve", "2026-11-09 10:00", method="announcement", published_on="2026-11-09", published_in="《南方日报》",
            recipient="广州禾盛商贸有限公司", officers=run.ids("chen", "lin"))
    # Deemed served 11-09 + 30 days = 12-09; 15 days to pay: Thursday 12-24.
    assert due(run)["penalty.pay"] == D(2026, 12, 24)


def test_served_notice_cannot_be_corrected_and_a_new_notice_restarts_the_periods_第四十四条_第四十五条(run):
    """End to end: a backdated service refused; the served notice's fine (75,000) cannot be corrected to 80,000;
    a decision of 80,000 needs a new notice (重新告知), served, whose statement period has run or been used — a
    statement on the first notice does not answer the second (处罚法 第四十四条、第四十五条第二款、第六十二条)."""
    reviewed(run)
    refused(lambda: notify(run, "2026-11-04 09:00", "2026-10-30"), "served_on", "立案之日")
    notify(run, "2026-11-04 09:00", "2026-11-04")
    run.act("record_statement", "2026-11-05 09:00", content="请求从轻处罚。", review="复核后不予采纳。")
    seq = Act.objects.get(case=run.case, code="notify").seq
    refused(lambda: run.act("correct", "2026-11-05 10:00", target_seq=seq, reason="罚款金额有误。",
                            changes={"proposed": HEAVIER}), "changes", "拟作出的行政处罚", "重新记录“行政处罚事先告知”",
            "第四十四条")
    refused(lambda: run.act("correct", "2026-11-05 10:00", target_seq=seq, reason="送达日期有误。",
                            changes={"served_on": "2026-11-02"}), "changes", "告知书送达日期")
    refused(lambda: run.act("decide", "2026-11-06 09:00", user="head", penalties=HEAVIER), "penalties",
            "当事人陈述、申辩后", "罚款 80,000.00 元高于告知的 75,000.00 元", "请重新记录“行政处罚事先告知”")

    notify(run, "2026-11-09 09:00", "2026-11-09", penalties=HEAVIER)
    deadlines = run.deadlines()
    renotified = Act.objects.filter(case=run.case, code="notify").order_by("seq").last().seq
    first, second = deadlines["penalty.statement"], deadlines[f"penalty.statement#{renotified}"]
    assert not first.open and first.due_date == D(2026, 11, 11)
    # 5 working days from Monday 11-09: 11-10, 11-11, 11-12, 11-13, 11-16.
    assert second.open and second.due_date == D(2026, 11, 16)
    # The statement of 11-05 answered the first notice, not this one.
    refused(lambda: run.act("decide", "2026-11-16 17:00", user="head", penalties=HEAVIER), "act", "第六十二条")
    run.act("decide", "2026-11-17 09:00", user="head", penalties=HEAVIER)
    assert run.refresh().fine_amount == 80000
    refused(lambda: notify(run, "2026-11-17 10:00", "2026-11-17", penalties=HEAVIER), "act", "已经作出决定")
    serve(run, "2026-11-18 10:00", "2026-11-18")
    decision = Act.objects.get(case=run.case, code="decide").seq
    refused(lambda: run.act("correct", "2026-11-18 11:00", user="head", target_seq=decision, reason="金额有误。",
                            changes={"penalties": PENALTIES}), "changes", "已经送达当事人", "新的决定")


def test_a_new_notice_reopens_the_hearing_right_a_waiver_of_the_old_one_does_not_answer_it_第六十四条(run):
    """处罚法 第四十四条、第六十三条、第六十四条第（一）项: the party waived a hearing on the notice of 140,000 yuan; a new
    notice of 160,000 gives a new 5-working-day hearing request period from its service, and the waiver of the old
    notice no longer settles the hearing."""
    run.filed("2026-11-02 09:00", "2026-11-02 15:00")
    run.investigated("2026-11-03 09:00", goods_value="10000")  # standard tier: 14-16 times, 140,000-160,000
    run.act("review", "2026-11-03 15:00", user="head", outcome="penalty", opinion="同意。")
    notify(run, "2026-11-04 09:00", "2026-11-04", penalties={**PENALTIES, "fine": "140000"})
    run.act("record_statement", "2026-11-05 09:00", waived=True, waives_hearing=True)
    heavier = {**PENALTIES, "fine": "160000"}
    notify(run, "2026-11-09 09:00", "2026-11-09", penalties=heavier)
    # 5 working days from Monday 11-09: 11-10, 11-11, 11-12, 11-13, 11-16.
    assert [d for k, d in due(run).items() if k.startswith("penalty.hearing_request")] == [D(2026, 11, 11),
                                                                                         D(2026, 11, 16)]
    assert [k for k, d in run.deadlines().items() if k.startswith("penalty.hearing_request") and d.open] != []
    refused(lambda: run.act("decide", "2026-11-10 09:00", user="head", penalties=heavier), "act", "第六十四条")
    run.act("request_hearing", "2026-11-10 10:00", requested_on="2026-11-10")
    assert not any(d.open for k, d in run.deadlines().items() if k.startswith("penalty.hearing_request"))
