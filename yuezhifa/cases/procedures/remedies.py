"""Review and litigation against the decision (处罚法 第七十三条; docs/decisions/0028): the conclusion of a remedy and
the changed decision: their checks, summaries and effects.
"""

from __future__ import annotations

import datetime

from rest_framework import serializers

from . import fields as f
from .disclosure import OVERTURNING, compulsion_disclosed, disclosed
from .dsl import OFFICER, ActSpec, Check, Start
from .penalty_base import QZ, date_of
from .penalty_facts import REMEDY_CHANGING, REMEDY_ENDING, remedy_concluded_on, remedy_results
from .penalty_guards import REMEDY_OPEN


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


# --- review and litigation against a compulsion measure (查封、扣押, 冻结; docs/decisions/0036 补充) ----------------------

FY = "《中华人民共和国行政复议法》"
SS = "《中华人民共和国行政诉讼法》"
COMPULSION_REMEDY_BASIS = f"{QZ}第八条；{FY}第十一条第（二）项；{SS}第十二条第一款第（二）项"
NOT_STOPPED_BASIS = f"{FY}第四十二条；{SS}第五十六条"
REMEDY_KINDS = [("review", "行政复议"), ("litigation", "行政诉讼")]


class RecordCompulsionRemedy(serializers.Serializer):
    kind = serializers.ChoiceField(REMEDY_KINDS, label="救济途径")
    filed_on = serializers.DateField(label="申请或者起诉日期")
    stayed = serializers.BooleanField(
        label="复议机关决定或者人民法院裁定停止执行", required=False, default=False,
        help_text="复议、诉讼期间不停止执行；只有复议机关决定或者人民法院裁定停止执行的，措施才停止"
                  "（行政复议法 第四十二条，行政诉讼法 第五十六条）。")


def measure_stopped(log) -> str:
    """Why the measure may not go on, or "": review and litigation do not stop it (行政复议法 第四十二条, 行政诉讼法
    第五十六条) unless a stay was ordered on a remedy not yet concluded, or the measure was revoked or confirmed void."""
    if any(a.get("result") in REMEDY_ENDING for a in remedy_results(log)):
        return "该行政强制措施已被行政复议机关或者人民法院撤销或者确认无效，应当解除，不能继续实施。"
    if any(a.get("stayed") and remedy_concluded_on(log, a) is None for a in log.all("record_remedy")):
        return "复议机关已决定或者人民法院已裁定停止执行该行政强制措施，复议、诉讼审结前不能继续实施。"
    return ""


def _filed_after_measure(measure_act: str):
    def check(log, data):
        filed, measure = date_of(data.get("filed_on")), log.last(measure_act)
        if filed is not None and measure is not None and filed < measure.date:
            return "申请行政复议或者提起行政诉讼的日期不能早于实施行政强制措施之日。"
        if filed is not None and filed > log.today:
            return "申请行政复议或者提起行政诉讼的日期不能晚于记录之日。"
        return None
    return check


def _overturned_while_disclosed(log, act) -> bool:
    return act.get("result") in OVERTURNING and compulsion_disclosed(log)


def compulsion_remedy_acts(measure_act: str) -> tuple[ActSpec, ActSpec]:
    """Review and litigation against a compulsion measure (强制法 第八条; 行政复议法 第十一条第（二）项; 行政诉讼法
    第十二条第一款第（二）项), recorded and concluded under the penalty's act codes, so that the conclusion reads the
    same (``remedy_concluded_on``, ``remedy_results``). A result revoking the measure or confirming it illegal or
    void while its result is public starts the withdrawal (``disclosure.withdraw``, docs/decisions/0036 补充)."""
    return (
        ActSpec("record_remedy", "行政复议、行政诉讼", COMPULSION_REMEDY_BASIS, (OFFICER,), RecordCompulsionRemedy,
                after=(measure_act,), checks=(Check(_filed_after_measure(measure_act), "filed_on", f"{QZ}第八条"),),
                repeatable=True, after_close=True,
                summary=lambda act: dict(REMEDY_KINDS).get(act.get("kind"), "")
                + ("（停止执行）" if act.get("stayed") else "（不停止执行）"),
                help="记录当事人对查封、扣押或者冻结申请行政复议、提起行政诉讼；复议、诉讼期间措施不停止执行，"
                     "复议机关决定或者人民法院裁定停止执行的除外。审结后记录“行政复议、行政诉讼审结”。"),
        ActSpec("conclude_remedy", "行政复议、行政诉讼审结", COMPULSION_REMEDY_BASIS, (OFFICER,), f.ConcludeRemedy,
                after=("record_remedy",), guards=(REMEDY_OPEN,),
                checks=(Check(_conclusion_check, "remedy_seq", COMPULSION_REMEDY_BASIS),),
                starts=(Start("disclosure.withdraw", when=_overturned_while_disclosed, from_date=_changed_on),),
                repeatable=True, after_close=True, summary=_conclusion_summary,
                help="记录复议决定或者裁判的结果及其生效日期；措施被撤销、确认违法或者确认无效而其结果已公示的，"
                     "负责人应当撤回公示信息。"),
    )
