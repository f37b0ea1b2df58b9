"""行政检查 (LEGAL.md §4; docs/decisions/0037, 0040) as data: the opening (routine, case-specific or special) by a body
with a confirmed 主体资格 on published items only; the head's approval before it, with the subject's counts this year
and each item's annual cap before the approver, or, in an emergency, the inspection first and the approval within the
configured hours; an optional advance notice; the 检查码 check-in and check-out (time and GPS) or a back-entry with
its reason; the on-site record per checklist point; the result, an order to correct with a re-check, and a linked
penalty case carrying the evidence when a violation is found.

Sources (not in ``../shared/data/laws``): 《广东省行政检查办法》 (2020); 国办发〔2024〕54号《国务院办公厅关于严格规范涉企
行政检查的意见》; 深府规〔2025〕6号 (行政执法监督码). Figures these leave to the province are settings
(``cases.config``: ``inspection.*``).
"""

from __future__ import annotations

import contextlib
import datetime
import uuid

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from .. import events
from .disclosure import PUBLISH_OTHER, inspection_disclosure_act
from .dsl import HEAD, OFFICER, ActSpec, Check, Guard, Procedure, StageSpec, Start
from .fields import Paragraphs, Text, officers_field
from .inspection_remote import METHODS, ON_SITE_ALLOWED, remote, remote_acts, sufficient
from .penalty_base import date_of

GD = "《广东省行政检查办法》"
GB54 = "国办发〔2024〕54号《国务院办公厅关于严格规范涉企行政检查的意见》"
SZ6 = "深府规〔2025〕6号（行政执法监督码）"
EMERGENCY = "inspection.emergency_approval"
RECHECK = "inspection.recheck"

KINDS = [("routine", "日常检查"), ("case", "个案检查（投诉举报、转办交办、移送等）"), ("special", "专项检查")]
GROUNDS = [("complaint", "投诉举报"), ("transfer", "上级交办、其他机关移送"), ("clue", "监测发现的违法线索"),
           ("other", "其他依据")]
RESULTS = [("pass", "合格"), ("fail", "不合格"), ("na", "不涉及")]
OUTCOMES = [("none", "未发现问题"), ("problems", "发现问题，责令改正"), ("violation", "发现涉嫌违法行为，依法立案处理")]
SIGNED_BY = [("party", "被检查对象签名或者盖章"), ("party_refused", "被检查对象拒绝签名或者盖章，已在笔录中注明"),
             ("witness", "被检查对象不到场，见证人签名或者盖章")]


def _setting(code: str) -> int:
    from ..config import setting

    return int(setting(code))


def _d(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


# --- the acts' fields ------------------------------------------------------------------------------------------------


class OpenInspection(serializers.Serializer):
    kind = serializers.ChoiceField(KINDS, label="检查类别")
    subject = serializers.CharField(label="检查对象（统一社会信用代码）", max_length=40,
                                    help_text="检查对象名录中的统一社会信用代码（或名录编号）。")
    items = serializers.ListField(child=serializers.CharField(max_length=40), label="检查事项（执法事项编码）",
                                  min_length=1, help_text="只能选择已事前公示的行政检查事项（清单之外无检查）。")
    plan = serializers.UUIDField(label="检查计划", required=False, allow_null=True)
    draw = serializers.UUIDField(label="双随机抽取", required=False, allow_null=True)
    ground_kind = serializers.ChoiceField(GROUNDS, label="个案检查的依据", required=False, allow_blank=True)
    ground = Text("个案检查的依据说明", required=False, max_length=500,
                  help_text="投诉举报、上级交办、移送等线索的来源和内容。")
    joint_visit = serializers.UUIDField(label="综合查一次", required=False, allow_null=True)
    emergency = serializers.BooleanField(
        label="情况紧急，先行检查", required=False, default=False,
        help_text="情况紧急需要当场检查的，可以先行检查，并在设定时限（默认24小时，可由管理员设置）内报请负责人补办审批。")
    emergency_reason = Text("紧急情况说明", required=False, max_length=500)
    summary = Text("检查缘由", required=False, max_length=2000)
    method = serializers.ChoiceField(
        METHODS, label="检查方式", required=False, default="on_site",
        help_text="非现场检查（云巡查）可以实现有效监管的，原则上不再进行现场检查（《广东省优化营商环境条例》第四十九条）。")
    officers = officers_field()

    def validate(self, attrs):
        from yuezhifa.inspection.models import ItemProfile, JointVisit, Plan, Subject

        ref = attrs["subject"].strip()
        subject = Subject.objects.filter(credit_code=ref.upper(), active=True).first() if ref else None
        if subject is None:
            with contextlib.suppress(ValueError, DjangoValidationError):
                subject = Subject.objects.filter(pk=uuid.UUID(ref), active=True).first()
        if subject is None:
            raise serializers.ValidationError({"subject": "检查对象不在检查对象名录中。"})
        codes = list(dict.fromkeys(c.strip() for c in attrs["items"]))
        profiles = {p.item.code: p for p in ItemProfile.objects.select_related("item").filter(item__code__in=codes)}
        missing = [c for c in codes if c not in profiles]
        if missing:
            raise serializers.ValidationError({"items": f"“{'、'.join(missing)}”不是行政检查事项（清单之外无检查）。"})
        if attrs.get("plan"):
            if not Plan.objects.filter(pk=attrs["plan"]).exists():
                raise serializers.ValidationError({"plan": "检查计划不存在。"})
            attrs["plan"] = str(attrs["plan"])
        if attrs.get("draw"):
            attrs["draw"] = str(attrs["draw"])
        if attrs.get("joint_visit"):
            if not JointVisit.objects.filter(pk=attrs["joint_visit"], subject=subject).exists():
                raise serializers.ValidationError({"joint_visit": "该综合查一次不存在或者不是针对本检查对象。"})
            attrs["joint_visit"] = str(attrs["joint_visit"])
        attrs["subject"] = str(subject.pk)
        attrs["items"] = codes
        attrs["item"] = codes[0]  # the case's item: its domain is the officers' certificates' (two certified officers)
        attrs["cause"] = f"{dict(KINDS)[attrs['kind']][:4]}：{'、'.join(profiles[c].item.name for c in codes)}"[:300]
        attrs["party"] = {"kind": "person" if subject.kind == "person" else "organisation", "name": subject.name,
                          "credit_code": subject.credit_code, "address": subject.address}
        return attrs


class ApproveInspection(serializers.Serializer):
    opinion = Text("审批意见", required=False, max_length=500)


class NotifyInspection(serializers.Serializer):
    visit_on = serializers.DateField(label="检查日期")
    items = Paragraphs("检查事项")
    prepare = Paragraphs("需准备的材料", required=False)


class CheckIn(serializers.Serializer):
    officers = officers_field()
    code_shown = serializers.BooleanField(label="已亮码（出示检查码和执法证件）", required=False, default=False)


class BackEntry(serializers.Serializer):
    visited_at = serializers.DateTimeField(label="实际到达检查现场的时间")
    reason = Text("未能即时签到的原因（系统故障、无网络等）", max_length=500)
    officers = officers_field()


class CheckOut(serializers.Serializer):
    officers = officers_field()


class PointResult(serializers.Serializer):
    point = serializers.CharField(label="检查要点（序号）", max_length=60,
                                  help_text="检查要点的序号；检查多个事项的，填写“事项编码#序号”。")
    result = serializers.ChoiceField(RESULTS, label="检查结果")
    note = serializers.CharField(label="情况说明", max_length=500, required=False, allow_blank=True)


class RecordInspection(serializers.Serializer):
    results = serializers.ListField(child=PointResult(), label="逐项检查结果", min_length=1)
    record = Paragraphs("检查情况")
    signed_by = serializers.ChoiceField(SIGNED_BY, label="笔录的签名")
    witness = Text("见证人", required=False, max_length=100)
    officers = officers_field()


class Inquire(serializers.Serializer):
    respondent = Text("被询问人姓名", max_length=100)
    position = Text("被询问人职务", required=False, max_length=100)
    relation = Text("与检查对象的关系", required=False, max_length=100, help_text="如：法定代表人、店长、员工。")
    record = Paragraphs("询问内容（按“问：……”“答：……”逐行填写）")
    ended_at = serializers.DateTimeField(label="结束时间", required=False, allow_null=True)
    officers = officers_field()


class NotifyResult(serializers.Serializer):
    outcome = serializers.ChoiceField(OUTCOMES, label="检查结果")
    findings = Paragraphs("检查发现的情况")


class OrderCorrection(serializers.Serializer):
    problems = Paragraphs("存在的问题")
    deadline = serializers.DateField(label="改正期限")
    requirements = Text("改正要求", required=False)


class Recheck(serializers.Serializer):
    passed = serializers.BooleanField(label="已改正（复查合格）", required=False, default=False)
    findings = Text("复查情况")
    officers = officers_field()


class OpenPenalty(serializers.Serializer):
    cause = Text("涉嫌违法行为", max_length=300)
    summary = Text("案源内容（检查发现的违法事实）")


class CloseInspection(serializers.Serializer):
    summary = Text("结案说明", max_length=400)


# --- reading the log -------------------------------------------------------------------------------------------------


def opening(log):
    return log.last("open_inspection")


def emergency(log) -> bool:
    opened = opening(log)
    return opened is not None and bool(opened.get("emergency"))


def checked_in(log) -> bool:
    return log.has("inspection_check_in") or log.has("inspection_back_entry")


def outcome(log) -> str | None:
    return log.value("notify_inspection_result", "outcome")


def correcting(log) -> bool:
    """An order to correct awaits its re-check."""
    return log.since("order_correction", "recheck_correction")


def recheck_failed(log) -> bool:
    return log.since("recheck_correction", "order_correction") and not log.value("recheck_correction", "passed")


def penalty_opened(log) -> bool:
    return log.has("open_penalty_from_inspection")


def profiles(log):
    from yuezhifa.inspection.models import ItemProfile

    codes = (opening(log).get("items") if opening(log) else None) or []
    found = {p.item.code: p for p in ItemProfile.objects.select_related("item").filter(item__code__in=codes)}
    return [found[c] for c in codes if c in found]


def subject(log):
    from yuezhifa.inspection.models import Subject

    opened = opening(log)
    return Subject.objects.filter(pk=opened.get("subject")).first() if opened else None


def plan(log):
    from yuezhifa.inspection.models import Plan

    opened = opening(log)
    return Plan.objects.filter(pk=opened.get("plan")).first() if opened and opened.get("plan") else None


def from_above(log) -> bool:
    """A special inspection deployed from above: not counted against the caps (LEGAL.md §4)."""
    found = plan(log)
    opened = opening(log)
    return bool(found and found.kind == "special" and found.from_above and opened.get("kind") == "special")


def cap_exempt(log) -> str:
    """Why the caps do not stop this inspection (empty: they do): a special inspection from above, or a case-specific
    one with its ground (LEGAL.md §4; 国办发〔2024〕54号)."""
    opened = opening(log)
    if from_above(log):
        return "上级部署的专项检查"
    if opened.get("kind") == "case" and (opened.get("ground") or "").strip():
        return f"有依据的个案检查（{dict(GROUNDS).get(opened.get('ground_kind'), '其他依据')}）"
    return ""


def cap_view(log):
    """The subject's counted inspections this year (all bodies, a joint visit once) and each item's count and cap,
    this case excluded (inspection.selectors.caps)."""
    from yuezhifa.inspection.selectors.caps import cap_status

    found = subject(log)
    if found is None:
        return None
    return cap_status(found, profiles(log), log.today.year, exclude_case=log.case.pk)


def approval_late(log) -> bool:
    state = log.deadline(EMERGENCY)
    return emergency(log) and state is not None and state.due_at is not None and log.as_of > state.due_at


# --- guards and checks -----------------------------------------------------------------------------------------------


def _qualification_problem(log, data) -> str | None:
    from yuezhifa.inspection.models import Qualification

    found = Qualification.objects.filter(body_id=log.case.body_id).first()
    # in force when the inspection was opened: published by then and not revoked before (a later revocation does not
    # make an earlier opening a defect)
    if found is None or found.published_at is None or found.published_at > log.as_of or \
            (found.revoked_at is not None and found.revoked_at <= log.as_of):
        return (f"{log.case.body.name}没有经确认并公示的行政检查主体资格，不能实施行政检查"
                f"{'（主体资格已撤销）' if found is not None and found.revoked_at else ''}。")
    return None


def _items_problem(log, data) -> str | None:
    from yuezhifa.inspection.models import ItemProfile

    codes = data.get("items") or []
    published = set(ItemProfile.objects.filter(item__code__in=codes, published_at__lte=log.as_of)
                    .values_list("item__code", flat=True))
    unpublished = [c for c in codes if c not in published]
    if unpublished:
        return f"检查事项“{'、'.join(unpublished)}”未事前公示，不能用于检查（清单之外无检查）。"
    return None


def _kind_problem(log, data) -> str | None:
    from yuezhifa.inspection.models import Plan

    kind = data.get("kind")
    found = Plan.objects.filter(pk=data.get("plan")).first() if data.get("plan") else None
    if found is not None and found.status not in ("approved", "published"):
        return f"检查计划“{found.title}”尚未经负责人批准。"
    if kind == "special" and (found is None or found.kind != "special"):
        return "专项检查须选择已批准的专项检查计划。"
    if kind == "routine" and found is not None and found.kind != "routine":
        return "日常检查应当选择日常检查计划。"
    if kind == "case" and not (data.get("ground") or "").strip():
        return "个案检查须说明依据（投诉举报、上级交办、移送等线索）。"
    return None


def _plan_problem(log, data) -> str | None:
    """The plan is the opening body's own, and a draw named is of that plan and drew the subject: another body's plan
    (a special one deployed from above lifts the caps) cannot be borrowed (国办发〔2024〕54号)."""
    from yuezhifa.inspection.models import Plan

    found = Plan.objects.filter(pk=data.get("plan")).first() if data.get("plan") else None
    if found is not None and found.body_id != log.case.body_id:
        return f"检查计划“{found.title}”是{found.body}的计划，只能按本机关的检查计划开启检查。"
    return None


def _draw_problem(log, data) -> str | None:
    from yuezhifa.inspection.models import DrawnSubject

    if data.get("draw") and not DrawnSubject.objects.filter(
            draw_id=data["draw"], draw__plan_id=data.get("plan"), subject_id=data.get("subject")).exists():
        return "该双随机抽取不属于所选检查计划，或者检查对象不在该次抽取结果中。"
    return None


def _joint_problem(log, data) -> str | None:
    """A joint visit counts once against the caps only as agreed by the bodies (综合查一次, 国办发〔2024〕54号): it must
    be agreed, include the opening body (the lead or a body of one of its plans) and its period hold the opening."""
    from yuezhifa.inspection.models import JointVisit, JointVisitStatus

    joint = JointVisit.objects.filter(pk=data.get("joint_visit")).first() if data.get("joint_visit") else None
    if joint is None:
        return None
    if joint.status != JointVisitStatus.AGREED:
        return f"该综合查一次尚未经各机关负责人商定（当前为“{joint.get_status_display()}”），不能按综合查一次检查。"
    bodies = {joint.lead_body_id, *joint.plans.values_list("body_id", flat=True)}
    if log.case.body_id not in bodies:
        return f"{log.case.body.name}不是该综合查一次的牵头机关或者参与机关。"
    if not (joint.period_start <= log.today <= joint.period_end):
        return (f"综合查一次的期间为{_d(joint.period_start)}至{_d(joint.period_end)}，"
                f"{_d(log.today)}不在该期间内。")
    return None


def _emergency_problem(log, data) -> str | None:
    if data.get("emergency") and not (data.get("emergency_reason") or "").strip():
        return "情况紧急先行检查的，请说明紧急情况。"
    if data.get("emergency") and data.get("method") == "remote":
        return "情况紧急先行检查的，应当到现场检查，不能采用非现场检查方式。"
    return None


def _back_entry_problem(log, data) -> str | None:
    visited = data.get("visited_at")
    if visited is None:
        return None
    if isinstance(visited, str):
        visited = serializers.DateTimeField().to_internal_value(visited)
    days = _setting("inspection.back_entry_days")
    if visited > log.as_of:
        return "实际到达时间不能晚于补录时间。"
    opened = opening(log)
    if opened is not None and visited < opened.performed_at:
        return "实际到达时间不能早于检查开启的时间。"
    from ..engine import local_date

    if (log.today - local_date(visited)).days > days:
        return (f"签到补录应当在检查之日起{days}日内进行（{_d(local_date(visited))}检查，"
                f"{_d(log.today)}补录已超过{days}日），不能再补录。")
    return None


def checklist(log) -> dict[str, object]:
    """The checklist points of the inspection's items by reference: ``序号`` when one item is inspected, else
    ``事项编码#序号``; the point's id is accepted too."""
    from yuezhifa.inspection.models import ChecklistPoint

    found = list(profiles(log))
    points = list(ChecklistPoint.objects.select_related("profile__item").filter(profile__in=found)
                  .order_by("profile__item__code", "seq"))
    single = len(found) == 1
    refs = {}
    for p in points:
        refs[str(p.seq) if single else f"{p.profile.item.code}#{p.seq}"] = p
    return refs


def _point(refs: dict, ref) -> object | None:
    ref = str(ref or "").strip()
    return refs.get(ref) or next((p for p in refs.values() if str(p.pk) == ref), None)


def _results_problem(log, data) -> str | None:
    refs = checklist(log)
    chosen = [_point(refs, r.get("point")) for r in data.get("results") or []]
    if any(p is None for p in chosen):
        return "检查结果中有不属于本次检查事项的检查要点，请按检查要点的序号填写。"
    points = {str(p.pk): p for p in refs.values()}
    answered = [str(p.pk) for p in chosen]
    if len(set(answered)) != len(answered):
        return "同一检查要点只能填写一次检查结果。"
    missing = [p for key, p in points.items() if key not in answered]
    if missing:
        return "检查事项清单的每个检查要点都须填写检查结果（合格、不合格或者不涉及），尚未填写：" + \
            "；".join(f"{p.seq}. {p.text}" for p in missing[:5]) + ("等" if len(missing) > 5 else "") + "。"
    return None


def _witness_problem(log, data) -> str | None:
    if data.get("signed_by") == "witness" and not (data.get("witness") or "").strip():
        return "被检查对象不到场的，请填写见证人。"
    return None


def _outcome_problem(log, data) -> str | None:
    failed = log.value("record_inspection", "failed") or 0
    if data.get("outcome") == "none" and failed:
        return f"现场检查笔录中有{failed}个检查要点不合格，检查结果不能为“未发现问题”。"
    return None


def _deadline_problem(log, data) -> str | None:
    deadline = date_of(data.get("deadline"))
    if deadline is not None and deadline <= log.today:
        return "改正期限应当晚于责令改正之日。"
    return None


CHECK_QUALIFIED = Check(_qualification_problem, "body", f"{GB54}一、（一）")
CHECK_ITEMS = Check(_items_problem, "items", f"{GB54}（清单之外无检查）")
CHECK_KIND = Check(_kind_problem, "kind", f"{GD}；{GB54}")
CHECK_EMERGENCY = Check(_emergency_problem, "emergency_reason", f"{GD}；{GB54}")
CHECK_PLAN = Check(_plan_problem, "plan", f"{GB54}（年度检查计划、双随机）")
CHECK_DRAW = Check(_draw_problem, "draw", f"{GB54}（双随机）")
CHECK_JOINT = Check(_joint_problem, "joint_visit", f"{GB54}（综合查一次）")

APPROVED_OR_EMERGENCY = Guard(lambda log: log.has("approve_inspection") or emergency(log),
                              "行政检查须经行政机关负责人批准；情况紧急先行检查的，应当在开启检查时说明。", f"{GD}；{GB54}")
NOT_APPROVED = Guard(lambda log: not log.has("approve_inspection"), "检查已经批准。", GB54)
CHECKED_IN = Guard(checked_in, "尚未亮码签到（或者补录签到），不能记录现场检查。", f"{SZ6}：检查前亮码签到")
NOT_CHECKED_IN = Guard(lambda log: not checked_in(log), "已经签到。", SZ6)
RESULT_PROBLEMS = Guard(lambda log: outcome(log) in ("problems", "violation") and not correcting(log)
                        and (not log.has("order_correction") or recheck_failed(log)),
                        "检查未发现问题，或者上一次责令改正尚未复查，或者复查已合格。", GD)
RECORDED = Guard(lambda log: log.has("record_inspection") or sufficient(log),
                 "尚未制作现场检查笔录（非现场检查的，尚未评估为可以实现有效监管）。",
                 f"{GD}；《广东省优化营商环境条例》第四十九条")
CORRECTING = Guard(correcting, "没有待复查的责令改正。", GD)
VIOLATION = Guard(lambda log: (outcome(log) == "violation" or recheck_failed(log)) and not penalty_opened(log),
                  "检查结果未发现涉嫌违法行为，或者复查未发现逾期不改正。", f"{GD}；{GB54}（不得以检查代替处罚）")
CLOSABLE = Guard(lambda log: outcome(log) == "none" or penalty_opened(log)
                 or (log.has("recheck_correction") and not correcting(log) and not recheck_failed(log)),
                 "检查发现的问题尚未处理完毕（待改正、待复查或者待依法立案）。", GD)


# --- effects, facts kept with the acts, reactions --------------------------------------------------------------------


def _emergency_hours(log, act, states) -> None:
    """The approval window of an emergency inspection as the setting has it (default 24 hours)."""
    state = next((s for s in states.values() if s.rule == EMERGENCY and s.started_by == act.seq), None)
    hours = _setting("inspection.emergency_hours")
    if state is None or hours == 24:
        return
    from ..engine import local_date

    state.due_at = act.performed_at + datetime.timedelta(hours=hours)
    state.due = local_date(state.due_at)
    state.explanation = (f"情况紧急先行检查的，自检查开启时起{hours}小时内补办审批手续（时限由本省设置）"
                         f"（{state.basis}）。")


def _recheck_deadline(log, act, states) -> None:
    """The re-check falls due ``inspection.recheck_days`` calendar days after the correction deadline."""
    from ..engine import DeadlineState

    deadline = date_of(act.get("deadline"))
    if deadline is None:
        return
    days = _setting("inspection.recheck_days")
    due = deadline + datetime.timedelta(days=days)
    key = RECHECK if RECHECK not in states else f"{RECHECK}#{act.seq}"
    states[key] = DeadlineState(
        key=key, rule=RECHECK, name="责令改正后的复查期限", binds="agency", start=deadline, due=due,
        basis=f"{GD}；复查时限由本省设置（默认改正期限届满后7日）", started_by=act.seq,
        explanation=f"改正期限{_d(deadline)}届满后{days}日内复查，即{_d(due)}前（时限可由管理员设置）。")


def _approval_facts(log, data) -> dict:
    """The counts the approver saw, kept with the approval; beyond a cap refused unless exempt (LEGAL.md §4)."""
    from yuezhifa.core.errors import DomainError

    status = cap_view(log)
    exempt = cap_exempt(log)
    facts = {"late": approval_late(log), "counted": not from_above(log), "cap_exempt": exempt}
    if status is None:
        return facts
    facts["visits_this_year"] = status.total
    facts["caps"] = [{"item": i.profile.item.code, "name": i.profile.item.name, "count": i.count, "cap": i.cap}
                     for i in status.items]
    if status.reached and not exempt:
        first = status.reached[0]
        basis = f"{GB54}（频次上限）"
        raise DomainError(
            f"检查对象“{status.subject.name}”本年度已接受“{first.profile.item.name}”检查{first.count}次，"
            f"已达频次上限{first.cap}次，不能再批准检查；上级部署的专项检查或者有依据的个案检查除外（{basis}）。",
            field="items", basis=basis)
    return facts


def _record_facts(log, data) -> dict:
    refs = checklist(log)
    rows = []
    for r in data.get("results") or []:
        p = _point(refs, r.get("point"))
        if p is not None:
            rows.append({"point": str(p.pk), "item": p.profile.item.code, "seq": p.seq, "text": p.text,
                         "provision": p.provision, "result": r.get("result")})
    return {"points": rows, "failed": sum(1 for r in rows if r["result"] == "fail")}


def _record_visit(*, actor, case, act) -> None:
    """The inspection enters the subject's ledger (检查台账) when approved, or when opened in an emergency. A non-site
    inspection is a visit not on site; when on-site follows, its check-in makes the same visit on-site (one inspection,
    counted once; docs/decisions/0044)."""
    from yuezhifa.inspection.services.visits import record_visit

    from ..interface import case_log

    log = case_log(case)
    opened = opening(log)
    if act.code == "open_inspection" and not opened.get("emergency"):
        return
    if act.code in ("inspection_check_in", "inspection_back_entry") and not remote(log):
        return
    from yuezhifa.inspection.models import JointVisit

    joint = JointVisit.objects.filter(pk=opened.get("joint_visit")).first() if opened.get("joint_visit") else None
    record_visit(actor=actor, case_id=case.pk, case_number=case.number or "", subject=subject(log), body=case.body,
                 on=opened.date, profiles=profiles(log), counted=not from_above(log), joint_visit=joint,
                 on_site=not remote(log) or checked_in(log))


def _open_penalty(*, actor, case, act) -> None:
    """A violation found: a penalty case opened from this inspection, linked to it, carrying the record's evidence
    (the files themselves, by their digests)."""
    from ..models import CaseLinkKind, Evidence
    from ..services import case_open

    log_evidence = list(Evidence.objects.filter(case=case).order_by("collected_at"))
    digests = [f"{e.title}（SHA-256 {e.sha256}）" for e in log_evidence]
    party = case.parties.first()
    data = {"source_kind": "inspection", "cause": act.data.get("cause"),
            "summary": "\n".join([act.data.get("summary") or "", f"来源：行政检查案件{case.number or ''}。",
                                  *(f"证据：{d}" for d in digests)]),
            "item": "", "reporter": case.body.name}
    if party is not None:
        data["party"] = {"kind": party.kind, "name": party.name, "credit_code": party.credit_code or "",
                         "address": party.address or ""}
    new = case_open(actor=actor, procedure="penalty.general", data=data, performed_at=act.performed_at,
                    body=case.body, opened_from=case.pk, link_kind=CaseLinkKind.OPENED_FROM)
    first = new.acts.order_by("seq").first()
    Evidence.objects.bulk_create([
        Evidence(case=new, act=first, kind=e.kind, title=e.title[:200], file=e.file.name,
                 original_name=e.original_name, sha256=e.sha256, size=e.size, content_type=e.content_type,
                 collected_at=e.collected_at, collected_by=e.collected_by, place=e.place, latitude=e.latitude,
                 longitude=e.longitude) for e in log_evidence])


def _approval_preview(*, user, case):
    from ..events import Preview
    from ..interface import case_log

    log = case_log(case)
    status = cap_view(log)
    if status is None:
        return None
    rows = [("检查对象本年度已接受的检查（各机关合计，综合查一次计一次，上级部署的专项检查不计）", f"{status.total}次")]
    rows += [(f"{i.profile.item.name}", f"本年度{i.count}次，频次上限{i.cap}次" + ("（已达上限）" if i.reached else ""))
             for i in status.items]
    exempt = cap_exempt(log)
    note = (f"本次为{exempt}，不受频次上限限制。" if exempt else
            "已达频次上限的事项不能再批准检查（上级部署的专项检查和有依据的个案检查除外）。" if status.reached else "")
    return Preview(title="批准前请核对：频次上限", rows=rows, note=note)


def _checklist_preview(*, user, case):
    from ..events import Preview
    from ..interface import case_log

    refs = checklist(case_log(case))
    if not refs:
        return None
    return Preview(title="检查事项清单（逐项填写检查结果）",
                   rows=[(ref, f"{p.text}（{p.provision}）") for ref, p in refs.items()],
                   note="每个检查要点都须填写合格、不合格或者不涉及；“检查要点”栏填写左列的序号。")


events.on_act("approve_inspection", _record_visit)
events.on_form("record_inspection", _checklist_preview)
events.on_act("open_inspection", _record_visit)
events.on_act("inspection_check_in", _record_visit)
events.on_act("inspection_back_entry", _record_visit)
events.on_act("open_penalty_from_inspection", _open_penalty)
events.on_form("approve_inspection", _approval_preview)


def public_result(log) -> dict | None:
    """The inspection's result as the disclosure platform publishes it (国办发〔2018〕118号; docs/decisions/0043): the
    date of the notice of the result, the items and the result in words (with the order to correct, the re-check and
    the referral as they stand); never the points, the record, the photos or the officers."""
    notified = log.last("notify_inspection_result")
    if notified is None:
        return None
    code = notified.get("outcome")
    words = dict(OUTCOMES).get(code, "")
    order = log.last("order_correction")
    if order is not None:
        words += f"；已责令限期改正（期限{_d(date_of(order.get('deadline')))}）"
        check = log.last("recheck_correction")
        if check is not None and check.seq > order.seq:
            words += "，复查已改正" if check.get("passed") else "，复查未改正"
    if penalty_opened(log):
        words += "；已依法立案处理"
    return {"decided_on": notified.date, "document_type": "inspection_result_notice", "document_seq": notified.seq,
            "items": [{"code": p.item.code, "name": p.item.name} for p in profiles(log)], "outcome": code,
            "outcome_label": dict(OUTCOMES).get(code, ""), "result": words}


# --- the procedure ---------------------------------------------------------------------------------------------------

ACTS = (
    ActSpec("open_inspection", "开启行政检查", f"{GD}；{GB54}", (OFFICER,), OpenInspection,
            checks=(CHECK_QUALIFIED, CHECK_ITEMS, CHECK_KIND, CHECK_PLAN, CHECK_DRAW, CHECK_JOINT, CHECK_EMERGENCY), officers=2, carries_party=True,
            starts=(Start(EMERGENCY, when=lambda log, act: bool(act.get("emergency")), hours=24,
                          name="紧急行政检查补办审批期限", basis=f"{GD}；{GB54}"),),
            effect=_emergency_hours,
            help="选择检查类别、检查对象（名录）和已公示的检查事项；两名以上持有效执法证件的执法人员。检查前须经负责人批准；"
                 "情况紧急的可以先行检查，事后在设定时限内补办审批。"),
    ActSpec("approve_inspection", "批准行政检查", f"{GD}；{GB54}", (HEAD,), ApproveInspection,
            documents=("inspection_approval",),
            after=("open_inspection",), guards=(NOT_APPROVED,), stops=(EMERGENCY,), enrich=_approval_facts,
            stage=lambda log, act: None if checked_in(log) else "inspection_approved", queue="行政检查审批",
            carries_party=True,
            summary=lambda act: "（紧急检查，超过时限补办）" if act.get("late") else "",
            help="审批前核对检查对象本年度已接受的检查次数和各事项的频次上限；超过上限的不予批准，"
                 "上级部署的专项检查和有依据的个案检查除外。"),
    ActSpec("notify_inspection", "检查通知", f"{GD}", (OFFICER,), NotifyInspection, after=("approve_inspection",),
            documents=("inspection_notice",),
            guards=(Guard(lambda log: not checked_in(log), "检查已经开始，无需再事先通知。", GD),),
            help="可以事先书面通知被检查对象检查的日期、事项和需准备的材料（不影响检查效果的）。"),
    ActSpec("inspection_check_in", "亮码签到", f"{SZ6}", (OFFICER,), CheckIn,
            guards=(APPROVED_OR_EMERGENCY, NOT_CHECKED_IN, ON_SITE_ALLOWED), officers=2, on_site=True,
            gps_required=True,
            carries_party=True, stage="inspection_on_site",
            help="到达现场时出示检查码和执法证件，被检查对象扫码核验；记录时间和定位。"),
    ActSpec("inspection_back_entry", "补录签到", f"{SZ6}", (OFFICER,), BackEntry,
            guards=(APPROVED_OR_EMERGENCY, NOT_CHECKED_IN, ON_SITE_ALLOWED),
            checks=(Check(_back_entry_problem, "visited_at", f"{SZ6}（补录时限可由管理员设置，默认10日）"),),
            officers=2, carries_party=True, stage="inspection_on_site",
            summary=lambda act: f"补录：{act.get('reason')}",
            help="因系统故障、无网络等未能即时签到的，说明理由后在检查之日起设定日数（默认10日）内补录，标记为补录。"),
    ActSpec("inspection_check_out", "离场签退", f"{SZ6}", (OFFICER,), CheckOut,
            guards=(CHECKED_IN, Guard(lambda log: not log.has("inspection_check_out"), "已经签退。", SZ6)),
            officers=2, on_site=True, gps_required=True,
            help="离开现场前扫码签退，记录时间和定位。"),
    ActSpec("record_inspection", "现场检查笔录", f"{GD}；{SZ6}", (OFFICER,), RecordInspection,
            documents=("inspection_site_record",),
            guards=(CHECKED_IN,),
            checks=(Check(_results_problem, "results", f"{GB54}（检查事项清单）"),
                    Check(_witness_problem, "witness", GD)),
            enrich=_record_facts, officers=2, on_site=True, files=True, stage="inspection_recorded",
            summary=lambda act: f"{len(act.get('points') or [])}个检查要点，{act.get('failed') or 0}个不合格",
            help="按检查事项清单逐项记录合格、不合格或者不涉及；可以上传照片等证据；被检查对象签名，拒绝签名的注明，"
                 "不到场的由见证人签名。"),
    ActSpec("notify_inspection_result", "检查结果告知", GD, (OFFICER,), NotifyResult, guards=(RECORDED,),
            documents=("inspection_result_notice",), starts=(Start(PUBLISH_OTHER),),
            checks=(Check(_outcome_problem, "outcome", GD),), stage="inspection_result",
            help="将检查结果书面告知被检查对象。"),
    ActSpec("order_correction", "责令改正", GD, (OFFICER,), OrderCorrection, after=("notify_inspection_result",),
            documents=("rectification_order",),
            guards=(RESULT_PROBLEMS,), checks=(Check(_deadline_problem, "deadline", GD),), effect=_recheck_deadline,
            repeatable=True, stage="inspection_ordered",
            summary=lambda act: f"改正期限{act.get('deadline')}",
            help="发现问题的，责令限期改正；期限届满后在设定时限内复查。"),
    ActSpec("recheck_correction", "复查", GD, (OFFICER,), Recheck, after=("order_correction",),
            documents=("inspection_recheck_record",),
            guards=(CORRECTING,), stops=(RECHECK,), officers=2, on_site=True, files=True, repeatable=True,
            summary=lambda act: "已改正" if act.get("passed") else "未改正",
            help="复查未改正的，可以再次责令改正，或者发现涉嫌违法行为的依法立案处理。"),
    ActSpec("open_penalty_from_inspection", "移交立案（行政处罚案件）", f"{GD}；{GB54}", (OFFICER,), OpenPenalty,
            after=("notify_inspection_result",), guards=(VIOLATION,), stage="inspection_referred",
            help="发现涉嫌违法行为的，开启关联的行政处罚案件，笔录中的证据随案移交；不得以检查代替处罚。"),
    ActSpec("close_inspection", "行政检查结案", GD, (HEAD,), CloseInspection, after=("notify_inspection_result",),
            guards=(CLOSABLE,), stage="inspection_closed", milestone="closed", queue="结案审批"),
    *remote_acts(),
    inspection_disclosure_act("inspection", "notify_inspection_result", public_result),
    ActSpec("inspection_inquiry", "询问（行政检查）", GD, (OFFICER,), Inquire, documents=("inspection_inquiry_record",),
            guards=(CHECKED_IN,), officers=2, on_site=True, files=True, repeatable=True,
            summary=lambda act: f"询问{act.get('respondent')}",
            help="检查中就检查事项询问被检查对象的有关人员，制作询问笔录，由被询问人核对签名；检查人员出示执法证件和检查码。"),
)

STAGES = (
    StageSpec("inspection_pending", "待批准检查"),
    StageSpec("inspection_approved", "已批准检查"),
    StageSpec("inspection_remote", "非现场检查中"),
    StageSpec("inspection_assessed", "非现场检查已评估"),
    StageSpec("inspection_on_site", "现场检查中"),
    StageSpec("inspection_recorded", "已制作检查笔录"),
    StageSpec("inspection_result", "已告知检查结果"),
    StageSpec("inspection_ordered", "责令改正中"),
    StageSpec("inspection_referred", "已移交立案"),
    StageSpec("inspection_closed", "行政检查已结案", terminal=True),
)

INSPECTION = Procedure("inspection", "行政检查", f"{GD}；{GB54}", ACTS, kind="inspection",
                       opening="open_inspection", stages=STAGES)
