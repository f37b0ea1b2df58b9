"""The decision period's extensions and the periods that do not count, read from the penalty case's log (处罚法
第六十条; docs/decisions/0026): the checks on them and their effect on the ``penalty.decide`` deadline. Each domain's
rule is ``period_rules.rule_for``.

Days of a pause: a period that does not count begins on ``started_on`` and ends on ``ended_on``; like any period
counted in days, its first day is not counted (民法典 第二百零一条), so it takes ``ended_on - started_on`` days out of
the decision period, and the due date moves by that many days.
"""

from __future__ import annotations

import datetime

from ..models import ExtensionApprover, PauseKind
from ..period_rules import ART60, NO_RULE, _d, _date, rule_for

# --- reading the log ------------------------------------------------------------------------------------------------


def open_pause(log):
    """The ``suspend_decision_period`` act not yet followed by a ``resume_decision_period``, or None."""
    pause = log.last("suspend_decision_period")
    resume = log.last("resume_decision_period")
    if pause is None or (resume is not None and resume.seq > pause.seq):
        return None
    return pause


def extended_days(log) -> int:
    return sum(int(a.get("days") or 0) for a in log.all("extend_decision"))


def current_due(log) -> datetime.date | None:
    """The decision's due date as the log stands, an open pause's days up to today included."""
    state = log.deadline("penalty.decide")
    if state is None:
        return None
    pause = open_pause(log)
    if pause is not None:
        started = _date(pause.get("started_on"))
        if started is not None and log.today > started:
            return state.due + datetime.timedelta(days=(log.today - started).days)
    return state.due


# --- checks ---------------------------------------------------------------------------------------------------------


def extension_problem(log, data) -> str | None:
    rule = rule_for(log.case)
    if rule is None:
        return NO_RULE + "。"
    days = int(data.get("days") or 0)
    used = extended_days(log)
    if used + days > rule.max_extension_days:
        return (f"依照{rule.basis_label}，办案期限累计最多延长{rule.max_extension_days}日；本案已延长{used}日，"
                f"本次{days}日超过上限。")
    due = current_due(log)
    if due is not None and log.today > due:
        return f"办案期限已于{_d(due)}届满，应当在期限届满前批准延长，届满后不能再延长。"
    return None


def approval_problem(log, data) -> str | None:
    rule = rule_for(log.case)
    if rule is not None and rule.approver == ExtensionApprover.COLLECTIVE and data.get("approval") != "collective":
        return f"依照{rule.basis_label}，延长办案期限应当由行政机关负责人集体讨论决定。"
    return None


def pause_kind_problem(log, data) -> str | None:
    rule = rule_for(log.case)
    if rule is None:
        return NO_RULE + "，也没有不计入办案期限的期间。"
    kind = data.get("kind")
    if kind not in (rule.paused_kinds or []):
        allowed = "、".join(rule.paused_labels) or "无"
        return (f"依照{rule.basis_label}，不计入办案期限的期间为：{allowed}；"
                f"“{PauseKind(kind).label if kind in PauseKind.values else kind}”不在其中。")
    return None


def pause_start_problem(log, data) -> str | None:
    started = _date(data.get("started_on"))
    if started is None:
        return None
    filed = log.last("file")
    if filed is not None and started < filed.date:
        return f"不计入办案期限的期间不能早于立案之日（{_d(filed.date)}）开始。"
    if started > log.today:
        return "期间开始之日不能晚于记录之日。"
    due = current_due(log)
    if due is not None and started > due:
        return f"办案期限已于{_d(due)}届满，届满后开始的期间不能再不计入办案期限。"
    ended = [_date(a.get("ended_on")) for a in log.all("resume_decision_period")]
    last_end = max((d for d in ended if d is not None), default=None)
    if last_end is not None and started < last_end:
        return f"上一个不计入办案期限的期间至{_d(last_end)}结束，新的期间不能早于该日开始。"
    return None


def pause_end_problem(log, data) -> str | None:
    ended = _date(data.get("ended_on"))
    pause = open_pause(log)
    if ended is None or pause is None:
        return None
    started = _date(pause.get("started_on"))
    if started is not None and ended < started:
        return f"期间结束之日不能早于其开始之日（{_d(started)}）。"
    if ended > log.today:
        return "期间结束之日不能晚于记录之日。"
    return None


# --- enrichment and effects on the penalty.decide deadline --------------------------------------------------------------


def extension_facts(log, data) -> dict:
    """What the extension was granted under, kept with the act."""
    rule = rule_for(log.case)
    if rule is None:
        return {}
    return {"basis": rule.basis_label, "max_extension_days": rule.max_extension_days,
            "extended_total": extended_days(log) + int(data.get("days") or 0)}


def pause_facts(log, data) -> dict:
    rule = rule_for(log.case)
    return {"basis": rule.basis_label} if rule is not None else {}


def suspend_effect(log, act, states) -> None:
    state = states.get("penalty.decide")
    if state is None or not state.open:
        return
    started = _date(act.get("started_on"))
    label = PauseKind(act.get("kind")).label if act.get("kind") in PauseKind.values else act.get("kind")
    state.paused_since = started
    state.explanation += (f"{_d(started)}起因{label}暂停计算（{act.get('basis') or ART60}），"
                          "该期间不计入办案期限，恢复计算后届满日按暂停的日数顺延。")


def resume_effect(log, act, states) -> None:
    state = states.get("penalty.decide")
    pause = log.last("suspend_decision_period")
    if state is None or not state.open or pause is None:
        return
    started, ended = _date(pause.get("started_on")), _date(act.get("ended_on"))
    days = (ended - started).days
    state.paused_since = None
    state.due = state.due + datetime.timedelta(days=days)
    state.explanation += (f"{_d(ended)}恢复计算：{_d(started)}至{_d(ended)}不计入办案期限，共{days}日"
                          f"（开始之日不计入，民法典第二百零一条），届满日顺延至{_d(state.due)}。")


def pause_summary(act) -> str:
    kind = act.get("kind")
    return f"{PauseKind(kind).label if kind in PauseKind.values else kind}：自{act.get('started_on')}起不计入办案期限"
