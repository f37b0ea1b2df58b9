"""Which items a case may use (办法 第13条(二)) and which basis a body cites (第54条)."""

import datetime

import pytest

from yuezhifa.core.errors import DomainError
from yuezhifa.items.models import ItemStatus
from yuezhifa.items.rules import ItemNotUsable, effective_bases, item_usable, require_usable_item

from .factories import ItemBasisFactory, ItemFactory

DAY = datetime.date(2025, 6, 1)


@pytest.fixture
def item(world):
    item = ItemFactory(name="对生产经营用非食品原料生产食品的行政处罚")
    ItemBasisFactory(item=item, provision=world["articles"][124])
    return item


def test_an_active_registered_item_in_its_dates_is_usable(item):
    assert item_usable(item, DAY)
    require_usable_item(item, DAY)


@pytest.mark.parametrize(("changes", "words"), [
    ({"status": ItemStatus.DRAFT}, "草稿"),
    ({"status": ItemStatus.SUSPENDED}, "暂停"),
    ({"status": ItemStatus.REPEALED}, "废止"),
    ({"registered": False, "registered_code": ""}, "未纳入省事项管理系统"),
    ({"effective_from": datetime.date(2025, 6, 2)}, "起生效"),
    ({"effective_until": datetime.date(2025, 6, 1)}, "失效"),
])
def test_item_not_usable_is_refused_citing_article_13_2(item, changes, words):
    """办法 第13条(二): 未纳入省事项管理系统的事项，原则上不得用于办案; only active items within their dates."""
    for name, value in changes.items():
        setattr(item, name, value)
    assert not item_usable(item, DAY)
    with pytest.raises(ItemNotUsable) as exc:
        require_usable_item(item, DAY)
    assert isinstance(exc.value, DomainError)
    assert words in exc.value.message
    assert "第13条(二)" in exc.value.message
    assert exc.value.field == "item"
    assert item.code in exc.value.message


def test_effective_until_is_the_first_day_the_item_no_longer_applies(item):
    item.effective_until = datetime.date(2025, 6, 2)
    assert item_usable(item, DAY)
    assert not item_usable(item, datetime.date(2025, 6, 2))


def test_without_adjustment_a_body_cites_the_provincial_basis(world, item):
    bases = effective_bases(item, world["bodies"]["t_market"], DAY)
    assert [(b.provision_id, b.role, b.adjustment_id) for b in bases] == [
        (world["articles"][124].pk, "penalty", None)]
    assert bases[0].role_label == "处罚依据"
