"""Publication of penalty decisions (办法 第四十五条; 处罚法 第四十八条): whether the decision is on display, and the
approval and withdrawal acts as a fragment (``disclosure_acts()``) each procedure includes.
"""

from __future__ import annotations

from rest_framework import serializers

from . import fields as f
from .dsl import HEAD, ActSpec, Check, Guard
from .fields import Text
from .penalty_base import BF, CF
from .penalty_facts import REMEDY_CHANGING, remedy_results


def disclosed(log) -> bool:
    """The decision is on public display: its publication was approved, not withheld by law (the approval records
    why: a minor's case, secrets, 处罚法 第五十条) and not withdrawn since (办法 第四十五条)."""
    approval, withdrawal = log.last("approve_disclosure"), log.last("withdraw_disclosure")
    return (approval is not None and not approval.get("withheld")
            and (withdrawal is None or withdrawal.seq < approval.seq))


def changed_on_remedy(log) -> bool:
    """The decision in force was changed, revoked, or confirmed illegal or void on review or in court (a changed
    decision recorded since, ``change_decision``, is the one in force and may be published)."""
    decision = log.decision
    after = decision.seq if decision is not None else 0
    return any(a.get("result") in REMEDY_CHANGING and a.seq > after for a in remedy_results(log))


def _nothing_left_to_publish(log, act, states) -> None:
    """A decision changed or revoked before it was published is not published any more: its publication deadline
    ends with the remedy's result."""
    if act.get("result") in REMEDY_CHANGING:
        for state in states.values():
            if state.rule == "disclosure.publish" and state.open:
                state.met_at, state.met_by = act.performed_at, act.seq


def _changed_after_decision(log, data):
    decision = log.last("decide") or log.last("decide_on_spot")
    changed = data.get("changed_on")
    if decision is not None and changed is not None and changed < decision.date:
        return "决定被变更或者撤销之日不能早于作出决定之日。"
    if changed is not None and changed > log.today:
        return "决定被变更或者撤销之日不能晚于今天。"
    return None


DISCLOSED = Guard(disclosed, "该决定没有在公示（尚未批准公示、依法不予公开或者已经撤回）。", f"{BF}第四十五条")
NOT_CHANGED = Guard(lambda log: not changed_on_remedy(log), "该决定已被变更或者撤销，不再公示。", f"{CF}第四十八条第二款")
NOT_YET_APPROVED = Guard(lambda log: not log.has("approve_disclosure")
                         or log.last("approve_disclosure").seq < log.decision.seq,
                         "现行的行政处罚决定已经完成批准公示；决定变更后，可以批准公示变更后的决定。", f"{BF}第四十五条")


def disclosure_acts(decision: str) -> tuple[ActSpec, ActSpec]:
    """Publication of a penalty decision on the head's approval (办法 第四十五条; the disclosure platform publishes
    it in the act's transaction, yuezhifa.disclosure) and its withdrawal (处罚法 第四十八条第二款). Both may still be
    recorded once the case is closed: a decision is disclosed, or revoked on review, after its file is closed."""
    return (
        ActSpec("approve_disclosure", "批准公示行政处罚决定", f"{BF}第四十五条；{CF}第四十八条第一款", (HEAD,),
                f.ApproveDisclosure, after=(decision,), guards=(NOT_CHANGED, NOT_YET_APPROVED),
                stops=("disclosure.publish", "disclosure.withdraw"), after_close=True, repeatable=True, publishes=True,
                summary=lambda act: f"依法不予公开：{act.get('withheld')}" if act.get("withheld") else "已在公示平台公开",
                help="负责人批准后，行政处罚决定信息按遮蔽规则自动在公示平台公开；未成年人案件、涉密案件只记录不公开的理由。",
                queue="公示审批"),
        ActSpec("withdraw_disclosure", "撤回公示的行政处罚决定", f"{CF}第四十八条第二款", (HEAD,),
                f.WithdrawDisclosure, after=("approve_disclosure",), guards=(DISCLOSED,),
                checks=(Check(_changed_after_decision, "changed_on", f"{CF}第四十八条第二款"),),
                stops=("disclosure.withdraw",), after_close=True,
                help="行政处罚决定被依法变更、撤销、确认违法或者确认无效的，三个工作日内撤回公示信息并公开说明理由。"),
    )


# --- results of administrative compulsion (查封、扣押, 冻结) ------------------------------------------------------------

PUBLISH_OTHER = "disclosure.publish_other"  # 20 working days from the measure's decision (国办发〔2018〕118号)
GUIDANCE = ("《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》"
            "（国办发〔2018〕118号）")
COMPULSION_BASIS = f"{GUIDANCE}“加强事后公开”；{BF}第四十四条、第四十五条"
# procedure code -> log -> the measure's public result (unmasked; the disclosure platform masks it), or None
COMPULSION_RESULTS: dict = {}


def compulsion_result(log) -> dict | None:
    """The result of the administrative compulsion measure ``log``'s procedure publishes: ``{"decided_on",
    "document_type", "document_seq", "measure", "content", "reason", "basis"}`` (the procedure registers how it reads
    its log through ``compulsion_disclosure_acts``), or None when the procedure publishes none or nothing is decided."""
    read = COMPULSION_RESULTS.get(log.procedure.code)
    return read(log) if read is not None else None


# results of review or litigation that take the measure away (docs/decisions/0036 补充)
OVERTURNING = ("revoked", "confirmed_illegal", "confirmed_void")
GIO = "《中华人民共和国政府信息公开条例》"
WITHDRAW_COMPULSION_BASIS = f"{GIO}第二十六条；{BF}第四十五条"


def compulsion_disclosed(log) -> bool:
    """The measure's result is on public display: approved, not withheld and not withdrawn since."""
    approval = log.last("approve_compulsion_disclosure")
    withdrawal = log.last("withdraw_compulsion_disclosure")
    return (approval is not None and not approval.get("withheld")
            and (withdrawal is None or withdrawal.seq < approval.seq))


def overturning_result(log):
    """The conclusion of review or litigation that revoked the measure or confirmed it illegal or void, or None."""
    return next((a for a in reversed(remedy_results(log)) if a.get("result") in OVERTURNING), None)


def _overturned_on(log, data) -> dict:
    """The day the measure was revoked or confirmed illegal or void: the withdrawal period runs from it."""
    found = overturning_result(log)
    day = (found.get("concluded_on") or found.date.isoformat()) if found is not None else None
    return {"changed_on": str(day)[:10]} if day else {}


def _ruling_named(log, data):
    ruling = " ".join(str(data.get("ruling") or "").split())
    if ruling and ruling not in str(data.get("reason") or ""):
        return f"向社会公开的撤回理由应当写明撤销或者确认违法的复议决定书、裁判文书（{ruling}）。"
    return None


class WithdrawCompulsionDisclosure(serializers.Serializer):
    ruling = Text("撤销或者确认违法的复议决定书、裁判文书（文号）", max_length=100)
    reason = Text("撤回理由（向社会公开）", max_length=500,
                  help_text="如：该查封、扣押已被行政复议机关撤销（复议决定书文号）。请勿填写自然人的证件号码、电话、住址。")


OVERTURNED = Guard(lambda log: overturning_result(log) is not None,
                   "该行政强制措施没有被行政复议机关或者人民法院撤销、确认违法或者确认无效", WITHDRAW_COMPULSION_BASIS)
COMPULSION_DISCLOSED = Guard(compulsion_disclosed, "该行政强制结果没有在公示（尚未批准公示、依法不予公开或者已经撤回）。",
                             f"{BF}第四十五条")
NOT_OVERTURNED = Guard(lambda log: overturning_result(log) is None,
                       "该行政强制措施已被撤销、确认违法或者确认无效，不再公示。", WITHDRAW_COMPULSION_BASIS)


def compulsion_disclosure_acts(procedure: str, document_act: str, result) -> tuple[ActSpec, ActSpec]:
    """Publication of a compulsion measure's result on the head's approval, within 20 working days of the measure's
    decision (国办发〔2018〕118号; 办法 第四十五条: the platform publishes it, masked, in the act's transaction). The
    deadline ``disclosure.publish_other`` starts with the decision act (the procedure lists it in that act's
    ``starts``); publication is possible once ``document_act`` has issued the decision document. A minor's case or
    one involving secrets is recorded as withheld with the reason (政府信息公开条例 第十四条、第十五条)."""
    COMPULSION_RESULTS[procedure] = result
    return (
        ActSpec("approve_compulsion_disclosure", "批准公示行政强制结果", COMPULSION_BASIS, (HEAD,),
                f.ApproveDisclosure, after=(document_act,), guards=(NOT_OVERTURNED,), stops=(PUBLISH_OTHER,),
                after_close=True, publishes=True,
                summary=lambda act: f"依法不予公开：{act.get('withheld')}" if act.get("withheld") else "已在公示平台公开",
                help="行政强制决定信息自作出决定之日起二十个工作日内公开（国办发〔2018〕118号）；负责人批准后按遮蔽规则"
                     "自动在公示平台公开，未成年人案件、涉密案件只记录不公开的理由。",
                queue="公示审批"),
        ActSpec("withdraw_compulsion_disclosure", "撤回公示的行政强制结果", WITHDRAW_COMPULSION_BASIS, (HEAD,),
                WithdrawCompulsionDisclosure, after=("approve_compulsion_disclosure",),
                guards=(COMPULSION_DISCLOSED, OVERTURNED),
                checks=(Check(_ruling_named, "reason", WITHDRAW_COMPULSION_BASIS),), enrich=_overturned_on,
                stops=("disclosure.withdraw",), after_close=True,
                help="查封、扣押或者冻结被行政复议、行政诉讼撤销、确认违法或者确认无效的，自其生效之日起三个工作日内撤回"
                     "公示信息，公开说明理由并写明复议决定书、裁判文书（政府信息公开条例 第二十六条；办法 第四十五条）。措施解除或者作出"
                     "处理决定的，不撤回：公示信息自动更新为措施的现状。"),
    )


# --- results of 行政检查 (docs/decisions/0043) ---------------------------------------------------------------------

INSPECTION_BASIS = f"{GUIDANCE}“加强事后公开”；{BF}第四十四条、第四十五条"
# procedure code -> log -> the inspection's public result (unmasked; the disclosure platform masks it), or None
INSPECTION_RESULTS: dict = {}


def inspection_result(log) -> dict | None:
    """The result of the inspection ``log`` records as the disclosure platform publishes it: ``{"decided_on",
    "document_type", "items": [{"code", "name"}], "outcome", "result"}``, or None before the result is notified."""
    read = INSPECTION_RESULTS.get(log.procedure.code)
    return read(log) if read is not None else None


def inspection_disclosure_act(procedure: str, result_act: str, result) -> ActSpec:
    """Publication of an inspection's result on the head's approval, within 20 working days of the notice of the
    result (国办发〔2018〕118号, the deadline ``disclosure.publish_other`` the procedure starts with ``result_act``; 办法
    第四十五条: the platform publishes it, masked, in the act's transaction): the body, the subject (a natural person's
    name masked), the date, the items and the result in words, never the record's details."""
    INSPECTION_RESULTS[procedure] = result
    return ActSpec(
        "approve_inspection_disclosure", "批准公示行政检查结果", INSPECTION_BASIS, (HEAD,), f.ApproveDisclosure,
        after=(result_act,), guards=(Guard(lambda log: not log.has("approve_inspection_disclosure"),
                                           "行政检查结果已经批准公示。", f"{BF}第四十五条"),),
        stops=(PUBLISH_OTHER,), after_close=True, publishes=True,
        summary=lambda act: f"依法不予公开：{act.get('withheld')}" if act.get("withheld") else "已在公示平台公开",
        help="行政检查结果自告知之日起二十个工作日内公开（国办发〔2018〕118号）；负责人批准后按遮蔽规则在公示平台公开检查机关、"
             "检查对象（自然人隐去姓名）、检查日期、检查事项和检查结果，不公开检查笔录的内容。",
        queue="公示审批")
