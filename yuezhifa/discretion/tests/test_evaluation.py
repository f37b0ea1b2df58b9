"""Evaluation at decision time (DESIGN §6) against saved benchmarks: which benchmark applies, the fine computed from
the amounts, the tiers the circumstances give, and the check of a proposed decision."""

import datetime
from decimal import Decimal

import pytest

from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.errors import DomainError
from yuezhifa.discretion import services
from yuezhifa.discretion.evaluation import DeviationKind, NoBenchmark, check_decision, evaluate

from . import factories as f

DAY = datetime.date(2024, 5, 1)
D = Decimal


def ev(world, circumstances=(), amounts=None, on=DAY, party_kind="legal", **kw):
    return evaluate(item=world["item"], circumstances=set(circumstances), amounts=amounts or {"goods_value": "5000"},
                    on=on, party_kind=party_kind, **kw)


# --- which benchmark ---------------------------------------------------------------------------------------------


def test_no_benchmark_in_force_is_a_clear_error_naming_item_and_date(world):
    with pytest.raises(NoBenchmark) as exc:
        ev(world)
    assert world["item"].code in exc.value.message and world["item"].name in exc.value.message
    assert "2024-05-01" in exc.value.message and exc.value.field == "item"


def test_the_benchmark_in_force_on_the_date_of_the_act_applies(world, benchmark):
    """处罚法 第37条: the rules at the time of the act. Before 2023 there was none."""
    assert ev(world).benchmark_version == 1
    with pytest.raises(NoBenchmark, match="2022-12-31"):
        ev(world, on=datetime.date(2022, 12, 31))


def test_a_drafts_trial_run_needs_its_own_item(world, benchmark):
    draft = services.benchmark_new_version(actor=SYSTEM, benchmark=benchmark)
    assert ev(world, benchmark=draft).benchmark_version == 2
    other = f.item(world["art124"])
    with pytest.raises(DomainError, match="不属于"):
        evaluate(item=other, circumstances=set(), amounts={}, on=DAY, party_kind="legal", benchmark=draft)


def test_a_body_gets_its_own_benchmark_or_the_nearest_above(world, benchmark):
    content = f.food_124(world["art124"])
    content["tiers"][2]["fines"][0] = {"branch": 0, "min_yuan": "72000", "max_yuan": "78000"}
    local = services.benchmark_create(actor=SYSTEM, item=world["item"], issuing_body=world["bodies"]["c_market"],
                                      parent=benchmark, **content)
    services.benchmark_activate(actor=SYSTEM, benchmark=local)
    bodies = world["bodies"]
    assert ev(world, body=bodies["t_market"]).benchmark_id == local.pk  # below Guangzhou
    assert ev(world, body=bodies["c_market"]).benchmark_id == local.pk
    assert ev(world, body=bodies["sz_market"]).benchmark_id == benchmark.pk  # Shenzhen: the provincial one
    assert ev(world).benchmark_id == benchmark.pk
    assert ev(world, body=bodies["t_market"]).fine.lower == D(72000)


# --- the fine from the amounts -----------------------------------------------------------------------------------


def test_multiples_of_the_goods_value_are_exact(world, benchmark):
    """货值金额 12,345.67 元, 一般档次 14-16 倍: 172,839.38 至 197,530.72 元 exactly."""
    result = ev(world, amounts={"goods_value": "12345.67"})
    assert result.tier == "standard"
    fine = result.fine
    assert (fine.lower, fine.upper) == (D("172839.38"), D("197530.72"))
    assert (fine.statutory_lower, fine.statutory_upper) == (D("123456.70"), D("246913.40"))
    assert fine.branch == "货值金额一万元以上的" and fine.base_amount == D("12345.67")
    assert result.as_dict()["ranges"]["fine"]["lower"] == "172839.38"


@pytest.mark.parametrize(("goods", "branch", "lower", "upper"), [
    ("0", "货值金额不足一万元的", "70000.00", "80000.00"),
    ("9999.99", "货值金额不足一万元的", "70000.00", "80000.00"),
    ("10000", "货值金额一万元以上的", "140000.00", "160000.00"),
    ("10000.01", "货值金额一万元以上的", "140000.14", "160000.16"),
])
def test_the_branch_follows_the_base_amount(world, benchmark, goods, branch, lower, upper):
    """“不足一万元” excludes 10,000; “一万元以上” includes it (民法典 第1259条)."""
    fine = ev(world, amounts={"goods_value": goods}).fine
    assert fine.branch == branch
    assert (str(fine.lower), str(fine.upper)) == (lower, upper) or (fine.lower, fine.upper) == (D(lower), D(upper))


def test_a_missing_amount_is_asked_for(world, benchmark):
    with pytest.raises(DomainError) as exc:
        ev(world, amounts={"illegal_income": "1"})
    assert exc.value.field == "amounts.goods_value" and "货值金额" in exc.value.message


@pytest.mark.parametrize(("amounts", "field"), [({"goods_value": 1.5}, "amounts.goods_value"),
                                                ({"goods_value": "-1"}, "amounts.goods_value"),
                                                ({"goods_value": "abc"}, "amounts.goods_value"),
                                                ({"bribe": "1"}, "amounts.bribe")])
def test_bad_amounts_are_refused(world, benchmark, amounts, field):
    with pytest.raises(DomainError) as exc:
        ev(world, amounts=amounts)
    assert exc.value.field == field


def _benchmark(world, branches, tiers, penalties=None, **extra):
    bm = services.benchmark_create(
        actor=SYSTEM, item=world["item"], issuing_body=world["bodies"]["p_market"], title="测试基准",
        effective_from=datetime.date(2023, 1, 1), basis_provisions=[world["art124"]], fine_branches=branches,
        penalties=penalties or {}, tiers=tiers, **extra)
    return services.benchmark_activate(actor=SYSTEM, benchmark=bm)


def test_floor_and_ceiling_branches(world):
    """安全生产法 第103条 style: 违法所得十万元以上的，二倍以上五倍以下；没有违法所得或者不足十万元的，十万元以上
    二十万元以下 (单处或者并处); plus a floor and ceiling on the multiple."""
    branches = [
        {"description": "违法所得十万元以上的", "base": "illegal_income", "base_from": "100000", "min_multiple": "2",
         "max_multiple": "5", "max_yuan": "400000"},
        {"description": "没有违法所得或者违法所得不足十万元的", "base": "illegal_income", "base_below": "100000",
         "min_yuan": "100000", "max_yuan": "200000", "requirement": "optional"},
    ]
    tiers = [{"kind": k, "fines": [{"branch": 0, "min_multiple": lo, "max_multiple": hi, "max_yuan": "400000"},
                                   {"branch": 1, "min_yuan": ylo, "max_yuan": yhi}]}
             for k, lo, hi, ylo, yhi in [("lighter", "2", "3", "100000", "140000"),
                                         ("standard", "3", "4", "140000", "160000"),
                                         ("heavier", "4", "5", "160000", "200000")]]
    _benchmark(world, branches, tiers)
    small = ev(world, amounts={"illegal_income": "0"}).fine
    assert (small.lower, small.upper, small.required) == (D(140000), D(160000), False)
    mid = ev(world, amounts={"illegal_income": "100000"}).fine
    assert (mid.lower, mid.upper) == (D(300000), D(400000))
    big = ev(world, amounts={"illegal_income": "150000"}).fine  # 3-4 × 150,000 = 450,000-600,000, ceiling 400,000
    assert (big.lower, big.upper, big.statutory_upper) == (D(400000), D(400000), D(400000))
    assert check_decision(ev(world, amounts={"illegal_income": "0"}), {"warning": False}) != []


def test_a_floor_above_the_ceiling_uses_the_floor(world):
    """“二万元以上、违法所得五倍以下” with 1,000 yuan of income: 20,000 yuan, and the reasons say why."""
    branches = [{"base": "illegal_income", "min_yuan": "20000", "max_multiple": "5"}]
    tiers = [{"kind": k, "fines": [{"branch": 0, "min_yuan": "20000", "max_multiple": m}]}
             for k, m in [("lighter", "2"), ("standard", "3"), ("heavier", "5")]]
    _benchmark(world, branches, tiers)
    result = ev(world, amounts={"illegal_income": "1000"})
    assert (result.fine.lower, result.fine.upper) == (D(20000), D(20000))
    assert any("以法定最低额" in r for r in result.reasons)


def test_a_branch_conditioned_on_a_circumstance(world):
    """食品安全法 第126条: 给予警告；拒不改正的，处五千元以上五万元以下罚款."""
    branches = [{"description": "拒不改正的", "condition": "refused_correction", "min_yuan": "5000",
                 "max_yuan": "50000"}]
    tiers = [{"kind": k, "fines": [{"branch": 0, "min_yuan": lo, "max_yuan": hi}]}
             for k, lo, hi in [("lighter", "5000", "23000"), ("standard", "23000", "32000"),
                               ("heavier", "32000", "50000")]]
    _benchmark(world, branches, tiers, penalties={"warning": "required"})
    plain = ev(world, amounts={})
    assert plain.fine is None and plain.required_penalties == ("warning",)
    assert check_decision(plain, {"warning": True}) == []
    refused = check_decision(plain, {"warning": True, "fine": "6000"})
    assert refused[0].kind == DeviationKind.OUTSIDE_STATUTE and refused[0].blocking
    stubborn = ev(world, ["refused_correction"], amounts={})
    assert stubborn.fine.branch == "拒不改正的" and stubborn.tier == "standard"


def test_party_kind_selects_branches(world):
    """大气污染防治法 第119条第2款: 对单位处一万元以上十万元以下的罚款，对个人处五百元以上二千元以下的罚款."""
    branches = [{"party_kind": "legal", "min_yuan": "10000", "max_yuan": "100000", "description": "对单位"},
                {"party_kind": "natural", "min_yuan": "500", "max_yuan": "2000", "description": "对个人"}]
    tiers = [{"kind": k, "fines": [{"branch": 0, "min_yuan": a, "max_yuan": b}, {"branch": 1, "min_yuan": c,
                                                                            "max_yuan": d}]}
             for k, a, b, c, d in [("lighter", "10000", "46000", "500", "1100"),
                                   ("standard", "46000", "64000", "1100", "1400"),
                                   ("heavier", "64000", "100000", "1400", "2000")]]
    _benchmark(world, branches, tiers)
    assert ev(world, party_kind="legal").fine.branch == "对单位"
    assert ev(world, party_kind="natural").fine.upper == D(1400)


# --- tiers from circumstances ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("codes", "tier"), [
    ((), "standard"),
    (("first_violation",), "lighter"),  # the benchmark's rule
    (("confessed",), "lighter"),  # 第32条
    (("repeated",), "heavier"),
    (("first_violation", "serious_harm"), "standard"),  # lenient and aggravating offset
    (("confessed", "serious_harm", "refused_cooperation"), "lighter"),  # 第32条 prevails
    (("emergency", "first_violation"), "heavier"),  # 第49条
    (("corrected",), "standard"),  # no effect of its own here
])
def test_circumstances_give_the_tier_with_documented_precedence(world, benchmark, codes, tier):
    assert ev(world, codes).tier == tier


def test_minors_get_lighter_or_reduced(world, benchmark):
    """第30条: 已满十四周岁不满十八周岁的，应当从轻或者减轻; a benchmark may choose 减轻."""
    result = ev(world, ["age_14_to_18", "serious_harm"], party_kind="natural")
    assert result.tier == "lighter" and result.reduction_allowed
    assert "《中华人民共和国行政处罚法》第三十条" in result.citations
    services.benchmark_retire(actor=SYSTEM, benchmark=benchmark, reason="改版", effective_until=datetime.date(2023, 6, 1))
    content = f.food_124(world["art124"], effective_from=datetime.date(2023, 6, 1))
    content["rules"].append({"circumstance": "age_14_to_18", "tier": "reduced", "basis": "本基准第六条"})
    bm = services.benchmark_create(actor=SYSTEM, item=world["item"], issuing_body=world["bodies"]["p_market"],
                                   **content)
    services.benchmark_activate(actor=SYSTEM, benchmark=bm)
    reduced = ev(world, ["age_14_to_18"], party_kind="natural")
    assert reduced.tier == "reduced" and reduced.fine.lower == D(10000) and reduced.fine.statutory_lower == D(50000)


def test_personal_circumstances_do_not_apply_to_organisations(world, benchmark):
    with pytest.raises(DomainError, match="只适用于自然人"):
        ev(world, ["under_14"], party_kind="legal")


def test_unknown_circumstances_are_refused(world, benchmark):
    with pytest.raises(DomainError, match="no_such"):
        ev(world, ["no_such"])


def test_first_violation_is_offered_not_imposed(world, benchmark):
    """首违不罚 (第33条第1款后段): offered as 不予处罚, the body decides; if it penalises, the fallback tier applies."""
    result = ev(world, ["first_violation", "slight_harm", "corrected"])
    assert result.no_penalty_discretionary and not result.no_penalty_mandatory and result.tier == "exempt"
    assert result.if_penalised.tier == "lighter"
    assert check_decision(result, {}) == []
    fallback = result.if_penalised.fine
    assert check_decision(result, {"fine": fallback.lower, "confiscate_income": True,
                                   "confiscate_property": True}) == []
    assert result.as_dict()["if_penalised"]["tier"] == "lighter"


def test_no_fault_unless_the_law_provides_otherwise(world, benchmark):
    """第33条第2款: 没有主观过错的，不予处罚；法律、行政法规另有规定的，从其规定."""
    assert ev(world, ["no_fault"]).no_penalty_mandatory
    services.benchmark_retire(actor=SYSTEM, benchmark=benchmark, reason="改版", effective_until=datetime.date(2023, 6, 1))
    bm = services.benchmark_create(actor=SYSTEM, item=world["item"], issuing_body=world["bodies"]["p_market"],
                                   no_fault_excluded=True, no_fault_excluded_basis="《中华人民共和国测试法》第十条",
                                   **f.food_124(world["art124"], effective_from=datetime.date(2023, 6, 1)))
    services.benchmark_activate(actor=SYSTEM, benchmark=bm)
    result = ev(world, ["no_fault"])
    assert not result.no_penalty_mandatory and result.tier == "standard"
    assert any("测试法》第十条" in r for r in result.reasons)


# --- checking a decision -----------------------------------------------------------------------------------------


def test_check_decision_within_the_tier(world, benchmark):
    result = ev(world)
    assert check_decision(result, {"fine": D(75000), "confiscate_income": True, "confiscate_property": True}) == []


def test_check_decision_outside_the_tier_needs_a_reason(world, benchmark):
    result = ev(world)
    [dev] = check_decision(result, {"fine": D(90000), "confiscate_income": True, "confiscate_property": True})
    assert dev.kind == DeviationKind.OUTSIDE_TIER and dev.needs_reason and not dev.blocking
    assert dev.bound == D(80000) and "一般处罚" in dev.message


def test_check_decision_above_the_statutory_maximum_is_refused(world, benchmark):
    [dev] = check_decision(ev(world, ["confessed"]), {"fine": "100000.01", "confiscate_income": True,
                                                      "confiscate_property": True})
    assert dev.kind == DeviationKind.OUTSIDE_STATUTE and dev.blocking and dev.bound == D(100000)


def test_below_the_minimum_only_with_a_basis_for_reduction(world, benchmark):
    proposed = {"fine": D(30000), "confiscate_income": True, "confiscate_property": True}
    [dev] = check_decision(ev(world), proposed)
    assert dev.kind == DeviationKind.OUTSIDE_STATUTE and dev.blocking and "第三十二条" in dev.message
    [dev] = check_decision(ev(world, ["meritorious"]), proposed)
    assert dev.kind == DeviationKind.REDUCED and dev.needs_reason and not dev.blocking
    assert "第三十二条第（四）项" in dev.basis


def test_required_and_excluded_penalties(world, benchmark):
    result = ev(world)
    kinds = {d.penalty_type: d.kind for d in check_decision(result, {"fine": D(75000), "revoke_licence": True})}
    assert kinds == {"confiscate_income": DeviationKind.OUTSIDE_STATUTE,
                     "confiscate_property": DeviationKind.OUTSIDE_STATUTE,
                     "revoke_licence": DeviationKind.OUTSIDE_TIER}
    heavier = ev(world, ["serious_harm"])
    assert check_decision(heavier, {"fine": D(90000), "revoke_licence": True, "confiscate_income": True,
                                    "confiscate_property": True}) == []
    [dev] = check_decision(result, {"fine": D(75000), "close": True, "confiscate_income": True,
                                    "confiscate_property": True})
    assert dev.penalty_type == "close" and dev.blocking


def test_nothing_proposed_without_a_ground_is_refused(world, benchmark):
    [dev] = check_decision(ev(world), {})
    assert dev.blocking and "不予行政处罚" in dev.message


def test_bad_proposals_are_refused(world, benchmark):
    with pytest.raises(DomainError, match="不存在"):
        check_decision(ev(world), {"detention": True})
    with pytest.raises(DomainError, match="十进制"):
        check_decision(ev(world), {"fine": 75000.0})
