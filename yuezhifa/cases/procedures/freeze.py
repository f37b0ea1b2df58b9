"""冻结存款、汇款 (行政强制法 第三章第三节, 第二十九条至第三十三条) as data (docs/decisions/0033).

Only a body a law empowers may freeze (第二十九条第一款): the power is named as structured data (law and article from the
laws library, checked on the opening and again on the approval, as the enforcement act does). The head approves
(第三十条第一款、第十八条第（一）项); two officers hand the 冻结通知书 to the financial institution, for no more than the
amount the violation involves (第二十九条第二款、第三十条); the 冻结决定书 reaches the party within three working days
(第三十一条), recorded as its own act with the day it was served. The freeze lasts thirty days (第三十二条第一款),
extended once by the head, before it runs out, by at most thirty days, the party told in writing (第三十二条第二款).
It ends by a release decision on one of the grounds of 第三十三条第一款, notified to the bank and the party (第二款), or by
itself: when the term runs out without a decision the bank releases from that day (第三十三条第三款) and the case reads
the measure as released without anyone recording it (``freeze_status``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.utils import timezone
from rest_framework import serializers

from . import execution as x
from .disclosure import PUBLISH_OTHER, compulsion_disclosure_acts
from .dsl import HEAD, OFFICER, ActSpec, Check, Guard, OfficerRule, Procedure, StageSpec, Start
from .fields import Paragraphs, PartySerializer, Text
from .remedies import NOT_STOPPED_BASIS, compulsion_remedy_acts, measure_stopped
from .surcharge import date_of

SHANGHAI = ZoneInfo("Asia/Shanghai")
QZ = "《中华人民共和国行政强制法》"
# 第三十条第一款 applies 第十八条第（二）项 (两名以上行政执法人员) to a freeze; 第十七条第三款: 具备资格的行政执法人员
FREEZE_OFFICERS = OfficerRule(count=f"{QZ}第三十条第一款、第十八条第（二）项", certificate=f"{QZ}第十七条第三款",
                              basis=f"{QZ}第十八条第（二）项", power="行政强制措施")
BF = "《广东省一体化行政执法平台管理办法》"

POWER_BASIS = f"{QZ}第二十九条第一款"
AMOUNT_BASIS = f"{QZ}第二十九条第二款"
PROCEDURE_BASIS = f"{QZ}第三十条第一款、第十八条"
NOTICE_BASIS = f"{QZ}第三十一条"
TERM_BASIS = f"{QZ}第三十二条第一款"
EXTENSION_BASIS = f"{QZ}第三十二条"
RELEASE_BASIS = f"{QZ}第三十三条第一款、第二款"
LAPSE_BASIS = f"{QZ}第三十三条第三款"

RELEASE_GROUNDS = [
    ("no_violation", "当事人没有违法行为（第三十三条第一款第（一）项）"),
    ("unrelated", "冻结的存款、汇款与违法行为无关（第三十三条第一款第（二）项）"),
    ("decided", "行政机关对违法行为已经作出处理决定，不再需要冻结（第三十三条第一款第（三）项）"),
    ("expired", "冻结期限已经届满（第三十三条第一款第（四）项）"),
    ("other", "其他不再需要采取冻结措施的情形（第三十三条第一款第（五）项）"),
]


# --- the acts' fields ---------------------------------------------------------------------------------------------


class _Power(serializers.Serializer):
    power_law = Text("授予冻结权的法律（全称或简称，取自法律法规库）", max_length=200,
                     help_text="冻结存款、汇款应当由法律规定的行政机关实施（强制法 第二十九条第一款）。")
    power_article = serializers.IntegerField(label="授权条文：第几条", min_value=1, max_value=9999)
    power_paragraph = serializers.IntegerField(label="第几款", required=False, allow_null=True, min_value=1,
                                               max_value=99)
    power_item = serializers.IntegerField(label="第几项", required=False, allow_null=True, min_value=1, max_value=99)


class OpenFreeze(_Power):
    cause = Text("案由（涉嫌违法行为）", max_length=300)
    party = PartySerializer(label="当事人")
    reason = Paragraphs("冻结的理由")
    amount_involved = serializers.DecimalField(label="违法行为涉及的金额（元）", max_digits=14, decimal_places=2,
                                               min_value=0)


class ApproveFreeze(_Power):
    approved = serializers.BooleanField(label="批准冻结")
    opinion = Text("审批意见", max_length=1000)


class Freeze(serializers.Serializer):
    bank = Text("金融机构", max_length=200)
    account = Text("账号", max_length=60)
    amount = serializers.DecimalField(label="冻结数额（元）", max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    not_frozen_elsewhere = serializers.BooleanField(
        label="已核实该存款、汇款未被其他国家机关依法冻结",
        help_text="已被其他国家机关依法冻结的，不得重复冻结（强制法 第二十九条第二款）。")
    certificates_shown = serializers.BooleanField(label="已出示执法证件")
    record = Paragraphs("现场笔录")


class ServeFreezeDecision(serializers.Serializer):
    served_on = serializers.DateField(label="冻结决定书交付当事人的日期",
                                      help_text="应当在冻结之日起三日（工作日）内交付（强制法 第三十一条）。")
    manner = Text("送达方式", max_length=200, required=False)


class ExtendFreeze(serializers.Serializer):
    days = serializers.IntegerField(label="延长天数", min_value=1, max_value=30,
                                    help_text="延长期限不得超过三十日（强制法 第三十二条第一款）。")
    reason = Text("延长的理由（情况复杂的具体情形）", max_length=2000)


class ReleaseFreeze(serializers.Serializer):
    ground = serializers.ChoiceField(RELEASE_GROUNDS, label="解除冻结的情形")
    explanation = Text("说明", max_length=2000)


class CloseFreeze(serializers.Serializer):
    summary = Text("结案说明")


# --- reading the log ----------------------------------------------------------------------------------------------


def freeze_end(log) -> datetime.date | None:
    """The last day of the freeze: thirty days from the freeze (第三十二条第一款), plus the extension if any."""
    state = log.deadline("compulsion.freeze")
    return state.due if state is not None else None


def freeze_status(log) -> str:
    """"pending" (not frozen yet), "frozen", "released" (a release decision) or "lapsed" (the term ran out without a
    decision: the bank releases from that day, 第三十三条第三款; the measure counts as released)."""
    if not log.has("freeze"):
        return "pending"
    if log.has("release_freeze"):
        return "released"
    end = freeze_end(log)
    return "lapsed" if end is not None and log.today > end else "frozen"


FREEZE_STATUS_LABELS = {"pending": "尚未冻结", "frozen": "冻结中", "released": "已解除冻结",
                        "lapsed": "冻结期限届满，金融机构已自期满之日起解除冻结（视为解除）"}


def _power_check(field: str):
    return x.power_problem(field)


def _approved(log) -> bool:
    act = log.last("approve_freeze")
    return act is not None and bool(act.get("approved"))


def _amount_problem(log, data) -> str | None:
    opening = log.last("open_freeze")
    involved = _decimal(opening.get("amount_involved")) if opening else None
    amount = _decimal(data.get("amount"))
    if involved is not None and amount is not None and amount > involved:
        return (f"冻结数额（{amount}元）超过违法行为涉及的金额（{involved}元）；冻结存款、汇款的数额应当与违法行为涉及的"
                f"金额相当（{AMOUNT_BASIS}）。")
    if not data.get("not_frozen_elsewhere"):
        return f"已被其他国家机关依法冻结的，不得重复冻结；请先核实（{AMOUNT_BASIS}）。"
    return None


def _decimal(value):
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _certificates(log, data) -> str | None:
    return None if data.get("certificates_shown") else f"实施冻结应当出示执法身份证件（{PROCEDURE_BASIS}第（三）项）。"


def _served_problem(log, data) -> str | None:
    """Not backdated: not before the freeze, not after the day the service is recorded (docs/decisions/0024)."""
    served, freeze = date_of(data.get("served_on")), log.last("freeze")
    if served is None:
        return "请填写冻结决定书交付当事人的日期。"
    if freeze is not None and served < freeze.date:
        return f"冻结决定书的交付日期（{served.isoformat()}）不能早于冻结之日（{freeze.date.isoformat()}）。"
    if served > log.today or served > timezone.localdate():
        return f"冻结决定书的交付日期（{served.isoformat()}）不能晚于记录之日。"
    return None


def _decision_served(log, act, states) -> None:
    """The three working days are met on the day the decision reached the party, not the day it was recorded."""
    served = date_of(act.get("served_on"))
    if served is None:
        return
    moment = (act.performed_at if served == act.date
              else datetime.datetime.combine(served, datetime.time(12, 0), tzinfo=SHANGHAI))
    for state in states.values():
        if state.rule == "compulsion.freeze_notice" and state.open:
            state.met_at, state.met_by = moment, act.seq


def _extend(log, act, states) -> None:
    """The freeze's last day moves by the days the head approved (第三十二条第一款)."""
    days = int(act.get("days") or 0)
    for state in states.values():
        if state.rule == "compulsion.freeze" and state.open and days:
            state.due = state.due + datetime.timedelta(days=days)
            state.explanation += (f"经行政机关负责人批准延长{days}日，冻结期限至{state.due.year}年{state.due.month}月"
                                  f"{state.due.day}日（{EXTENSION_BASIS}）。")


def _release_ground(log, data) -> str | None:
    if data.get("ground") == "expired":
        end = freeze_end(log)
        if end is not None and log.today <= end:
            return f"冻结期限至{end.isoformat()}，尚未届满，不能以期限届满为由解除冻结（{RELEASE_BASIS}）。"
    return None


FROZEN = Guard(lambda log: freeze_status(log) == "frozen",
               "存款、汇款不在冻结中（尚未冻结、已解除冻结，或者冻结期限已届满由金融机构解除）。", TERM_BASIS)
NOT_RELEASED = Guard(lambda log: freeze_status(log) in ("frozen", "lapsed"), "冻结已经解除。", RELEASE_BASIS)
APPROVED = Guard(_approved, "行政机关负责人未批准冻结。", f"{PROCEDURE_BASIS}第（一）项")
NOT_STOPPED = Guard(lambda log: not measure_stopped(log), "该冻结已被撤销、确认无效或者停止执行。", NOT_STOPPED_BASIS)
ENDED = Guard(lambda log: freeze_status(log) in ("released", "lapsed") or (log.has("approve_freeze")
                                                                            and not _approved(log)),
              "冻结尚未解除且冻结期限尚未届满。", f"{RELEASE_BASIS}；{LAPSE_BASIS}")
POWER_CHECKS = (Check(_power_check("power_law"), "power_law", POWER_BASIS),
                Check(_power_check("power_article"), "power_article", POWER_BASIS))

def public_result(log) -> dict | None:
    """The freezing's result as the disclosure platform publishes it (国办发〔2018〕118号): the measure, the amount and
    the term, the reason and the authorising law; never the account number or the bank's record (the 冻结决定书 the
    party received is the published document)."""
    frozen = log.last("freeze")
    if frozen is None:
        return None
    opened = log.last("open_freeze")
    content = f"冻结存款、汇款人民币{Decimal(str(frozen.get('amount') or 0)):,.2f}元；期限三十日"
    status = freeze_status(log)
    if status == "released":
        released = log.last("release_freeze").date
        content += f"；已解除冻结（{released.year}年{released.month}月{released.day}日）"
    elif status == "lapsed":
        content += f"；{FREEZE_STATUS_LABELS[status]}"
    return {"decided_on": frozen.date, "document_type": "freeze_decision", "document_seq": None,
            "measure": "冻结存款、汇款", "content": content,
            "reason": "\n".join(opened.get("reason") or []) if opened is not None else "",
            "basis": [f"{opened.get('power_law')}第{opened.get('power_article')}条"] if opened is not None else []}


ACTS = (
    ActSpec("open_freeze", "冻结立案（报请冻结）", f"{POWER_BASIS}；{PROCEDURE_BASIS}第（一）项", (OFFICER,), OpenFreeze,
            checks=POWER_CHECKS, enrich=x.power_facts, stage="freeze_proposed", carries_party=True,
            help="只有法律规定的行政机关才能冻结存款、汇款：从法律法规库中选定授权的法律和条文；载明冻结的理由和违法行为"
                 "涉及的金额，报行政机关负责人批准。"),
    ActSpec("approve_freeze", "冻结审批", f"{PROCEDURE_BASIS}第（一）项；{POWER_BASIS}", (HEAD,), ApproveFreeze,
            after=("open_freeze",), checks=POWER_CHECKS, enrich=x.power_facts,
            stage=lambda log, act: "freeze_approved" if act.get("approved") else "freeze_refused",
            queue="冻结审批", help="负责人批准前再次核对授权的法律和条文（按批准之日施行的版本）。"),
    ActSpec("freeze", "冻结存款、汇款", f"{QZ}第三十条；{AMOUNT_BASIS}", (OFFICER,), Freeze,
            after=("approve_freeze",), guards=(APPROVED,), officers=2,
            checks=(Check(_amount_problem, "amount", AMOUNT_BASIS),
                    Check(_certificates, "certificates_shown", f"{PROCEDURE_BASIS}第（三）项")),
            documents=("freeze_notice",), starts=(Start("compulsion.freeze_notice"), Start("compulsion.freeze"), Start(PUBLISH_OTHER)),
            stage="frozen",
            help="两名以上执法人员向金融机构交付冻结通知书；冻结数额不超过违法行为涉及的金额，不得重复冻结。"
                 "冻结之日起三个工作日内向当事人交付冻结决定书，三十日内作出处理决定或者解除冻结决定。"),
    ActSpec("serve_freeze_decision", "交付冻结决定书", NOTICE_BASIS, (OFFICER,), ServeFreezeDecision,
            after=("freeze",), checks=(Check(_served_problem, "served_on", f"{NOTICE_BASIS}；{BF}第二十条"),),
            documents=("freeze_decision",), effect=_decision_served,
            help="记录冻结决定书交付当事人的日期（不早于冻结之日，不晚于记录之日）。"),
    ActSpec("extend_freeze", "延长冻结期限", EXTENSION_BASIS, (HEAD,), ExtendFreeze, after=("freeze",),
            guards=(FROZEN, NOT_STOPPED), documents=("freeze_extension_decision",), effect=_extend, queue="延长冻结审批",
            help="情况复杂的，负责人在冻结期限届满前批准延长一次，不超过三十日；延长决定书面告知当事人并说明理由，"
                 "同时通知金融机构。"),
    ActSpec("release_freeze", "解除冻结", RELEASE_BASIS, (HEAD,), ReleaseFreeze, after=("freeze",),
            guards=(NOT_RELEASED,), checks=(Check(_release_ground, "ground", RELEASE_BASIS),),
            documents=("freeze_release_decision", "freeze_release_notice"), stops=("compulsion.freeze",),
            stage="released",
            help="有第三十三条第一款情形之一的，及时作出解除冻结决定，通知金融机构和当事人。"),
    ActSpec("close_freeze", "结案", f"{LAPSE_BASIS}；{RELEASE_BASIS}", (HEAD,), CloseFreeze,
            after=("approve_freeze",), guards=(ENDED,), stage="closed", milestone="closed", queue="结案审批"),
    *compulsion_disclosure_acts("compulsion.freeze", "serve_freeze_decision", public_result),
    *compulsion_remedy_acts("freeze"),
)

STAGES = (
    StageSpec("freeze_proposed", "报请冻结"),
    StageSpec("freeze_approved", "已批准冻结"),
    StageSpec("frozen", "冻结中"),
    StageSpec("released", "已解除冻结"),
    StageSpec("freeze_refused", "不予冻结"),
    StageSpec("closed", "已结案", terminal=True),
)

FREEZE = Procedure("compulsion.freeze", "冻结存款、汇款", f"{QZ}第三章第三节", ACTS, kind="compulsion",
                   opening="open_freeze", stages=STAGES,
                   officers=FREEZE_OFFICERS)
