"""Publication and withdrawal as acts of the case (办法 第45条; 处罚法 第48条第2款): the head's ``approve_disclosure``
publishes the decision in the act's own transaction, ``withdraw_disclosure`` withdraws it, and the deadlines the case
shows (and the supervision platform watches) are the same ones the results record."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from yuezhifa.cases.models import Act
from yuezhifa.core.errors import DomainError, NotAllowed

from .. import services
from ..models import PublishedResult, ResultStatus
from .conftest import decide_general, decide_on_spot, person, store_party

D = datetime.date
pytestmark = pytest.mark.django_db
FACTS = ["当事人在其经营场所销售超过保质期的食品，店员王小明（电话13800138000）在场。"]


def test_the_heads_approval_act_publishes_the_decision(run):
    """Decided 2026-11-16 (Monday): 7 working days end 2026-11-25; approved on 11-18, in time."""
    case = decide_general(run, party=store_party(), facts=FACTS)
    assert run.deadlines()["disclosure.publish"].due_date == D(2026, 11, 25)
    with pytest.raises(NotAllowed):  # an officer cannot approve (办法 第45条: the unit's head)
        run.act("approve_disclosure", "2026-11-18 10:00")
    run.act("approve_disclosure", "2026-11-18 10:00", user="head", note="同意公示。")
    result = PublishedResult.objects.get(case=case)
    assert result.status == ResultStatus.PUBLISHED and result.published_in_time is True
    assert result.publish_due == D(2026, 11, 25)
    assert "王小明" not in result.facts and "13800138000" not in result.facts
    deadline = run.deadlines()["disclosure.publish"]
    assert deadline.met_at is not None
    with pytest.raises(DomainError, match="已经完成"):  # one approval per decision
        run.act("approve_disclosure", "2026-11-19 10:00", user="head")


def test_a_failed_publication_leaves_no_approval_act(run, monkeypatch):
    case = decide_general(run, party=store_party(), facts=FACTS)
    version = run.refresh().version

    def refuse(**kwargs):
        raise DomainError("公示平台暂不可用。", field="case")

    monkeypatch.setattr(services, "publish_decision", refuse)
    with pytest.raises(DomainError, match="公示平台暂不可用"):
        run.act("approve_disclosure", "2026-11-18 10:00", user="head")
    assert run.refresh().version == version
    assert not Act.objects.filter(case=case, code="approve_disclosure").exists()
    assert not PublishedResult.objects.exists()


def test_a_minor_is_withheld_through_the_act(run):
    case = decide_on_spot(run, party=person("小明明", "44010620100101123", birth_date="2010-01-01"),
                          facts="在店内销售过期食品。")
    run.act("approve_disclosure", "2026-11-20 15:00", user="head")
    result = PublishedResult.objects.get(case=case)
    assert result.status == ResultStatus.WITHHELD and result.party_name == ""


def test_a_closed_simple_case_can_still_be_approved(run):
    """Disclosure outlives the file: the on-the-spot decision is closed the same day and approved the next."""
    case = decide_on_spot(run, party=store_party(), facts="在店内销售过期食品。")
    run.act("record_payment", "2026-11-20 11:00", amount="50", paid_on="2026-11-20", receipt="4401062611200001")
    run.act("report_record", "2026-11-20 16:00", note="已报本局备案。")
    run.act("close", "2026-11-20 17:00", summary="已缴纳罚款，办结。")
    assert run.refresh().stage == "closed"
    run.act("approve_disclosure", "2026-11-23 09:00", user="head")
    result = PublishedResult.objects.get(case=case)
    assert result.status == ResultStatus.PUBLISHED and result.document_type == "on_the_spot_decision"
    # decided Friday 11-20: working days 11-23, 24, 25, 26, 27, 30 and 12-01 (the 7th)
    assert result.publish_due == D(2026, 12, 1) and result.published_in_time is True


def test_a_revoked_decision_is_withdrawn_by_act_within_three_working_days(run):
    """Revoked on review on Friday 2026-11-27: withdraw by Wednesday 12-02 (处罚法 第48条第2款, 第85条)."""
    case = decide_general(run, party=store_party(), facts=FACTS)
    run.act("approve_disclosure", "2026-11-18 10:00", user="head")
    run.act("serve", "2026-11-18 15:00", method="direct", served_on="2026-11-18", recipient="梁文斌",
            officers=run.ids("chen", "lin"))
    run.act("record_remedy", "2026-11-27 16:00", kind="review", filed_on="2026-11-20", concluded_on="2026-11-27",
            result="revoked")
    assert run.deadlines()["disclosure.withdraw"].due_date == D(2026, 12, 2)
    with pytest.raises(DomainError) as refused:  # the change cannot precede the decision
        run.act("withdraw_disclosure", "2026-11-27 17:00", user="head", reason="决定已被撤销。",
                changed_on="2026-11-01")
    assert refused.value.field == "changed_on"
    run.act("withdraw_disclosure", "2026-11-27 17:00", user="head",
            reason="本决定已被行政复议机关撤销（穗府复〔2026〕88号）。", changed_on="2026-11-27")
    result = PublishedResult.objects.get(case=case)
    assert result.status == ResultStatus.WITHDRAWN and result.withdrawn_in_time is True
    assert result.withdraw_due == D(2026, 12, 2) and result.changed_on == D(2026, 11, 27)
    assert run.deadlines()["disclosure.withdraw"].met_at is not None
    page = Client().get(reverse("disclosure:withdrawn")).content.decode()
    assert "穗府复〔2026〕88号" in page and result.document_number in page
    with pytest.raises(DomainError, match="已经完成"):
        run.act("withdraw_disclosure", "2026-11-28 09:00", user="head", reason="再次撤回。", changed_on="2026-11-27")


def test_withdrawal_needs_a_published_decision(run):
    decide_general(run, party=store_party(), facts=FACTS)
    with pytest.raises(DomainError, match="须先完成"):
        run.act("withdraw_disclosure", "2026-11-20 10:00", user="head", reason="决定已被撤销。",
                changed_on="2026-11-20")


def test_the_approval_form_shows_the_masked_record(run):
    case = decide_general(run, party=store_party(), facts=FACTS)
    client = Client()
    client.force_login(run.world["users"]["head"])
    page = client.get(reverse("cases:act", args=[case.pk, "approve_disclosure"])).content.decode()
    assert "将要公示的内容" in page and "穗天市监罚〔2026〕1号" in page and "广州禾盛商贸有限公司" in page
    assert "王某某" in page.split("将要公示的内容")[1].split("</section>")[0]
    assert "13800138000" not in page
    minor = decide_on_spot(run, party=person("小明明", "44010620100101123", birth_date="2010-01-01"),
                           facts="在店内销售过期食品。")
    page = client.get(reverse("cases:act", args=[minor.pk, "approve_disclosure"])).content.decode()
    assert "批准后不公开" in page and "未成年人" in page


def test_a_withheld_decision_later_revoked_has_nothing_to_withdraw(run):
    """A decision withheld by law (here: commercial secrets, 处罚法 第50条) was never public: its revocation starts
    no withdrawal deadline, and there is nothing to withdraw."""
    case = decide_general(run, party=store_party(), facts=FACTS)
    run.act("approve_disclosure", "2026-11-18 10:00", user="head", secret="commercial")
    approval = Act.objects.get(case=case, code="approve_disclosure")
    assert "商业秘密" in approval.data["withheld"]
    run.act("serve", "2026-11-18 15:00", method="direct", served_on="2026-11-18", recipient="梁文斌",
            officers=run.ids("chen", "lin"))
    run.act("record_remedy", "2026-11-27 16:00", kind="review", filed_on="2026-11-20", concluded_on="2026-11-27",
            result="revoked")
    assert "disclosure.withdraw" not in run.deadlines()
    with pytest.raises(DomainError, match="依法不予公开"):
        run.act("withdraw_disclosure", "2026-11-27 17:00", user="head", reason="决定已被撤销。",
                changed_on="2026-11-27")
    assert PublishedResult.objects.get(case=case).status == ResultStatus.WITHHELD


def test_a_decision_revoked_before_publication_is_not_published(run):
    """Revoked on review before the head approved publication: the publication deadline ends with the remedy and
    the revoked decision can no longer be approved for publication."""
    case = decide_general(run, party=store_party(), facts=FACTS)
    run.act("serve", "2026-11-16 15:00", method="direct", served_on="2026-11-16", recipient="梁文斌",
            officers=run.ids("chen", "lin"))
    run.act("record_remedy", "2026-11-20 16:00", kind="review", filed_on="2026-11-17", concluded_on="2026-11-20",
            result="revoked")
    assert run.deadlines()["disclosure.publish"].met_at is not None
    with pytest.raises(DomainError, match="已被变更或者撤销"):
        run.act("approve_disclosure", "2026-11-23 10:00", user="head")
    assert not PublishedResult.objects.filter(case=case).exists()
