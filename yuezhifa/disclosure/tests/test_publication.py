"""Publication on the head's approval (办法 第45条), withholding (处罚法 第50条), withdrawal (处罚法 第48条第2款) and
expiry of the display period, with the deadlines of yuezhifa.core.calendar recorded."""

import datetime
from decimal import Decimal

import pytest

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.errors import Conflict, DomainError, NotAllowed
from yuezhifa.search.index import search

from .. import services
from ..indexing import KIND
from ..models import DisclosureSettings, PublishedResult, ResultStatus
from .conftest import at, decide_general, decide_on_spot, person, store_party

D = datetime.date
pytestmark = pytest.mark.django_db


def publish(run, case, when="2026-11-18 10:00", **kwargs):
    return services.publish_decision(actor=run.world["users"]["head"], case=case, approved_at=at(when), **kwargs)


def test_head_approval_publishes_the_masked_decision_in_time(run):
    """办法 第45条: published on the head's approval; 7 working days from the decision (11-16 → 11-25)."""
    case = decide_general(run, party=store_party(), facts=[
        "当事人在其经营场所销售超过保质期的食品，店员王小明（电话13800138000）在场。"])
    result = publish(run, case)
    assert result.status == ResultStatus.PUBLISHED
    assert result.document_number == "穗天市监罚〔2026〕1号"
    assert result.party_name == "广州禾盛商贸有限公司" and result.party_kind == "organisation"
    assert result.party_credit_code == store_party()["credit_code"]
    assert result.legal_representative == "梁文斌"  # the 双公示 field (decision 0014)
    assert result.fine_amount == Decimal("75000.00") and "没收违法所得" in result.penalty_types
    assert result.decision_date == D(2026, 11, 16)
    assert result.publish_due == D(2026, 11, 25) and result.published_in_time is True
    assert result.display_until == D(2029, 11, 16)  # not low-level: 36 months
    assert "王小明" not in result.facts and "王某某" in result.facts and "13800138000" not in result.facts
    assert search(KIND, "禾盛商贸").hits[0].object_id == str(result.pk)
    assert AuditEntry.objects.filter(action="disclosure.publish", object_id=str(result.pk)).exists()
    # approving the same decision again changes nothing
    assert publish(run, case, "2026-11-19 10:00").pk == result.pk
    assert PublishedResult.objects.count() == 1


def test_late_approval_is_recorded_as_late(run):
    case = decide_general(run, party=store_party(), facts=["销售超过保质期的食品。"])
    result = publish(run, case, "2026-11-26 09:00")
    assert result.publish_due == D(2026, 11, 25) and result.published_in_time is False


def test_only_the_head_approves(run):
    case = decide_general(run, party=store_party(), facts=["销售超过保质期的食品。"])
    with pytest.raises(NotAllowed):
        services.publish_decision(actor=run.world["users"]["chen"], case=case, approved_at=at("2026-11-18 10:00"))
    with pytest.raises(NotAllowed):
        services.publish_decision(actor=run.world["users"]["other"], case=case, approved_at=at("2026-11-18 10:00"))
    assert not PublishedResult.objects.exists()


def test_a_case_without_a_penalty_decision_is_refused(run):
    run.open("2026-11-02 09:00")
    with pytest.raises(DomainError, match="尚未作出行政处罚决定"):
        publish(run, run.case)


def test_a_minor_by_birth_date_is_not_published(run):
    """处罚法 第50条; 未成年人保护法: a party under 18 on the decision date."""
    minor = person("小明明", "44010620100101123", birth_date="2010-01-01")
    case = decide_on_spot(run, party=minor, facts="在店内销售过期食品。")
    result = publish(run, case)
    assert result.status == ResultStatus.WITHHELD and "未成年人" in result.withheld_reason
    assert result.party_name == "" and result.facts == "" and result.published_at is None
    assert search(KIND, "小明明").total == 0


def test_a_minor_by_id_number_is_not_published(run):
    minor = person("李小华", "44010620100601123")  # born 2010-06-01, no birth date entered
    case = decide_on_spot(run, party=minor, facts="在店内销售过期食品。")
    assert publish(run, case).status == ResultStatus.WITHHELD


def test_a_minor_by_circumstance_is_not_published(run):
    adult = person("赵大年", "44010619800101123")
    case = decide_general(run, party=adult, facts=["销售超过保质期的食品。"], circumstances=["age_14_to_18"])
    assert publish(run, case).status == ResultStatus.WITHHELD


def test_an_adult_18_on_the_decision_day_is_published(run):
    adult = person("钱成年", "44010620081120123", birth_date="2008-11-20")
    case = decide_on_spot(run, party=adult, facts="在店内销售过期食品。", when="2026-11-20 10:00")
    assert publish(run, case).status == ResultStatus.PUBLISHED


@pytest.mark.parametrize("secret, text", [("state", "国家秘密"), ("commercial", "商业秘密")])
def test_a_case_involving_secrets_is_not_published(run, secret, text):
    case = decide_general(run, party=store_party(), facts=["销售超过保质期的食品。"])
    result = publish(run, case, secret=secret)
    assert result.status == ResultStatus.WITHHELD and text in result.withheld_reason
    assert search(KIND, "禾盛").total == 0
    with pytest.raises(DomainError):
        publish(run, decide_general(run, party=store_party(), facts=["x"]), secret="military")


def test_withdrawal_within_three_working_days_with_the_reason_public(run, client):
    """处罚法 第48条第2款: revoked on 11-20 (Friday) → due 11-25; the notice and its reason stay public."""
    case = decide_general(run, party=store_party(), facts=["销售超过保质期的食品。"])
    result = publish(run, case)
    withdrawn = services.withdraw_decision(actor=run.world["users"]["head"], case=case,
                                           reason="行政复议机关于2026年11月20日决定撤销该行政处罚决定。",
                                           at=at("2026-11-24 10:00"), changed_on=D(2026, 11, 20))
    assert withdrawn.pk == result.pk and withdrawn.status == ResultStatus.WITHDRAWN
    assert withdrawn.withdraw_due == D(2026, 11, 25) and withdrawn.withdrawn_in_time is True
    assert search(KIND, "禾盛商贸").total == 0
    page = client.get(f"/gongshi/results/{result.pk}/").content.decode()
    assert "撤回公告" in page and "行政复议机关" in page and "梁文斌" not in page and "禾盛" not in page
    listing = client.get("/gongshi/results/?q=禾盛").content.decode()
    assert "找到 0 条" in listing and result.document_number not in listing
    assert "禾盛" not in client.get("/gongshi/feed/").content.decode()
    assert "禾盛" not in b"".join(client.get("/gongshi/export.csv").streaming_content).decode()
    assert "行政复议机关" in client.get("/gongshi/withdrawn/").content.decode()
    with pytest.raises(DomainError):
        services.withdraw_decision(actor=run.world["users"]["head"], case=case, reason="再次", at=at("2026-11-25 10:00"))


def test_late_withdrawal_is_recorded_as_late(run):
    case = decide_general(run, party=store_party(), facts=["销售超过保质期的食品。"])
    publish(run, case)
    late = services.withdraw_decision(actor=SYSTEM, case=case, reason="决定被变更。", at=at("2026-11-26 10:00"),
                                      changed_on=D(2026, 11, 20))
    assert late.withdrawn_in_time is False


def test_withdrawal_needs_a_reason_and_a_new_decision_needs_the_old_one_withdrawn(run):
    case = decide_general(run, party=store_party(), facts=["销售超过保质期的食品。"])
    publish(run, case)
    with pytest.raises(DomainError, match="撤回理由"):
        services.withdraw_decision(actor=SYSTEM, case=case, reason="  ", at=at("2026-11-24 10:00"))
    other = PublishedResult.objects.get()
    PublishedResult.objects.filter(pk=other.pk).update(document_number="穗天市监罚〔2026〕99号")
    with pytest.raises(Conflict, match="尚未撤回"):
        publish(run, case)


def test_display_period_over_then_gone_everywhere(run, client):
    """A 50-yuan on-the-spot fine is low-level: 3 months (configurable), then expired and gone from pages, search,
    feed and export."""
    case = decide_on_spot(run, party=person("孙一民", "44010619800101123"), facts="在店内销售过期食品。",
                          when="2026-08-20 10:00")
    result = publish(run, case, "2026-08-21 10:00")
    assert result.display_until == D(2026, 11, 20)
    assert result.display_until < D.today()
    # already off the pages before the task runs (the query checks display_until) ...
    assert result.document_number not in client.get("/gongshi/results/").content.decode()
    assert services.expire_results() == 1
    result.refresh_from_db()
    assert result.status == ResultStatus.EXPIRED and result.expired_at is not None
    assert search(KIND, "孙一民").total == 0
    assert client.get(f"/gongshi/results/{result.pk}/").status_code == 404
    assert "孙一民" not in client.get("/gongshi/feed/").content.decode()
    assert "孙一民" not in b"".join(client.get("/gongshi/export.csv").streaming_content).decode()
    assert services.expire_results() == 0


def test_display_periods_are_configurable(run):
    services.settings_update(actor=SYSTEM, low_level_months=6, standard_months=24)
    assert DisclosureSettings.current().low_level_months == 6
    small = publish(run, decide_on_spot(run, party=person("周小二", "44010619800101123"), facts="销售过期食品。"),
                    "2026-11-20 11:00")
    assert small.display_until == D(2027, 5, 20)
    big = publish(run, decide_general(run, party=store_party(), facts=["销售超过保质期的食品。"]))
    assert big.display_until == D(2028, 11, 16)
    with pytest.raises(DomainError):
        services.settings_update(actor=SYSTEM, low_level_months=30, standard_months=24)
    with pytest.raises(NotAllowed):
        services.settings_update(actor=run.world["users"]["head"], low_level_months=3)


def test_the_expiry_task_runs_the_service(run):
    from ..tasks import expire_published_results

    case = decide_on_spot(run, party=person("吴过期", "44010619800101123"), facts="销售过期食品。",
                          when="2026-08-20 10:00")
    publish(run, case, "2026-08-21 10:00")
    assert expire_published_results.call_local() == 1


def test_annual_statistics_per_body(run, client):
    publish(run, decide_general(run, party=store_party(), facts=["销售超过保质期的食品。"]))
    publish(run, decide_on_spot(run, party=person("郑三", "44010619800101123"), facts="销售过期食品。"),
            "2026-11-20 11:00")
    from ..selectors import annual_statistics

    (row,) = annual_statistics(year=2026)
    assert row["count"] == 2 and row["fines"] == Decimal("75050.00") and row["withdrawn"] == 0
    page = client.get("/gongshi/statistics/?year=2026").content.decode()
    assert "75050.00" in page and "广州市天河区市场监督管理局" in page
    assert client.get("/api/v1/disclosure/statistics/?year=2026").json()[0]["count"] == 2
