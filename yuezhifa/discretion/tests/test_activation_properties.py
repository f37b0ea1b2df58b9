"""Property test of ``benchmark_activate``: it refuses a benchmark exactly when some tier range leaves the statutory
range for some base amount the statutory branch covers (减轻 only below the minimum), checked here by brute force
over sampled amounts, independently of the validator."""

import datetime
from dataclasses import replace
from decimal import Decimal

from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from yuezhifa.core.actors import SYSTEM
from yuezhifa.core.errors import DomainError
from yuezhifa.discretion import services
from yuezhifa.discretion.models import BenchmarkStatus
from yuezhifa.discretion.ranges import Domain, Terms, split
from yuezhifa.discretion.vocabulary import TierKind
from yuezhifa.org.tests.factories import BodyFactory, DomainFactory, division

from . import factories as f
from .strategies import arbitrary_terms, base_amounts, cut_points, domains, statutes

KINDS = [TierKind.LIGHTER, TierKind.STANDARD, TierKind.HEAVIER]


def _terms(t: Terms) -> dict:
    return {"min_yuan": t.min_yuan, "min_multiple": t.min_multiple, "max_yuan": t.max_yuan,
            "max_multiple": t.max_multiple}


def _ordered(t: Terms) -> bool:
    return all(a is None or b is None or a <= b for a, b in ((t.min_yuan, t.max_yuan),
                                                                (t.min_multiple, t.max_multiple)))


def _leaves(tier: Terms, statute: Terms, base) -> bool:
    upper = tier.upper(base)
    return tier.lower(base) < statute.lower(base) or upper is None or upper > statute.effective_upper(base)


@st.composite
def tier_sets(draw, statute: Terms):
    """Three tiers, each either made by the generator or drawn at random (inside the statute or not)."""
    cuts = draw(cut_points())
    out = {}
    for kind, start, end in zip(KINDS, cuts, cuts[1:], strict=False):
        made = split(statute, start, end)
        out[kind] = draw(st.one_of(st.just(made), perturbed(made), arbitrary_terms()))
    return out


@st.composite
def perturbed(draw, terms: Terms) -> Terms:
    """``terms`` with one bound moved by a small amount, up or down (near-misses are where validators go wrong)."""
    names = [n for n, v in _terms(terms).items() if v is not None]
    name = draw(st.sampled_from(names))
    step = Decimal("0.0001") if name.endswith("multiple") else Decimal("0.01")
    delta = draw(st.integers(-1000, 1000).filter(lambda n: n != 0)) * step
    value = max(Decimal(0), getattr(terms, name) + delta)
    return replace(terms, **{name: value})


class ActivationProperties(TestCase):
    @classmethod
    def setUpTestData(cls):
        gd = division("44", "广东省")
        cls.body = BodyFactory(name="广东省市场监督管理局", division=gd, domains=[DomainFactory()])
        cls.provision = f.article(f.law(), 124)
        cls.item = f.item(cls.provision)

    @given(data=st.data(), statute=statutes, domain=domains(), samples=st.lists(base_amounts, min_size=5, max_size=12))
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    def test_activate_refuses_exactly_the_benchmarks_that_leave_the_law(self, data, statute, domain, samples):
        uses_base = statute.uses_base
        if not uses_base:
            domain = Domain()
        tiers = data.draw(tier_sets(statute))
        assume(all(_ordered(t) and any(v is not None for v in _terms(t).values()) for t in tiers.values()))
        if not uses_base:
            assume(not any(t.uses_base for t in tiers.values()))
        branch = {"base": "goods_value" if uses_base else "", **_terms(statute)}
        if uses_base:
            branch["base_from"] = domain.start or None
            branch["base_below"] = domain.below
        bm = services.benchmark_create(
            actor=SYSTEM, item=self.item, issuing_body=self.body, title="性质测试基准",
            effective_from=datetime.date(2023, 1, 1), basis_provisions=[self.provision], fine_branches=[branch],
            tiers=[{"kind": k, "fines": [{"branch": 0, **_terms(t)}]} for k, t in tiers.items()])
        points = [domain.start] if not uses_base else [
            domain.start + (s if domain.below is None else s % (domain.below - domain.start)) for s in samples]
        if domain.below is not None and uses_base:
            points.append(domain.below - Decimal("0.01") if domain.below - domain.start > Decimal("0.01")
                          else domain.start)
        witnessed = {k for k, t in tiers.items() for b in points if _leaves(t, statute, b if uses_base else None)}
        try:
            services.benchmark_activate(actor=SYSTEM, benchmark=bm)
        except DomainError as exc:
            event("refused")
            refused = {k for k in KINDS if any(TierKind(k).label in e["message"] for e in exc.errors)}
            assert refused, exc.message  # every refusal names a tier
            assert witnessed <= refused  # whatever breaches at a sampled amount is named
            return
        event("activated")
        assert not witnessed  # accepted: no sampled amount breaches
        bm.refresh_from_db()
        assert bm.status == BenchmarkStatus.ACTIVE
        services.benchmark_retire(actor=SYSTEM, benchmark=bm, reason="测试", effective_until=datetime.date(2023, 1, 1))
