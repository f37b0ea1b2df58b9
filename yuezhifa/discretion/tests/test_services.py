"""Writing benchmarks: who may, what is refused (ranges outside the law, overlapping versions), and that bad input
writes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from yuezhifa.audit.models import AuditEntry
from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.errors import Conflict, DomainError, NotAllowed
from yuezhifa.discretion import services
from yuezhifa.discretion.models import Benchmark, BenchmarkStatus, FineBranch, Tier, TierFine
from yuezhifa.discretion.selectors import benchmark_in_force, benchmark_list

from . import factories as f


def create(world, actor=SYSTEM, body="p_market", **overrides):
    return services.benchmark_create(actor=actor, item=world["item"], issuing_body=world["bodies"][body],
                                     **f.food_124(world["art124"], **overrides))


def tier_index(content: dict, kind: str) -> int:
    return next(i for i, t in enumerate(content["tiers"]) if t["kind"] == kind)


# --- create ------------------------------------------------------------------------------------------------------


def test_create_writes_the_whole_benchmark_as_a_draft_and_audits_it(world):
    bm = create(world)
    assert bm.status == BenchmarkStatus.DRAFT and bm.version == 1
    assert bm.fine_branches.count() == 2 and bm.tiers.count() == 4
    assert TierFine.objects.filter(tier__benchmark=bm).count() == 8
    assert list(bm.basis_provisions.all()) == [world["art124"]]
    entry = AuditEntry.objects.get(action="discretion.benchmark.create", object_id=str(bm.pk))
    assert entry.after["fine_branches"][1]["min_multiple"] == "10"
    snapshot = services.benchmark_snapshot(bm)
    assert snapshot["tiers"][0]["kind"] == "reduced"
    assert snapshot["tiers"][1]["fines"][0] == {"branch": 0, "min_yuan": "50000.00", "min_multiple": None,
                                                "max_yuan": "70000.00", "max_multiple": None}


def test_versions_are_numbered_per_item_and_issuing_body(world):
    assert create(world).version == 1
    assert create(world).version == 2
    assert create(world, body="c_market").version == 1


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"fine_branches": [{"min_yuan": "50000"}]}, "fine_branches[0].max_yuan", "最高限"),
    ({"fine_branches": [{"min_multiple": "1", "max_multiple": "5"}]}, "fine_branches[0].base", "罚款基数"),
    ({"fine_branches": [{"min_yuan": 1.5, "max_yuan": "5"}]}, "fine_branches[0].min_yuan", "浮点数"),
    ({"fine_branches": [{"min_yuan": "-1", "max_yuan": "5"}]}, "fine_branches[0].min_yuan", "负数"),
    ({"fine_branches": [{"min_yuan": "9", "max_yuan": "5"}]}, "fine_branches[0].min_yuan", "大于最高"),
    ({"fine_branches": [{"max_yuan": "5", "condition": "no_such"}]}, "fine_branches[0].condition", "no_such"),
    ({"penalties": {"fine": "required"}}, "penalties.fine", "罚款以法定罚款情形"),
    ({"penalties": {"detention": "allowed"}}, "penalties.detention", "第九条"),
    ({"tiers": [{"kind": "lighter"}, {"kind": "lighter"}]}, "tiers[1].kind", "重复"),
    ({"tiers": [{"kind": "harsh"}]}, "tiers[0].kind", "harsh"),
    ({"tiers": [{"kind": "lighter", "fines": [{"branch": 5, "max_yuan": "1"}]}]}, "tiers[0].fines[0].branch", "序号"),
    ({"tiers": [{"kind": "exempt", "fines": [{"branch": 0, "max_yuan": "1"}]}]}, "tiers[0].fines", "不予处罚"),
    ({"rules": [{"circumstance": "under_14", "tier": "lighter"}]}, "rules[0].circumstance", "处罚法直接规定"),
    ({"rules": [{"circumstance": "first_violation", "tier": "reduced"}]}, "rules[0].tier", "只能对应"),
    ({"rules": [{"circumstance": "age_14_to_18", "tier": "heavier"}]}, "rules[0].tier", "只能对应"),
    ({"rules": [{"circumstance": "corrected", "tier": "exempt"}]}, "rules[0].basis", "依据"),
    ({"effective_until": datetime.date(2022, 1, 1)}, "effective_until", "晚于"),
])
def test_bad_input_is_refused_naming_the_field_and_writes_nothing(world, change, field, words):
    before = (Benchmark.objects.count(), FineBranch.objects.count(), Tier.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError) as exc:
        create(world, **change)
    assert exc.value.field == field
    assert words in exc.value.message
    after = (Benchmark.objects.count(), FineBranch.objects.count(), Tier.objects.count(), AuditEntry.objects.count())
    assert after == before


def test_only_penalty_items_take_benchmarks(world):
    inspection = f.item(world["art124"], type="inspection")
    with pytest.raises(DomainError, match="行政处罚事项"):
        services.benchmark_create(actor=SYSTEM, item=inspection, issuing_body=world["bodies"]["p_market"],
                                  **f.food_124(world["art124"]))


# --- who may -----------------------------------------------------------------------------------------------------


def test_the_issuing_bodys_administrator_and_superusers_may_write(world):
    users = world["users"]
    assert create(world, actor=users["p_admin"]).issuing_body == world["bodies"]["p_market"]
    assert create(world, actor=users["superuser"]).version == 2
    assert create(world, actor=users["c_admin"], body="c_market").issuing_body == world["bodies"]["c_market"]


@pytest.mark.parametrize(("user", "body"), [("c_admin", "p_market"), ("t_officer", "t_market"),
                                            ("t_head", "t_market"), ("p_admin", "c_market")])
def test_others_may_not_write(world, user, body):
    with pytest.raises(NotAllowed) as exc:
        create(world, actor=world["users"][user], body=body)
    assert world["bodies"][body].name in exc.value.message
    assert not Benchmark.objects.exists()


def test_township_bodies_do_not_issue_benchmarks(world):
    from yuezhifa.org.tests.factories import BodyFactory, division

    town = BodyFactory(name="测试街道办事处", division=division("440106001", "五山街道", world["bodies"]["t_market"].division),
                       kind="government")
    with pytest.raises(NotAllowed, match="乡镇级"):
        services.benchmark_create(actor=SYSTEM, item=world["item"], issuing_body=town, **f.food_124(world["art124"]))


def test_drafts_are_seen_only_by_their_writers(world, benchmark):
    draft = create(world)
    users = world["users"]
    assert set(benchmark_list(user=users["t_officer"])) == {benchmark}
    assert set(benchmark_list(user=users["c_admin"])) == {benchmark}
    assert set(benchmark_list(user=users["p_admin"])) == {benchmark, draft}
    assert set(benchmark_list(user=users["superuser"])) == {benchmark, draft}
    assert set(benchmark_list(user=users["p_admin"], action="change")) == {benchmark, draft}
    assert not benchmark_list(user=users["c_admin"], action="change").exists()


# --- activate ----------------------------------------------------------------------------------------------------


def test_activate_publishes_a_sound_draft(world):
    bm = services.benchmark_activate(actor=world["users"]["p_admin"], benchmark=create(world))
    assert bm.status == BenchmarkStatus.ACTIVE and bm.activated_at is not None
    assert AuditEntry.objects.filter(action="discretion.benchmark.activate", object_id=str(bm.pk)).exists()


@pytest.mark.parametrize(("kind", "branch", "terms", "words"), [
    ("heavier", 0, {"min_yuan": "80000", "max_yuan": "120000"}, ["从重处罚", "上限", "高于法定最高限"]),
    ("lighter", 0, {"min_yuan": "40000", "max_yuan": "70000"}, ["从轻处罚", "下限", "低于法定最低限"]),
    ("standard", 1, {"min_multiple": "14", "max_multiple": "21"}, ["一般处罚", "货值金额一万元以上的", "上限",
                                                                  "21 倍以下", "本档次上限为 210,000.00 元"]),
    ("lighter", 1, {"min_multiple": "9", "max_multiple": "14"}, ["从轻处罚", "下限", "货值金额为 10,000.00 元时"]),
    ("reduced", 0, {"min_yuan": "10000", "max_yuan": "100001"}, ["减轻处罚", "上限", "100,001.00"]),
])
def test_activate_refuses_a_tier_range_outside_the_statute_naming_tier_and_bound(world, kind, branch, terms, words):
    content = f.food_124(world["art124"])
    content["tiers"][tier_index(content, kind)]["fines"][branch] = {"branch": branch, **terms}
    bm = create(world, **{k: content[k] for k in ("tiers",)})
    with pytest.raises(DomainError) as exc:
        services.benchmark_activate(actor=SYSTEM, benchmark=bm)
    for word in words:
        assert word in exc.value.message
    assert exc.value.field == f"tiers.{kind}.fines.{branch}"
    bm.refresh_from_db()
    assert bm.status == BenchmarkStatus.DRAFT


def test_reduced_tier_may_go_below_the_statutory_minimum(world):
    """处罚法 第32条: 减轻 below the minimum is no problem."""
    content = f.food_124(world["art124"])
    content["tiers"][tier_index(content, "reduced")]["fines"][0] = {"branch": 0, "min_yuan": "0", "max_yuan": "49999"}
    bm = services.benchmark_activate(actor=SYSTEM, benchmark=create(world, tiers=content["tiers"]))
    assert bm.status == BenchmarkStatus.ACTIVE


@pytest.mark.parametrize(("change", "words"), [
    ({"basis_provisions": []}, "处罚依据"),
    ({"tiers": [t for t in f.food_124()["tiers"] if t["kind"] != "standard"]}, "一般处罚"),
    ({"penalties": {"confiscate_income": "required"}}, "法定处罚种类不包括吊销许可证件"),
    ({"penalties": {**f.food_124()["penalties"], "revoke_licence": "required"}}, "不能免除"),
])
def test_activate_refuses_incomplete_or_inconsistent_benchmarks(world, change, words):
    bm = create(world, **change)
    with pytest.raises(DomainError) as exc:
        services.benchmark_activate(actor=SYSTEM, benchmark=bm)
    assert words in exc.value.message or any(words in e["message"] for e in exc.value.errors)


def test_a_new_version_supersedes_the_one_in_force_from_its_first_day(world, benchmark):
    today = timezone.localdate()
    new = services.benchmark_new_version(actor=SYSTEM, benchmark=benchmark, effective_from=today)
    assert new.version == 2 and new.status == BenchmarkStatus.DRAFT and new.supersedes == benchmark
    services.benchmark_activate(actor=SYSTEM, benchmark=new)
    benchmark.refresh_from_db()
    assert benchmark.effective_until == today and benchmark.status == BenchmarkStatus.ACTIVE
    item = world["item"]
    assert benchmark_in_force(item=item, on=today - datetime.timedelta(days=1)) == benchmark
    assert benchmark_in_force(item=item, on=today) == new
    assert AuditEntry.objects.filter(action="discretion.benchmark.supersede", object_id=str(benchmark.pk)).exists()


def test_superseding_is_never_retroactive(world, benchmark):
    """A version in force since 2023 cannot be replaced from a past date: decisions already made relied on it."""
    new = services.benchmark_new_version(actor=SYSTEM, benchmark=benchmark, effective_from=datetime.date(2024, 1, 1))
    with pytest.raises(Conflict, match="溯及既往"):
        services.benchmark_activate(actor=SYSTEM, benchmark=new)


def test_overlapping_versions_are_refused(world, benchmark):
    """The same item and issuing body: an earlier-starting version cannot overlap one already in force."""
    older = create(world, effective_from=datetime.date(2022, 1, 1), effective_until=datetime.date(2023, 6, 1))
    with pytest.raises(Conflict) as exc:
        services.benchmark_activate(actor=SYSTEM, benchmark=older)
    assert "第1版" in exc.value.message and "重叠" in exc.value.message
    fitting = create(world, effective_from=datetime.date(2022, 1, 1), effective_until=datetime.date(2023, 1, 1))
    assert services.benchmark_activate(actor=SYSTEM, benchmark=fitting).status == BenchmarkStatus.ACTIVE
    assert benchmark_in_force(item=world["item"], on=datetime.date(2022, 12, 31)) == fitting
    assert benchmark_in_force(item=world["item"], on=datetime.date(2023, 1, 1)) == benchmark


def test_versions_of_different_bodies_may_coexist(world, benchmark):
    local = create(world, actor=world["users"]["c_admin"], body="c_market", parent=benchmark)
    assert services.benchmark_activate(actor=world["users"]["c_admin"], benchmark=local).status == "active"


# --- refinement --------------------------------------------------------------------------------------------------


def test_a_local_benchmark_must_refine_the_provincial_one(world, benchmark):
    local = create(world, actor=world["users"]["c_admin"], body="c_market")
    with pytest.raises(DomainError) as exc:
        services.benchmark_activate(actor=world["users"]["c_admin"], benchmark=local)
    assert "广东省市场监督管理局" in exc.value.message and exc.value.field == "parent"


def test_a_local_tier_must_lie_inside_the_provincial_tier(world, benchmark):
    content = f.food_124(world["art124"])
    content["tiers"][tier_index(content, "standard")]["fines"][0] = {"branch": 0, "min_yuan": "65000",
                                                                     "max_yuan": "80000"}
    local = create(world, actor=world["users"]["c_admin"], body="c_market", parent=benchmark, tiers=content["tiers"])
    with pytest.raises(DomainError) as exc:
        services.benchmark_activate(actor=world["users"]["c_admin"], benchmark=local)
    assert "一般处罚" in exc.value.message and "上级基准" in exc.value.message and "下限" in exc.value.message
    content["tiers"][tier_index(content, "standard")]["fines"][0] = {"branch": 0, "min_yuan": "72000",
                                                                     "max_yuan": "78000"}
    services.benchmark_update(actor=world["users"]["c_admin"], benchmark=local, tiers=content["tiers"])
    assert services.benchmark_activate(actor=world["users"]["c_admin"], benchmark=local).status == "active"


def test_the_parent_must_be_issued_above(world, benchmark):
    with pytest.raises(DomainError, match="上级主体"):
        create(world, actor=world["users"]["p_admin"], parent=benchmark)
    other_item = f.item(world["art124"])
    with pytest.raises(DomainError, match="同一执法事项"):
        services.benchmark_create(actor=world["users"]["c_admin"], item=other_item,
                                  issuing_body=world["bodies"]["c_market"], parent=benchmark,
                                  **f.food_124(world["art124"]))


# --- update and retire -------------------------------------------------------------------------------------------


def test_update_replaces_content_of_a_draft_only(world, benchmark):
    draft = create(world)
    services.benchmark_update(actor=SYSTEM, benchmark=draft, title="新名称",
                              fine_branches=[{"min_yuan": "1000", "max_yuan": "5000"}],
                              tiers=[{"kind": "lighter", "fines": [{"branch": 0, "min_yuan": "1000",
                                                                    "max_yuan": "2000"}]}])
    draft.refresh_from_db()
    assert draft.title == "新名称" and draft.fine_branches.count() == 1 and draft.tiers.count() == 1
    assert draft.rules.count() == 1  # not given: kept
    with pytest.raises(DomainError, match="起草新版本"):
        services.benchmark_update(actor=SYSTEM, benchmark=benchmark, title="x")
    with pytest.raises(DomainError, match="不能修改"):
        services.benchmark_update(actor=SYSTEM, benchmark=draft, item=world["item"])


def test_retire_ends_a_benchmark_which_stays_the_record_for_its_dates(world, benchmark):
    with pytest.raises(DomainError, match="废止理由"):
        services.benchmark_retire(actor=SYSTEM, benchmark=benchmark, reason=" ")
    bm = services.benchmark_retire(actor=world["users"]["p_admin"], benchmark=benchmark, reason="依据修改",
                                   effective_until=datetime.date(2024, 7, 1))
    assert bm.status == BenchmarkStatus.RETIRED and bm.effective_until == datetime.date(2024, 7, 1)
    assert benchmark_in_force(item=world["item"], on=datetime.date(2024, 6, 30)) == bm
    assert benchmark_in_force(item=world["item"], on=datetime.date(2024, 7, 1)) is None
    with pytest.raises(DomainError, match="只有生效的基准"):
        services.benchmark_retire(actor=SYSTEM, benchmark=bm, reason="再次")
    with pytest.raises(NotAllowed):
        services.benchmark_retire(actor=world["users"]["c_admin"], benchmark=create(world), reason="x")


def test_decimal_inputs_keep_their_precision(world):
    bm = create(world, fine_branches=[{"base": "illegal_income", "min_multiple": "0.5", "max_multiple": "2.2500",
                                       "min_yuan": Decimal("10000.10")}], tiers=[])
    branch = bm.fine_branches.get()
    assert branch.min_multiple == Decimal("0.5") and branch.max_multiple == Decimal("2.25")
    assert branch.min_yuan == Decimal("10000.10")
    with pytest.raises(DomainError, match="4 位小数"):
        create(world, fine_branches=[{"base": "illegal_income", "max_multiple": "1.23456"}], tiers=[])
