"""查封、扣押 (行政强制法 第二章、第三章第二节; LEGAL.md §3) as data: the need for a measure, the head's approval
beforehand (第十八条第（一）项) or, in an emergency, the seizure on the spot first and the report and approval within
24 hours (第十九条); the seizure itself with its on-site record, decision and list handed over on the spot (第十八条、
第二十四条); one extension of at most 30 days (第二十五条第一款、第二款); testing periods that do not count (第二十五条第三款);
custody (第二十六条); and the handling: confiscation, destruction or release (第二十七条、第二十八条).

How the periods are read (docs/decisions/0032): a testing period takes ``ended_on - started_on`` days out of the seizure
period (its first day not counted, as 0026 reads the decision period's pauses); "within 24 hours" runs from the
moment of the seizure to the same minute the next day, and both the report and the head's approval fall in it.
"""

from __future__ import annotations

import datetime
from dataclasses import replace

from rest_framework import serializers

from yuezhifa.core.calendar import compute_deadline

from ..models import SourceKind
from .disclosure import PUBLISH_OTHER, compulsion_disclosure_acts
from .dsl import HEAD, OFFICER, ActSpec, Check, Guard, OfficerRule, Procedure, ProcedureFacts, StageSpec, Start
from .fields import Money, Paragraphs, PartySerializer, Text, officers_field
from .penalty_base import QZ, date_of
from .remedies import NOT_STOPPED_BASIS, compulsion_remedy_acts, measure_stopped

SEIZURE = "compulsion.seizure"
EXTENSION = "compulsion.seizure_extension"
EMERGENCY = "compulsion.emergency_approval"
PERIODS = (SEIZURE, EXTENSION)
ART18 = f"{QZ}第十八条"
ART19 = f"{QZ}第十九条"
ART24 = f"{QZ}第二十四条"
ART25 = f"{QZ}第二十五条"
ART25_3 = f"{QZ}第二十五条第三款"
ART26 = f"{QZ}第二十六条"
ART27 = f"{QZ}第二十七条"
ART28 = f"{QZ}第二十八条"
# 第十八条第（二）项: 由两名以上行政执法人员实施; 第十七条第三款: 由具备资格的行政执法人员实施，其他人员不得实施
COMPULSION_OFFICERS = OfficerRule(count=f"{QZ}第十八条第（二）项", certificate=f"{QZ}第十七条第三款",
                                  basis=f"{QZ}第十八条第（二）项", power="行政强制措施")

TESTING_KINDS = [("testing", "检测"), ("inspection", "检验"), ("quarantine", "检疫"), ("appraisal", "技术鉴定")]
SIGNED_BY = [("party", "当事人签名或者盖章"), ("party_refused", "当事人拒绝签名或者盖章，已在笔录中注明"),
             ("witness", "当事人不到场，见证人签名或者盖章")]
DISPOSITIONS = [("confiscate", "依法没收"), ("destroy", "依法销毁"), ("release", "解除查封、扣押")]
RELEASE_GROUNDS = [  # 第二十八条第一款
    ("no_violation", "当事人没有违法行为（第二十八条第一款第（一）项）"),
    ("unrelated", "查封、扣押的场所、设施或者财物与违法行为无关（第二十八条第一款第（二）项）"),
    ("handled", "对违法行为已经作出处理决定，不再需要查封、扣押（第二十八条第一款第（三）项）"),
    ("expired", "查封、扣押期限已经届满（第二十八条第一款第（四）项）"),
    ("no_longer_needed", "其他不再需要采取查封、扣押措施的情形（第二十八条第一款第（五）项）"),
    ("not_approved", "紧急情况下当场实施，行政机关负责人认为不应当采取（第十九条）"),
]
RETURNS = [("goods", "退还财物"), ("proceeds", "退还拍卖或者变卖所得款项")]


# --- the acts' fields ------------------------------------------------------------------------------------------------


class SeizedItem(serializers.Serializer):
    name = serializers.CharField(label="名称", max_length=200)
    specification = serializers.CharField(label="规格（型号）", max_length=200, required=False, allow_blank=True)
    quantity = serializers.CharField(label="数量", max_length=60)
    note = serializers.CharField(label="备注", max_length=300, required=False, allow_blank=True)


def Items(label: str):
    return serializers.ListField(child=SeizedItem(), label=label, min_length=1)


class RegisterSeizure(serializers.Serializer):
    source_kind = serializers.ChoiceField(SourceKind.choices, label="案件来源")
    cause = Text("事由（需要采取查封、扣押的情况）", max_length=300)
    summary = Paragraphs("情况说明")
    party = PartySerializer(label="当事人")


class ApproveMeasure(serializers.Serializer):
    opinion = Text("审批意见", required=False, max_length=500)


class Seize(serializers.Serializer):
    emergency = serializers.BooleanField(
        label="情况紧急，当场实施", required=False, default=False,
        help_text="未经事先批准当场实施的，应当在二十四小时内报告行政机关负责人并补办批准手续（强制法 第十九条）。")
    party = PartySerializer(label="当事人", required=False, allow_null=True)
    reason = Text("查封、扣押的理由")
    basis = Paragraphs("查封、扣押的依据")
    items = Items("查封、扣押的场所、设施或者财物")
    officers = officers_field()
    certificates_shown = serializers.BooleanField(label="已出示执法身份证件", required=False, default=False)
    party_notified = serializers.BooleanField(label="已通知当事人到场", required=False, default=False)
    rights_told = serializers.BooleanField(label="已当场告知理由、依据、权利和救济途径", required=False, default=False)
    statement = Text("当事人的陈述和申辩", required=False)
    record = Paragraphs("现场笔录")
    signed_by = serializers.ChoiceField(SIGNED_BY, label="现场笔录的签名")
    witness = Text("见证人", required=False, max_length=100)


class ReportEmergency(serializers.Serializer):
    report = Text("报告内容")


class ApproveEmergency(serializers.Serializer):
    approved = serializers.BooleanField(label="批准（补办批准手续）")
    opinion = Text("审批意见", required=False, max_length=500)


class ExtendSeizure(serializers.Serializer):
    days = serializers.IntegerField(label="延长的日数", min_value=1, max_value=30)
    reason = Text("延长的理由（情况复杂）")


class StartTesting(serializers.Serializer):
    kind = serializers.ChoiceField(TESTING_KINDS, label="类别")
    started_on = serializers.DateField(label="开始之日")
    expected_end = serializers.DateField(label="预计结束之日",
                                         help_text="检测、检验、检疫或者技术鉴定的期间应当明确（强制法 第二十五条第三款）。")
    institution = Text("检测机构", max_length=200)
    items = Items("送检的物品")


class EndTesting(serializers.Serializer):
    ended_on = serializers.DateField(label="结束之日")
    result = Text("结果")


class RecordCustody(serializers.Serializer):
    storage_place = Text("保管地点", max_length=300)
    keeper = Text("保管人", max_length=200)
    third_party = serializers.BooleanField(label="委托第三人保管", required=False, default=False)
    condition = Text("财物状况")
    cost = Money("保管费用（元，由行政机关承担）", required=False, allow_null=True)


class HandleSeized(serializers.Serializer):
    disposition = serializers.ChoiceField(DISPOSITIONS, label="处理决定")
    penalty_case = Text("没收所依据的行政处罚决定（案号）", required=False, max_length=80,
                        help_text="本机关已作出没收非法财物决定的行政处罚案件的案号；本案已与该案件关联的可以不填，"
                                  "取关联案件的案号（强制法 第二十七条）。")
    destruction_basis = Text("应当销毁的法律、行政法规依据", required=False, max_length=300)
    ground = serializers.ChoiceField(RELEASE_GROUNDS, label="解除的情形", required=False, allow_blank=True)
    returned = serializers.ChoiceField(RETURNS, label="退还", required=False, allow_blank=True)
    proceeds = Money("退还的款项（元）", required=False, allow_null=True)
    items = serializers.ListField(child=SeizedItem(), label="退还的财物", required=False)
    reason = Text("说明", required=False)


class CloseSeizure(serializers.Serializer):
    summary = Text("结案说明", max_length=400)


# --- reading the log -------------------------------------------------------------------------------------------------


def emergency(log) -> bool:
    seized = log.last("seize")
    return seized is not None and bool(seized.get("emergency"))


def emergency_approved(log) -> bool:
    return bool(log.value("approve_emergency", "approved"))


def approval_window_passed(log) -> bool:
    """An emergency seizure whose 24 hours ran out without the head's approval (第十九条)."""
    state = log.deadline(EMERGENCY)
    return (emergency(log) and not log.has("approve_emergency") and state is not None and state.due_at is not None
            and log.as_of > state.due_at)


def must_release(log) -> bool:
    """The measure stands on no approval: refused by the head, or not approved within 24 hours (第十九条)."""
    if not emergency(log):
        return False
    return (log.has("approve_emergency") and not emergency_approved(log)) or approval_window_passed(log)


def open_testing(log):
    start, end = log.last("start_testing"), log.last("end_testing")
    return start if start is not None and (end is None or end.seq < start.seq) else None


def period(log):
    """The seizure period running (the extension once granted), or the last one."""
    return log.open_deadline(EXTENSION) or log.open_deadline(SEIZURE) or log.deadline(EXTENSION) or \
        log.deadline(SEIZURE)


def current_due(log) -> datetime.date | None:
    state = period(log)
    if state is None:
        return None
    testing = open_testing(log)
    started = date_of(testing.get("started_on")) if testing is not None else None
    if started is not None and log.today > started:
        return state.due + datetime.timedelta(days=(log.today - started).days)
    return state.due


def _d(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


# --- guards and checks -----------------------------------------------------------------------------------------------

APPROVED_OR_EMERGENCY = Check(
    lambda log, d: None if d.get("emergency") or log.has("approve_measure") else
    "实施查封、扣押前须向行政机关负责人报告并经批准；情况紧急需要当场实施的，请选择“情况紧急，当场实施”，"
    "并在二十四小时内报告、补办批准手续。", "emergency", f"{ART18}第（一）项、第十九条")
CERTIFICATES = Check(lambda log, d: None if d.get("certificates_shown") else "实施查封、扣押应当出示执法身份证件。",
                     "certificates_shown", f"{ART18}第（三）项")
NOTIFIED = Check(lambda log, d: None if d.get("party_notified") else "实施查封、扣押应当通知当事人到场。",
                 "party_notified", f"{ART18}第（四）项")
RIGHTS = Check(lambda log, d: None if d.get("rights_told") else
               "应当当场告知当事人采取查封、扣押的理由、依据以及当事人依法享有的权利、救济途径。",
               "rights_told", f"{ART18}第（五）项")
WITNESS = Check(lambda log, d: "当事人不到场的，应当邀请见证人到场，由见证人和执法人员在现场笔录上签名或者盖章；请填写见证人。"
                if d.get("signed_by") == "witness" and not (d.get("witness") or "").strip() else None,
                "witness", f"{ART18}第（九）项")

SEIZED = Guard(lambda log: log.has("seize"), "尚未实施查封、扣押。", ART24)
NOT_HANDLED = Guard(lambda log: not log.has("handle_seized"), "查封、扣押已经作出处理决定。", ART27)
NOT_MUST_RELEASE = Guard(lambda log: not must_release(log),
                         "紧急情况下当场实施的查封、扣押未在二十四小时内补办批准手续或者负责人不予批准，应当立即解除。",
                         ART19)
EMERGENCY_SEIZURE = Guard(emergency, "本次查封、扣押不是紧急情况下当场实施的，无需补办批准手续。", ART19)
WITHIN_24_HOURS = Guard(lambda log: not approval_window_passed(log),
                        "紧急情况下当场实施后二十四小时内未补办批准手续，应当立即解除查封、扣押。", ART19)
NO_OPEN_TESTING = Guard(lambda log: open_testing(log) is None, "检测、检验、检疫或者技术鉴定期间尚未结束。", ART25_3)
TESTING_OPEN = Guard(lambda log: open_testing(log) is not None, "没有正在进行的检测、检验、检疫或者技术鉴定。", ART25_3)
NOT_STOPPED = Guard(lambda log: not measure_stopped(log), "该查封、扣押已被撤销、确认无效或者停止执行。", NOT_STOPPED_BASIS)
BEFORE_EXPIRY = Guard(lambda log: current_due(log) is None or log.today <= current_due(log),
                      "查封、扣押期限已经届满，不能再延长，应当作出处理决定或者解除查封、扣押。", f"{ART25}第一款")


def _start_problem(log, data) -> str | None:
    started, expected = date_of(data.get("started_on")), date_of(data.get("expected_end"))
    seized = log.last("seize")
    if started is None:
        return None
    if seized is not None and started < seized.date:
        return f"检测期间不能早于查封、扣押之日（{_d(seized.date)}）开始。"
    if started > log.today:
        return "期间开始之日不能晚于记录之日。"
    due = current_due(log)
    if due is not None and started > due:
        return f"查封、扣押期限已于{_d(due)}届满，届满后开始的检测期间不能再不计入。"
    if expected is not None and expected < started:
        return "预计结束之日不能早于开始之日。"
    return None


def _end_problem(log, data) -> str | None:
    ended, testing = date_of(data.get("ended_on")), open_testing(log)
    if ended is None or testing is None:
        return None
    started = date_of(testing.get("started_on"))
    if started is not None and ended < started:
        return f"期间结束之日不能早于其开始之日（{_d(started)}）。"
    if ended > log.today:
        return "期间结束之日不能晚于记录之日。"
    return None


def _disposition_problem(log, data) -> str | None:
    kind = data.get("disposition")
    if kind != "release" and must_release(log):
        return "紧急情况下当场实施的查封、扣押未补办批准手续或者负责人不予批准，应当立即解除（强制法 第十九条）。"
    due = current_due(log)
    if kind != "release" and due is not None and log.today > due:
        return f"查封、扣押期限已于{_d(due)}届满，应当解除查封、扣押（强制法 第二十八条第一款第（四）项）。"
    if kind == "destroy" and not (data.get("destruction_basis") or "").strip():
        return "请填写规定应当销毁的法律、行政法规（强制法 第二十七条）。"
    return None


def _confiscating_decision(penalty_log) -> bool:
    """The penalty decision in force confiscates property (处罚法 第九条第（三）项: 没收非法财物)."""
    decision = penalty_log.decision
    if decision is None:
        return False
    amount = (decision.get("penalties") or {}).get("confiscate_property")
    try:
        return amount not in (None, "", False) and float(amount) > 0
    except (TypeError, ValueError):
        return False


def _penalty_log(log, case):
    from ..interface import case_log

    return case_log(case, as_of=log.as_of)


def _is_penalty(case) -> bool:
    from . import PROCEDURES

    procedure = PROCEDURES.get(case.procedure)
    return procedure is not None and procedure.kind == "penalty"


def _linked_penalty_cases(log) -> list:
    """The penalty cases linked to this seizure case (either direction, docs/decisions/0035) whose decision in force
    confiscates property: the ones a confiscation may rest on without typing their number."""
    from ..models import Case, CaseLink

    ids = set(CaseLink.objects.filter(case=log.case).values_list("other_id", flat=True))
    ids |= set(CaseLink.objects.filter(other=log.case).values_list("case_id", flat=True))
    found = Case.objects.filter(pk__in=ids, body_id=log.case.body_id).exclude(number=None).order_by("registered_at")
    return [c for c in found if _is_penalty(c) and _confiscating_decision(_penalty_log(log, c))]


def _confiscation_problem(log, data) -> str | None:
    """强制法 第二十七条: a confiscation rests on a penalty decision. The number named must be a penalty case of this
    body whose decision in force confiscates property; left blank, it is taken from the one linked penalty case
    that does (docs/decisions/0032 第 6 条, 0035)."""
    if data.get("disposition") != "confiscate":
        return None
    number = (data.get("penalty_case") or "").strip()
    if not number:
        linked = _linked_penalty_cases(log)
        if len(linked) == 1:
            return None
        if linked:
            return "本案关联了多个作出没收决定的行政处罚案件，请填写没收所依据的行政处罚案件的案号"
        return "没收应当依据行政处罚决定，请填写该行政处罚案件的案号，或者先将本案与该行政处罚案件关联"
    from ..models import Case

    case = Case.objects.filter(number=number, body_id=log.case.body_id).first()
    if case is None or not _is_penalty(case):
        return f"本机关没有案号为“{number}”的行政处罚案件"
    penalty_log = _penalty_log(log, case)
    if penalty_log.decision is None:
        return f"行政处罚案件 {number} 尚未作出行政处罚决定，不能据以没收"
    if not _confiscating_decision(penalty_log):
        return f"行政处罚案件 {number} 的行政处罚决定没有没收非法财物，不能据以没收查封、扣押的财物"
    return None


def _confiscation_case(log, data) -> dict:
    """Records the number of the linked penalty case when the confiscation left it blank (checked above)."""
    if data.get("disposition") != "confiscate" or (data.get("penalty_case") or "").strip():
        return {}
    linked = _linked_penalty_cases(log)
    return {"penalty_case": linked[0].number, "penalty_case_from_link": True} if len(linked) == 1 else {}
def _stopped_problem(log, data) -> str | None:
    """Revoked, void or stayed on review or in court: only the release is left (行政复议法 第四十二条, 行政诉讼法 第五十六条)."""
    stopped = measure_stopped(log)
    return f"{stopped}只能解除查封、扣押。" if stopped and data.get("disposition") != "release" else None


def _release_problem(log, data) -> str | None:
    if data.get("disposition") != "release":
        return None
    if not data.get("ground"):
        return "请选择解除查封、扣押的情形（强制法 第二十八条第一款）。"
    if not data.get("returned"):
        return "解除查封、扣押应当立即退还财物或者拍卖、变卖所得款项（强制法 第二十八条第二款）。"
    return None


def _proceeds_problem(log, data) -> str | None:
    if data.get("disposition") == "release" and data.get("returned") == "proceeds" and not data.get("proceeds"):
        return "退还拍卖或者变卖所得款项的，请填写款项金额（强制法 第二十八条第二款）。"
    return None


# --- effects on the seizure period ---------------------------------------------------------------------------------


def _running(states):
    found = [s for s in states.values() if s.rule in PERIODS and s.open]
    return found[-1] if found else None


def _extension_days(log, act, states) -> None:
    """The extension as granted (at most 30 days, 第二十五条第一款), counted from the original period's last day."""
    state = next((s for s in states.values() if s.rule == EXTENSION and s.started_by == act.seq), None)
    days = int(act.get("days") or 30)
    if state is None or days >= 30:
        return
    rule = replace(log.rules[EXTENSION], amount=days)
    deadline = compute_deadline(rule, state.start)
    state.due, state.explanation = deadline.due, deadline.explanation


def _extension_from(log, act) -> datetime.date | None:
    state = log.deadline(SEIZURE)
    return state.due if state is not None else None


def _testing_started(log, act, states) -> None:
    state = _running(states)
    if state is None:
        return
    started = date_of(act.get("started_on"))
    label = dict(TESTING_KINDS).get(act.get("kind"), act.get("kind"))
    state.paused_since = started
    state.explanation += (f"{_d(started)}起进行{label}，该期间不计入查封、扣押期限（{ART25_3}），"
                          "结束后届满日按该期间的日数顺延。")


def _testing_ended(log, act, states) -> None:
    state = _running(states)
    testing = log.last("start_testing")
    if state is None or testing is None:
        return
    started, ended = date_of(testing.get("started_on")), date_of(act.get("ended_on"))
    days = (ended - started).days
    state.paused_since = None
    state.due = state.due + datetime.timedelta(days=days)
    state.explanation += (f"{_d(ended)}结束：{_d(started)}至{_d(ended)}不计入查封、扣押期限，共{days}日"
                          f"（开始之日不计入，民法典第二百零一条），届满日顺延至{_d(state.due)}。")


# --- facts ---------------------------------------------------------------------------------------------------------


class SeizureFacts(ProcedureFacts):
    """No money; the testing periods do not count (第二十五条第三款)."""

    def pauses(self, log):
        out = []
        for start in log.all("start_testing"):
            end = next((a for a in log.all("end_testing") if a.seq > start.seq), None)
            out.append((date_of(start.get("started_on")), date_of(end.get("ended_on")) if end else None))
        return out


def _handled_summary(act) -> str:
    label = dict(DISPOSITIONS).get(act.get("disposition"), "")
    if act.get("disposition") == "release":
        return f"{label}：{dict(RELEASE_GROUNDS).get(act.get('ground'), '')}"
    if act.get("disposition") == "confiscate":
        return f"{label}（行政处罚案件 {act.get('penalty_case')}）"
    return label


def _item_text(item: dict) -> str:
    return "".join(str(item.get(k) or "") for k in ("name", "specification", "quantity"))


def public_result(log) -> dict | None:
    """The seizure's result as the disclosure platform publishes it (国办发〔2018〕118号): the measure, what was seized
    and for how long, the reason and the basis; never the place, the record or the officers."""
    seize = log.last("seize")
    if seize is None:
        return None
    items = "；".join(_item_text(i) for i in seize.get("items") or [] if isinstance(i, dict))
    handled = log.last("handle_seized")
    content = f"查封、扣押：{items}；期限三十日"
    if handled is not None:
        label = "已解除" if handled.get("disposition") == "release" else \
            f"处理决定：{dict(DISPOSITIONS).get(handled.get('disposition'), '')}"
        content += f"；{label}（{_d(handled.date)}）"
    return {"decided_on": seize.date, "document_type": "seizure_decision", "document_seq": seize.seq,
            "measure": "查封、扣押", "content": content, "reason": seize.get("reason") or "",
            "basis": seize.get("basis") or []}


# --- the procedure ---------------------------------------------------------------------------------------------------

ACTS = (
    ActSpec("register_seizure", "查封、扣押案源登记", f"{ART18}；{ART24}", (OFFICER,), RegisterSeizure,
            stage="seizure_source", carries_party=True,
            help="登记需要采取查封、扣押措施的情况和当事人；实施前须报行政机关负责人批准，情况紧急的可以当场实施。"),
    ActSpec("approve_measure", "批准实施查封、扣押", f"{ART18}第（一）项", (HEAD,), ApproveMeasure,
            after=("register_seizure",), guards=(Guard(lambda log: not log.has("seize"), "已经实施查封、扣押。", ART18),),
            stage="seizure_approved", queue="查封扣押审批"),
    ActSpec("seize", "实施查封、扣押", f"{ART18}、第二十四条、第二十五条第一款", (OFFICER,), Seize,
            after=("register_seizure",),
            checks=(APPROVED_OR_EMERGENCY, CERTIFICATES, NOTIFIED, RIGHTS, WITNESS),
            officers=2, on_site=True, files=True,
            documents=("seizure_decision", "seizure_site_record", "seizure_list"),
            starts=(Start(SEIZURE), Start(PUBLISH_OTHER),
                    Start(EMERGENCY, when=lambda log, act: bool(act.get("emergency")), hours=24,
                          name="紧急查封、扣押报告并补办批准手续期限", basis=ART19)),
            stage="seizure_in_force", carries_party=True,
            help="两名以上执法人员出示证件、通知当事人到场、当场告知理由依据和权利、听取陈述申辩，制作现场笔录，"
                 "当场交付查封（扣押）决定书和清单；期限三十日。"),
    ActSpec("report_emergency", "紧急查封、扣押报告负责人", ART19, (OFFICER,), ReportEmergency,
            after=("seize",), guards=(EMERGENCY_SEIZURE, NOT_HANDLED),
            help="情况紧急当场实施的，二十四小时内向行政机关负责人报告。"),
    ActSpec("approve_emergency", "补办查封、扣押批准手续", ART19, (HEAD,), ApproveEmergency,
            after=("report_emergency",), guards=(EMERGENCY_SEIZURE, NOT_HANDLED, WITHIN_24_HOURS),
            stops=(EMERGENCY,), queue="查封扣押补办批准",
            help="负责人认为不应当采取查封、扣押的，不予批准，并应当立即解除。"),
    ActSpec("extend_seizure", "延长查封、扣押期限", f"{ART25}第一款、第二款", (HEAD,), ExtendSeizure,
            after=("seize",), guards=(NOT_HANDLED, NOT_MUST_RELEASE, NOT_STOPPED, NO_OPEN_TESTING, BEFORE_EXPIRY),
            documents=("seizure_extension_decision",), stops=(SEIZURE,),
            starts=(Start(EXTENSION, from_date=_extension_from),), effect=_extension_days,
            help="情况复杂的，经负责人批准在期限届满前延长一次，延长不超过三十日，书面告知当事人并说明理由。"),
    ActSpec("start_testing", "检测、检验、检疫或者技术鉴定开始", ART25_3, (OFFICER,), StartTesting,
            after=("seize",), guards=(NOT_HANDLED, NOT_MUST_RELEASE, NO_OPEN_TESTING),
            checks=(Check(_start_problem, "started_on", ART25_3),), documents=("testing_period_notice",),
            effect=_testing_started, repeatable=True,
            help="检测、检验、检疫或者技术鉴定的期间不计入查封、扣押期限，应当明确并书面告知当事人；费用由行政机关承担。"),
    ActSpec("end_testing", "检测、检验、检疫或者技术鉴定结束", ART25_3, (OFFICER,), EndTesting,
            after=("start_testing",), guards=(TESTING_OPEN,), checks=(Check(_end_problem, "ended_on", ART25_3),),
            effect=_testing_ended, repeatable=True),
    ActSpec("record_custody", "保管查封、扣押的财物", ART26, (OFFICER,), RecordCustody, after=("seize",),
            guards=(NOT_HANDLED,), files=True, repeatable=True,
            summary=lambda act: f"{act.get('storage_place')}，保管人{act.get('keeper')}",
            help="妥善保管，不得使用或者损毁；可以委托第三人保管；保管费用由行政机关承担。"),
    ActSpec("handle_seized", "查封、扣押的处理决定", f"{ART27}、第二十八条", (HEAD,), HandleSeized,
            after=("seize",), guards=(NO_OPEN_TESTING,),
            checks=(Check(_disposition_problem, "disposition", f"{ART19}、第二十七条、第二十八条"),
                    Check(_confiscation_problem, "penalty_case", ART27),
                    Check(_release_problem, "ground", ART28),
                    Check(_proceeds_problem, "proceeds", f"{ART28}第二款"),
                    Check(_stopped_problem, "disposition", NOT_STOPPED_BASIS)),
            documents=("seizure_release_decision", "seizure_release_list"),
            stops=(SEIZURE, EXTENSION, EMERGENCY), stage="seizure_handled", summary=_handled_summary,
            enrich=_confiscation_case,
            help="在期限内作出处理决定：依法没收（依据行政处罚决定）、依法销毁，或者解除查封、扣押并立即退还财物。"),
    ActSpec("close_seizure", "查封、扣押结案", f"{ART27}", (HEAD,), CloseSeizure, after=("handle_seized",),
            stage="seizure_closed", milestone="closed", queue="结案审批"),
    *compulsion_disclosure_acts("compulsion.seizure", "seize", public_result),
    *compulsion_remedy_acts("seize"),
)

STAGES = (
    StageSpec("seizure_source", "待批准查封、扣押"),
    StageSpec("seizure_approved", "已批准查封、扣押"),
    StageSpec("seizure_in_force", "查封、扣押中"),
    StageSpec("seizure_handled", "查封、扣押已处理"),
    StageSpec("seizure_closed", "查封、扣押已结案", terminal=True),
)

SEIZURE_PROCEDURE = Procedure(
    "compulsion.seizure", "查封、扣押", f"{QZ}第二章、第三章第二节", ACTS, kind="compulsion",
    opening="register_seizure", stages=STAGES, facts=SeizureFacts(), officers=COMPULSION_OFFICERS)
