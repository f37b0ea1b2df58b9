"""Maintaining the provincial item list: who may, and what each act checks and records."""

import datetime

import pytest

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.errors import Conflict, DomainError, NotAllowed
from yuezhifa.items import selectors, services
from yuezhifa.items.models import ItemStatus
from yuezhifa.items.permissions import can_edit_items
from yuezhifa.laws.models import LawStatus

from .factories import LawFactory, article, child


def _create(world, actor=None, **extra):
    arts = world["articles"]
    values = {
        "code": "440000-XZCF-00124", "name": "对生产经营用非食品原料生产食品的行政处罚", "type": "penalty",
        "domain": world["domains"]["market"], "levels": ["county", "city", "province"],
        "department": "县级以上人民政府食品安全监督管理部门", "registered_code": "11440000MB2C90034Q4440112400001",
        "bases": [(child(arts[34], "P1.I1"), "violated"), (child(arts[124], "P1.I1"), "penalty")],
    }
    values.update(extra)
    return services.item_create(actor=actor or world["users"]["p_admin"], **values)


def test_the_provincial_justice_administrator_creates_a_draft_item_audited_and_ordered(world):
    item = _create(world)
    assert item.status == ItemStatus.DRAFT
    assert item.levels == ["province", "city", "county"]  # canonical order
    assert item.registered is True
    assert [b.role for b in item.bases.order_by("order")] == ["violated", "penalty"]
    entry = AuditEntry.objects.get(action="items.item.create")
    assert entry.object_id == str(item.pk)
    assert entry.after["bases"][1]["citation"].endswith("第一百二十四条第一款第（一）项")


@pytest.mark.parametrize("who", ["c_admin", "c_market_admin", "p_market_admin", "t_head", "t_officer"])
def test_others_cannot_edit_the_provincial_list(world, who):
    """Only the provincial justice department's administrators (办法 第13条(二), 第52条) maintain the list; a city
    administrator, even of a justice department, may not."""
    user = world["users"][who]
    assert not can_edit_items(user)
    with pytest.raises(NotAllowed):
        _create(world, actor=user)
    item = _create(world)
    with pytest.raises(NotAllowed):
        services.item_update(actor=user, item=item, name="改名")
    with pytest.raises(NotAllowed):
        services.item_activate(actor=user, item=item)
    assert not selectors.item_list(user=user, action="change").exists()
    assert selectors.item_list(user=user).filter(pk=item.pk).exists()  # everyone reads the list


def test_superuser_and_system_may_edit(world):
    assert can_edit_items(world["users"]["superuser"])
    assert can_edit_items(SYSTEM)
    _create(world, actor=SYSTEM)


def test_duplicate_code_and_registration_code_are_refused(world):
    _create(world)
    with pytest.raises(Conflict) as exc:
        _create(world, registered_code="OTHER-1")
    assert exc.value.field == "code" and "440000-XZCF-00124" in exc.value.message
    with pytest.raises(Conflict) as exc:
        _create(world, code="440000-XZCF-00125")
    assert exc.value.field == "registered_code"


@pytest.mark.parametrize(("code", "words"), [
    ("440000-XZCF-124", "格式不正确"),
    ("450000-XZCF-00124", "格式不正确"),
    ("440000-XZQZ-00124", "类型码"),
])
def test_item_code_format_and_type_segment(world, code, words):
    with pytest.raises(DomainError) as exc:
        _create(world, code=code)
    assert words in exc.value.message and exc.value.field == "code"


def test_levels_must_be_known_and_present(world):
    with pytest.raises(DomainError) as exc:
        _create(world, levels=[])
    assert exc.value.field == "levels"
    with pytest.raises(DomainError) as exc:
        _create(world, levels=["city", "village"])
    assert "village" in exc.value.message


def test_a_basis_must_cite_an_article_paragraph_or_item_of_a_current_law(world):
    old = LawFactory(name="中华人民共和国旧法", status=LawStatus.REPEALED)
    with pytest.raises(DomainError) as exc:
        _create(world, bases=[(article(old, 1), "penalty")])
    assert "已废止" in exc.value.message


def test_activation_needs_registration_and_a_penalty_basis(world):
    item = _create(world, registered_code="")
    with pytest.raises(DomainError) as exc:
        services.item_activate(actor=world["users"]["p_admin"], item=item)
    assert "省事项管理系统" in exc.value.message
    services.item_update(actor=world["users"]["p_admin"], item=item, registered_code="REG-1")
    services.basis_set(actor=world["users"]["p_admin"], item=item,
                       bases=[(child(world["articles"][34], "P1.I1"), "violated")])
    with pytest.raises(DomainError) as exc:
        services.item_activate(actor=world["users"]["p_admin"], item=item)
    assert "处罚依据" in exc.value.message
    services.basis_set(actor=world["users"]["p_admin"], item=item,
                       bases=[(world["articles"][124], "penalty")])
    item = services.item_activate(actor=world["users"]["p_admin"], item=item,
                                  effective_from=datetime.date(2025, 1, 1))
    assert item.status == ItemStatus.ACTIVE and item.effective_from == datetime.date(2025, 1, 1)
    assert item.version == 4  # created, registered, two basis changes; activation is a status, not a version


def test_update_bumps_version_only_on_change_and_keeps_code(world):
    item = _create(world)
    same = services.item_update(actor=world["users"]["p_admin"], item=item, name=item.name)
    assert same.version == 1
    item = services.item_update(actor=world["users"]["p_admin"], item=item, department="市场监督管理部门")
    assert item.version == 2
    with pytest.raises(DomainError):
        services.item_update(actor=world["users"]["p_admin"], item=item, code="440000-XZCF-00999")
    with pytest.raises(DomainError) as exc:
        services.item_update(actor=world["users"]["p_admin"], item=item, type="inspection")
    assert exc.value.field == "type"


def test_suspend_and_repeal_record_reasons_and_dates(world):
    admin = world["users"]["p_admin"]
    item = services.item_activate(actor=admin, item=_create(world), effective_from=datetime.date(2024, 1, 1))
    with pytest.raises(DomainError):
        services.item_suspend(actor=admin, item=item, reason=" ")
    item = services.item_suspend(actor=admin, item=item, reason="依据修改，清单调整中")
    assert item.status == ItemStatus.SUSPENDED and item.status_reason == "依据修改，清单调整中"
    item = services.item_activate(actor=admin, item=item)
    item = services.item_repeal(actor=admin, item=item, reason="职权取消",
                                effective_until=datetime.date(2025, 3, 1))
    assert item.status == ItemStatus.REPEALED and item.effective_until == datetime.date(2025, 3, 1)
    with pytest.raises(DomainError):
        services.item_update(actor=admin, item=item, name="x")
    with pytest.raises(DomainError):
        services.item_activate(actor=admin, item=item)
    actions = list(AuditEntry.objects.filter(object_id=str(item.pk)).values_list("action", flat=True))
    assert actions == ["items.item.create", "items.item.activate", "items.item.suspend", "items.item.activate",
                       "items.item.repeal"]


def test_an_active_item_cannot_lose_its_registration_or_its_basis(world):
    admin = world["users"]["p_admin"]
    item = services.item_activate(actor=admin, item=_create(world))
    with pytest.raises(DomainError):
        services.item_update(actor=admin, item=item, registered_code="")
    with pytest.raises(DomainError):
        services.basis_set(actor=admin, item=item, bases=[])


def test_basis_set_keeps_unchanged_rows_and_is_a_no_op_when_equal(world):
    admin = world["users"]["p_admin"]
    item = _create(world)
    kept = item.bases.get(role="penalty")
    bases = [(child(world["articles"][124], "P1.I1"), "penalty", "第一款第（一）项"),
             (world["articles"][122], "penalty")]
    item = services.basis_set(actor=admin, item=item, bases=bases)
    assert item.bases.get(role="penalty", provision=kept.provision).pk == kept.pk
    assert item.bases.count() == 2 and item.version == 2
    item = services.basis_set(actor=admin, item=item, bases=bases)
    assert item.version == 2
    with pytest.raises(DomainError) as exc:
        services.basis_set(actor=admin, item=item, bases=[(world["articles"][122], "penalty")] * 2)
    assert "重复" in exc.value.message


def test_selectors_filter_by_type_domain_status_level_and_search(world):
    admin = world["users"]["p_admin"]
    a = _create(world)
    b = _create(world, code="440000-XZJC-00001", name="对食品生产经营者的监督检查", type="inspection",
                levels=["township"], registered_code="REG-2", bases=[(world["articles"][110], "inspection")])
    user = world["users"]["t_officer"]
    assert set(selectors.item_list(user=user, type="inspection")) == {b}
    assert set(selectors.item_list(user=user, domain="market")) == {a, b}
    assert set(selectors.item_list(user=user, level="township")) == {b}
    assert set(selectors.item_list(user=user, level="city")) == {a}
    assert set(selectors.item_list(user=user, status="draft")) == {a, b}
    assert set(selectors.item_list(user=user, search="非食品原料")) == {a}
    assert set(selectors.item_list(user=user, search="440000-xzjc-00001")) == {b}
    services.item_activate(actor=admin, item=a)
    assert set(selectors.item_list(user=user, status="active")) == {a}
