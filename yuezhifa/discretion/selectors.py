"""Every read of the benchmarks library, restricted to what the user may see (DESIGN §5.4)."""

import datetime

from django.db.models import Prefetch, Q, QuerySet

from yuezhifa.org.models import Level

from .models import Benchmark, BenchmarkStatus, Circumstance, FineBranch, Tier, TierFine
from .spec import Problem, load, problems

IN_FORCE_STATUSES = (BenchmarkStatus.ACTIVE, BenchmarkStatus.RETIRED)


def benchmark_list(*, user, action: str = "view", item=None, status: str = "", issuing_body=None,
                   on: datetime.date | None = None) -> QuerySet[Benchmark]:
    qs = Benchmark.objects.restrict(user, action).select_related("item", "issuing_body", "parent")
    if item is not None:
        qs = qs.filter(item=item)
    if status:
        qs = qs.filter(status=status)
    if issuing_body is not None:
        qs = qs.filter(issuing_body=issuing_body)
    if on is not None:
        qs = qs.filter(in_force_q(on))
    return qs


def benchmark_detail(*, user, pk) -> Benchmark | None:
    """One benchmark with everything its page shows, in a fixed number of queries."""
    tiers = Tier.objects.prefetch_related(
        Prefetch("fines", queryset=TierFine.objects.select_related("branch")), "penalties")
    return (benchmark_list(user=user)
            .prefetch_related(Prefetch("fine_branches", queryset=FineBranch.objects.select_related("condition")),
                              "statutory_penalties", Prefetch("tiers", queryset=tiers), "rules__circumstance",
                              "basis_provisions__law")
            .filter(pk=pk).first())


def in_force_q(on: datetime.date, prefix: str = "") -> Q:
    return (Q(**{f"{prefix}status__in": IN_FORCE_STATUSES, f"{prefix}effective_from__lte": on})
            & (Q(**{f"{prefix}effective_until__isnull": True}) | Q(**{f"{prefix}effective_until__gt": on})))


def benchmark_in_force(*, item, on: datetime.date, body=None) -> Benchmark | None:
    """The benchmark applying to ``item`` on ``on`` for ``body``: its own, else the nearest one issued by a body above
    it; without ``body``, the provincial one. Benchmarks in force are public (处罚法 第34条), so this rule, used when
    a case is decided, reads them without a user."""
    candidates = list(Benchmark.objects.filter(in_force_q(on), item=item).select_related("issuing_body"))
    if body is not None:
        mine = [b for b in candidates if body.path.startswith(b.issuing_body.path)]
        return max(mine, key=lambda b: (len(b.issuing_body.path), b.effective_from), default=None)
    provincial = [b for b in candidates if b.issuing_body.level == Level.PROVINCE]
    return max(provincial, key=lambda b: b.effective_from, default=None)


def benchmark_problems(benchmark: Benchmark) -> list[Problem]:
    """Why ``benchmark`` may not (or, if in force, should not) take effect; empty when it is sound."""
    return problems(load(benchmark))


def circumstance_list(*, user, action: str = "view", active_only: bool = True) -> QuerySet[Circumstance]:
    qs = Circumstance.objects.restrict(user, action)
    return qs.filter(active=True) if active_only else qs
