"""Writing benchmarks: draft, revise, publish, retire (decision 0007).

A benchmark is written as a draft (``benchmark_create``, ``benchmark_update``, ``benchmark_new_version``), checked and
published by ``benchmark_activate`` (which refuses any tier range outside the statutory range: a 减轻 tier may go below
the minimum, never above the maximum, 处罚法 第32条), and ended by ``benchmark_retire``. Versions of the same item and
issuing body never overlap in time: publishing a new version ends the one in force on the day the new one starts.

The content of a benchmark is given as plain data, the same shape the API accepts and :func:`benchmark_snapshot`
returns::

    fine_branches=[{"description": "货值金额不足一万元的", "base": "goods_value", "base_below": "10000",
                    "min_yuan": "50000", "max_yuan": "100000"},
                   {"description": "货值金额一万元以上的", "base": "goods_value", "base_from": "10000",
                    "min_multiple": "10", "max_multiple": "20"}],
    penalties={"confiscate_income": "required", "revoke_licence": "allowed"},
    tiers=[{"kind": "lighter", "fact_patterns": "…", "fines": [{"branch": 0, "min_yuan": "50000",
            "max_yuan": "70000"}, {"branch": 1, "min_multiple": "10", "max_multiple": "14"}],
            "penalties": {"revoke_licence": "excluded"}}, …],
    rules=[{"circumstance": "first_violation", "tier": "lighter", "basis": "…"}]

Bad input is refused with a Chinese message naming the field (``tiers[2].fines[0].max_yuan``) and writes nothing.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from yuezhifa.audit.services import audit_record
from yuezhifa.core.errors import Conflict, DomainError
from yuezhifa.items.models import Item, ItemStatus, ItemType
from yuezhifa.laws.models import CITABLE_KINDS, Provision

from .models import (
    Benchmark,
    BenchmarkStatus,
    Circumstance,
    CircumstanceRule,
    FineBranch,
    StatutoryPenalty,
    Tier,
    TierFine,
    TierPenalty,
)
from .permissions import require_issuer
from .ranges import money_str, number
from .spec import load, problems
from .vocabulary import (
    OTHER_PENALTIES,
    BaseKind,
    PartyKind,
    PenaltyStatus,
    PenaltyType,
    Requirement,
    TierKind,
    allowed_rule_tiers,
)

TERMS = ("min_yuan", "min_multiple", "max_yuan", "max_multiple")
ELEMENTS = ("title", "document_number", "effective_from", "effective_until", "note", "no_fault_excluded",
            "no_fault_excluded_basis", "parent")
CONTENT = ("basis_provisions", "fine_branches", "penalties", "tiers", "rules")
MAX_YUAN = Decimal("99999999999999.99")
MAX_MULTIPLE = Decimal("999999.9999")


# --- parsing the content -----------------------------------------------------------------------------------------


def _decimal(value, field: str, label: str, *, places: int, limit: Decimal) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float | bool):
        raise DomainError(f"{label}须以十进制数（字符串或整数）填写，不能是浮点数。", field=field)
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise DomainError(f"{label}“{value}”不是有效的数字。", field=field) from None
    if not number.is_finite() or number < 0:
        raise DomainError(f"{label}不能为负数。", field=field)
    if number > limit:
        raise DomainError(f"{label}“{value}”超出可表示的范围。", field=field)
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise DomainError(f"{label}最多保留 {places} 位小数。", field=field)
    return number


def _terms(data: dict, field: str) -> dict:
    return {
        "min_yuan": _decimal(data.get("min_yuan"), f"{field}.min_yuan", "最低罚款（元）", places=2, limit=MAX_YUAN),
        "max_yuan": _decimal(data.get("max_yuan"), f"{field}.max_yuan", "最高罚款（元）", places=2, limit=MAX_YUAN),
        "min_multiple": _decimal(data.get("min_multiple"), f"{field}.min_multiple", "最低倍数", places=4,
                                 limit=MAX_MULTIPLE),
        "max_multiple": _decimal(data.get("max_multiple"), f"{field}.max_multiple", "最高倍数", places=4,
                                 limit=MAX_MULTIPLE),
    }


def _terms_order(terms: dict, field: str, what: str) -> None:
    for low, high, unit in (("min_yuan", "max_yuan", "元"), ("min_multiple", "max_multiple", "倍")):
        if terms[low] is not None and terms[high] is not None and terms[low] > terms[high]:
            raise DomainError(f"{what}的最低（{terms[low]} {unit}）大于最高（{terms[high]} {unit}）。",
                              field=f"{field}.{low}")


def _choice(value, choices, field: str, label: str, default=None) -> str:
    if value in (None, "") and default is not None:
        return default
    if value not in choices.values:
        options = "、".join(f"{v}（{lab}）" for v, lab in choices.choices)
        raise DomainError(f"{label}“{value}”无效，可选：{options}。", field=field)
    return value


def _text(value, field: str, label: str, limit: int) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if len(text) > limit:
        raise DomainError(f"{label}不能超过 {limit} 字。", field=field)
    return text


def _circumstances(codes) -> dict[str, Circumstance]:
    return {c.code: c for c in Circumstance.objects.filter(code__in=list(codes))}


def _branches(data, vocabulary) -> list[dict]:
    out = []
    for i, raw in enumerate(data or []):
        field = f"fine_branches[{i}]"
        if not isinstance(raw, dict):
            raise DomainError("法定罚款情形应为对象。", field=field)
        terms = _terms(raw, field)
        base = _choice(raw.get("base") or "", _BaseChoices, f"{field}.base", "罚款基数", default="")
        row = {
            "order": i,
            "description": _text(raw.get("description"), f"{field}.description", "法定情形", 300),
            "party_kind": _choice(raw.get("party_kind"), PartyKind, f"{field}.party_kind", "当事人类别",
                                  default=PartyKind.ANY),
            "base": base,
            "base_label": _text(raw.get("base_label"), f"{field}.base_label", "基数名称", 40),
            "base_from": _decimal(raw.get("base_from"), f"{field}.base_from", "基数下限", places=2, limit=MAX_YUAN),
            "base_below": _decimal(raw.get("base_below"), f"{field}.base_below", "基数上限", places=2,
                                   limit=MAX_YUAN),
            "requirement": _choice(raw.get("requirement"), Requirement, f"{field}.requirement", "罚款要求",
                                   default=Requirement.REQUIRED),
            "condition": None,
            **terms,
        }
        code = raw.get("condition") or ""
        if code:
            if code not in vocabulary:
                raise DomainError(f"适用条件“{code}”不是已登记的情节。", field=f"{field}.condition")
            row["condition"] = vocabulary[code]
        if (terms["min_multiple"] is not None or terms["max_multiple"] is not None) and not base:
            raise DomainError("按倍数计算罚款的，须写明罚款基数（违法所得、货值金额等）。", field=f"{field}.base")
        if (row["base_from"] is not None or row["base_below"] is not None) and not base:
            raise DomainError("按基数金额区分情形的，须写明罚款基数。", field=f"{field}.base")
        if base == BaseKind.OTHER and not row["base_label"]:
            raise DomainError("罚款基数为“其他”时须填写基数名称，如“广告费用”。", field=f"{field}.base_label")
        if row["base_from"] is not None and row["base_below"] is not None and row["base_from"] >= row["base_below"]:
            raise DomainError("基数下限须小于基数上限。", field=f"{field}.base_below")
        if terms["max_yuan"] is None and terms["max_multiple"] is None:
            raise DomainError("法定罚款情形须写明最高限（最高罚款金额或最高倍数）。", field=f"{field}.max_yuan")
        _terms_order(terms, field, "法定罚款")
        out.append(row)
    labels = {b["base_label"] for b in out if b["base"] == BaseKind.OTHER}
    if len(labels) > 1:
        raise DomainError("一个基准只能使用一种“其他”罚款基数。", field="fine_branches")
    return out


class _BaseChoices:
    values = ["", *BaseKind.values]
    choices = [("", "无"), *BaseKind.choices]


def _penalties(data, field: str, label: str) -> dict[str, str]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise DomainError(f"{label}应为“处罚种类: 要求”的对象。", field=field)
    out = {}
    for key, status in data.items():
        if key == PenaltyType.FINE:
            raise DomainError("罚款以法定罚款情形和档次幅度设定，不在处罚种类中设定。", field=f"{field}.{key}")
        if key not in OTHER_PENALTIES:
            raise DomainError(f"处罚种类“{key}”不存在（处罚法 第九条）。", field=f"{field}.{key}")
        out[key] = _choice(status, PenaltyStatus, f"{field}.{key}", "处罚要求")
    return out


def _tiers(data, branch_count: int) -> list[dict]:
    out, seen = [], set()
    for i, raw in enumerate(data or []):
        field = f"tiers[{i}]"
        if not isinstance(raw, dict):
            raise DomainError("裁量档次应为对象。", field=field)
        kind = _choice(raw.get("kind"), TierKind, f"{field}.kind", "档次")
        if kind in seen:
            raise DomainError(f"“{TierKind(kind).label}”档次重复。", field=f"{field}.kind")
        seen.add(kind)
        fines, used = [], set()
        raw_fines = raw.get("fines") or []
        if kind == TierKind.EXEMPT and raw_fines:
            raise DomainError("“不予处罚”档次不能设定罚款幅度。", field=f"{field}.fines")
        for j, fine in enumerate(raw_fines):
            ffield = f"{field}.fines[{j}]"
            if not isinstance(fine, dict):
                raise DomainError("档次罚款幅度应为对象。", field=ffield)
            index = fine.get("branch", 0 if branch_count == 1 else None)
            if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < branch_count:
                raise DomainError(f"branch 应为法定罚款情形的序号（0 至 {branch_count - 1}）。"
                                  if branch_count else "基准没有法定罚款情形，档次不能设定罚款幅度。",
                                  field=f"{ffield}.branch")
            if index in used:
                raise DomainError("同一法定罚款情形在本档次重复设定。", field=f"{ffield}.branch")
            used.add(index)
            terms = _terms(fine, ffield)
            if all(v is None for v in terms.values()):
                raise DomainError("请填写档次的罚款幅度。", field=ffield)
            _terms_order(terms, ffield, f"“{TierKind(kind).label}”档次罚款")
            fines.append({"branch": index, **terms})
        penalties = _penalties(raw.get("penalties"), f"{field}.penalties", "档次处罚种类")
        if kind == TierKind.EXEMPT and any(s != PenaltyStatus.EXCLUDED for s in penalties.values()):
            raise DomainError("“不予处罚”档次不能设定处罚种类。", field=f"{field}.penalties")
        out.append({"kind": kind, "fact_patterns": _text(raw.get("fact_patterns"), f"{field}.fact_patterns",
                                                         "适用情形", 5000),
                    "fines": fines, "penalties": penalties})
    return out


def _rules(data, vocabulary) -> list[dict]:
    out, seen = [], set()
    for i, raw in enumerate(data or []):
        field = f"rules[{i}]"
        if not isinstance(raw, dict):
            raise DomainError("情节适用规则应为对象。", field=field)
        code = raw.get("circumstance") or ""
        if code not in vocabulary:
            raise DomainError(f"情节“{code}”不是已登记的情节。", field=f"{field}.circumstance")
        if code in seen:
            raise DomainError(f"情节“{vocabulary[code].name}”的规则重复。", field=f"{field}.circumstance")
        seen.add(code)
        tier = _choice(raw.get("tier"), TierKind, f"{field}.tier", "指向档次")
        allowed = allowed_rule_tiers(code)
        name = vocabulary[code].name
        if not allowed:
            raise DomainError(f"“{name}”的效果由处罚法直接规定（依法不予行政处罚），基准不能另行规定。",
                              field=f"{field}.circumstance")
        if tier not in allowed:
            options = "、".join(TierKind(t).label for t in allowed)
            raise DomainError(f"“{name}”只能对应{options}档次。", field=f"{field}.tier")
        basis = _text(raw.get("basis"), f"{field}.basis", "依据", 300)
        if tier == TierKind.EXEMPT and not basis:
            raise DomainError(f"将“{name}”规定为可以不予处罚的，须写明依据（如处罚法第三十三条第一款及免罚清单）。",
                              field=f"{field}.basis")
        out.append({"circumstance": vocabulary[code], "tier": tier, "basis": basis,
                    "note": _text(raw.get("note"), f"{field}.note", "说明", 300)})
    return out


def _provisions(data) -> list[Provision]:
    out = []
    for i, value in enumerate(data or []):
        field = f"basis_provisions[{i}]"
        provision = value if isinstance(value, Provision) else Provision.objects.filter(pk=value).first()
        if provision is None:
            raise DomainError(f"条款“{value}”不存在。", field=field)
        if provision.kind not in CITABLE_KINDS:
            raise DomainError(f"“{provision.citation}”是{provision.get_kind_display()}，处罚依据只能引用条、款、项、目。",
                              field=field)
        if provision not in out:
            out.append(provision)
    return out


def _content(data: dict) -> dict:
    codes = {b.get("condition") for b in data.get("fine_branches") or [] if isinstance(b, dict)}
    codes |= {r.get("circumstance") for r in data.get("rules") or [] if isinstance(r, dict)}
    vocabulary = _circumstances(c for c in codes if c)
    branches = _branches(data.get("fine_branches"), vocabulary)
    return {
        "basis_provisions": _provisions(data.get("basis_provisions")),
        "fine_branches": branches,
        "penalties": _penalties(data.get("penalties"), "penalties", "法定处罚种类"),
        "tiers": _tiers(data.get("tiers"), len(branches)),
        "rules": _rules(data.get("rules"), vocabulary),
    }


def _write_content(benchmark: Benchmark, content: dict) -> None:
    benchmark.basis_provisions.set(content["basis_provisions"])
    branches = []
    for row in content["fine_branches"]:
        branch = FineBranch(benchmark=benchmark, **row)
        branch.save(force_insert=True)
        branches.append(branch)
    StatutoryPenalty.objects.bulk_create(
        [StatutoryPenalty(benchmark=benchmark, penalty_type=t, status=s) for t, s in content["penalties"].items()])
    for row in content["tiers"]:
        tier = Tier(benchmark=benchmark, kind=row["kind"], fact_patterns=row["fact_patterns"])
        tier.save(force_insert=True)
        TierFine.objects.bulk_create([
            TierFine(tier=tier, branch=branches[f["branch"]], **{k: f[k] for k in TERMS}) for f in row["fines"]])
        TierPenalty.objects.bulk_create(
            [TierPenalty(tier=tier, penalty_type=t, status=s) for t, s in row["penalties"].items()])
    CircumstanceRule.objects.bulk_create([CircumstanceRule(benchmark=benchmark, **row) for row in content["rules"]])


def _clear_content(benchmark: Benchmark) -> None:
    TierFine.objects.filter(tier__benchmark=benchmark).delete()
    TierPenalty.objects.filter(tier__benchmark=benchmark).delete()
    Tier.objects.filter(benchmark=benchmark).delete()
    FineBranch.objects.filter(benchmark=benchmark).delete()
    StatutoryPenalty.objects.filter(benchmark=benchmark).delete()
    CircumstanceRule.objects.filter(benchmark=benchmark).delete()


# --- snapshots ---------------------------------------------------------------------------------------------------


def _str(value, multiple: bool = False):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return number(value) if multiple else money_str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _terms_out(row) -> dict:
    return {k: _str(getattr(row, k), multiple=k.endswith("multiple")) for k in TERMS}


def benchmark_snapshot(benchmark: Benchmark) -> dict:
    """The benchmark as the services take it (and as the audit log and the API show it)."""
    branches = list(benchmark.fine_branches.select_related("condition").order_by("order"))
    index = {b.pk: i for i, b in enumerate(branches)}
    tiers = sorted(benchmark.tiers.prefetch_related("fines", "penalties"), key=lambda t: t.rank)
    return {
        "item": str(benchmark.item_id), "issuing_body": str(benchmark.issuing_body_id), "version": benchmark.version,
        "status": benchmark.status, "title": benchmark.title, "document_number": benchmark.document_number,
        "effective_from": _str(benchmark.effective_from), "effective_until": _str(benchmark.effective_until),
        "parent": str(benchmark.parent_id) if benchmark.parent_id else None, "note": benchmark.note,
        "no_fault_excluded": benchmark.no_fault_excluded,
        "no_fault_excluded_basis": benchmark.no_fault_excluded_basis,
        "basis_provisions": [str(p.pk) for p in benchmark.basis_provisions.order_by("law_id", "sort_key")],
        "fine_branches": [{
            "description": b.description, "party_kind": b.party_kind, "base": b.base, "base_label": b.base_label,
            "base_from": _str(b.base_from), "base_below": _str(b.base_below),
            "condition": b.condition.code if b.condition_id else "", "requirement": b.requirement,
            **_terms_out(b)} for b in branches],
        "penalties": {p.penalty_type: p.status for p in benchmark.statutory_penalties.order_by("penalty_type")},
        "tiers": [{
            "kind": t.kind, "fact_patterns": t.fact_patterns,
            "fines": sorted(({"branch": index[f.branch_id], **_terms_out(f)}
                             for f in t.fines.all()), key=lambda f: f["branch"]),
            "penalties": {p.penalty_type: p.status for p in sorted(t.penalties.all(), key=lambda p: p.penalty_type)},
        } for t in tiers],
        "rules": [{"circumstance": r.circumstance.code, "tier": r.tier, "basis": r.basis, "note": r.note}
                  for r in benchmark.rules.select_related("circumstance").order_by("circumstance__order",
                                                                                   "circumstance__code")],
    }


# --- the acts ----------------------------------------------------------------------------------------------------


def _check_item(item: Item) -> None:
    if item.type != ItemType.PENALTY:
        raise DomainError(f"“{item.code} {item.name}”是{item.get_type_display()}事项；行政处罚裁量基准只适用于行政处罚事项。",
                          field="item")
    if item.status == ItemStatus.REPEALED:
        raise DomainError(f"执法事项“{item.code} {item.name}”已废止，不能为其制定裁量基准。", field="item")


def _check_elements(*, title, effective_from, effective_until, parent, item, issuing_body) -> None:
    if not title:
        raise DomainError("请填写基准名称。", field="title")
    if not isinstance(effective_from, datetime.date):
        raise DomainError("请填写施行日期。", field="effective_from")
    if effective_until is not None and effective_until <= effective_from:
        raise DomainError("失效日期必须晚于施行日期。", field="effective_until")
    if parent is not None:
        if parent.item_id != item.pk:
            raise DomainError("细化的上级基准必须是同一执法事项的基准。", field="parent")
        if parent.issuing_body_id == issuing_body.pk or not issuing_body.path.startswith(parent.issuing_body.path):
            raise DomainError("只能细化上级主体制定的裁量基准。", field="parent")


def _next_version(item: Item, issuing_body) -> int:
    Item.objects.select_for_update().filter(pk=item.pk).first()  # serialises version numbers per item
    last = Benchmark.objects.filter(item=item, issuing_body=issuing_body).order_by("-version").first()
    return (last.version if last else 0) + 1


@transaction.atomic
def benchmark_create(*, actor, item: Item, issuing_body, title: str, effective_from: datetime.date,
                     effective_until: datetime.date | None = None, document_number: str = "", basis_provisions=(),
                     fine_branches=(), penalties=None, tiers=(), rules=(), parent: Benchmark | None = None,
                     no_fault_excluded: bool = False, no_fault_excluded_basis: str = "", note: str = "") -> Benchmark:
    """Draft a new version of ``issuing_body``'s benchmark for ``item``. Nothing is checked against the law yet
    beyond the shape of the input; :func:`benchmark_activate` does that."""
    require_issuer(actor, issuing_body)
    _check_item(item)
    title = _text(title, "title", "基准名称", 200)
    _check_elements(title=title, effective_from=effective_from, effective_until=effective_until, parent=parent,
                    item=item, issuing_body=issuing_body)
    content = _content({"basis_provisions": basis_provisions, "fine_branches": fine_branches, "penalties": penalties,
                        "tiers": tiers, "rules": rules})
    previous = (Benchmark.objects.filter(item=item, issuing_body=issuing_body)
                .exclude(status=BenchmarkStatus.DRAFT).order_by("-version").first())
    benchmark = Benchmark(
        item=item, issuing_body=issuing_body, version=_next_version(item, issuing_body), title=title,
        document_number=_text(document_number, "document_number", "文号", 100), effective_from=effective_from,
        effective_until=effective_until, parent=parent, supersedes=previous, note=note or "",
        no_fault_excluded=bool(no_fault_excluded),
        no_fault_excluded_basis=_text(no_fault_excluded_basis, "no_fault_excluded_basis", "依据", 300))
    if benchmark.no_fault_excluded and not benchmark.no_fault_excluded_basis:
        raise DomainError("规定无过错亦应处罚的，须写明法律、行政法规的依据。", field="no_fault_excluded_basis")
    benchmark.save(force_insert=True)
    _write_content(benchmark, content)
    audit_record(actor=actor, action="discretion.benchmark.create", obj=benchmark, after=benchmark_snapshot(benchmark))
    return benchmark


def _lock(benchmark: Benchmark) -> Benchmark:
    return Benchmark.objects.select_for_update(of=("self",)).select_related("item", "issuing_body", "parent").get(pk=benchmark.pk)


@transaction.atomic
def benchmark_update(*, actor, benchmark: Benchmark, **changes) -> Benchmark:
    """Revise a draft: any of its elements (title, dates, …) and any part of its content, each part replaced whole."""
    unknown = set(changes) - set(ELEMENTS) - set(CONTENT)
    if unknown:
        name = sorted(unknown)[0]
        raise DomainError(f"字段“{name}”不能修改（执法事项、制定机关和版本号不可更改）。", field=name)
    benchmark = _lock(benchmark)
    require_issuer(actor, benchmark.issuing_body)
    if benchmark.status != BenchmarkStatus.DRAFT:
        raise DomainError(f"“{benchmark.get_status_display()}”的基准不能修改；请起草新版本。", field="status")
    before = benchmark_snapshot(benchmark)
    limits = {"title": ("基准名称", 200), "document_number": ("文号", 100), "note": ("说明", 5000),
              "no_fault_excluded_basis": ("依据", 300)}
    for name in ELEMENTS:
        if name in changes:
            value = changes[name]
            if name in limits:
                value = _text(value, name, *limits[name])
            setattr(benchmark, name, value)
    _check_elements(title=benchmark.title, effective_from=benchmark.effective_from,
                    effective_until=benchmark.effective_until, parent=benchmark.parent, item=benchmark.item,
                    issuing_body=benchmark.issuing_body)
    if benchmark.no_fault_excluded and not benchmark.no_fault_excluded_basis:
        raise DomainError("规定无过错亦应处罚的，须写明法律、行政法规的依据。", field="no_fault_excluded_basis")
    if any(name in changes for name in CONTENT):
        data = {name: changes.get(name, before[name]) for name in CONTENT}
        content = _content(data)
        _clear_content(benchmark)
        _write_content(benchmark, content)
    benchmark.save()
    after = benchmark_snapshot(benchmark)
    if after != before:
        audit_record(actor=actor, action="discretion.benchmark.update", obj=benchmark, before=before, after=after)
    return benchmark


@transaction.atomic
def benchmark_new_version(*, actor, benchmark: Benchmark, effective_from: datetime.date | None = None,
                          **changes) -> Benchmark:
    """Draft the next version of a benchmark, starting from its content."""
    data = benchmark_snapshot(benchmark)
    data.update(changes)
    return benchmark_create(
        actor=actor, item=benchmark.item, issuing_body=benchmark.issuing_body, title=data["title"],
        effective_from=effective_from or timezone.localdate(), effective_until=None,
        document_number=data["document_number"], basis_provisions=data["basis_provisions"],
        fine_branches=data["fine_branches"], penalties=data["penalties"], tiers=data["tiers"], rules=data["rules"],
        parent=benchmark.parent, no_fault_excluded=data["no_fault_excluded"],
        no_fault_excluded_basis=data["no_fault_excluded_basis"], note=data["note"])


def _window(b: Benchmark) -> str:
    return f"{b.effective_from.isoformat()} 至 {b.effective_until.isoformat() if b.effective_until else '长期'}"


def _overlaps(a_from, a_until, b_from, b_until) -> bool:
    return (b_until is None or a_from < b_until) and (a_until is None or b_from < a_until)


@transaction.atomic
def benchmark_activate(*, actor, benchmark: Benchmark, effective_from: datetime.date | None = None) -> Benchmark:
    """Publish a draft. Refused while :func:`yuezhifa.discretion.spec.problems` finds anything (a tier range outside
    the statutory range, a missing tier, …); the message names the tier and the bound. The version in force when the
    new one starts is ended that day (never retroactively); any other overlap in time is refused."""
    benchmark = _lock(benchmark)
    require_issuer(actor, benchmark.issuing_body)
    if benchmark.status != BenchmarkStatus.DRAFT:
        raise DomainError(f"只有草稿可以发布，该基准为“{benchmark.get_status_display()}”。", field="status")
    _check_item(benchmark.item)
    if effective_from is not None:
        if benchmark.effective_until is not None and benchmark.effective_until <= effective_from:
            raise DomainError("失效日期必须晚于施行日期。", field="effective_from")
        benchmark.effective_from = effective_from
    found = problems(load(benchmark))
    if found:
        more = f"（另有 {len(found) - 1} 项问题）" if len(found) > 1 else ""
        raise DomainError(f"裁量基准不能发布：{found[0].message.rstrip('。')}{more}。", field=found[0].field,
                          errors=[{"field": p.field, "message": p.message} for p in found])
    _check_hierarchy(benchmark)
    today = timezone.localdate()
    siblings = (Benchmark.objects.select_for_update()
                .filter(item=benchmark.item, issuing_body=benchmark.issuing_body,
                        status__in=[BenchmarkStatus.ACTIVE, BenchmarkStatus.RETIRED])
                .exclude(pk=benchmark.pk).order_by("effective_from"))
    superseded = []
    for other in siblings:
        if not _overlaps(benchmark.effective_from, benchmark.effective_until, other.effective_from,
                         other.effective_until):
            continue
        supersedable = other.status == BenchmarkStatus.ACTIVE and other.effective_from < benchmark.effective_from
        if not supersedable:
            raise Conflict(f"施行期间与第{other.version}版（{_window(other)}）重叠：同一事项、同一制定机关的基准施行期间"
                           "不得重叠。", field="effective_from")
        if benchmark.effective_from < today:
            raise Conflict(f"第{other.version}版自 {other.effective_from.isoformat()} 起施行，新版本不能溯及既往地"
                           f"从 {benchmark.effective_from.isoformat()} 起取代它；请将施行日期定为今天或以后。",
                           field="effective_from")
        superseded.append(other)
    for other in superseded:
        before = {"effective_until": _str(other.effective_until)}
        other.effective_until = benchmark.effective_from
        other.save(update_fields=["effective_until", "updated_at"])
        audit_record(actor=actor, action="discretion.benchmark.supersede", obj=other, before=before,
                     after={"effective_until": _str(other.effective_until), "superseded_by": str(benchmark.pk)})
        benchmark.supersedes = other
    benchmark.status = BenchmarkStatus.ACTIVE
    benchmark.activated_at = timezone.now()
    benchmark.save()
    audit_record(actor=actor, action="discretion.benchmark.activate", obj=benchmark,
                 after={"status": benchmark.status, "effective_from": _str(benchmark.effective_from),
                        "effective_until": _str(benchmark.effective_until)})
    return benchmark


def _check_hierarchy(benchmark: Benchmark) -> None:
    """A local benchmark refines the one in force above it (国办发〔2022〕27号 as locally practised, decision 0007)."""
    from .selectors import in_force_q

    parent = benchmark.parent
    if parent is not None:
        if not parent.in_force_on(benchmark.effective_from):
            raise DomainError(f"细化的上级基准“{parent}”在 {benchmark.effective_from.isoformat()} 不在施行期内。",
                              field="parent")
        return
    above = (Benchmark.objects.filter(in_force_q(benchmark.effective_from), item=benchmark.item)
             .exclude(issuing_body=benchmark.issuing_body).select_related("issuing_body"))
    above = [b for b in above if benchmark.issuing_body.path.startswith(b.issuing_body.path)]
    if above:
        upper = max(above, key=lambda b: len(b.issuing_body.path))
        raise DomainError(f"上级主体“{upper.issuing_body.name}”已制定该事项的裁量基准（{upper}），本基准须作为其细化"
                          "（各档次幅度不得超出上级基准相应档次），请选择细化的上级基准。", field="parent")


@transaction.atomic
def benchmark_retire(*, actor, benchmark: Benchmark, reason: str,
                     effective_until: datetime.date | None = None) -> Benchmark:
    """End a benchmark in force (from ``effective_until``, default today). It stays the record for the dates it was in
    force: decisions on earlier acts are still checked against it."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写废止理由。", field="reason")
    benchmark = _lock(benchmark)
    require_issuer(actor, benchmark.issuing_body)
    if benchmark.status != BenchmarkStatus.ACTIVE:
        raise DomainError(f"只有生效的基准可以废止，该基准为“{benchmark.get_status_display()}”。", field="status")
    end = effective_until or timezone.localdate()
    if benchmark.effective_until is not None and benchmark.effective_until < end:
        end = benchmark.effective_until
    end = max(end, benchmark.effective_from)
    before = {"status": benchmark.status, "effective_until": _str(benchmark.effective_until)}
    benchmark.status = BenchmarkStatus.RETIRED
    benchmark.effective_until = end
    benchmark.retired_at = timezone.now()
    benchmark.retire_reason = reason[:300]
    benchmark.save()
    audit_record(actor=actor, action="discretion.benchmark.retire", obj=benchmark, before=before,
                 after={"status": benchmark.status, "effective_until": _str(end), "reason": reason})
    return benchmark
