"""A benchmark as plain, immutable data, and the check that it stays within the law.

``BenchmarkSpec`` is what evaluation and validation work on: built from the database (:func:`load`) or from a
service's input, it needs no queries, so property tests can run it thousands of times. :func:`problems` lists every
reason a benchmark may not take effect; ``benchmark_activate`` refuses while the list is not empty.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from .ranges import Breach, Domain, Terms, lower_breach, money, upper_breach
from .vocabulary import (
    REQUIRED_TIERS,
    BaseKind,
    PartyKind,
    PenaltyStatus,
    PenaltyType,
    TierKind,
    allowed_rule_tiers,
)


@dataclass(frozen=True)
class BranchSpec:
    order: int
    terms: Terms
    description: str = ""
    party_kind: str = PartyKind.ANY
    base: str = ""
    base_label: str = ""
    base_from: Decimal | None = None
    base_below: Decimal | None = None
    condition: str = ""
    condition_name: str = ""
    requirement: str = "required"

    @property
    def base_name(self) -> str:
        if self.base == BaseKind.OTHER:
            return self.base_label or BaseKind.OTHER.label
        return BaseKind(self.base).label if self.base else ""

    @property
    def uses_base(self) -> bool:
        return bool(self.base)

    @property
    def needs_amount(self) -> bool:
        return self.uses_base and (self.base_from is not None or self.base_below is not None or self.terms.uses_base)

    @property
    def domain(self) -> Domain:
        return Domain(self.base_from if self.base_from is not None else Decimal(0), self.base_below)

    @property
    def label(self) -> str:
        if self.description:
            return self.description
        parts = []
        if self.party_kind != PartyKind.ANY:
            parts.append(f"当事人为{PartyKind(self.party_kind).label}")
        if self.base_from is not None:
            parts.append(f"{self.base_name} {money(self.base_from)} 元以上")
        if self.base_below is not None:
            parts.append(f"{self.base_name}不足 {money(self.base_below)} 元")
        if self.condition:
            parts.append(f"具有“{self.condition_name or self.condition}”情节")
        return "，".join(parts) + "的" if parts else "法定罚款"

    def matches_structure(self, other: "BranchSpec") -> bool:
        return (self.terms, self.party_kind, self.base, self.base_label, self.base_from, self.base_below,
                self.condition, self.requirement) == (other.terms, other.party_kind, other.base, other.base_label,
                                                      other.base_from, other.base_below, other.condition,
                                                      other.requirement)


@dataclass(frozen=True)
class TierSpec:
    kind: str
    fines: dict[int, Terms] = field(default_factory=dict)  # branch order → range
    penalties: dict[str, str] = field(default_factory=dict)
    fact_patterns: str = ""

    @property
    def label(self) -> str:
        return TierKind(self.kind).label


@dataclass(frozen=True)
class RuleSpec:
    circumstance: str
    tier: str
    basis: str = ""
    note: str = ""


@dataclass(frozen=True)
class BenchmarkSpec:
    branches: tuple[BranchSpec, ...] = ()
    penalties: dict[str, str] = field(default_factory=dict)  # statutory status of the types other than the fine
    tiers: dict[str, TierSpec] = field(default_factory=dict)
    rules: dict[str, RuleSpec] = field(default_factory=dict)
    basis_citations: tuple[str, ...] = ()
    citation: str = ""
    title: str = ""
    version: int = 1
    id: object = None
    no_fault_excluded: bool = False
    no_fault_excluded_basis: str = ""
    parent: "BenchmarkSpec | None" = None

    def statutory_status(self, penalty_type: str) -> str:
        return self.penalties.get(penalty_type, PenaltyStatus.EXCLUDED)

    def tier_status(self, tier: TierSpec, penalty_type: str) -> str:
        """The tier's status for a type, never looser than the statute (and, but for 减轻, never dropping a type the
        statute requires)."""
        statute = self.statutory_status(penalty_type)
        status = tier.penalties.get(penalty_type, statute)
        if statute == PenaltyStatus.EXCLUDED:
            return PenaltyStatus.EXCLUDED
        if statute == PenaltyStatus.REQUIRED and tier.kind != TierKind.REDUCED:
            return PenaltyStatus.REQUIRED
        return status


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


# --- validation --------------------------------------------------------------------------------------------------

_SIDE = {"lower": ("下限", "低于", "最低"), "upper": ("上限", "高于", "最高")}


def breach_message(tier_label: str, branch: BranchSpec, inner: Terms, outer: Terms, breach: Breach, *,
                   outer_name: str = "法定") -> str:
    """“从轻处罚”档次在“货值金额一万元以上的”情形下的罚款上限高于法定最高限：… (names the tier and the bound)."""
    word, direction, extreme = _SIDE[breach.side]
    base = branch.base_name or "基数"
    text = (f"“{tier_label}”档次在“{branch.label}”情形下的罚款{word}{direction}{outer_name}{extreme}限："
            f"本档次为“{inner.describe(base)}”，{outer_name}幅度为“{outer.describe(base)}”")
    value = "不设上限" if breach.value is None else f"{money(breach.value)} 元"
    limit = f"{money(breach.limit)} 元" if breach.limit is not None else "不限"
    if breach.base is not None and branch.uses_base and (inner.uses_base or outer.uses_base or branch.domain.below):
        text += f"（{base}为 {money(breach.base)} 元时，本档次{word}为 {value}，{outer_name}{extreme}为 {limit}）"
    elif breach.value is None:
        text += "（本档次未设上限）"
    return text + "。"


def check_tier_fine(tier_kind: str, branch: BranchSpec, terms: Terms, outer: Terms, *,
                    outer_name: str = "法定") -> list[str]:
    """Why ``terms`` (a tier's range for ``branch``) leaves ``outer`` (the statute's, or the parent tier's), if it does.
    A 减轻 tier may go below the minimum (处罚法 第32条) but never above the maximum."""
    label = TierKind(tier_kind).label
    out = []
    if tier_kind != TierKind.REDUCED:
        breach = lower_breach(terms, outer, branch.domain, uses_base=branch.uses_base)
        if breach:
            out.append(breach_message(label, branch, terms, outer, breach, outer_name=outer_name))
    breach = upper_breach(terms, outer, branch.domain, uses_base=branch.uses_base)
    if breach:
        out.append(breach_message(label, branch, terms, outer, breach, outer_name=outer_name))
    for low, high, unit in ((terms.min_yuan, terms.max_yuan, "元"), (terms.min_multiple, terms.max_multiple, "倍")):
        if low is not None and high is not None and low > high:
            out.append(f"“{label}”档次在“{branch.label}”情形下的罚款下限（{low} {unit}）大于上限（{high} {unit}）。")
    return out


def problems(spec: BenchmarkSpec) -> list[Problem]:
    """Every reason ``spec`` may not take effect, each naming the field and, for a range, the tier and the bound."""
    out: list[Problem] = []
    if not spec.basis_citations:
        out.append(Problem("basis_provisions", "未关联处罚依据条款：裁量基准须写明所依据的罚则。"))
    for i, branch in enumerate(spec.branches):
        if not branch.terms.bounded:
            out.append(Problem(f"fine_branches[{i}]", f"法定罚款情形“{branch.label}”没有最高限。"))
    for kind in REQUIRED_TIERS:
        if kind not in spec.tiers:
            out.append(Problem("tiers", f"缺少“{TierKind(kind).label}”档次：裁量基准至少应设从轻、一般、从重三个档次。"))
    for tier in spec.tiers.values():
        out.extend(_tier_problems(spec, tier))
    for code, rule in spec.rules.items():
        if rule.tier not in allowed_rule_tiers(code):
            out.append(Problem(f"rules.{code}", f"情节“{code}”不能对应“{TierKind(rule.tier).label}”档次。"))
        elif rule.tier != TierKind.EXEMPT and rule.tier not in spec.tiers:
            out.append(Problem(f"rules.{code}",
                               f"情节“{code}”对应“{TierKind(rule.tier).label}”档次，但本基准未设该档次。"))
    if spec.parent is not None:
        out.extend(_refinement_problems(spec, spec.parent))
    return out


def _tier_problems(spec: BenchmarkSpec, tier: TierSpec) -> list[Problem]:
    out: list[Problem] = []
    where = f"tiers.{tier.kind}"
    if tier.kind == TierKind.EXEMPT:
        if tier.fines or any(s != PenaltyStatus.EXCLUDED for s in tier.penalties.values()):
            out.append(Problem(where, "“不予处罚”档次不能设定罚款幅度或其他处罚种类。"))
        return out
    orders = {b.order for b in spec.branches}
    for order in sorted(set(tier.fines) - orders):
        out.append(Problem(f"{where}.fines.{order}", f"“{tier.label}”档次引用了不存在的法定罚款情形（{order}）。"))
    for branch in spec.branches:
        terms = tier.fines.get(branch.order)
        if terms is None:
            out.append(Problem(f"{where}.fines.{branch.order}",
                               f"“{tier.label}”档次缺少“{branch.label}”情形的罚款幅度。"))
            continue
        for message in check_tier_fine(tier.kind, branch, terms, branch.terms):
            out.append(Problem(f"{where}.fines.{branch.order}", message))
    for penalty_type, status in tier.penalties.items():
        if penalty_type == PenaltyType.FINE:
            out.append(Problem(f"{where}.penalties", "罚款以幅度设定，不在处罚种类中设定。"))
            continue
        statute = spec.statutory_status(penalty_type)
        name = PenaltyType(penalty_type).label
        if statute == PenaltyStatus.EXCLUDED and status != PenaltyStatus.EXCLUDED:
            out.append(Problem(f"{where}.penalties.{penalty_type}",
                               f"“{tier.label}”档次设定了{name}，但法定处罚种类不包括{name}。"))
        if statute == PenaltyStatus.REQUIRED and status != PenaltyStatus.REQUIRED and tier.kind != TierKind.REDUCED:
            out.append(Problem(f"{where}.penalties.{penalty_type}",
                               f"法律规定应当给予{name}，“{tier.label}”档次不能免除（只有减轻处罚档次可以）。"))
    return out


def _refinement_problems(spec: BenchmarkSpec, parent: BenchmarkSpec) -> list[Problem]:
    """A local benchmark refines its parent's: the same statute, and every tier inside the parent's same tier."""
    out: list[Problem] = []
    same = len(spec.branches) == len(parent.branches) and all(
        a.matches_structure(b) for a, b in zip(spec.branches, parent.branches, strict=False))
    if not same:
        return [Problem("fine_branches", "细化基准的法定罚款情形须与上级基准一致。")]
    for penalty_type in set(spec.penalties) | set(parent.penalties):
        if spec.statutory_status(penalty_type) != parent.statutory_status(penalty_type):
            out.append(Problem("penalties", f"细化基准对{PenaltyType(penalty_type).label}的法定要求须与上级基准一致。"))
    for kind, tier in spec.tiers.items():
        upper = parent.tiers.get(kind)
        if upper is None or kind == TierKind.EXEMPT:
            continue
        for branch in spec.branches:
            inner, outer = tier.fines.get(branch.order), upper.fines.get(branch.order)
            if inner is None or outer is None:
                continue
            for message in check_tier_fine(kind, branch, inner, outer, outer_name="上级基准"):
                out.append(Problem(f"tiers.{kind}.fines.{branch.order}", message))
            if kind == TierKind.REDUCED:
                breach = lower_breach(inner, outer, branch.domain, uses_base=branch.uses_base)
                if breach:
                    out.append(Problem(f"tiers.{kind}.fines.{branch.order}",
                                       breach_message(tier.label, branch, inner, outer, breach, outer_name="上级基准")))
        for penalty_type in set(tier.penalties) | set(upper.penalties):
            mine, theirs = spec.tier_status(tier, penalty_type), parent.tier_status(upper, penalty_type)
            name = PenaltyType(penalty_type).label
            if theirs == PenaltyStatus.EXCLUDED and mine != PenaltyStatus.EXCLUDED:
                out.append(Problem(f"tiers.{kind}.penalties.{penalty_type}",
                                   f"上级基准“{tier.label}”档次不给予{name}，细化基准不能增设。"))
            if theirs == PenaltyStatus.REQUIRED and mine != PenaltyStatus.REQUIRED:
                out.append(Problem(f"tiers.{kind}.penalties.{penalty_type}",
                                   f"上级基准“{tier.label}”档次应当给予{name}，细化基准不能免除。"))
    return out


# --- from the database -------------------------------------------------------------------------------------------


def load(benchmark, *, with_parent: bool = True) -> BenchmarkSpec:
    """The spec of a saved benchmark (a handful of queries, whatever its size)."""
    from .models import Benchmark

    bm = (Benchmark.objects.select_related("issuing_body", "parent")
          .prefetch_related("fine_branches__condition", "statutory_penalties", "tiers__fines__branch",
                            "tiers__penalties", "rules__circumstance", "basis_provisions")
          .get(pk=benchmark.pk))
    branches = tuple(
        BranchSpec(order=b.order, terms=b.terms, description=b.description, party_kind=b.party_kind, base=b.base,
                   base_label=b.base_label, base_from=b.base_from, base_below=b.base_below,
                   condition=b.condition.code if b.condition_id else "",
                   condition_name=b.condition.name if b.condition_id else "", requirement=b.requirement)
        for b in sorted(bm.fine_branches.all(), key=lambda b: b.order))
    tiers = {
        t.kind: TierSpec(kind=t.kind, fact_patterns=t.fact_patterns,
                         fines={f.branch.order: f.terms for f in t.fines.all()},
                         penalties={p.penalty_type: p.status for p in t.penalties.all()})
        for t in bm.tiers.all()
    }
    return BenchmarkSpec(
        id=bm.pk, version=bm.version, title=bm.title, citation=bm.citation, branches=branches,
        penalties={p.penalty_type: p.status for p in bm.statutory_penalties.all()},
        tiers=tiers,
        rules={r.circumstance.code: RuleSpec(r.circumstance.code, r.tier, r.basis, r.note) for r in bm.rules.all()},
        basis_citations=tuple(p.citation for p in sorted(bm.basis_provisions.all(), key=lambda p: (p.law_id, p.sort_key))),
        no_fault_excluded=bm.no_fault_excluded, no_fault_excluded_basis=bm.no_fault_excluded_basis,
        parent=load(bm.parent, with_parent=False) if with_parent and bm.parent_id else None,
    )
