"""The limitation period (处罚法 第三十六条) and the decision period (处罚法 第六十条) with hand-worked dates.

The clock stands at 2026-12-01 10:00 (root conftest). 第三十六条: two years from the violation (or from the end of a
continuing one) to its discovery (the case source's registration); a year ends on the same day of the later year
(民法典 第二百零二条). 第六十条: 90 calendar days from filing, the start day not counted (民法典 第二百零一条):
filed 2026-09-30 → 10-31 is day 31, 11-30 day 61, 12-29 day 90.
"""

import datetime

import pytest

from yuezhifa.core.errors import DomainError, NotAllowed
from yuezhifa.items.models import Item
from yuezhifa.supervision.tests.conftest import alerts

from .. import period_rules
from ..models import Act, DecisionPeriodRule
from .conftest import store_party

D = datetime.date
pytestmark = pytest.mark.django_db


def open_and_verify(run, when="2026-12-01 09:00"):
    run.open(when)
    run.act("verify_source", when, findings="现场核实。", conclusion="file", officers=run.ids("chen", "lin"))


def file(run, when="2026-12-01 09:30", **violation):
    run.act("file", when, user="head", item=run.world["item"].code, party=store_party(),
            summary=["发现超过保质期的食品。"], handlers=run.ids("chen", "lin"), **violation)


def test_article_36_two_years_refused_and_five_years_with_its_ground_accepted(run):
    """第三十六条第一款: violation 2024-11-30, discovered 2026-12-01; two years end 2026-11-30 → refused. Five years
    (涉及公民生命健康安全, 有危害后果, with a reason) end 2029-11-30 → filed."""
    open_and_verify(run)
    with pytest.raises(DomainError) as late:
        file(run, violation_date="2024-11-30")
    assert late.value.field == "violation_date" and "第三十六条" in late.value.message
    assert "已超过二年" in late.value.message and "五年" in late.value.message
    with pytest.raises(DomainError) as no_harm:  # a ground without harmful consequences is not the five years
        file(run, violation_date="2024-11-30", limitation_ground="life_health", limitation_reason="多名消费者腹泻。")
    assert no_harm.value.field == "limitation_reason" and "危害后果" in no_harm.value.message
    with pytest.raises(DomainError) as no_reason:
        file(run, violation_date="2024-11-30", limitation_ground="life_health", harmful_consequence=True)
    assert no_reason.value.field == "limitation_reason" and "理由" in no_reason.value.message
    file(run, violation_date="2024-11-30", limitation_ground="life_health", harmful_consequence=True,
         limitation_reason="销售的过期食品致三名消费者就医。")
    limitation = Act.objects.get(case=run.case, code="file").data["limitation"]
    assert limitation["period"] == "五年" and limitation["ends_on"] == "2029-11-30"
    assert "涉及公民生命健康安全且有危害后果" in limitation["basis"]


def test_article_36_the_items_own_limitation_replaces_two_years(run):
    """第三十六条第一款“法律另有规定的除外”: an item whose law gives six months; violation 2026-05-31, six months end
    2026-11-30 → refused on 2026-12-01 even with a five-year ground; violation 2026-06-01 → ends 2026-12-01, filed."""
    Item.objects.filter(pk=run.world["item"].pk).update(limitation_months=6,
                                                         limitation_basis="《中华人民共和国治安管理处罚法》第九十一条")
    open_and_verify(run)
    with pytest.raises(DomainError) as late:
        file(run, violation_date="2026-05-31", limitation_ground="life_health", harmful_consequence=True,
             limitation_reason="有危害后果。")
    assert "已超过6个月" in late.value.message and "治安管理处罚法》第九十一条" in late.value.message
    assert "第三十六条" in late.value.message
    file(run, violation_date="2026-06-01")
    assert Act.objects.get(case=run.case, code="file").data["limitation"]["ends_on"] == "2026-12-01"


def test_article_36_continuing_violation_counts_from_its_end(run):
    """第三十六条第二款: a continuing violation begun 2023-03-01 and ended 2025-06-01 is counted from 2025-06-01
    (two years end 2027-06-01): within. The end may not precede the beginning nor follow today."""
    open_and_verify(run)
    with pytest.raises(DomainError) as no_end:
        file(run, violation_date="2023-03-01", violation_kind="continuing")
    assert no_end.value.field == "violation_ended_on" and "第三十六条第二款" in no_end.value.message
    with pytest.raises(DomainError) as before:
        file(run, violation_date="2023-03-01", violation_kind="continuing", violation_ended_on="2023-02-28")
    assert before.value.field == "violation_ended_on" and "早于" in before.value.message
    with pytest.raises(DomainError) as future:
        file(run, violation_date="2023-03-01", violation_kind="continuing", violation_ended_on="2026-12-02")
    assert future.value.field == "violation_ended_on" and "晚于今天" in future.value.message
    with pytest.raises(DomainError, match="已超过二年"):  # counted from the beginning it would be out of time
        file(run, violation_date="2023-03-01")
    file(run, violation_date="2023-03-01", violation_kind="continuing", violation_ended_on="2025-06-01")
    limitation = Act.objects.get(case=run.case, code="file").data["limitation"]
    assert limitation["counted_from"] == "2025-06-01" and limitation["ends_on"] == "2027-06-01"


def test_article_36_checked_in_the_simple_procedure(run):
    """第三十六条 in 当场处罚 (第五十一条): violation 2024-11-30 found 2026-12-01 → refused; a continuing one ended
    2025-06-01 → decided."""
    run.open("2026-12-01 09:00", procedure="penalty.simple", source_kind="on_site")
    on_spot = {"item": run.world["petty"].code, "party": {"kind": "person", "name": "何俊峰"},
               "facts": "在店内销售过期食品。", "violated": ["食品安全法第三十四条"], "basis": ["食品安全法第一百二十四条"],
               "officers": run.ids("chen", "lin"), "certificates_shown": True, "place": "广州市天河区汇景广场三楼",
               "penalties": {"fine": "50"}}
    with pytest.raises(DomainError) as late:
        run.act("decide_on_spot", "2026-12-01 09:20", violation_date="2024-11-30", **on_spot)
    assert late.value.field == "violation_date" and "第三十六条" in late.value.message
    run.act("decide_on_spot", "2026-12-01 09:20", violation_date="2024-11-30", violation_kind="repeated",
            violation_ended_on="2025-06-01", **on_spot)


def test_article_60_extension_needs_a_rule_its_maximum_and_the_limit_not_expired(run):
    """第六十条“法律、法规、规章另有规定的，从其规定”: filed 2026-09-30, due 2026-12-29. Without a rule for 市场监管 no
    extension; under the shipped rule (30 days, unconfirmed) 20 days move the due date to 2027-01-18, 11 more exceed
    the 30 days."""
    open_and_verify(run, "2026-09-28 09:00")
    file(run, "2026-09-30 10:00", violation_date="2026-09-28")
    assert run.deadlines()["penalty.decide"].due_date == D(2026, 12, 29)
    DecisionPeriodRule.objects.filter(domain_id="market").update(active=False)
    with pytest.raises(DomainError) as no_rule:
        run.act("extend_decision", "2026-11-20 10:00", user="head", days=20, reason="需要补充鉴定。")
    assert "法律、法规、规章另有规定的，从其规定" in no_rule.value.message and "第六十条" in no_rule.value.message
    DecisionPeriodRule.objects.filter(domain_id="market").update(active=True)
    run.act("extend_decision", "2026-11-20 10:00", user="head", days=20, reason="需要补充鉴定。")
    decide = run.deadlines()["penalty.decide"]
    assert decide.due_date == D(2027, 1, 18)
    assert "延长20日" in decide.explanation and "未经确认，可设置" in decide.explanation
    with pytest.raises(DomainError) as beyond:
        run.act("extend_decision", "2026-11-25 10:00", user="head", days=11, reason="仍需鉴定。")
    assert beyond.value.field == "days" and "最多延长30日" in beyond.value.message


def test_article_60_no_extension_after_the_limit_expired(run):
    """第六十条: filed 2026-08-01, 90 days end 2026-10-30 (8-01 + 31 = 9-01, + 30 = 10-01, + 29 = 10-30); an extension
    approved 2026-11-02 comes too late."""
    open_and_verify(run, "2026-08-01 09:00")
    file(run, "2026-08-01 10:00", violation_date="2026-07-30")
    with pytest.raises(DomainError) as late:
        run.act("extend_decision", "2026-11-02 10:00", user="head", days=10, reason="补充调查。")
    assert "2026年10月30日届满" in late.value.message and "第六十条" in late.value.message


def test_article_60_a_pause_of_ten_days_moves_the_due_date_by_ten(run):
    """第六十条 with the rule's 检测: a test from 2026-10-12 to 2026-10-22 takes 10 days out (the first day not counted,
    民法典 第二百零一条): due 2026-12-29 → 2027-01-08. A kind the rule does not list is refused."""
    open_and_verify(run, "2026-09-28 09:00")
    file(run, "2026-09-30 10:00", violation_date="2026-09-28")
    DecisionPeriodRule.objects.filter(domain_id="market").update(paused_kinds=["testing"])
    with pytest.raises(DomainError) as kind:
        run.act("suspend_decision_period", "2026-10-12 10:00", kind="hearing", started_on="2026-10-12",
                reason="当事人要求听证。")
    assert kind.value.field == "kind" and "第六十条" in kind.value.message
    run.act("suspend_decision_period", "2026-10-12 10:00", kind="testing", started_on="2026-10-12",
            reason="抽样送检。")
    with pytest.raises(DomainError, match="尚未恢复计算"):
        run.act("suspend_decision_period", "2026-10-13 10:00", kind="testing", started_on="2026-10-13", reason="x")
    # While the test runs, the period stands still: neither due soon nor overdue, and not the to-do date.
    paused = run.deadlines()["penalty.decide"]
    assert paused.open and paused.paused_since == D(2026, 10, 12)
    assert run.refresh().next_due != paused.due_date
    run.act("resume_decision_period", "2026-10-22 15:00", ended_on="2026-10-22", note="收到检验报告。")
    decide = run.deadlines()["penalty.decide"]
    assert decide.due_date == D(2027, 1, 8) and decide.paused_since is None
    assert "共10日" in decide.explanation and "2027年1月8日" in decide.explanation


def test_article_60_supervision_alert_uses_the_moved_date(run):
    """久查不结 (处罚法 第六十条): filed 2026-07-01, due 2026-09-29; a test 2026-08-01..08-11 (10 days) moves it to
    2026-10-09: no alert on 09-30 nor on 10-09, one on 10-10."""
    open_and_verify(run, "2026-06-30 09:00")
    file(run, "2026-07-01 10:00", violation_date="2026-06-30")
    run.act("suspend_decision_period", "2026-08-01 10:00", kind="testing", started_on="2026-08-01", reason="送检。")
    run.act("resume_decision_period", "2026-08-11 10:00", ended_on="2026-08-11")
    assert run.deadlines()["penalty.decide"].due_date == D(2026, 10, 9)
    assert alerts("decision_overdue", D(2026, 9, 30)) == []
    assert alerts("decision_overdue", D(2026, 10, 9)) == []
    [alert] = alerts("decision_overdue", D(2026, 10, 10))
    assert "2026年10月9日" in alert.message


def test_article_60_rules_are_kept_by_the_province_administrator_only(world):
    """第六十条 rules are data; a city administrator may not change them (docs/decisions/0019, 0026)."""
    from yuezhifa.org.models import Role, Scope
    from yuezhifa.org.tests.factories import UserFactory

    body = world["body"]
    city = UserFactory(username="city_admin", body=body, roles=[(Role.ADMIN, Scope.SUBTREE)])
    province = UserFactory(username="gd_admin", body=body.parent, roles=[(Role.ADMIN, Scope.PROVINCE)])
    rule = DecisionPeriodRule.objects.get(domain_id="market")
    assert not rule.confirmed and rule.max_extension_days == 30
    with pytest.raises(NotAllowed):
        period_rules.period_rule_save(actor=city, domain=world["domain"], rule=rule, basis=rule.basis,
                                      max_extension_days=60)
    saved = period_rules.period_rule_save(actor=province, domain=world["domain"], rule=rule, basis=rule.basis,
                                          max_extension_days=30, paused_kinds=["testing", "hearing"], confirmed=True)
    assert saved.paused_kinds == ["hearing", "testing"] and saved.basis_label == rule.basis
    assert not DecisionPeriodRule.objects.restrict(city, "change").exists()
