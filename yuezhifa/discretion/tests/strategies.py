"""Hypothesis strategies: statutory fine ranges as the statutes write them, domains of base amounts, tier splits."""

import itertools
from decimal import Decimal

from hypothesis import strategies as st

from yuezhifa.discretion.ranges import Domain, Terms
from yuezhifa.discretion.spec import BenchmarkSpec, BranchSpec, TierSpec
from yuezhifa.discretion.vocabulary import PENALTY_TIERS, TierKind

#: Yuan amounts in cents, from 0 to 10 million.
yuan = st.integers(min_value=0, max_value=1_000_000_000).map(lambda c: Decimal(c) / 100)
#: Base amounts in cents, from 0 to 100 million.
base_amounts = st.integers(min_value=0, max_value=10_000_000_000).map(lambda c: Decimal(c) / 100)
#: Multiples with up to four decimals, 0 to 50.
multiples = st.integers(min_value=0, max_value=500_000).map(lambda n: Decimal(n) / 10_000)
fractions = st.integers(min_value=0, max_value=100).map(lambda n: Decimal(n) / 100)


@st.composite
def yuan_ranges(draw) -> Terms:
    """“A 元以上 B 元以下” or “B 元以下”."""
    high = draw(yuan.filter(lambda v: v > 0))
    low = draw(st.one_of(st.none(), st.integers(0, int(high * 100)).map(lambda c: Decimal(c) / 100)))
    return Terms(min_yuan=low, max_yuan=high)


@st.composite
def multiple_ranges(draw) -> Terms:
    """“基数 m 倍以上 n 倍以下”, optionally with a yuan floor (“最低不少于”) or ceiling (“最高不超过”), or the mixed
    “A 元以上、基数 n 倍以下”."""
    high = draw(multiples.filter(lambda v: v > 0))
    low = draw(st.integers(0, int(high * 10_000)).map(lambda n: Decimal(n) / 10_000))
    shape = draw(st.sampled_from(["plain", "floor", "ceiling", "both", "mixed", "only_max"]))
    floor = draw(yuan) if shape in ("floor", "both", "mixed") else None
    ceiling = draw(yuan.filter(lambda v: v > 0)) if shape in ("ceiling", "both") else None
    if floor is not None and ceiling is not None and floor > ceiling:
        floor, ceiling = ceiling, floor
    if shape == "mixed":
        return Terms(min_yuan=floor, max_multiple=high)
    if shape == "only_max":
        return Terms(max_multiple=high)
    return Terms(min_yuan=floor, min_multiple=low, max_yuan=ceiling, max_multiple=high)


statutes = st.one_of(yuan_ranges(), multiple_ranges())


@st.composite
def domains(draw) -> Domain:
    start = draw(st.one_of(st.just(Decimal(0)), base_amounts))
    below = draw(st.one_of(st.none(), base_amounts.filter(lambda v: v > start)))
    return Domain(start, below)


@st.composite
def cut_points(draw, count: int = 3) -> list[Decimal]:
    """``count`` + 1 ordered fractions from 0 to 1 splitting a span into ``count`` tiers."""
    inner = sorted(draw(st.lists(fractions, min_size=count - 1, max_size=count - 1)))
    return [Decimal(0), *inner, Decimal(1)]


@st.composite
def arbitrary_terms(draw) -> Terms:
    """Any range at all, inside the statute or not (for testing the validator)."""
    return Terms(min_yuan=draw(st.one_of(st.none(), yuan)), min_multiple=draw(st.one_of(st.none(), multiples)),
                 max_yuan=draw(st.one_of(st.none(), yuan)), max_multiple=draw(st.one_of(st.none(), multiples)))


@st.composite
def generated_specs(draw) -> BenchmarkSpec:
    """A one-branch benchmark whose tiers come from the generator (``ranges.split`` / ``below_minimum``)."""
    from yuezhifa.discretion.ranges import below_minimum, split

    statute = draw(statutes)
    uses_base = statute.uses_base
    domain = draw(domains()) if uses_base else Domain()
    branch = BranchSpec(order=0, terms=statute, base="goods_value" if uses_base else "",
                        base_from=domain.start if uses_base and domain.start else None,
                        base_below=domain.below if uses_base else None)
    cuts = draw(cut_points())
    tiers = {}
    for kind, (start, end) in zip([TierKind.LIGHTER, TierKind.STANDARD, TierKind.HEAVIER],
                                  itertools.pairwise(cuts), strict=True):
        tiers[kind] = TierSpec(kind=kind, fines={0: split(statute, start, end)})
    tiers[TierKind.REDUCED] = TierSpec(kind=TierKind.REDUCED, fines={0: below_minimum(statute, draw(fractions))})
    assert set(tiers) == set(PENALTY_TIERS)
    return BenchmarkSpec(branches=(branch,), tiers=tiers, basis_citations=("《测试法》第一条",), citation="《测试基准》",
                         id=None)
