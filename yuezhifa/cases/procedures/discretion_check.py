"""The decision's check against the discretion benchmark (DESIGN §6; 办法 第13条第（五）项): a penalty outside the
statutory range, or a penalty where the law says none, is refused; one outside the benchmark's tier needs a recorded
reason and is kept with the decision, so the supervision platform can raise 过罚不当."""

from __future__ import annotations

from decimal import Decimal

from yuezhifa.core.errors import DomainError, _join
from yuezhifa.discretion.evaluation import NoBenchmark, check_decision, evaluate

from .penalty_base import date_of

# The case's party kinds in the discretion vocabulary's words.
PARTY_KINDS = {"person": "natural", "organisation": "legal"}


def _inputs(log, data: dict) -> tuple[set[str], dict[str, Decimal], object]:
    report = log.last("finish_investigation")
    circumstances = data.get("circumstances")
    if circumstances is None and report is not None:
        circumstances = report.get("circumstances") or []
    amounts = data.get("amounts") or (report.get("amounts") if report is not None else None) or {}
    amounts = {k: Decimal(str(v)) for k, v in amounts.items() if v not in (None, "")}
    on = date_of(log.value("file", "violation_date")) or log.today
    return set(circumstances or []), amounts, on


def _proposed(data: dict) -> dict:
    penalties = data.get("penalties") or {}
    out = {k: bool(v) for k, v in penalties.items() if k != "fine"}
    if penalties.get("fine") not in (None, ""):
        out["fine"] = Decimal(str(penalties["fine"]))
    return out


def evaluate_decision(log, data: dict):
    """(evaluation, deviations), or (None, []) when the item has no benchmark in force."""
    item = log.case.item
    if item is None:
        raise DomainError("案件尚未确定执法事项，无法适用裁量基准。", field="item")
    circumstances, amounts, on = _inputs(log, data)
    try:
        evaluation = evaluate(item=item, circumstances=circumstances, amounts=amounts, on=on,
                              party_kind=PARTY_KINDS.get(log.party_kind, log.party_kind), body=log.case.body)
    except NoBenchmark:
        return None, []
    return evaluation, check_decision(evaluation, _proposed(data))


def discretion_problem(log, data: dict) -> str | None:
    try:
        _evaluation, deviations = evaluate_decision(log, data)
    except DomainError as exc:
        return exc.message
    blocking = [d.message for d in deviations if d.blocking]
    if blocking:
        return _join(blocking)
    if any(d.needs_reason for d in deviations) and not (data.get("deviation_reason") or "").strip():
        text = _join(d.message for d in deviations if d.needs_reason)
        return f"{text}超出裁量基准的，须填写理由（该决定将提示监督机关）。"
    return None


def discretion_snapshot(log, data: dict) -> dict:
    """What is kept with the decision: the benchmark applied, the tier, and any departure with its reason."""
    evaluation, deviations = evaluate_decision(log, data)
    if evaluation is None:
        return {"benchmark": None, "note": "该执法事项在违法行为发生时没有生效的裁量基准。"}
    return {
        "benchmark": str(evaluation.benchmark_id), "benchmark_citation": evaluation.benchmark_citation,
        "tier": evaluation.tier, "tier_label": evaluation.tier_label,
        "fine_range": evaluation.fine.as_dict() if evaluation.fine else None,
        "deviations": [d.as_dict() for d in deviations],
        "outside_benchmark": bool(deviations),
        "reason": data.get("deviation_reason") or "",
    }


def no_penalty_problem(log, data: dict) -> str | None:
    """A 不予行政处罚 for a minor violation needs the grounds of 处罚法 第三十条、第三十一条、第三十三条 among the
    circumstances found in the investigation (mandatory, or 首违不罚 at the body's discretion)."""
    if log.value("review", "outcome") != "no_penalty_minor":
        return None
    report = log.last("finish_investigation")
    if log.case.item is None or report is None:
        return "案件尚未确定执法事项或者没有调查终结报告，无法确认不予处罚的情形。"
    circumstances, amounts, on = _inputs(log, {})
    try:
        evaluation = evaluate(item=log.case.item, circumstances=circumstances, amounts=amounts, on=on,
                              party_kind=PARTY_KINDS.get(log.party_kind, log.party_kind), body=log.case.body)
    except NoBenchmark:
        return None
    except DomainError as exc:
        return exc.message
    if evaluation.no_penalty_mandatory or evaluation.no_penalty_discretionary:
        return None
    return ("调查认定的情节不符合不予行政处罚的条件（如违法行为轻微并及时改正、没有造成危害后果；"
            "或者初次违法且危害后果轻微并及时改正）。")
