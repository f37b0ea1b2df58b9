"""Demo benchmarks: for every demo penalty item whose penalty article is below, a benchmark issued by the body of the
item's domain (the provincial one where there is one), plus one local refinement by the 广州市市场监督管理局.

The statutory ranges are the articles' own (食品安全法 第一百二十二条至第一百二十六条, 安全生产法 第九十四条、第九十七条、
第九十九条, 大气污染防治法 第九十八条、第九十九条、第一百一十六条、第一百一十八条、第一百一十九条). The tiers follow the
typical local practice recorded in LEGAL.md “Not confirmed”: 从轻 the lower part of the span, 一般 40%-60%, 从重 the
upper part; where the law sets only a maximum, 从轻 at most 20%. Items are found by their penalty basis, so this runs
after the items demo and does nothing for items (or bodies) that are not there. Every row is written through the
services.
"""

import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from yuezhifa.core.actors import SYSTEM
from yuezhifa.items.models import BasisRole, ItemBasis, ItemStatus, ItemType
from yuezhifa.org.models import EnforcementBody, Level

from . import services
from .models import Benchmark, BenchmarkStatus
from .permissions import issuer_problem
from .ranges import Terms, below_minimum, split
from .vocabulary import PenaltyStatus, TierKind

logger = logging.getLogger(__name__)

FOOD = "中华人民共和国食品安全法"
SAFETY = "中华人民共和国安全生产法"
AIR = "中华人民共和国大气污染防治法"

NOTE = ("演示数据：法定幅度取自现行法律；档次划分按常见地方做法（从轻为幅度下段，一般为幅度的 40%–60%，从重为幅度上段；"
        "只规定最高限的，从轻不超过最高限的 20%），本省规定尚待确认。")

D = Decimal
HEAVY = ("revoke_licence", "suspend_business", "close", "restrict_business")


@dataclass(frozen=True)
class Spec:
    law: str
    code: str  # provision code of the penalty article or paragraph (A124.P1)
    branches: list[dict]
    penalties: dict = field(default_factory=dict)
    notes: dict = field(default_factory=dict)


def _fixed(low, high, **extra) -> dict:
    return {"min_yuan": None if low is None else D(low), "max_yuan": D(high), **extra}


def _goods(low_yuan, high_yuan, low_times, high_times) -> list[dict]:
    """“货值金额不足一万元的，并处 A 以上 B 以下罚款；货值金额一万元以上的，并处货值金额 C 倍以上 D 倍以下罚款”."""
    return [
        {"description": "货值金额不足一万元的", "base": "goods_value", "base_below": D(10000),
         "min_yuan": D(low_yuan), "max_yuan": D(high_yuan)},
        {"description": "货值金额一万元以上的", "base": "goods_value", "base_from": D(10000),
         "min_multiple": D(low_times), "max_multiple": D(high_times)},
    ]


CONFISCATE = {"confiscate_income": "required", "confiscate_property": "required"}
SPECS = [
    Spec(FOOD, "A122.P1", _goods(50000, 100000, 10, 20), CONFISCATE),
    Spec(FOOD, "A122.P2", [_fixed(50000, 100000, description="明知而提供生产经营场所或者其他条件的")],
         {"confiscate_income": "required"}),
    Spec(FOOD, "A123.P1", _goods(100000, 150000, 15, 30), {**CONFISCATE, "revoke_licence": "allowed"},
         {"revoke_licence": "情节严重的"}),
    Spec(FOOD, "A124.P1", _goods(50000, 100000, 10, 20), {**CONFISCATE, "revoke_licence": "allowed"},
         {"revoke_licence": "情节严重的"}),
    Spec(FOOD, "A125.P1", _goods(5000, 50000, 5, 10),
         {**CONFISCATE, "suspend_business": "allowed", "revoke_licence": "allowed"},
         {"suspend_business": "情节严重的", "revoke_licence": "情节严重的"}),
    Spec(FOOD, "A126.P1", [_fixed(5000, 50000, description="拒不改正的", condition="refused_correction")],
         {"warning": "required", "suspend_business": "allowed", "revoke_licence": "allowed"},
         {"suspend_business": "情节严重的", "revoke_licence": "情节严重的"}),
    Spec(SAFETY, "A94.P1", [_fixed(50000, 100000, description="逾期未改正的", condition="refused_correction"),
                            _fixed(20000, 50000, description="责令限期改正的")],
         {"suspend_business": "allowed"}, {"suspend_business": "逾期未改正的"}),
    Spec(SAFETY, "A97", [_fixed(100000, 200000, description="逾期未改正的", condition="refused_correction"),
                         _fixed(None, 100000, description="责令限期改正的")],
         {"suspend_business": "allowed"}, {"suspend_business": "逾期未改正的"}),
    Spec(SAFETY, "A99", [_fixed(50000, 200000, description="逾期未改正的", condition="refused_correction"),
                         _fixed(None, 50000, description="责令限期改正的")],
         {"suspend_business": "allowed"}, {"suspend_business": "情节严重的"}),
    Spec(AIR, "A98", [_fixed(20000, 200000)]),
    Spec(AIR, "A99", [_fixed(100000, 1000000)],
         {"restrict_business": "allowed", "suspend_business": "allowed", "close": "allowed"},
         {"suspend_business": "情节严重的，报经有批准权的人民政府批准", "close": "情节严重的，报经有批准权的人民政府批准"}),
    Spec(AIR, "A116", [_fixed(2000, 20000)]),
    Spec(AIR, "A118.P1", [_fixed(5000, 50000)], {"suspend_business": "allowed"}, {"suspend_business": "拒不改正的"}),
    Spec(AIR, "A118.P3", [_fixed(500, 20000)], CONFISCATE),
    Spec(AIR, "A119.P1", [_fixed(500, 2000, requirement="optional")]),
]

PATTERNS = {
    TierKind.EXEMPT: "不满十四周岁的；精神病人、智力残疾人在不能辨认或者不能控制自己行为时违法的；违法行为轻微并及时改正，"
                     "没有造成危害后果的；当事人有证据足以证明没有主观过错的（以上依法不予处罚）。\n"
                     "初次违法且危害后果轻微并及时改正的（可以不予处罚）。",
    TierKind.REDUCED: "具有处罚法第三十条、第三十二条规定的应当从轻或者减轻处罚情形，且从轻处罚仍明显过重的。",
    TierKind.LIGHTER: "主动消除或者减轻违法行为危害后果的；受他人胁迫或者诱骗实施违法行为的；主动供述行政机关尚未掌握的"
                      "违法行为的；配合查处有立功表现的；已满十四周岁不满十八周岁的；初次违法的。",
    TierKind.STANDARD: "不具有从轻、减轻或者从重处罚情形的。",
    TierKind.HEAVIER: "多次违法的；造成严重后果的；拒不配合调查、隐匿或者销毁证据的；涉及学生、老年人等重点人群的；"
                      "突发事件期间违反突发事件应对措施的（情节严重的，可以适用吊销许可证件、责令停产停业等处罚）。",
}
RULES = [{"circumstance": "first_violation", "tier": TierKind.LIGHTER,
          "basis": "本基准：初次违法的，可以从轻处罚（首违不罚的情形依照处罚法第三十三条第一款）"}]

#: (fraction of the span from, to) per tier: a statute with a minimum, and one with only a maximum.
SPAN = {TierKind.LIGHTER: ("0", "0.4"), TierKind.STANDARD: ("0.4", "0.6"), TierKind.HEAVIER: ("0.6", "1")}
ONLY_MAX = {TierKind.LIGHTER: ("0", "0.2"), TierKind.STANDARD: ("0.4", "0.6"), TierKind.HEAVIER: ("0.6", "1")}


def _terms_dict(terms: Terms) -> dict:
    return {"min_yuan": terms.min_yuan, "min_multiple": terms.min_multiple, "max_yuan": terms.max_yuan,
            "max_multiple": terms.max_multiple}


def tiers_for(branches: list[dict], penalties: dict, *, span=None, only_max=None) -> list[dict]:
    """The tiers of the typical practice for a statute, from :func:`yuezhifa.discretion.ranges.split`."""
    statutes = [Terms(b.get("min_yuan"), b.get("min_multiple"), b.get("max_yuan"), b.get("max_multiple"))
                for b in branches]
    has_minimum = all(t.min_yuan or t.min_multiple for t in statutes)
    heavy_off = {t: PenaltyStatus.EXCLUDED for t in HEAVY if penalties.get(t) == PenaltyStatus.ALLOWED}
    tiers = [{"kind": TierKind.EXEMPT, "fact_patterns": PATTERNS[TierKind.EXEMPT]}]
    if has_minimum and statutes:
        tiers.append({"kind": TierKind.REDUCED, "fact_patterns": PATTERNS[TierKind.REDUCED], "penalties": heavy_off,
                      "fines": [{"branch": i, **_terms_dict(below_minimum(t))} for i, t in enumerate(statutes)]})
    for kind in (TierKind.LIGHTER, TierKind.STANDARD, TierKind.HEAVIER):
        fines = []
        for i, t in enumerate(statutes):
            scheme = (span or SPAN) if (t.min_yuan or t.min_multiple) else (only_max or ONLY_MAX)
            start, end = scheme[kind]
            fines.append({"branch": i, **_terms_dict(split(t, D(start), D(end)))})
        tiers.append({"kind": kind, "fact_patterns": PATTERNS[kind], "fines": fines,
                      "penalties": {} if kind == TierKind.HEAVIER else heavy_off})
    return tiers


def _items_for(spec: Spec):
    """(item, provision) for each active penalty item whose penalty basis lies in the spec's article or paragraph."""
    rows = (ItemBasis.objects.filter(role=BasisRole.PENALTY, provision__law__name=spec.law,
                                     item__type=ItemType.PENALTY)
            .exclude(item__status=ItemStatus.REPEALED)
            .filter(Q(provision__code=spec.code) | Q(provision__code__startswith=spec.code + "."))
            .select_related("item", "item__domain", "provision__law"))
    seen = set()
    for row in rows:
        if row.item_id in seen:
            continue
        seen.add(row.item_id)
        basis = row.provision.law.provisions.filter(code=spec.code).first() or row.provision
        yield row.item, basis


def _issuer(item) -> EnforcementBody | None:
    """The highest active body of the item's domain that may issue benchmarks."""
    bodies = EnforcementBody.objects.filter(domains=item.domain).exclude(level=Level.TOWNSHIP).order_by("path")
    bodies = [b for b in bodies if issuer_problem(b) is None]
    order = {Level.PROVINCE: 0, Level.CITY: 1, Level.COUNTY: 2}
    return min(bodies, key=lambda b: (order.get(b.level, 9), len(b.path)), default=None)


def load():
    """Create the demo benchmarks once per item; later calls change nothing. An item enforced only by bodies that may
    not issue benchmarks (a 街道 of the demo) is expected to have none: it is logged at debug level, not printed, so
    ``yzf demo`` prints no warning for what is no fault (issue 15 §7)."""
    created, skipped = _load()
    if created and skipped:
        logger.debug("演示裁量基准：以下执法事项没有可制定基准的执法主体，未载入：%s", "；".join(skipped))
    return []


@transaction.atomic
def _load() -> tuple[int, list[str]]:
    start = timezone.localdate().replace(month=1, day=1)
    created, skipped = 0, []
    for spec in SPECS:
        for item, provision in _items_for(spec):
            body = _issuer(item)
            if body is None:
                skipped.append(f"{item.code} {item.name}")
                continue
            if Benchmark.objects.filter(item=item, issuing_body=body).exists():
                continue
            benchmark = services.benchmark_create(
                actor=SYSTEM, item=item, issuing_body=body, title=f"{body.name}行政处罚裁量权基准",
                effective_from=start, basis_provisions=[provision], fine_branches=spec.branches,
                penalties=spec.penalties, tiers=tiers_for(spec.branches, spec.penalties), rules=RULES, note=NOTE)
            for penalty_type, note in spec.notes.items():
                benchmark.statutory_penalties.filter(penalty_type=penalty_type).update(note=note)
            services.benchmark_activate(actor=SYSTEM, benchmark=benchmark)
            created += 1
    _load_refinement(start)
    return created, skipped


#: The 广州市市场监督管理局 narrows the provincial benchmark of one 第一百二十四条 item for its area.
REFINE_ITEM_NAME = "超范围、超限量使用食品添加剂"
REFINING_BODY = "广州市市场监督管理局"
REFINED_SPAN = {TierKind.LIGHTER: ("0.1", "0.4"), TierKind.STANDARD: ("0.45", "0.55"), TierKind.HEAVIER: ("0.6", "0.9")}


def _load_refinement(start) -> None:
    body = EnforcementBody.objects.filter(name=REFINING_BODY).first()
    parent = (Benchmark.objects.filter(item__name__contains=REFINE_ITEM_NAME, status=BenchmarkStatus.ACTIVE,
                                       issuing_body__level=Level.PROVINCE).select_related("item").first())
    if body is None or parent is None or not body.path.startswith(parent.issuing_body.path):
        return
    if Benchmark.objects.filter(item=parent.item, issuing_body=body).exists():
        return
    data = services.benchmark_snapshot(parent)
    tiers = tiers_for(_parsed(data), data["penalties"], span=REFINED_SPAN)
    benchmark = services.benchmark_create(
        actor=SYSTEM, item=parent.item, issuing_body=body, title=f"{body.name}行政处罚裁量权基准（细化）",
        effective_from=start, basis_provisions=data["basis_provisions"], fine_branches=data["fine_branches"],
        penalties=data["penalties"], tiers=tiers, rules=data["rules"], parent=parent,
        note=NOTE + "本基准在省级基准相应档次内细化，适用于广州市。")
    services.benchmark_activate(actor=SYSTEM, benchmark=benchmark)


def _parsed(snapshot: dict) -> list[dict]:
    def number(value):
        return None if value in (None, "") else D(value)

    return [{k: number(b.get(k)) for k in ("min_yuan", "min_multiple", "max_yuan", "max_multiple")}
            for b in snapshot["fine_branches"]]
