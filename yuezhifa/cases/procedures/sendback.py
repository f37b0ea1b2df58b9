"""退回 (docs/decisions/0046): a failed legal review, or the head's refusal to approve the officer's work, sends the
case back to the handling officers with the reasons; they amend it (new acts) and submit it again, and only then may
the legal reviewer or the head act on it again.

The return is an act of its own in the log: a legal review recorded as 不通过 is one (its opinion gives the reasons);
the head's is ``return_case``. ``resubmit`` answers it. The legal bases: 处罚法 第五十七条 (the head reviews the
investigation's result before deciding) and 第五十八条 (no decision before the legal review passes).
"""

from __future__ import annotations

from rest_framework import serializers

from .dsl import HEAD, OFFICER, ActSpec, Guard
from .penalty_base import CF

RETURN_BASIS = f"{CF}第五十七条、第五十八条"

# The officers' acts that amend a returned case: further investigation and evidence, a new advance notice with a
# changed proposal, a correction of the investigation report (or of any other act).
AMENDMENTS = ("investigate", "collect_evidence", "order_rectification", "notify", "correct")


class Verdict(serializers.ChoiceField):
    """A required yes/no choice shown as two radio buttons with none chosen (通过 / 不通过), never a checkbox whose
    absence means "no". Stored as a boolean; the API also takes true/false."""

    TRUE = ("true", "True", "1", "yes", "passed")
    FALSE = ("false", "False", "0", "no", "failed")

    def __init__(self, yes: str, no: str, **kwargs):
        kwargs.setdefault("style", {"widget": "radio"})
        super().__init__([(True, yes), (False, no)], **kwargs)

    def to_internal_value(self, data):
        if data is True or data in self.TRUE:
            return True
        if data is False or data in self.FALSE:
            return False
        self.fail("invalid_choice", input=data)
        return None

    def to_representation(self, value):
        return bool(value)


class ReturnCase(serializers.Serializer):
    reasons = serializers.CharField(label="退回理由", max_length=2000,
                                    help_text="写明需要补充调查或者改正的事实、证据、依据或者拟处罚意见。")


class Resubmit(serializers.Serializer):
    amendments = serializers.CharField(label="补正情况", max_length=2000,
                                       help_text="说明针对退回理由补充、改正了哪些内容（补充调查、重新告知、更正报告等）。")


def returns(log) -> list:
    """Every return in the log, oldest first: the failed legal reviews and the head's ``return_case`` acts."""
    return [a for a in log.acts
            if a.code == "return_case" or (a.code == "legal_review" and a.get("passed") is False)]


def pending_return(log):
    """The return not yet answered by a resubmission, or None. A legal review passed after a failed one also answers
    it: cases recorded before returns existed were reviewed again without a resubmission."""
    found = returns(log)
    if not found:
        return None
    last = found[-1]
    answered = any(a.seq > last.seq and (a.code == "resubmit" or (a.code == "legal_review" and a.get("passed")))
                   for a in log.acts)
    return None if answered else last


def return_reasons(act) -> str:
    return (act.get("reasons") if act.code == "return_case" else act.get("opinion")) or ""


def _amended(log) -> bool:
    pending = pending_return(log)
    return pending is not None and any(a.seq > pending.seq and a.code in AMENDMENTS for a in log.acts)


NOT_RETURNED = Guard(lambda log: pending_return(log) is None,
                     "案件已退回承办人补正，尚未重新提交。", RETURN_BASIS)
RETURNED = Guard(lambda log: pending_return(log) is not None, "案件没有被退回。", RETURN_BASIS)
AMENDED = Guard(_amended, "退回后尚未补正（补充调查、补充证据、重新告知或者更正调查终结报告）。", RETURN_BASIS)


def _return_summary(act) -> str:
    return f"退回承办人：{act.get('reasons', '')}"


def _resubmit_summary(act) -> str:
    return f"补正后重新提交：{act.get('amendments', '')}"


def sendback_acts(*, after: str, not_decided: Guard) -> tuple[ActSpec, ...]:
    """The two acts, for a procedure whose officers' work the head approves after ``after``."""
    return (
        ActSpec("return_case", "退回承办人", f"{CF}第五十七条第一款", (HEAD,), ReturnCase, after=(after,),
                guards=(not_decided, NOT_RETURNED), repeatable=True, summary=_return_summary,
                help="负责人审查调查结果或者拟作出的决定时不同意的，写明理由退回承办人补充调查或者改正；"
                     "承办人补正并重新提交前，不能审查、法制审核或者作出决定。"),
        ActSpec("resubmit", "补正后重新提交", RETURN_BASIS, (OFFICER,), Resubmit, after=(after,),
                guards=(not_decided, RETURNED, AMENDED), repeatable=True, summary=_resubmit_summary,
                help="案件被退回（法制审核不通过或者负责人退回）的，承办人补正后说明补正情况，重新提交审查、审核。"),
    )


def return_rows(log) -> list[dict]:
    """Every return, oldest first: its seq, kind, moment and reasons, whether it is pending, and the resubmission that
    answered it (the case page's 退回记录)."""
    pending = pending_return(log)
    out = []
    for act in returns(log):
        answer = next((a for a in log.acts if a.code == "resubmit" and a.seq > act.seq), None)
        out.append({
            "seq": act.seq, "kind": "法制审核不通过" if act.code == "legal_review" else "负责人退回",
            "actor_id": act.actor_id, "at": act.performed_at, "reasons": return_reasons(act),
            "pending": act is pending, "resubmitted_at": answer.performed_at if answer is not None else None,
            "amendments": answer.get("amendments", "") if answer is not None else "",
        })
    return out


def review_materials(log) -> dict:
    """What the legal reviewer reviews (处罚法 第五十八条): the facts and evidence of the investigation report, the
    penalty proposed in the latest advance notice with its reasons and basis, and the benchmark band that applies to
    it (None when the item has none)."""
    from decimal import Decimal

    from yuezhifa.core.errors import DomainError

    from .discretion_check import evaluate_decision
    from .fields import PenaltiesSerializer

    report, notice = log.last("finish_investigation"), log.last("notify")
    proposed = (notice.get("proposed") if notice is not None else None) or {}
    labels = PenaltiesSerializer().fields
    penalties = []
    for key, value in proposed.items():
        if key not in labels or value in (None, "", False):
            continue
        label = str(labels[key].label).split("（")[0]
        penalties.append(label if value is True else f"{label}：{Decimal(str(value)):,.2f} 元")
    band = None
    try:
        evaluation, _deviations = evaluate_decision(log, {"penalties": proposed})
    except DomainError:  # no item yet: the form says there is no band instead of failing
        evaluation = None
    if evaluation is not None:
        band = {"citation": evaluation.benchmark_citation, "tier": evaluation.tier_label,
                "fine": evaluation.fine.as_dict() if evaluation.fine else None,
                "item": evaluation.item_label or (log.case.item.name if log.case.item else "")}

    def first(key):
        return (notice.get(key) if notice is not None else None) or (report.get(key) if report else None) or []

    return {"facts": first("facts"), "evidence": (report.get("evidence") if report is not None else None) or [],
            "proposal": penalties, "reasons": notice.get("reasons", "") if notice is not None else "",
            "basis": first("basis"), "band": band}
