"""The guards on the penalty case's log (what must hold before an act), and the stages, summaries, starts and effects
of the general procedure's acts.
"""

from __future__ import annotations

import datetime

from . import decision_period as pr
from . import execution as x
from .dsl import Guard
from .penalty_base import CF, QZ, YS, date_of
from .penalty_facts import (
    decided,
    decision_revoked,
    email_services,
    hearing_applies,
    hearing_settled,
    legal_review_passed,
    legal_review_required,
    obligation,
    open_remedies,
    other_obligation_overdue,
    outstanding,
    pay_overdue,
    remedy_pending,
    review_outcome,
    served,
    since_notice,
    statement_done,
    transfer_approved,
    unpaid,
)

# --- guards on the log ---------------------------------------------------------------------------------------------

SOURCE_VERIFIED_TO_FILE = Guard(lambda log: log.value("verify_source", "conclusion") == "file",
                                "案源核查意见为建议不予立案。", f"{CF}第五十四条第二款")
SOURCE_VERIFIED_NOT_TO_FILE = Guard(lambda log: log.value("verify_source", "conclusion") == "not_file",
                                    "案源核查意见为建议立案。", f"{CF}第五十四条第二款")
NOT_DECIDED = Guard(lambda log: not decided(log), "案件已经作出决定。", f"{CF}第五十七条")
def unused_preservation_approvals(log) -> list:
    """The head's approvals of 先行登记保存 not yet carried out by a preservation."""
    used = {a.get("approval_seq") for a in log.all("preserve_evidence")}
    return [a for a in log.all("approve_preservation") if a.seq not in used]


def open_preservations(log) -> list:
    """The preservations whose 7-day handling deadline is still open, by the seq of their act."""
    return [d.started_by for d in log.deadlines.values() if d.rule == "penalty.preservation" and d.open]


def _approval_named(log, data):
    seq = data.get("approval_seq")
    if seq is not None and seq not in {a.seq for a in unused_preservation_approvals(log)}:
        return f"第{seq}项不是行政机关负责人尚未实施的先行登记保存批准。"
    return None


def _preservation_named(log, data):
    seq, pending = data.get("preservation_seq"), open_preservations(log)
    if seq is None and len(pending) > 1:
        listed = "、".join(f"第{s}项" for s in pending)
        return f"有{len(pending)}项先行登记保存尚未处理（{listed}），请选择本决定处理的一项；每项应当分别作出处理决定。"
    if seq is not None and seq not in pending:
        return f"第{seq}项不是尚未作出处理决定的先行登记保存。"
    return None


def _handle_one(log, act, states):
    """A handling decision ends the 7-day deadline of the preservation it names; one recorded before it named one
    ended them all."""
    seq = act.get("preservation_seq")
    for state in states.values():
        if state.rule == "penalty.preservation" and state.open and (seq is None or state.started_by == seq):
            state.met_at, state.met_by = act.performed_at, act.seq


PRESERVATION_APPROVED = Guard(lambda log: bool(unused_preservation_approvals(log)),
                              "先行登记保存须经行政机关负责人批准，尚无未实施的批准。", f"{CF}第五十六条")
PRESERVATION_HANDLED = Guard(lambda log: log.open_deadline("penalty.preservation") is None,
                             "先行登记保存的证据尚未作出处理决定。", f"{CF}第五十六条")
PRESERVATION_OPEN = Guard(lambda log: log.open_deadline("penalty.preservation") is not None,
                          "没有待处理的先行登记保存证据。", f"{CF}第五十六条")
OUTCOME_PENALTY = Guard(lambda log: review_outcome(log) == "penalty",
                        "负责人审查决定不是给予行政处罚。", f"{CF}第五十七条第一款第（一）项")
OUTCOME_NO_PENALTY = Guard(lambda log: review_outcome(log) in ("no_penalty_minor", "no_penalty_unproven"),
                           "负责人审查决定不是不予行政处罚。", f"{CF}第五十七条第一款第（二）项、第（三）项")
NOTICE_SERVED = Guard(lambda log: log.has("notify"),
                      "作出行政处罚决定之前，须告知当事人拟作出的行政处罚内容及事实、理由、依据和依法享有的权利。",
                      f"{CF}第六十二条、第四十四条")
STATEMENT_DONE = Guard(statement_done,
                       "当事人的陈述、申辩尚未听取，且陈述、申辩期限未届满（当事人明确放弃的除外）。",
                       f"{CF}第六十二条、第四十五条")
HEARING_APPLIES = Guard(hearing_applies, "拟作出的行政处罚不属于应当告知听证权利的情形。", f"{CF}第六十三条")
HEARING_SETTLED = Guard(hearing_settled,
                        "当事人要求听证的，应当组织听证并根据听证笔录作出决定；听证要求期限尚未届满的，应当等待。",
                        f"{CF}第六十四条第（一）项、第六十五条")
HEARING_REQUEST_OPEN = Guard(lambda log: not log.elapsed("penalty.hearing_request"),
                             "当事人要求听证的期限（告知后五个工作日）已经届满。", f"{CF}第六十四条第（一）项")
NOT_REQUESTED_SINCE_NOTICE = Guard(lambda log: not since_notice(log, "request_hearing"),
                                   "当事人已就最近一次告知要求听证。", f"{CF}第六十四条第（一）项")
HEARING_REQUESTED = Guard(lambda log: log.since("request_hearing", "notify")
                          and not log.since("notify_hearing", "request_hearing"),
                          "当事人没有就最近一次告知要求听证，或者已经通知听证。", f"{CF}第六十四条第（二）项")
HEARING_NOTIFIED = Guard(lambda log: log.since("notify_hearing", "request_hearing")
                         and not log.since("hold_hearing", "notify_hearing"),
                         "没有已通知、尚未举行的听证。", f"{CF}第六十四条")
LEGAL_REVIEW_DONE = Guard(lambda log: not legal_review_required(log) or legal_review_passed(log),
                          "本案须经法制审核；未经法制审核或者审核未通过的，不得作出决定。", f"{CF}第五十八条")
LEGAL_REVIEW_REQUIRED = Guard(legal_review_required, "本案不属于须经法制审核的情形（可以直接作出决定）。",
                              f"{CF}第五十八条")
COLLECTIVE_DONE = Guard(lambda log: not log.value("review", "collective") or log.has("collective_discussion"),
                        "对情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定。", f"{CF}第五十七条第二款")
COLLECTIVE_REQUIRED = Guard(lambda log: bool(log.value("review", "collective")),
                            "负责人审查时未要求集体讨论。", f"{CF}第五十七条第二款")
HEARING_DONE_IF_NOTIFIED = Guard(lambda log: not log.since("notify_hearing", "hold_hearing"),
                                 "已通知听证，须先举行听证。", f"{CF}第六十五条")
DECIDED_WITH_PENALTY = Guard(lambda log: log.has("decide") or log.has("decide_on_spot"),
                             "尚未作出行政处罚决定。", f"{CF}第五十九条")
DECISION_SERVED = Guard(served, "行政处罚决定书尚未送达。", f"{CF}第六十一条、第六十七条第三款")
UNPAID = Guard(unpaid, "没有未缴清的罚款。", f"{CF}第六十六条")
PAY_OVERDUE = Guard(pay_overdue, "缴纳罚款的期限尚未届满，或者罚款已缴清。", f"{CF}第七十二条第一款；{QZ}第五十四条")
REMINDER_ELAPSED = Guard(lambda log: log.elapsed("compulsion.reminder_wait") and outstanding(log),
                         "催告书送达后满十个工作日当事人仍未履行的，方可申请人民法院强制执行。", f"{QZ}第五十四条")
REMEDY_PERIOD_OVER = Guard(lambda log: log.elapsed("remedy.litigation"),
                           "当事人申请行政复议、提起行政诉讼的法定期限尚未届满。", f"{QZ}第五十三条")
NO_REMEDY_PENDING = Guard(lambda log: not remedy_pending(log), "行政复议或者行政诉讼尚未审结。", f"{QZ}第五十三条")
OBLIGATION_OVERDUE = Guard(lambda log: pay_overdue(log) or other_obligation_overdue(log),
                           "缴纳罚款的期限尚未届满或者罚款已缴清，且没有履行期限已届满的其他义务（没收非法财物、"
                           "责令停产停业等）。", f"{CF}第七十二条第一款；{QZ}第五十四条")
OUTSTANDING = Guard(outstanding, "当事人没有尚未履行的义务。", f"{QZ}第三十五条")
NOT_REVOKED = Guard(lambda log: not decision_revoked(log),
                    "行政处罚决定已被撤销或者确认无效，当事人不再负有履行义务。", f"{CF}第七十三条")
REMEDY_OPEN = Guard(lambda log: bool(open_remedies(log)), "没有尚未审结的行政复议、行政诉讼。", f"{CF}第七十三条")
DECISION_IN_FORCE_SERVED = Guard(lambda log: log.has("decide") and served(log) and not decision_revoked(log),
                                 "行政处罚决定书尚未送达，或者决定已被撤销、确认无效。", f"{CF}第六十一条")
TRANSFER_FLAGGED = Guard(lambda log: log.has("flag_crime") or review_outcome(log) == "transfer",
                         "尚未报告涉嫌犯罪。", f"{YS}第五条")
TRANSFER_APPROVED = Guard(transfer_approved, "负责人未批准移送。", f"{YS}第五条第二款")
CASH_COLLECTED = Guard(lambda log: log.open_deadline("penalty.cash_handover") is not None,
                       "没有待交至行政机关的当场收缴罚款。", f"{CF}第七十一条")
FINE_DECIDED = Guard(lambda log: log.fine > 0, "决定中没有罚款。", f"{CF}第六十七条")
NO_OPEN_PAUSE = Guard(lambda log: pr.open_pause(log) is None, "已有尚未恢复计算的不计入办案期限的期间。",
                      f"{CF}第六十条")
PAUSE_OPEN = Guard(lambda log: pr.open_pause(log) is not None, "没有暂停计算的办案期限。", f"{CF}第六十条")
NOT_COLLECTED = Guard(lambda log: not log.has("collect_on_spot") and not log.paid, "罚款已经缴纳或者收缴。",
                      f"{CF}第六十八条")


def closable(log) -> bool:
    if log.has("decide_no_penalty"):
        return served_no_penalty(log)
    if log.has("transfer"):
        return True
    if not (log.has("decide") or log.has("decide_on_spot")):
        return False
    if log.has("decide") and not served(log):
        return False
    if log.open_deadline("penalty.cash_handover") is not None:
        return False
    return (not unpaid(log) or log.has("apply_court") or log.has("enforce")
            or log.has("terminate_enforcement"))  # 执行终结 (强制法 第四十条)


def served_no_penalty(log) -> bool:
    return (any(a.get("document") == "no_penalty_decision" for a in log.all("serve"))
            or bool(email_services(log, "no_penalty_decision")))


CLOSABLE = Guard(closable, "案件尚未执行完毕（决定未送达、罚款未缴清且未申请强制执行，或者当场收缴的罚款未交至行政机关）。",
                 f"{CF}第四十七条")


def _review_stage(log, act):
    outcome = act.get("outcome")
    return {"transfer": "transfer", "penalty": "review"}.get(outcome, "decision_pending")


def _file_summary(act):
    """The filing's line on the case page: its cause when the act restates it, else its handlers (never an empty
    "立案：", issue 15 §7)."""
    if act.get("cause"):
        return f"立案：{act.get('cause')}"
    names = "、".join(card.get("name", "") for card in act.get("handler_cards") or [] if card.get("name"))
    return f"立案，承办人：{names}" if names else "立案"


def _extend(log, act, states):
    state = states.get("penalty.decide")
    if state is None or not state.open:
        return
    days = int(act.get("days"))
    state.due = state.due + datetime.timedelta(days=days)
    how = "集体讨论决定" if act.get("approval") == "collective" else "批准"
    state.explanation += (f"经行政机关负责人{how}，依照{act.get('basis')}延长{days}日，"
                          f"期限届满日为{state.due.year}年{state.due.month}月{state.due.day}日。")


def _defer(log, act, states):
    state = log.open_deadline("penalty.pay")
    if state is None:
        return
    until = date_of(act.get("until"))
    state.due = until
    state.explanation += (f"经当事人申请和行政机关批准{'延期' if act.get('kind') == 'defer' else '分期'}缴纳，"
                          f"缴清期限为{until.year}年{until.month}月{until.day}日（{CF}第六十六条第二款）。")
    if act.get("kind") == "instalments":
        state.explanation += f"分期计划：{x.instalment_text(act)}。"
        x.move_to_next_instalment(log, act, states)


def _after_decision_service(log, act):
    return act.get("document", "penalty_decision") == "penalty_decision" and log.fine > 0


def _obligation_served(log, act):
    """The decision served imposes an obligation the court can be asked to enforce (强制法 第五十三条)."""
    return act.get("document", "penalty_decision") == "penalty_decision" and obligation(log)


def _decision_served(log, act):
    return act.get("document", "penalty_decision") == "penalty_decision"


def _served_on(log, act):
    return date_of(act.get("served_on"))


def _notice_served_on(log, act):
    return date_of(act.get("served_on"))


def _renotify(log, act, states):
    """A new advance notice (重新告知, 处罚法 第四十四条、第四十五条第二款): the statement and hearing-request periods of the
    earlier notice end; the new notice's run from its own service."""
    for state in states.values():
        if state.rule in ("penalty.statement", "penalty.hearing_request") and state.open and state.started_by != act.seq:
            state.met_at, state.met_by = act.performed_at, act.seq
            state.explanation += "已重新告知，改为自新的告知书送达之日起重新计算（见新的行政处罚事先告知）。"


def _service_summary(act):
    if (act.get("method") or act.get("service_method")) != "announcement":
        return ""
    return (f"公告送达：{act.get('published_on')}在{act.get('published_in') or ''}发布公告，经过三十日，"
            f"{act.get('served_on')}视为送达（《中华人民共和国民事诉讼法》第九十五条）。")


def _notice_summary(act):
    """The notice's service and, as the case page shows it, why the party has (or has not) the right to a hearing
    (处罚法 第六十三条; the reading of items (五)(六): docs/decisions/0027)."""
    grounds = act.get("hearing_grounds")
    if grounds:
        hearing = f"告知听证权利：{CF}第六十三条第一款{'；'.join(grounds)}。"
    elif "hearing_rights" in act.data:
        hearing = f"拟作出的处罚不属于{CF}第六十三条第一款应当告知听证权利的情形。"
    else:
        hearing = ""
    return "".join(part for part in (_service_summary(act), hearing) if part)


def _hearing_rights_now(log, act):
    return bool(act.get("hearing_rights"))


def _transfer_is_approved(log, act):
    return bool(act.get("approved"))
