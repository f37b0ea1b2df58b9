"""Review and litigation against the decision (处罚法 第七十三条; docs/decisions/0028): the conclusion of a remedy and
the changed decision: their checks, summaries and effects.
"""

from __future__ import annotations

import datetime

from . import fields as f
from .disclosure import disclosed
from .penalty_base import date_of
from .penalty_facts import REMEDY_CHANGING, REMEDY_ENDING, remedy_concluded_on, remedy_results


def _decision_changed(log, act) -> bool:
    return act.get("result") in REMEDY_CHANGING and disclosed(log)


def _obligation_ended(log, act, states) -> None:
    """A decision revoked or confirmed void on review or in court binds the party no more: the payment period and
    the compulsion deadlines end with the result (处罚法 第七十三条)."""
    if act.get("result") in REMEDY_ENDING:
        for state in states.values():
            if state.rule in ("penalty.pay", "compulsion.reminder_wait", "compulsion.court_application") and state.open:
                state.met_at, state.met_by = act.performed_at, act.seq


def _conclusion_check(log, data):
    remedy = next((a for a in log.all("record_remedy") if a.seq == data.get("remedy_seq")), None)
    if remedy is None:
        return f"第{data.get('remedy_seq')}项不是“行政复议、行政诉讼”的记录。"
    if remedy_concluded_on(log, remedy) is not None:
        return f"第{remedy.seq}项行政复议、行政诉讼已经记录审结。"
    concluded = date_of(data.get("concluded_on"))
    if concluded is not None and concluded < date_of(remedy.get("filed_on")):
        return "审结日期不能早于申请行政复议或者提起行政诉讼的日期。"
    if concluded is not None and concluded > log.today:
        return "审结日期不能晚于记录之日。"
    return None


def _conclusion_summary(act):
    return f"第{act.get('remedy_seq')}项审结：{dict(f.REMEDY_RESULTS).get(act.get('result'), '')}"


def _change_ground_check(log, data):
    if data.get("ground") != "remedy":
        return None
    remedy = next((a for a in remedy_results(log) if a.get("result") == "changed"
                   and data.get("remedy_seq") in (a.seq, a.get("remedy_seq"))), None)
    if remedy is None:
        return "因行政复议、行政诉讼变更的，请填写结果为“变更”的行政复议、行政诉讼（行为序号）。"
    return None


def _change_summary(act):
    return f"变更行政处罚决定：{act.get('reason') or ''}"


def _changed_on(log, act) -> datetime.date | None:
    return date_of(act.get("concluded_on")) or act.date
