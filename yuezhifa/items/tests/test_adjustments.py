"""A body's basis adjustment (办法 第54条第2款): head's approval, report to the sector department, and from approval
on the body's cases cite the adjusted basis."""

import datetime

import pytest
from django.utils import timezone

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.errors import Conflict, DomainError, NotAllowed
from yuezhifa.items import selectors, services
from yuezhifa.items.models import AdjustmentStatus
from yuezhifa.items.rules import effective_bases

from .factories import ItemBasisFactory, ItemFactory, LawFactory, article


@pytest.fixture
def item(world):
    item = ItemFactory(name="对经营超过保质期的食品的行政处罚")
    ItemBasisFactory(item=item, provision=world["articles"][124], role="penalty")
    return item


@pytest.fixture
def new_law(world):
    law = LawFactory(name="中华人民共和国食品安全法（修订草案施行文本）", short_name="食品安全法修订文本")
    return article(law, 130)


def _submit(world, item, new_law, actor="t_admin"):
    return services.basis_adjustment_submit(
        actor=world["users"][actor], body=world["bodies"]["t_market"], item=item,
        bases=[{"provision": new_law, "role": "penalty", "note": "新法条文"}], reason="上位法修改，原条款已调整序号，急需办案")


def test_adjusted_basis_applies_to_the_body_only_after_its_heads_approval(world, item, new_law):
    body, other = world["bodies"]["t_market"], world["bodies"]["c_market"]
    adj = _submit(world, item, new_law)
    today = timezone.localdate()
    assert adj.status == AdjustmentStatus.SUBMITTED
    assert [b.provision_id for b in effective_bases(item, body, today)] == [world["articles"][124].pk]

    for who in ("t_admin", "t_officer", "c_head", "superuser", "p_admin"):
        with pytest.raises(NotAllowed) as exc:
            services.basis_adjustment_approve(actor=world["users"][who], adjustment=adj)
        assert "第54条" in exc.value.message

    adj = services.basis_adjustment_approve(actor=world["users"]["t_head"], adjustment=adj, note="同意")
    assert adj.status == AdjustmentStatus.APPROVED and adj.approved_by == world["users"]["t_head"]
    assert adj.approved_at is not None
    bases = effective_bases(item, body, today)
    assert [(b.provision_id, b.role, b.note, b.adjustment_id) for b in bases] == [
        (new_law.pk, "penalty", "新法条文", adj.pk)]
    # Another body, and the same body before the day of approval, keep the provincial basis.
    assert [b.provision_id for b in effective_bases(item, other, today)] == [world["articles"][124].pk]
    yesterday = today - datetime.timedelta(days=1)
    assert [b.provision_id for b in effective_bases(item, body, yesterday)] == [world["articles"][124].pk]


def test_the_report_to_the_sector_department_is_recorded_after_approval(world, item, new_law):
    adj = _submit(world, item, new_law)
    with pytest.raises(DomainError) as exc:
        services.basis_adjustment_report(actor=world["users"]["t_admin"], adjustment=adj, reported_to="广州市市场监督管理局")
    assert "批准后" in exc.value.message
    adj = services.basis_adjustment_approve(actor=world["users"]["t_head"], adjustment=adj)
    with pytest.raises(DomainError) as exc:
        services.basis_adjustment_report(actor=world["users"]["t_admin"], adjustment=adj, reported_to=" ")
    assert exc.value.field == "reported_to"
    with pytest.raises(NotAllowed):
        services.basis_adjustment_report(actor=world["users"]["t_officer"], adjustment=adj, reported_to="广州市市场监督管理局")
    adj = services.basis_adjustment_report(actor=world["users"]["t_admin"], adjustment=adj,
                                           reported_to="广州市市场监督管理局")
    assert adj.reported_to == "广州市市场监督管理局" and adj.is_reported
    actions = list(AuditEntry.objects.filter(object_id=str(adj.pk)).values_list("action", flat=True))
    assert actions == ["items.adjustment.submit", "items.adjustment.approve", "items.adjustment.report"]


def test_rejection_needs_a_reason_and_leaves_the_provincial_basis(world, item, new_law):
    adj = _submit(world, item, new_law)
    with pytest.raises(DomainError):
        services.basis_adjustment_reject(actor=world["users"]["t_head"], adjustment=adj, note="")
    adj = services.basis_adjustment_reject(actor=world["users"]["t_head"], adjustment=adj, note="依据未变化")
    assert adj.status == AdjustmentStatus.REJECTED
    assert effective_bases(item, world["bodies"]["t_market"], timezone.localdate())[0].adjustment_id is None
    with pytest.raises(DomainError):
        services.basis_adjustment_approve(actor=world["users"]["t_head"], adjustment=adj)


def test_only_the_bodys_admin_or_head_submits_and_only_one_pending(world, item, new_law):
    with pytest.raises(NotAllowed):
        _submit(world, item, new_law, actor="t_officer")
    with pytest.raises(NotAllowed):
        _submit(world, item, new_law, actor="c_head")  # the head of another body
    _submit(world, item, new_law, actor="c_market_admin")  # the city administrator's scope covers the county body
    with pytest.raises(Conflict):
        _submit(world, item, new_law, actor="t_head")


def test_submission_checks_reason_level_and_provisions(world, item, new_law):
    user, body = world["users"]["t_admin"], world["bodies"]["t_market"]
    with pytest.raises(DomainError) as exc:
        services.basis_adjustment_submit(actor=user, body=body, item=item, bases=[(new_law, "penalty")], reason="")
    assert exc.value.field == "reason"
    with pytest.raises(DomainError) as exc:
        services.basis_adjustment_submit(actor=user, body=body, item=item, bases=[], reason="急需")
    assert exc.value.field == "bases"
    item.levels = ["province"]
    item.save()
    with pytest.raises(DomainError) as exc:
        services.basis_adjustment_submit(actor=user, body=body, item=item, bases=[(new_law, "penalty")],
                                         reason="急需")
    assert "实施层级" in exc.value.message


def test_a_later_approval_ends_the_earlier_one_and_ending_restores_the_list(world, item, new_law):
    body = world["bodies"]["t_market"]
    first = services.basis_adjustment_approve(actor=world["users"]["t_head"],
                                              adjustment=_submit(world, item, new_law))
    second = services.basis_adjustment_approve(
        actor=world["users"]["t_head"],
        adjustment=services.basis_adjustment_submit(actor=world["users"]["t_admin"], body=body, item=item,
                                                    bases=[(world["articles"][125], "penalty")], reason="再次调整"))
    first.refresh_from_db()
    assert first.status == AdjustmentStatus.ENDED
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert [b.provision_id for b in effective_bases(item, body, tomorrow)] == [world["articles"][125].pk]
    services.basis_adjustment_end(actor=world["users"]["p_admin"], adjustment=second, reason="省事项清单已调整")
    assert [b.provision_id for b in effective_bases(item, body, tomorrow)] == [world["articles"][124].pk]


def test_adjustments_are_read_within_the_organisation_scope(world, item, new_law):
    adj = _submit(world, item, new_law)
    assert selectors.adjustment_list(user=world["users"]["t_officer"]).filter(pk=adj.pk).exists()
    assert selectors.adjustment_list(user=world["users"]["c_head"]).filter(pk=adj.pk).exists()
    assert selectors.adjustment_list(user=world["users"]["p_admin"]).filter(pk=adj.pk).exists()
    assert not selectors.adjustment_list(user=world["users"]["c_admin"]).filter(pk=adj.pk).exists()
