"""Non-site inspection (非现场检查 / 云巡查; LEGAL.md §4; docs/decisions/0044): an inspection opened with the method
"remote" is carried out by a task sent to the enterprise (what to provide: photos, files, data; a deadline, by default
``inspection.remote_days`` working days), answered through a signed link without an account; the answers' files are
hashed and stored as the case's evidence. The officers then assess them: sufficient, the inspection goes on to its
result; insufficient (or no answer), an on-site inspection follows in the same case (check-in with the code).

It counts against the caps as an inspection (the ledger's Visit, ``on_site=False``) but not as an on-site visit; when
on-site follows, the same visit becomes on-site (one inspection, not two).

Basis: 《广东省优化营商环境条例》第四十九条 (非现场执法可以实现有效监管的，原则上不再进行现场执法；难以实现有效监管的，应当
及时进行现场执法); 《广东省行政检查办法》第二十三条 (not in ``../shared/data/laws``, as LEGAL.md §4 cites it).

The acts are a fragment (``remote_acts()``) the inspection procedure includes; this module does not import
``inspection`` at load time (that module imports this one).
"""

from __future__ import annotations

import datetime

from django.core import signing
from rest_framework import serializers

from .dsl import OFFICER, ActorCheck, ActSpec, Check, Guard
from .fields import Paragraphs, Text, officers_field
from .penalty_base import date_of

YSHJ49 = "《广东省优化营商环境条例》第四十九条"
GD23 = "《广东省行政检查办法》第二十三条"
REMOTE_BASIS = f"{YSHJ49}；{GD23}"
ANSWER_RULE = "inspection.remote_answer"
SALT = "yuezhifa.inspection.remote"
METHODS = [("on_site", "现场检查"), ("remote", "非现场检查（云巡查）")]
SEND = "send_remote_task"  # the act codes the public link's service reads (docs/decisions/0029)
ANSWER = "remote_answer"
MAX_FILES = 10  # files in one answer; each within evidence.max_mb and of an evidence type (cases.evidence)


def _d(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


# --- reading the log -------------------------------------------------------------------------------------------------


def remote(log) -> bool:
    """The inspection was opened as a non-site inspection."""
    opened = log.last("open_inspection")
    return opened is not None and opened.get("method") == "remote"


def task(log):
    return log.last("send_remote_task")


def task_open(log) -> bool:
    """A task was sent and not yet assessed: the enterprise may answer."""
    return log.since("send_remote_task", "assess_remote")


def sufficient(log) -> bool:
    return bool(log.value("assess_remote", "sufficient"))


def on_site_follows(log) -> bool:
    """Assessed as insufficient: an on-site inspection follows (营商环境条例 第四十九条)."""
    return log.has("assess_remote") and not sufficient(log)


def due(log) -> datetime.date | None:
    found = task(log)
    return date_of(found.get("deadline")) if found is not None else None


def answers(log) -> list:
    """The enterprise's answers to the current task."""
    found = task(log)
    return [a for a in log.all("remote_answer") if found is not None and a.seq > found.seq]


def on_site_allowed(log) -> bool:
    """An on-site check-in: always for an on-site inspection; for a non-site one once assessed insufficient."""
    return not remote(log) or on_site_follows(log)


def absent(log) -> bool:
    """No answer and the deadline has passed."""
    deadline = due(log)
    return task(log) is not None and not answers(log) and deadline is not None and log.today > deadline


# --- the acts' fields ------------------------------------------------------------------------------------------------


class SendRemoteTask(serializers.Serializer):
    requests = Paragraphs("需被检查对象提供的材料（照片、文件、数据）")
    deadline = serializers.DateField(
        label="提交期限", required=False, allow_null=True,
        help_text="不填写的，为发送之日起5个工作日（管理员可在办案设置 inspection.remote_days 中修改）。")
    note = Text("说明", required=False, max_length=500)


class RemoteAnswer(serializers.Serializer):
    contact = Text("提交人（姓名、职务）", max_length=100)
    answer = Text("情况说明和数据", required=False, max_length=4000)


class AssessRemote(serializers.Serializer):
    sufficient = serializers.BooleanField(
        label="非现场检查可以实现有效监管", required=False, default=False,
        help_text="不足以实现有效监管（包括逾期未提交）的，应当及时进行现场检查。")
    findings = Text("评估意见")
    officers = officers_field()


# --- guards, checks, facts -------------------------------------------------------------------------------------------

REMOTE = Guard(remote, "本次检查不是非现场检查（开启检查时检查方式为“非现场检查”的才能发送非现场检查任务）。", REMOTE_BASIS)
NOT_SENT = Guard(lambda log: not log.has("send_remote_task"), "非现场检查任务已经发送。", REMOTE_BASIS)
TASK_OPEN = Guard(task_open, "没有待评估的非现场检查任务（任务尚未发送，或者已经评估）。", REMOTE_BASIS)
ON_SITE_ALLOWED = Guard(on_site_allowed, "本次为非现场检查：经评估不足以实现有效监管的，才进行现场检查。", REMOTE_BASIS)


def _deadline_problem(log, data) -> str | None:
    deadline = date_of(data.get("deadline"))
    if deadline is not None and deadline <= log.today:
        return "提交期限应当晚于发送之日。"
    return None


def _sufficient_problem(log, data) -> str | None:
    if data.get("sufficient") and not answers(log):
        return "被检查对象尚未提交材料，不能认定非现场检查可以实现有效监管；应当进行现场检查。"
    return None


def _platform_only(log, actor) -> str | None:
    from yuezhifa.core.actors import SystemActor

    if not isinstance(actor, SystemActor):
        return "非现场检查材料由被检查对象通过检查任务链接提交，执法人员不能代为提交。"
    return None


def _task_facts(log, data) -> dict:
    """The deadline: the date given, else ``inspection.remote_days`` working days after sending (the day of sending
    not counted; core.calendar)."""
    if data.get("deadline"):
        return {}
    from yuezhifa.core.calendar import add_working_days

    from ..config import setting

    days = int(setting("inspection.remote_days"))
    return {"deadline": add_working_days(log.today, days).isoformat(), "default_days": days}


def _answer_facts(log, data) -> dict:
    deadline = due(log)
    return {"late": deadline is not None and log.today > deadline, "task_seq": task(log).seq if task(log) else None}


def _assess_facts(log, data) -> dict:
    found = answers(log)
    return {"answers": len(found), "late_answers": sum(1 for a in found if a.get("late")), "absent": absent(log)}


def _answer_deadline(log, act, states) -> None:
    """The enterprise's deadline to answer, shown among the case's deadlines (binds the party)."""
    from ..engine import DeadlineState

    deadline = date_of(act.get("deadline"))
    if deadline is None:
        return
    states[ANSWER_RULE] = DeadlineState(
        key=ANSWER_RULE, rule=ANSWER_RULE, name="非现场检查材料提交期限", binds="party", start=act.date, due=deadline,
        basis=REMOTE_BASIS, started_by=act.seq,
        explanation=f"被检查对象应当在{_d(deadline)}前通过检查任务链接提交材料；逾期提交的标记为逾期，"
                    f"逾期未提交的应当进行现场检查（{YSHJ49}）。")


def remote_acts() -> tuple[ActSpec, ...]:
    return (
        ActSpec("send_remote_task", "发送非现场检查任务", REMOTE_BASIS, (OFFICER,), SendRemoteTask,
                after=("approve_inspection",), guards=(REMOTE, NOT_SENT),
                checks=(Check(_deadline_problem, "deadline", REMOTE_BASIS),), enrich=_task_facts,
                effect=_answer_deadline, stage="inspection_remote",
                summary=lambda act: f"提交期限{act.get('deadline')}",
                help="列明需被检查对象提供的照片、文件、数据和提交期限；发送后案件页面显示任务链接，"
                     "被检查对象无需登录即可打开链接提交。"),
        ActSpec("remote_answer", "被检查对象提交非现场检查材料", REMOTE_BASIS, (OFFICER,), RemoteAnswer,
                after=("send_remote_task",), guards=(TASK_OPEN,),
                actor_checks=(ActorCheck(_platform_only, "act", REMOTE_BASIS),), enrich=_answer_facts,
                stops=(ANSWER_RULE,), files=True, repeatable=True,
                summary=lambda act: "逾期提交" if act.get("late") else "按期提交",
                help="由被检查对象通过检查任务链接提交，上传的文件按证据保存（计算 SHA-256）。"),
        ActSpec("assess_remote", "非现场检查评估", REMOTE_BASIS, (OFFICER,), AssessRemote,
                after=("send_remote_task",), guards=(TASK_OPEN,),
                checks=(Check(_sufficient_problem, "sufficient", YSHJ49),), enrich=_assess_facts, officers=2,
                stops=(ANSWER_RULE,),
                stage=lambda log, act: "inspection_assessed" if act.get("sufficient") else "inspection_approved",
                summary=lambda act: "可以实现有效监管" if act.get("sufficient") else "不足以实现有效监管，进行现场检查",
                help="可以实现有效监管的，告知检查结果；不足以实现有效监管或者逾期未提交的，及时进行现场检查"
                     "（亮码签到后制作现场检查笔录）。"),
    )


# --- the link --------------------------------------------------------------------------------------------------------


def token_for(case, seq: int) -> str:
    """The task link's token: the case and the task act, signed (salted: a 检查码 token is not accepted here)."""
    return signing.Signer(salt=SALT).sign(f"{case.pk}.{seq}")


def task_from(token: str) -> tuple[str, int] | None:
    try:
        value = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    pk, _, seq = value.partition(".")
    return (pk, int(seq)) if seq.isdigit() else None


def public_view(log, seq: int) -> dict | None:
    """What the task page shows the enterprise, or None when ``seq`` is not the case's current task."""
    from .inspection import profiles, subject

    found = task(log)
    if found is None or found.seq != seq:
        return None
    deadline = due(log)
    given = answers(log)
    company = subject(log)
    return {
        "body": log.case.body.name, "number": log.case.number or "",
        "subject": company.name if company is not None else "",
        "items": [p.item.name for p in profiles(log)],
        "requests": found.get("requests") or [], "note": found.get("note") or "",
        "default_days": found.get("default_days"),
        "sent_on": found.date, "deadline": deadline, "overdue": deadline is not None and log.today > deadline,
        "open": task_open(log),
        "answers": [{"at": a.performed_at, "late": bool(a.get("late"))} for a in given],
        "basis": REMOTE_BASIS, "max_files": MAX_FILES,
    }


def panel(log) -> dict | None:
    """The task on the case page: its link, deadline and the answers (late or absent ones marked)."""
    if not remote(log):
        return None
    found = task(log)
    if found is None:
        return {"token": "", "deadline": None, "answers": [], "absent": False, "open": False}
    return {"token": token_for(log.case, found.seq), "deadline": due(log), "open": task_open(log),
            "answers": [{"at": a.performed_at, "late": bool(a.get("late")), "contact": a.get("contact", "")}
                        for a in answers(log)],
            "absent": absent(log), "assessed": log.last("assess_remote")}
