"""The fixed vocabulary of discretion: penalty types, tiers, base amounts, and the circumstances the law itself names.

The statutory effects of circumstances (处罚法 第30-33条, 第36条, 第49条) live here and in ``evaluation``: they apply
to every benchmark and no benchmark can switch them off. What a benchmark configures is only what the law leaves open.
"""

from dataclasses import dataclass

from django.db import models

LAW = "《中华人民共和国行政处罚法》"


def cite(article: str) -> str:
    """``cite("第三十三条第一款")`` → 《中华人民共和国行政处罚法》第三十三条第一款."""
    return f"{LAW}{article}"


ART_9 = cite("第九条")
ART_28 = cite("第二十八条第一款")
ART_30 = cite("第三十条")
ART_31 = cite("第三十一条")
ART_32 = cite("第三十二条")
ART_33_1 = cite("第三十三条第一款")
ART_33_2 = cite("第三十三条第二款")
ART_33_3 = cite("第三十三条第三款")
ART_34 = cite("第三十四条")
ART_36 = cite("第三十六条")
ART_49 = cite("第四十九条")


class PenaltyType(models.TextChoices):
    """行政处罚的种类 (处罚法 第9条), without 行政拘留, which only public security organs impose."""

    WARNING = "warning", "警告"
    CRITICISM = "criticism", "通报批评"
    FINE = "fine", "罚款"
    CONFISCATE_INCOME = "confiscate_income", "没收违法所得"
    CONFISCATE_PROPERTY = "confiscate_property", "没收非法财物"
    SUSPEND_LICENCE = "suspend_licence", "暂扣许可证件"
    DOWNGRADE_QUALIFICATION = "downgrade_qualification", "降低资质等级"
    REVOKE_LICENCE = "revoke_licence", "吊销许可证件"
    RESTRICT_BUSINESS = "restrict_business", "限制开展生产经营活动"
    SUSPEND_BUSINESS = "suspend_business", "责令停产停业"
    CLOSE = "close", "责令关闭"
    RESTRICT_PRACTICE = "restrict_practice", "限制从业"


#: Every type except the fine, whose amount is given by ranges rather than allowed / required.
OTHER_PENALTIES = [t for t in PenaltyType.values if t != PenaltyType.FINE]


class PenaltyStatus(models.TextChoices):
    REQUIRED = "required", "应当给予"
    ALLOWED = "allowed", "可以给予"
    EXCLUDED = "excluded", "不得给予"


class TierKind(models.TextChoices):
    """裁量档次, from the most lenient to the most severe."""

    EXEMPT = "exempt", "不予处罚"
    REDUCED = "reduced", "减轻处罚"
    LIGHTER = "lighter", "从轻处罚"
    STANDARD = "standard", "一般处罚"
    HEAVIER = "heavier", "从重处罚"


TIER_ORDER = [TierKind.EXEMPT, TierKind.REDUCED, TierKind.LIGHTER, TierKind.STANDARD, TierKind.HEAVIER]
#: The tiers every active benchmark must define (typical practice: at least three tiers, LEGAL.md "Not confirmed").
REQUIRED_TIERS = [TierKind.LIGHTER, TierKind.STANDARD, TierKind.HEAVIER]
#: Tiers that carry a penalty (不予处罚 has none).
PENALTY_TIERS = [TierKind.REDUCED, TierKind.LIGHTER, TierKind.STANDARD, TierKind.HEAVIER]


def tier_rank(kind: str) -> int:
    return TIER_ORDER.index(kind)


class PartyKind(models.TextChoices):
    ANY = "any", "不限"
    NATURAL = "natural", "自然人"
    LEGAL = "legal", "法人或者其他组织"


class BaseKind(models.TextChoices):
    """The amount a fine is a multiple of (罚款基数)."""

    ILLEGAL_INCOME = "illegal_income", "违法所得"
    GOODS_VALUE = "goods_value", "货值金额"
    ILLEGAL_TURNOVER = "illegal_turnover", "违法经营额"
    OTHER = "other", "其他基数"


class Requirement(models.TextChoices):
    """Whether the statute imposes the fine (“处/并处”) or only permits it (“可以并处”“单处或者并处”)."""

    REQUIRED = "required", "应当处罚款"
    OPTIONAL = "optional", "可以处罚款"


class CircumstanceCategory(models.TextChoices):
    EXEMPTION = "exemption", "不予处罚情节"
    FACT = "fact", "违法事实与后果"
    LENIENCY = "leniency", "从轻、减轻情节"
    AGGRAVATION = "aggravation", "从重情节"


@dataclass(frozen=True)
class BuiltinCircumstance:
    code: str
    name: str
    category: str
    basis: str
    default_tier: str = ""
    natural_only: bool = False
    order: int = 0


_C = CircumstanceCategory
BUILTIN_CIRCUMSTANCES: list[BuiltinCircumstance] = [
    BuiltinCircumstance("under_14", "不满十四周岁", _C.EXEMPTION, ART_30, natural_only=True),
    BuiltinCircumstance("mental_incapable", "精神病人、智力残疾人在不能辨认或者不能控制自己行为时实施违法行为",
                        _C.EXEMPTION, ART_31, natural_only=True),
    BuiltinCircumstance("no_fault", "有证据足以证明没有主观过错", _C.EXEMPTION, ART_33_2),
    BuiltinCircumstance("time_barred", "违法行为在法定追责期限内未被发现", _C.EXEMPTION, ART_36),
    BuiltinCircumstance("minor_violation", "违法行为轻微", _C.FACT, ART_33_1),
    BuiltinCircumstance("corrected", "及时改正", _C.FACT, ART_33_1),
    BuiltinCircumstance("no_harm", "没有造成危害后果", _C.FACT, ART_33_1),
    BuiltinCircumstance("slight_harm", "危害后果轻微", _C.FACT, ART_33_1),
    BuiltinCircumstance("first_violation", "初次违法", _C.FACT, ART_33_1),
    BuiltinCircumstance("age_14_to_18", "已满十四周岁不满十八周岁", _C.LENIENCY, ART_30, TierKind.LIGHTER,
                        natural_only=True),
    BuiltinCircumstance("mental_limited", "尚未完全丧失辨认或者控制自己行为能力的精神病人、智力残疾人",
                        _C.LENIENCY, ART_31, TierKind.LIGHTER, natural_only=True),
    BuiltinCircumstance("mitigated_harm", "主动消除或者减轻违法行为危害后果", _C.LENIENCY,
                        cite("第三十二条第（一）项"), TierKind.LIGHTER),
    BuiltinCircumstance("coerced", "受他人胁迫或者诱骗实施违法行为", _C.LENIENCY, cite("第三十二条第（二）项"),
                        TierKind.LIGHTER),
    BuiltinCircumstance("confessed", "主动供述行政机关尚未掌握的违法行为", _C.LENIENCY,
                        cite("第三十二条第（三）项"), TierKind.LIGHTER),
    BuiltinCircumstance("meritorious", "配合行政机关查处违法行为有立功表现", _C.LENIENCY,
                        cite("第三十二条第（四）项"), TierKind.LIGHTER),
    BuiltinCircumstance("other_statutory_leniency", "法律、法规、规章规定的其他应当从轻或者减轻处罚的情形",
                        _C.LENIENCY, cite("第三十二条第（五）项"), TierKind.LIGHTER),
    BuiltinCircumstance("repeated", "多次违法", _C.AGGRAVATION, "裁量基准规定", TierKind.HEAVIER),
    BuiltinCircumstance("serious_harm", "造成严重后果", _C.AGGRAVATION, "裁量基准规定", TierKind.HEAVIER),
    BuiltinCircumstance("refused_cooperation", "拒不配合调查、隐匿或者销毁证据", _C.AGGRAVATION, "裁量基准规定",
                        TierKind.HEAVIER),
    BuiltinCircumstance("refused_correction", "拒不改正或者逾期未改正", _C.AGGRAVATION,
                        "罚则规定（常作为罚款情形的适用条件）"),
    BuiltinCircumstance("vulnerable_groups", "涉及学生、老年人等重点人群", _C.AGGRAVATION, "裁量基准规定",
                        TierKind.HEAVIER),
    BuiltinCircumstance("emergency", "突发事件期间违反突发事件应对措施", _C.AGGRAVATION, ART_49, TierKind.HEAVIER),
]
BUILTIN_BY_CODE = {c.code: c for c in BUILTIN_CIRCUMSTANCES}

# --- Statutory effects (apply to every benchmark; not configurable) ----------------------------------------------

#: 应当不予行政处罚, each on its own (第33条第2款 only where no law or administrative regulation provides otherwise).
MANDATORY_NO_PENALTY: dict[str, str] = {
    "under_14": ART_30,
    "mental_incapable": ART_31,
    "no_fault": ART_33_2,
    "time_barred": ART_36,
}
#: 第33条第1款前段: 违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚 (all three together).
MINOR_CORRECTED_NO_HARM = frozenset({"minor_violation", "corrected", "no_harm"})
#: 第33条第1款后段 (首违不罚): 初次违法且危害后果轻微并及时改正的，可以不予行政处罚. “没有造成危害后果” satisfies
#: “危害后果轻微” a fortiori (decision 0007).
FIRST_VIOLATION = "first_violation"
CORRECTED = "corrected"
SLIGHT_OR_NO_HARM = frozenset({"slight_harm", "no_harm"})
#: 应当从轻或者减轻 (第30条 second clause, 第32条).
MANDATORY_LENIENCY: dict[str, str] = {
    "age_14_to_18": ART_30,
    "mitigated_harm": cite("第三十二条第（一）项"),
    "coerced": cite("第三十二条第（二）项"),
    "confessed": cite("第三十二条第（三）项"),
    "meritorious": cite("第三十二条第（四）项"),
    "other_statutory_leniency": cite("第三十二条第（五）项"),
}
#: 可以从轻或者减轻 (第31条 last sentence).
DISCRETIONARY_LENIENCY: dict[str, str] = {"mental_limited": ART_31}
#: 依法从重 (第49条).
MANDATORY_AGGRAVATION: dict[str, str] = {"emergency": ART_49}

#: Facts that cannot hold together; a set of circumstances holding two of one group is refused as contradictory.
EXCLUSIVE_GROUPS: list[frozenset[str]] = [
    frozenset({"under_14", "age_14_to_18"}),
    frozenset({"mental_incapable", "mental_limited"}),
    frozenset({"no_harm", "slight_harm", "serious_harm"}),
    frozenset({"first_violation", "repeated"}),
]

NOT_CONFIGURABLE = frozenset(MANDATORY_NO_PENALTY)


def allowed_rule_tiers(code: str) -> list[str]:
    """The tiers a benchmark may map ``code`` to. The law fixes the effect of some circumstances; a benchmark may only
    choose within what the law leaves open, and only the law's own leniency grounds reach 减轻 (第32条)."""
    if code in NOT_CONFIGURABLE:
        return []
    if code in MANDATORY_LENIENCY:
        return [TierKind.REDUCED, TierKind.LIGHTER]
    if code in DISCRETIONARY_LENIENCY:
        return [TierKind.REDUCED, TierKind.LIGHTER, TierKind.STANDARD]
    if code in MANDATORY_AGGRAVATION:
        return [TierKind.HEAVIER]
    return [TierKind.EXEMPT, TierKind.LIGHTER, TierKind.STANDARD, TierKind.HEAVIER]


def reduction_basis(code: str) -> str | None:
    """The article allowing 减轻 (below the statutory minimum) for ``code``, if any."""
    return MANDATORY_LENIENCY.get(code) or DISCRETIONARY_LENIENCY.get(code)
