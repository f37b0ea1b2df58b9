"""Property tests of fine ranges: no tier range leaves the statutory range (处罚法 第32条 lets only 减轻 go below the
minimum, never above the maximum), and the validator that refuses benchmarks is exact."""

import itertools
from dataclasses import replace
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from yuezhifa.discretion.ranges import (
    Domain,
    Terms,
    below_minimum,
    lower_breach,
    split,
    statutory,
    upper_breach,
    within,
)
from yuezhifa.discretion.spec import problems

from .strategies import arbitrary_terms, base_amounts, cut_points, domains, generated_specs, statutes


def storable(terms: Terms) -> bool:
    """Yuan to the fen and multiples to four places, as the database keeps them."""
    return all(v is None or v == v.quantize(Decimal("0.01")) for v in (terms.min_yuan, terms.max_yuan)) and all(
        v is None or v == v.quantize(Decimal("0.0001")) for v in (terms.min_multiple, terms.max_multiple))


def _sample(domain: Domain, extra: Decimal) -> Decimal:
    """A base amount inside ``domain`` derived from an arbitrary one."""
    if domain.below is None:
        return domain.start + extra
    span = domain.below - domain.start
    return domain.start + (extra % span if span else 0)


@given(statute=statutes, domain=domains(), cuts=cut_points(), bases=st.lists(base_amounts, min_size=1, max_size=5))
@settings(max_examples=300)
def test_generated_tiers_never_leave_the_statutory_range(statute, domain, cuts, bases):
    """Tiers produced by ``split`` pass the validator, and for every base amount their range lies inside the
    statute's (checked directly, not through the validator)."""
    for start, end in itertools.pairwise(cuts):
        tier = split(statute, start, end)
        assert storable(tier)
        assert lower_breach(tier, statute, domain) is None
        assert upper_breach(tier, statute, domain) is None
        for extra in bases:
            b = _sample(domain, extra)
            law = statutory(statute, b)
            assert tier.lower(b) >= law.lower
            assert tier.upper(b) <= law.upper
            concrete = within(tier, b, law)
            assert law.lower <= concrete.lower <= concrete.upper <= law.upper


@given(statute=statutes, domain=domains(), fraction=st.integers(0, 100).map(lambda n: Decimal(n) / 100),
       bases=st.lists(base_amounts, min_size=1, max_size=5))
@settings(max_examples=200)
def test_reduced_tier_may_go_below_the_minimum_but_never_above_the_maximum(statute, domain, fraction, bases):
    """处罚法 第32条: 减轻 goes below the statutory minimum; nothing goes above the maximum."""
    tier = below_minimum(statute, fraction)
    assert storable(tier)
    assert upper_breach(tier, statute, domain) is None
    for extra in bases:
        b = _sample(domain, extra)
        law = statutory(statute, b)
        concrete = within(tier, b, law, reduced=True)
        assert Decimal(0) <= concrete.lower <= concrete.upper <= law.upper
        assert concrete.lower <= law.lower


@given(tier=arbitrary_terms(), statute=statutes, domain=domains(),
       bases=st.lists(base_amounts, min_size=1, max_size=8))
@settings(max_examples=400)
def test_validator_is_sound_and_its_witness_is_real(tier, statute, domain, bases):
    """If the validator accepts a tier, no sampled base amount breaches; if it refuses, its witness breaches."""
    low = lower_breach(tier, statute, domain)
    high = upper_breach(tier, statute, domain)
    if low is not None:
        assert domain.start <= low.base and (domain.below is None or low.base <= domain.below)
        assert tier.lower(low.base) < statute.lower(low.base)
    if high is not None:
        assert domain.start <= high.base and (domain.below is None or high.base <= domain.below)
        upper = tier.upper(high.base)
        assert upper is None or upper > statute.effective_upper(high.base)
    for extra in bases:
        b = _sample(domain, extra)
        if low is None:
            assert tier.lower(b) >= statute.lower(b)
        if high is None:
            assert tier.upper(b) is not None and tier.upper(b) <= statute.effective_upper(b)


@given(spec=generated_specs())
@settings(max_examples=200)
def test_benchmarks_built_by_the_generator_have_no_problems(spec):
    assert problems(spec) == []


@given(statute=statutes, cuts=cut_points(), push=st.integers(1, 1_000_000))
@settings(max_examples=200)
def test_a_tier_pushed_past_a_statutory_bound_is_refused(statute, cuts, push):
    """Raising a tier's ceiling above the statute's, or lowering its floor below, by any amount, is caught (over all
    base amounts)."""
    bump = Decimal(push) / 100
    top, bottom = split(statute, cuts[-2], cuts[-1]), split(statute, cuts[0], cuts[1])
    if statute.max_multiple is None:  # a yuan ceiling
        assert upper_breach(replace(top, max_yuan=statute.max_yuan + bump), statute, Domain()) is not None
    elif statute.max_yuan is None:  # a multiple ceiling
        raised = replace(top, max_yuan=None, max_multiple=statute.max_multiple + bump)
        assert upper_breach(raised, statute, Domain()) is not None
    if statute.min_yuan and not statute.min_multiple:  # a yuan floor
        assume(statute.min_yuan >= bump)
        lowered = replace(bottom, min_yuan=statute.min_yuan - bump, min_multiple=None)
        assert lower_breach(lowered, statute, Domain()) is not None
    if statute.min_multiple and statute.min_yuan is None:  # a multiple floor
        assume(statute.min_multiple >= bump / 100)
        lowered = replace(bottom, min_yuan=None, min_multiple=statute.min_multiple - bump / 100)
        assert lower_breach(lowered, statute, Domain()) is not None


def test_multiples_are_computed_exactly_in_decimal():
    """货值金额 12,345.67 元的十倍 is 123,456.70 元 exactly; 1.5 倍 of 0.01 元 is 0.015 元, not rounded away."""
    terms = Terms(min_multiple=Decimal(10), max_multiple=Decimal(20))
    assert terms.lower(Decimal("12345.67")) == Decimal("123456.70")
    assert terms.upper(Decimal("12345.67")) == Decimal("246913.40")
    assert Terms(min_multiple=Decimal("1.5"), max_multiple=Decimal(2)).lower(Decimal("0.01")) == Decimal("0.015")
    third = Terms(min_multiple=Decimal("0.3333"), max_multiple=Decimal(1))
    assert third.lower(Decimal("3")) == Decimal("0.9999")


def test_a_floor_above_the_ceiling_prevails():
    """“二万元以上、违法所得五倍以下” with 1,000 yuan of income: the law's minimum, 20,000 yuan, prevails."""
    terms = Terms(min_yuan=Decimal(20000), max_multiple=Decimal(5))
    law = statutory(terms, Decimal(1000))
    assert (law.lower, law.upper, law.collapsed) == (Decimal(20000), Decimal(20000), True)
    law = statutory(terms, Decimal(10000))
    assert (law.lower, law.upper, law.collapsed) == (Decimal(20000), Decimal(50000), False)


def test_floor_and_ceiling_around_multiples():
    """“违法所得一倍以上五倍以下，最低不少于一万元，最高不超过五十万元”."""
    terms = Terms(min_yuan=Decimal(10000), min_multiple=Decimal(1), max_yuan=Decimal(500000), max_multiple=Decimal(5))
    assert statutory(terms, Decimal(2000)).lower == Decimal(10000)  # the floor
    assert statutory(terms, Decimal(2000)).upper == Decimal(10000)  # 5 × 2,000 below the floor: the floor prevails
    assert statutory(terms, Decimal(50000)).lower == Decimal(50000)
    assert statutory(terms, Decimal(50000)).upper == Decimal(250000)
    assert statutory(terms, Decimal(200000)).upper == Decimal(500000)  # the ceiling


def test_breach_beyond_the_last_kink_on_an_unbounded_domain():
    """A tier whose ceiling grows faster than the statute's breaches only for large amounts; the check finds it."""
    statute = Terms(min_multiple=Decimal(1), max_yuan=Decimal(500000), max_multiple=Decimal(5))
    tier = Terms(min_multiple=Decimal(1), max_multiple=Decimal(4))
    assert upper_breach(tier, statute, Domain()) is not None  # 4b > 500,000 once b > 125,000
    breach = upper_breach(tier, statute, Domain())
    assert tier.upper(breach.base) > statute.effective_upper(breach.base)
    assert upper_breach(tier, statute, Domain(Decimal(0), Decimal(100000))) is None
