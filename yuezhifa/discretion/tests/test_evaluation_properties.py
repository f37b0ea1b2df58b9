"""Property tests of evaluation (处罚法 第30-33条): the mandatory no-penalty cases always give no penalty, 首违不罚 is
offered exactly when its conditions hold, and no evaluated range leaves the statutory range (except 减轻 below the
minimum)."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yuezhifa.core.errors import DomainError
from yuezhifa.discretion.evaluation import CircumstanceInfo, DeviationKind, check_decision, evaluate_spec
from yuezhifa.discretion.spec import RuleSpec
from yuezhifa.discretion.vocabulary import (
    BUILTIN_CIRCUMSTANCES,
    EXCLUSIVE_GROUPS,
    MANDATORY_LENIENCY,
    PenaltyType,
    TierKind,
)

from .strategies import base_amounts, generated_specs

VOCABULARY = {c.code: CircumstanceInfo(c.code, c.name, c.default_tier, c.natural_only, c.basis)
              for c in BUILTIN_CIRCUMSTANCES}
CODES = sorted(VOCABULARY)
DAY = datetime.date(2024, 6, 1)


@st.composite
def consistent_circumstances(draw, party_kind: str = "natural") -> frozenset[str]:
    """Any set of circumstances that can hold together (at most one of each exclusive group)."""
    codes = set(draw(st.sets(st.sampled_from(CODES), max_size=8)))
    for group in EXCLUSIVE_GROUPS:
        present = sorted(codes & group)
        if len(present) > 1:
            keep = draw(st.sampled_from(present))
            codes -= set(present) - {keep}
    if party_kind == "legal":
        codes = {c for c in codes if not VOCABULARY[c].natural_only}
    return frozenset(codes)


def mandatory_no_penalty(codes) -> bool:
    """处罚法 第30条 (under 14), 第31条 (mental incapacity), 第33条第1款前段, 第33条第2款, 第36条."""
    return bool(codes & {"under_14", "mental_incapable", "no_fault", "time_barred"}) or {
        "minor_violation", "corrected", "no_harm"} <= codes


def first_violation(codes) -> bool:
    """第33条第1款后段: 初次违法且危害后果轻微（没有造成危害后果亦然）并及时改正."""
    return "first_violation" in codes and "corrected" in codes and bool(codes & {"slight_harm", "no_harm"})


def _evaluate(spec, codes, amount, party_kind="natural"):
    """Evaluate with ``amount`` moved into the branch's domain of base amounts, so that the fine applies."""
    domain = spec.branches[0].domain
    if domain.below is not None:
        span = domain.below - domain.start
        amount = domain.start + (amount % span if span else 0)
    elif amount < domain.start:
        amount = domain.start + amount
    return evaluate_spec(spec, circumstances=codes, amounts={"goods_value": amount}, on=DAY, party_kind=party_kind,
                         vocabulary=VOCABULARY)


@given(spec=generated_specs(), codes=consistent_circumstances(), amount=base_amounts)
@settings(max_examples=400, deadline=None)
def test_no_penalty_flags_follow_the_law(spec, codes, amount):
    """Mandatory no penalty iff a 第30/31/33/36条 case holds; 首违不罚 (discretionary) iff its three conditions hold
    and no mandatory case does."""
    ev = _evaluate(spec, codes, amount)
    assert ev.no_penalty_mandatory == mandatory_no_penalty(codes)
    assert ev.no_penalty_discretionary == (first_violation(codes) and not mandatory_no_penalty(codes))
    if ev.no_penalty_mandatory or ev.no_penalty_discretionary:
        assert ev.tier == TierKind.EXEMPT
        assert ev.ranges == {} and ev.penalties == {}
    if ev.no_penalty_discretionary:
        assert "《中华人民共和国行政处罚法》第三十三条第一款" in ev.citations
        assert ev.if_penalised is not None and ev.if_penalised.tier != TierKind.EXEMPT


@given(spec=generated_specs(), codes=consistent_circumstances(), amount=base_amounts,
       fine=st.integers(1, 10**12).map(lambda c: Decimal(c) / 100),
       others=st.sets(st.sampled_from([t for t in PenaltyType.values if t != "fine"]), max_size=3))
@settings(max_examples=200, deadline=None)
def test_mandatory_cases_refuse_any_penalty(spec, codes, amount, fine, others):
    """Under 14 (第30条) and 违法行为轻微并及时改正，没有造成危害后果 (第33条第1款) always mean no penalty, whatever
    else holds; any proposed penalty is refused."""
    for extra in ({"under_14"}, {"minor_violation", "corrected", "no_harm"}):
        merged = set(codes) | extra
        for group in EXCLUSIVE_GROUPS:
            if len(merged & group) > 1:
                merged -= group - extra
        ev = _evaluate(spec, merged, amount)
        assert ev.no_penalty_mandatory and ev.tier == TierKind.EXEMPT
        proposed = {"fine": fine, **dict.fromkeys(others, True)}
        deviations = check_decision(ev, proposed)
        assert deviations and all(d.blocking and d.kind == DeviationKind.NO_PENALTY_BY_LAW for d in deviations)
        assert check_decision(ev, {}) == []


@given(spec=generated_specs(), codes=consistent_circumstances(), amount=base_amounts,
       party_kind=st.sampled_from(["natural", "legal"]))
@settings(max_examples=400, deadline=None)
def test_evaluated_range_never_leaves_the_statutory_range(spec, codes, amount, party_kind):
    if party_kind == "legal":
        codes = frozenset(c for c in codes if not VOCABULARY[c].natural_only)
    ev = _evaluate(spec, codes, amount, party_kind)
    for candidate in (ev, ev.if_penalised):
        if candidate is None or candidate.fine is None:
            continue
        fine = candidate.fine
        assert fine.lower <= fine.upper <= fine.statutory_upper
        assert fine.statutory_lower <= fine.statutory_upper
        if candidate.tier != TierKind.REDUCED:
            assert fine.lower >= fine.statutory_lower
        else:
            assert candidate.reduction_allowed and candidate.reduction_basis
        # a decision at either end of the tier is within it
        assert check_decision(candidate, {"fine": fine.lower}) == [] or fine.lower == 0
        assert check_decision(candidate, {"fine": fine.upper}) == [] or fine.upper == 0


@given(spec=generated_specs(), codes=consistent_circumstances(), amount=base_amounts,
       over=st.integers(1, 10**9).map(lambda c: Decimal(c) / 100))
@settings(max_examples=200, deadline=None)
def test_above_the_statutory_maximum_is_always_refused(spec, codes, amount, over):
    ev = _evaluate(spec, codes, amount)
    ev = ev.if_penalised or ev
    if ev.fine is None:
        return
    deviations = check_decision(ev, {"fine": ev.fine.statutory_upper + over})
    assert any(d.blocking and d.kind == DeviationKind.OUTSIDE_STATUTE for d in deviations)


@given(spec=generated_specs(), codes=consistent_circumstances(), amount=base_amounts)
@settings(max_examples=200, deadline=None)
def test_mandatory_leniency_never_gives_standard_or_heavier(spec, codes, amount):
    """第30条 (14-18) and 第32条: 应当从轻或者减轻, whatever aggravating facts there are."""
    ev = _evaluate(spec, codes, amount)
    ev = ev.if_penalised or ev
    if codes & set(MANDATORY_LENIENCY) and not ev.no_penalty_mandatory:
        assert ev.tier in (TierKind.LIGHTER, TierKind.REDUCED)
        assert ev.reduction_allowed


@given(spec=generated_specs(), amount=base_amounts)
@settings(max_examples=50, deadline=None)
def test_a_benchmark_rule_to_exempt_offers_discretionary_no_penalty(spec, amount):
    from dataclasses import replace

    spec = replace(spec, rules={"corrected": RuleSpec("corrected", TierKind.EXEMPT, "免罚清单第1项")})
    ev = _evaluate(spec, {"corrected"}, amount)
    assert ev.no_penalty_discretionary and not ev.no_penalty_mandatory
    assert "免罚清单第1项" in ev.citations


@pytest.mark.parametrize("codes", [{"no_harm", "serious_harm"}, {"first_violation", "repeated"},
                                   {"under_14", "age_14_to_18"}, {"mental_incapable", "mental_limited"}])
def test_contradictory_facts_are_refused(codes):
    from yuezhifa.discretion.ranges import Terms
    from yuezhifa.discretion.spec import BenchmarkSpec, BranchSpec, TierSpec

    terms = Terms(min_yuan=Decimal(1), max_yuan=Decimal(2))
    spec = BenchmarkSpec(branches=(BranchSpec(order=0, terms=terms),),
                         tiers={k: TierSpec(kind=k, fines={0: terms}) for k in ("lighter", "standard", "heavier")})
    with pytest.raises(DomainError) as exc:
        _evaluate(spec, codes, Decimal(1))
    assert "相互矛盾" in exc.value.message
