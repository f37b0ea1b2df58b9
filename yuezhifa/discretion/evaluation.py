"""Discretion at decision time (DESIGN §6): item + circumstances + amounts + date → tier, allowed ranges, citations.

:func:`evaluate` finds the benchmark in force for the item on the date (the law at the time of the act, 处罚法 第37条)
and applies, in this order of precedence (decision 0007):

1. Contradictory facts (e.g. 没有造成危害后果 together with 造成严重后果) are refused, not resolved.
2. **Mandatory no penalty**: 不满十四周岁 (第30条); 精神病人、智力残疾人不能辨认或者不能控制自己行为 (第31条);
   违法行为轻微并及时改正，没有造成危害后果 (第33条第1款前段); 没有主观过错 (第33条第2款, unless the benchmark records
   that a law or administrative regulation provides otherwise); 超过追责时效 (第36条). Nothing overrides these.
3. **Discretionary no penalty**: 首违不罚, 初次违法且危害后果轻微并及时改正 (第33条第1款后段; 没有造成危害后果 counts
   as 危害后果轻微), or a circumstance the benchmark maps to 不予处罚. The tier offered is 不予处罚; ``if_penalised``
   carries what applies if the body decides to penalise.
4. **The penalty tier**: a statutory ground for 应当从轻或者减轻 (第30条, 第32条) puts the case in 从轻 or, where the
   benchmark maps a ground to it, 减轻, whatever aggravating facts there are; otherwise 依法从重 (第49条) gives 从重;
   otherwise lenient and aggravating facts together offset to 一般; only lenient ones give the most lenient tier they
   point to, only aggravating ones 从重, none 一般.

:func:`check_decision` compares a proposed penalty with an evaluation: outside the tier needs a recorded reason and
raises a supervision alert (DESIGN §6, LEGAL.md §8 过罚不当); outside the statutory range is refused, except below the
minimum where the law allows 减轻 (第32条), which again needs a recorded reason.
"""

import datetime
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from yuezhifa.core.errors import DomainError

from . import spec as specs
from .ranges import money, money_str, statutory, to_fen, within
from .vocabulary import (
    ART_28,
    ART_33_1,
    ART_33_3,
    ART_34,
    CORRECTED,
    EXCLUSIVE_GROUPS,
    FIRST_VIOLATION,
    MANDATORY_AGGRAVATION,
    MANDATORY_LENIENCY,
    MANDATORY_NO_PENALTY,
    MINOR_CORRECTED_NO_HARM,
    OTHER_PENALTIES,
    SLIGHT_OR_NO_HARM,
    BaseKind,
    PartyKind,
    PenaltyStatus,
    PenaltyType,
    Requirement,
    TierKind,
    reduction_basis,
    tier_rank,
)

PARTY_KINDS = (PartyKind.NATURAL, PartyKind.LEGAL)


class NoBenchmark(DomainError):
    code = "no_benchmark"
    title = "没有可适用的裁量基准"


@dataclass(frozen=True)
class CircumstanceInfo:
    code: str
    name: str
    default_tier: str = ""
    natural_only: bool = False
    basis: str = ""


@dataclass(frozen=True)
class FineRange:
    """The fine allowed in the tier, with the statute's range it lies in, both in yuan for the amounts given."""

    lower: Decimal
    upper: Decimal
    statutory_lower: Decimal
    statutory_upper: Decimal
    required: bool
    branch: str
    tier_terms: str
    statutory_terms: str
    base: str = ""
    base_name: str = ""
    base_amount: Decimal | None = None
    reduced: bool = False

    @property
    def lower_text(self) -> str:
        return money(self.lower)

    @property
    def upper_text(self) -> str:
        return money(self.upper)

    @property
    def statutory_lower_text(self) -> str:
        return money(self.statutory_lower)

    @property
    def statutory_upper_text(self) -> str:
        return money(self.statutory_upper)

    def as_dict(self) -> dict:
        return {
            "lower": money_str(self.lower), "upper": money_str(self.upper),
            "statutory_lower": money_str(self.statutory_lower), "statutory_upper": money_str(self.statutory_upper),
            "required": self.required, "branch": self.branch, "tier_terms": self.tier_terms,
            "statutory_terms": self.statutory_terms, "base": self.base or None, "base_name": self.base_name or None,
            "base_amount": None if self.base_amount is None else money_str(self.base_amount),
        }


@dataclass(frozen=True)
class Evaluation:
    """What the benchmark and the law allow for one case. ``penalties`` holds every type other than the fine that may
    or must be imposed in the tier (required / allowed); ``statutory_penalties`` the statute's own statuses."""

    tier: str
    benchmark_id: object
    benchmark_version: int
    benchmark_citation: str
    on: datetime.date
    party_kind: str
    circumstances: tuple[str, ...]
    amounts: dict[str, Decimal]
    ranges: dict[str, FineRange] = field(default_factory=dict)
    penalties: dict[str, str] = field(default_factory=dict)
    statutory_penalties: dict[str, str] = field(default_factory=dict)
    citations: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    no_penalty_mandatory: bool = False
    no_penalty_discretionary: bool = False
    reduction_allowed: bool = False
    reduction_basis: tuple[str, ...] = ()
    fact_patterns: str = ""
    item_id: object = None
    item_label: str = ""
    if_penalised: "Evaluation | None" = None

    @property
    def tier_label(self) -> str:
        return TierKind(self.tier).label

    @property
    def required_penalties(self) -> tuple[str, ...]:
        return tuple(t for t, s in self.penalties.items() if s == PenaltyStatus.REQUIRED)

    @property
    def allowed_penalties(self) -> tuple[str, ...]:
        return tuple(t for t, s in self.penalties.items() if s == PenaltyStatus.ALLOWED)

    @property
    def fine(self) -> FineRange | None:
        return self.ranges.get(PenaltyType.FINE)

    @property
    def penalty_entries(self) -> list[dict]:
        return [{"type": t, "label": PenaltyType(t).label, "status": s, "status_label": PenaltyStatus(s).label,
                 "statutory_status": self.statutory_penalties.get(t, PenaltyStatus.EXCLUDED)}
                for t, s in self.penalties.items()]

    def as_dict(self) -> dict:
        """JSON-ready: Decimals as strings, dates ISO."""
        return {
            "item": None if self.item_id is None else str(self.item_id), "item_label": self.item_label,
            "date": self.on.isoformat(), "party_kind": self.party_kind,
            "circumstances": list(self.circumstances),
            "amounts": {k: money_str(v) for k, v in self.amounts.items()},
            "benchmark": None if self.benchmark_id is None else str(self.benchmark_id),
            "benchmark_version": self.benchmark_version, "benchmark_citation": self.benchmark_citation,
            "tier": self.tier, "tier_label": self.tier_label, "fact_patterns": self.fact_patterns,
            "ranges": {k: v.as_dict() for k, v in self.ranges.items()},
            "penalties": self.penalty_entries,
            "required_penalties": list(self.required_penalties),
            "allowed_penalties": list(self.allowed_penalties),
            "no_penalty_mandatory": self.no_penalty_mandatory,
            "no_penalty_discretionary": self.no_penalty_discretionary,
            "reduction_allowed": self.reduction_allowed, "reduction_basis": list(self.reduction_basis),
            "citations": list(self.citations), "reasons": list(self.reasons),
            "if_penalised": self.if_penalised.as_dict() if self.if_penalised else None,
        }


# --- input normalisation -----------------------------------------------------------------------------------------


def _amounts(amounts) -> dict[str, Decimal]:
    out = {}
    for key, value in (amounts or {}).items():
        if key not in BaseKind.values:
            raise DomainError(f"金额类别“{key}”不存在，可选：" + "、".join(f"{v}（{label}）" for v, label in
                                                                  BaseKind.choices) + "。", field=f"amounts.{key}")
        if value is None or value == "":
            continue
        if isinstance(value, float | bool):
            raise DomainError(f"{BaseKind(key).label}须以十进制数（字符串或整数）填写，不能是浮点数。",
                              field=f"amounts.{key}")
        try:
            number = Decimal(str(value).replace(",", "").strip())
        except InvalidOperation:
            raise DomainError(f"{BaseKind(key).label}“{value}”不是有效的金额。", field=f"amounts.{key}") from None
        if not number.is_finite() or number < 0:
            raise DomainError(f"{BaseKind(key).label}不能为负数。", field=f"amounts.{key}")
        out[key] = number
    return out


def _check_circumstances(codes: set[str], vocabulary: dict[str, CircumstanceInfo], party_kind: str) -> None:
    unknown = sorted(codes - set(vocabulary))
    if unknown:
        raise DomainError(f"情节“{'、'.join(unknown)}”不存在或已停用。", field="circumstances")
    if party_kind not in PARTY_KINDS:
        raise DomainError("当事人类别应为 natural（自然人）或 legal（法人或者其他组织）。", field="party_kind")
    if party_kind == PartyKind.LEGAL:
        personal = sorted(vocabulary[c].name for c in codes if vocabulary[c].natural_only)
        if personal:
            raise DomainError(f"“{'”“'.join(personal)}”只适用于自然人，当事人为法人或者其他组织。",
                              field="circumstances")
    for group in EXCLUSIVE_GROUPS:
        both = sorted(codes & group)
        if len(both) > 1:
            names = "”与“".join(vocabulary[c].name for c in both)
            raise DomainError(f"情节“{names}”相互矛盾，不能同时成立，请核实。", field="circumstances")


# --- evaluation --------------------------------------------------------------------------------------------------


class _Acc:
    """Reasons and citations in the order they arise, without repeats."""

    def __init__(self):
        self.reasons: list[str] = []
        self.citations: list[str] = []

    def say(self, text: str, *cites: str) -> None:
        if text not in self.reasons:
            self.reasons.append(text)
        self.cite(*cites)

    def cite(self, *cites: str) -> None:
        for c in cites:
            if c and c not in self.citations:
                self.citations.append(c)


def evaluate_spec(spec: specs.BenchmarkSpec, *, circumstances, amounts, on: datetime.date, party_kind: str,
                  vocabulary: dict[str, CircumstanceInfo], item_id=None, item_label: str = "") -> Evaluation:
    """Evaluate against a spec (no queries). ``vocabulary`` must hold every code in ``circumstances``."""
    codes = set(circumstances or ())
    _check_circumstances(codes, vocabulary, party_kind)
    amounts = _amounts(amounts)
    def name(c):
        return (vocabulary[c].name)
    base = Evaluation(tier=TierKind.EXEMPT, benchmark_id=spec.id, benchmark_version=spec.version,
                      benchmark_citation=spec.citation, on=on, party_kind=party_kind,
                      circumstances=tuple(sorted(codes)), amounts=amounts, item_id=item_id, item_label=item_label)
    head = [spec.citation, *spec.basis_citations]

    # 2. Mandatory no penalty.
    acc = _Acc()
    acc.cite(*head)
    notes = []
    for code, article in MANDATORY_NO_PENALTY.items():
        if code not in codes:
            continue
        if code == "no_fault" and spec.no_fault_excluded:
            notes.append((f"依照{spec.no_fault_excluded_basis or '法律、行政法规的规定'}，当事人没有主观过错亦应当给予处罚"
                          f"（{article}：法律、行政法规另有规定的，从其规定）。", article))
            continue
        acc.say(_NO_PENALTY_TEXT[code].format(article=article), article)
    if codes >= MINOR_CORRECTED_NO_HARM:
        acc.say(f"违法行为轻微并及时改正，没有造成危害后果，依照{ART_33_1}，不予行政处罚。", ART_33_1)
    if acc.reasons:
        acc.say(f"依照{ART_33_3}，应当对当事人进行教育；依照{ART_28}，应当责令当事人改正或者限期改正违法行为。",
                ART_33_3, ART_28)
        return replace(base, tier=TierKind.EXEMPT, no_penalty_mandatory=True, citations=tuple(acc.citations),
                       reasons=tuple(acc.reasons), fact_patterns=_patterns(spec, TierKind.EXEMPT))

    # 3. Discretionary no penalty.
    offers = _Acc()
    if FIRST_VIOLATION in codes and CORRECTED in codes and codes & SLIGHT_OR_NO_HARM:
        harm = "没有造成危害后果" if "no_harm" in codes else "危害后果轻微"
        offers.say(f"当事人初次违法且{harm}并及时改正，依照{ART_33_1}，可以不予行政处罚（首违不罚）。", ART_33_1)
    for code in sorted(codes):
        rule = spec.rules.get(code)
        if rule is not None and rule.tier == TierKind.EXEMPT:
            offers.say(f"具有“{name(code)}”情节，依照{spec.citation}"
                       f"{('及' + rule.basis) if rule.basis else ''}，可以不予行政处罚。", rule.basis)

    penalised = _penalty_evaluation(spec, base, codes, amounts, party_kind, vocabulary)
    if notes:
        penalised = replace(penalised, reasons=tuple(t for t, _ in notes) + penalised.reasons,
                            citations=penalised.citations + tuple(a for _, a in notes if a not in penalised.citations))
    if offers.reasons:
        acc = _Acc()
        acc.cite(*head)
        for text in offers.reasons:
            acc.say(text)
        acc.cite(*offers.citations)
        acc.say(f"决定给予行政处罚的，适用“{penalised.tier_label}”档次（见“如给予处罚”）；决定不予处罚的，应当对当事人进行"
                f"教育（{ART_33_3}），并责令改正（{ART_28}）。", ART_33_3, ART_28)
        return replace(base, tier=TierKind.EXEMPT, no_penalty_discretionary=True, citations=tuple(acc.citations),
                       reasons=tuple(acc.reasons), fact_patterns=_patterns(spec, TierKind.EXEMPT),
                       reduction_allowed=penalised.reduction_allowed, reduction_basis=penalised.reduction_basis,
                       if_penalised=penalised)
    return penalised


_NO_PENALTY_TEXT = {
    "under_14": "当事人不满十四周岁，依照{article}，不予行政处罚，责令监护人加以管教。",
    "mental_incapable": "当事人系精神病人、智力残疾人，在不能辨认或者不能控制自己行为时有违法行为，依照{article}，"
                        "不予行政处罚，应当责令其监护人严加看管和治疗。",
    "no_fault": "当事人有证据足以证明没有主观过错，依照{article}，不予行政处罚。",
    "time_barred": "违法行为在法定期限内未被发现，依照{article}，不再给予行政处罚。",
}


def _patterns(spec: specs.BenchmarkSpec, kind: str) -> str:
    tier = spec.tiers.get(kind)
    return tier.fact_patterns if tier else ""


def _effect(spec: specs.BenchmarkSpec, code: str, vocabulary_tier: str) -> str:
    """The tier one circumstance points to: the benchmark's rule, else the vocabulary's default."""
    rule = spec.rules.get(code)
    return rule.tier if rule is not None else vocabulary_tier


def _penalty_evaluation(spec, base: Evaluation, codes: set[str], amounts, party_kind, vocabulary) -> Evaluation:
    acc = _Acc()
    acc.cite(spec.citation, *spec.basis_citations)
    tier = _choose_tier(spec, codes, acc, vocabulary)
    reduction = tuple(dict.fromkeys(b for c in sorted(codes) if (b := reduction_basis(c))))
    if tier == TierKind.REDUCED and TierKind.REDUCED not in spec.tiers:
        acc.say("本基准未设“减轻处罚”档次，按“从轻处罚”档次裁量；依法可以减轻处罚的，减轻幅度须说明理由。")
        tier = TierKind.LIGHTER
    tier_spec = spec.tiers.get(tier)
    ranges = {}
    fine = _fine(spec, tier, tier_spec, codes, amounts, party_kind, acc)
    if fine is not None:
        ranges[PenaltyType.FINE] = fine
    penalties, statutory_penalties = {}, {}
    for penalty_type in OTHER_PENALTIES:
        statute = spec.statutory_status(penalty_type)
        if statute != PenaltyStatus.EXCLUDED:
            statutory_penalties[penalty_type] = statute
        status = spec.tier_status(tier_spec, penalty_type) if tier_spec else statute
        if status != PenaltyStatus.EXCLUDED:
            penalties[penalty_type] = status
    if reduction:
        acc.say(f"具有依法可以减轻处罚的情节，罚款可以低于法定最低限（{'、'.join(reduction)}），须在决定中说明理由。",
                *reduction)
    acc.say(f"依照{ART_28}，应当责令当事人改正或者限期改正违法行为。", ART_28)
    acc.cite(ART_34)
    return replace(base, tier=tier, ranges=ranges, penalties=penalties, statutory_penalties=statutory_penalties,
                   citations=tuple(acc.citations), reasons=tuple(acc.reasons), reduction_allowed=bool(reduction),
                   reduction_basis=reduction, fact_patterns=tier_spec.fact_patterns if tier_spec else "")


def _choose_tier(spec, codes, acc: _Acc, vocabulary: dict[str, CircumstanceInfo]) -> str:
    """The penalty tier for ``codes`` (step 4 of the module docstring's precedence)."""
    def name(c):
        return (vocabulary[c].name)
    lenient, aggravating, neutral = [], [], []
    for code in sorted(codes):
        if code in MANDATORY_NO_PENALTY:
            continue  # only no_fault under a benchmark that excludes it reaches here; it has no tier effect
        tier = _effect(spec, code, vocabulary[code].default_tier)
        if tier in (TierKind.REDUCED, TierKind.LIGHTER):
            lenient.append((code, tier))
        elif tier == TierKind.HEAVIER:
            aggravating.append((code, tier))
        elif tier == TierKind.EXEMPT:
            continue  # offered as discretionary no penalty; no effect on the tier if penalised
        else:
            neutral.append(code)
    mandatory_lenient = [c for c, _ in lenient if c in MANDATORY_LENIENCY]
    mandatory_heavier = [c for c, _ in aggravating if c in MANDATORY_AGGRAVATION]
    def names(pairs):
        return ("、".join(f"“{name(c)}”" for c, _ in pairs))
    most_lenient = min((t for _, t in lenient), key=tier_rank) if lenient else None
    if mandatory_lenient:
        tier = most_lenient
        articles = sorted({MANDATORY_LENIENCY[c] for c in mandatory_lenient})
        acc.say(f"具有{names([(c, None) for c in mandatory_lenient])}情节，依照{'、'.join(articles)}，应当从轻或者减轻处罚，"
                f"适用“{TierKind(tier).label}”档次。", *articles)
        if aggravating:
            acc.say(f"同时具有{names(aggravating)}情节；因法律规定应当从轻或者减轻，不适用从重档次，可在本档次幅度内酌情考虑。")
    elif mandatory_heavier:
        tier = TierKind.HEAVIER
        articles = sorted({MANDATORY_AGGRAVATION[c] for c in mandatory_heavier})
        acc.say(f"具有{names([(c, None) for c in mandatory_heavier])}情节，依照{'、'.join(articles)}，依法从重处罚。",
                *articles)
        if lenient:
            acc.say(f"同时具有{names(lenient)}情节，可在从重档次幅度内酌情考虑。")
    elif lenient and aggravating:
        tier = TierKind.STANDARD
        acc.say(f"同时具有从轻情节{names(lenient)}和从重情节{names(aggravating)}，且无法定应当从轻或者减轻的情节，"
                "综合裁量适用“一般处罚”档次。")
    elif lenient:
        tier = most_lenient
        cites = [spec.rules[c].basis for c, _ in lenient if c in spec.rules and spec.rules[c].basis]
        acc.say(f"具有{names(lenient)}情节，依照本基准适用“{TierKind(tier).label}”档次。", *cites)
        discretionary = [c for c, _ in lenient if reduction_basis(c)]
        for c in discretionary:
            acc.cite(reduction_basis(c))
    elif aggravating:
        tier = TierKind.HEAVIER
        cites = [spec.rules[c].basis for c, _ in aggravating if c in spec.rules and spec.rules[c].basis]
        acc.say(f"具有{names(aggravating)}情节，依照本基准适用“从重处罚”档次。", *cites)
    else:
        tier = TierKind.STANDARD
        acc.say("无从轻、减轻或者从重情节，适用“一般处罚”档次。")
    if neutral:
        acc.say(f"{'、'.join(f'“{name(c)}”' for c in neutral)}在本基准中不单独影响裁量档次。")
    return tier


def _fine(spec, tier: str, tier_spec, codes, amounts, party_kind, acc: _Acc) -> FineRange | None:
    if not spec.branches:
        return None
    for branch in spec.branches:
        if branch.party_kind != PartyKind.ANY and branch.party_kind != party_kind:
            continue
        if branch.condition and branch.condition not in codes:
            continue
        amount = None
        if branch.needs_amount:
            amount = amounts.get(branch.base)
            if amount is None:
                raise DomainError(f"请填写{branch.base_name}：判断是否适用法定罚款情形“{branch.label}”需要该金额"
                                  f"（没有的填 0）。", field=f"amounts.{branch.base}")
            if not branch.domain.contains(amount):
                continue
        law = statutory(branch.terms, amount)
        terms = tier_spec.fines.get(branch.order) if tier_spec else None
        reduced = tier == TierKind.REDUCED
        if terms is None:
            concrete = law
            acc.say(f"本档次未设定“{branch.label}”情形的罚款幅度，适用法定幅度。")
        else:
            concrete = within(terms, amount, law, reduced=reduced)
        concrete, law = to_fen(concrete, law)
        base_name = branch.base_name
        required = branch.requirement == Requirement.REQUIRED
        tier_text = terms.describe(base_name) if terms is not None else branch.terms.describe(base_name)
        at = f"{base_name} {money(amount)} 元，" if amount is not None and branch.terms.uses_base else ""
        acc.say(f"适用法定罚款情形“{branch.label}”：法定幅度为{branch.terms.describe(base_name)}，"
                f"{'应当' if required else '可以'}并处罚款；{at}本档次罚款 {money(concrete.lower)} 元至 "
                f"{money(concrete.upper)} 元（{tier_text}）。")
        if law.collapsed:
            acc.say(f"按{base_name}计算的法定最高额低于法定最低额，以法定最低额 {money(law.lower)} 元为准。")
        return FineRange(lower=concrete.lower, upper=concrete.upper, statutory_lower=law.lower,
                         statutory_upper=law.upper, required=required, branch=branch.label, tier_terms=tier_text,
                         statutory_terms=branch.terms.describe(base_name), base=branch.base, base_name=base_name,
                         base_amount=amount, reduced=reduced)
    acc.say("依据当事人情况和情节，法定罚则中没有适用的罚款情形，不得处以罚款。")
    return None


# --- the database entry point ------------------------------------------------------------------------------------


def vocabulary_for(codes) -> dict[str, CircumstanceInfo]:
    """The active circumstances among ``codes`` (one query)."""
    from .models import Circumstance

    return {c.code: CircumstanceInfo(c.code, c.name, c.default_tier, c.natural_only, c.basis)
            for c in Circumstance.objects.filter(code__in=list(codes), active=True)}


def evaluate(*, item, circumstances: set[str], amounts: dict[str, Decimal], on: datetime.date, party_kind: str,
             body=None, benchmark=None) -> Evaluation:
    """What the benchmark in force for ``item`` on ``on`` and the law allow, given the circumstances and amounts.

    ``body`` is the deciding body: its own benchmark, or the nearest one issued above it, applies; without it, the
    provincial benchmark. ``benchmark`` evaluates a given version instead (a draft's trial run). Raises
    :class:`NoBenchmark` (naming the item and the date) when none is in force, and ``DomainError`` for bad input.
    """
    from . import selectors

    if not isinstance(on, datetime.date):
        raise DomainError("请填写违法行为发生之日（或者决定适用的日期）。", field="date")
    if benchmark is None:
        benchmark = selectors.benchmark_in_force(item=item, on=on, body=body)
        if benchmark is None:
            raise NoBenchmark(f"执法事项“{item.code} {item.name}”在 {on.isoformat()} 没有生效的裁量基准，"
                              "请确认日期，或联系制定机关发布该事项的裁量基准。", field="item", item=str(item.pk),
                              date=on.isoformat())
    elif benchmark.item_id != item.pk:
        raise DomainError("所选裁量基准不属于该执法事项。", field="benchmark")
    codes = {str(c) for c in (circumstances or ())}
    return evaluate_spec(specs.load(benchmark), circumstances=codes, amounts=amounts, on=on, party_kind=party_kind,
                         vocabulary=vocabulary_for(codes), item_id=item.pk, item_label=f"{item.code} {item.name}")


# --- checking a proposed decision --------------------------------------------------------------------------------


class DeviationKind:
    OUTSIDE_TIER = "outside_tier"  # within the law, outside the tier: a recorded reason, a supervision alert
    REDUCED = "reduced_below_minimum"  # below the statutory minimum where the law allows 减轻: a recorded reason
    OUTSIDE_STATUTE = "outside_statute"  # refused
    NO_PENALTY_BY_LAW = "no_penalty_by_law"  # a penalty where the law says none: refused

    LABELS = {OUTSIDE_TIER: "超出裁量档次", REDUCED: "减轻处罚（低于法定最低限）", OUTSIDE_STATUTE: "超出法定范围",
              NO_PENALTY_BY_LAW: "依法应当不予处罚"}


@dataclass(frozen=True)
class Deviation:
    """One way a proposed penalty departs from the evaluation. ``blocking``: the decision may not be made;
    otherwise ``needs_reason``: it may, with a recorded reason, and supervision is alerted (过罚不当)."""

    penalty_type: str
    kind: str
    message: str
    blocking: bool
    needs_reason: bool
    value: Decimal | bool | None = None
    bound: Decimal | None = None
    basis: str = ""

    @property
    def kind_label(self) -> str:
        return DeviationKind.LABELS[self.kind]

    def as_dict(self) -> dict:
        value = self.value
        if isinstance(value, Decimal):
            value = money_str(value)
        return {"penalty_type": self.penalty_type, "penalty_label": PenaltyType(self.penalty_type).label,
                "kind": self.kind, "kind_label": self.kind_label, "message": self.message, "blocking": self.blocking,
                "needs_reason": self.needs_reason, "value": value,
                "bound": None if self.bound is None else money_str(self.bound), "basis": self.basis}


def _proposed(proposed) -> dict[str, Decimal | bool]:
    out = {}
    for key, value in (proposed or {}).items():
        if key not in PenaltyType.values:
            raise DomainError(f"处罚种类“{key}”不存在。", field=f"proposed.{key}")
        if key == PenaltyType.FINE:
            if value is None or value is False or value == "":
                continue
            if isinstance(value, float) or value is True:
                raise DomainError("罚款金额须以十进制数填写。", field="proposed.fine")
            try:
                amount = Decimal(str(value).replace(",", "").strip())
            except InvalidOperation:
                raise DomainError(f"罚款金额“{value}”不是有效的金额。", field="proposed.fine") from None
            if not amount.is_finite() or amount < 0:
                raise DomainError("罚款金额不能为负数。", field="proposed.fine")
            out[key] = amount
        else:
            out[key] = bool(value)
    return out


def _imposed(proposed: dict) -> list[str]:
    return [t for t, v in proposed.items() if (v > 0 if isinstance(v, Decimal) else v)]


def check_decision(evaluation: Evaluation, proposed: dict[str, Decimal | bool]) -> list[Deviation]:
    """How a proposed penalty (``{"fine": Decimal("80000"), "revoke_licence": True, …}``; a missing type is not
    imposed) departs from ``evaluation``. An empty list: within the tier."""
    proposed = _proposed(proposed)
    imposed = _imposed(proposed)
    if evaluation.no_penalty_mandatory:
        return [Deviation(t, DeviationKind.NO_PENALTY_BY_LAW,
                          f"依法应当不予行政处罚，不能给予{PenaltyType(t).label}。", blocking=True, needs_reason=False,
                          value=proposed[t], basis="；".join(evaluation.citations[-3:]))
                for t in imposed]
    if evaluation.no_penalty_discretionary:
        if not imposed:
            return []
        evaluation = evaluation.if_penalised
    if not imposed:
        return [Deviation(PenaltyType.FINE if evaluation.fine else (evaluation.required_penalties or ("warning",))[0],
                          DeviationKind.OUTSIDE_STATUTE,
                          "未给予任何处罚，但不具备依法不予行政处罚的情形（处罚法 第三十条、第三十一条、第三十三条）。",
                          blocking=True, needs_reason=False)]
    out = []
    out.extend(_check_fine(evaluation, proposed.get(PenaltyType.FINE)))
    for penalty_type in OTHER_PENALTIES:
        out.extend(_check_other(evaluation, penalty_type, bool(proposed.get(penalty_type))))
    return out


def _check_fine(ev: Evaluation, amount: Decimal | None) -> list[Deviation]:
    fine = ev.fine
    label = PenaltyType.FINE.label
    if fine is None:
        if amount:
            return [Deviation(PenaltyType.FINE, DeviationKind.OUTSIDE_STATUTE,
                              "依据法定罚则，本案情形不得处以罚款。", blocking=True, needs_reason=False, value=amount)]
        return []
    if not amount:
        if not fine.required:
            return []
        amount = Decimal(0)
    reduction = "、".join(ev.reduction_basis)
    if amount > fine.statutory_upper:
        return [Deviation(PenaltyType.FINE, DeviationKind.OUTSIDE_STATUTE,
                          f"{label} {money(amount)} 元高于法定最高额 {money(fine.statutory_upper)} 元"
                          f"（{fine.statutory_terms}），不能作出。", blocking=True, needs_reason=False, value=amount,
                          bound=fine.statutory_upper)]
    if amount < fine.statutory_lower:
        what = "未处罚款" if amount == 0 else f"{label} {money(amount)} 元"
        if not ev.reduction_allowed:
            return [Deviation(PenaltyType.FINE, DeviationKind.OUTSIDE_STATUTE,
                              f"{what}低于法定最低额 {money(fine.statutory_lower)} 元，且不具备依法可以减轻处罚的情节"
                              "（处罚法 第三十二条），不能作出。", blocking=True, needs_reason=False, value=amount,
                              bound=fine.statutory_lower)]
        if ev.tier == TierKind.REDUCED and fine.lower <= amount:
            return []
        bound = fine.lower if ev.tier == TierKind.REDUCED else fine.statutory_lower
        return [Deviation(PenaltyType.FINE, DeviationKind.REDUCED,
                          f"{what}低于{'减轻处罚档次下限' if ev.tier == TierKind.REDUCED else '法定最低额'} "
                          f"{money(bound)} 元，依照{reduction}减轻处罚，须在决定中说明理由。", blocking=False,
                          needs_reason=True, value=amount, bound=bound, basis=reduction)]
    if amount < fine.lower or amount > fine.upper:
        bound = fine.lower if amount < fine.lower else fine.upper
        return [Deviation(PenaltyType.FINE, DeviationKind.OUTSIDE_TIER,
                          f"{label} {money(amount)} 元在法定幅度内，但超出“{ev.tier_label}”档次 {money(fine.lower)} 元至 "
                          f"{money(fine.upper)} 元的幅度，须在决定中说明理由，并将提示执法监督。", blocking=False,
                          needs_reason=True, value=amount, bound=bound, basis=ev.benchmark_citation)]
    return []


def _check_other(ev: Evaluation, penalty_type: str, imposed: bool) -> list[Deviation]:
    statute = ev.statutory_penalties.get(penalty_type, PenaltyStatus.EXCLUDED)
    tier = ev.penalties.get(penalty_type, PenaltyStatus.EXCLUDED)
    name = PenaltyType(penalty_type).label
    if imposed and statute == PenaltyStatus.EXCLUDED:
        return [Deviation(penalty_type, DeviationKind.OUTSIDE_STATUTE, f"法定罚则没有规定{name}，不能给予。",
                          blocking=True, needs_reason=False, value=True)]
    if imposed and tier == PenaltyStatus.EXCLUDED:
        return [Deviation(penalty_type, DeviationKind.OUTSIDE_TIER,
                          f"“{ev.tier_label}”档次不给予{name}；给予的，须在决定中说明理由，并将提示执法监督。",
                          blocking=False, needs_reason=True, value=True, basis=ev.benchmark_citation)]
    if not imposed and statute == PenaltyStatus.REQUIRED and tier == PenaltyStatus.REQUIRED:
        if ev.reduction_allowed:
            return [Deviation(penalty_type, DeviationKind.REDUCED,
                              f"法律规定应当给予{name}；依照{'、'.join(ev.reduction_basis)}减轻处罚而不予给予的，"
                              "须在决定中说明理由。", blocking=False, needs_reason=True, value=False,
                              basis="、".join(ev.reduction_basis))]
        return [Deviation(penalty_type, DeviationKind.OUTSIDE_STATUTE, f"法律规定应当给予{name}，不能免除。",
                          blocking=True, needs_reason=False, value=False)]
    if not imposed and tier == PenaltyStatus.REQUIRED:
        return [Deviation(penalty_type, DeviationKind.OUTSIDE_TIER,
                          f"“{ev.tier_label}”档次应当给予{name}；不予给予的，须在决定中说明理由，并将提示执法监督。",
                          blocking=False, needs_reason=True, value=False, basis=ev.benchmark_citation)]
    return []
