"""Execution of a fine as the law has it (docs/decisions/0025): deferral and instalments (处罚法 第六十六条第二款), the
surcharge on what is due and unpaid (第七十二条第一款第（一）项; 强制法 第四十五条), and enforcement by an agency that a
law empowers (强制法 第十三条、第三十五条至第三十八条、第四十六条). The guards, checks and effects the penalty procedures
use for these acts; ``penalty.py`` wires them into the acts.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from .dsl import Guard
from .surcharge import accrual_for, date_of, instalments

CF = "《中华人民共和国行政处罚法》"
QZ = "《中华人民共和国行政强制法》"

INSTALMENTS_BASIS = f"{CF}第六十六条第二款"
REMINDER_DEADLINE_BASIS = f"{QZ}第三十五条第（一）项、第三十七条第一款"
SURCHARGE_DAYS_BASIS = f"{QZ}第四十六条第一款"
STATEMENT_BASIS = f"{QZ}第三十六条"
ENFORCEMENT_SERVED_BASIS = f"{QZ}第三十七条第二款、第三十八条"
POWER_BASIS = f"{QZ}第十三条、第四十六条第一款"
SURCHARGE_DAYS_BEFORE_ENFORCEMENT = 30


def _unpaid(log) -> Decimal:
    return max(log.fine - log.paid, Decimal("0"))


# --- deferral and instalments (处罚法 第六十六条第二款) -----------------------------------------------------------------


def instalment_plan_problem(log, data) -> str | None:
    """An instalment plan lists at least two instalments, dated after the approval and each later than the one
    before, adding up to the fine still unpaid; the last one's date is the end of the deferral (``until``)."""
    if data.get("kind") != "instalments":
        return None
    try:
        plan = instalments(data)
    except ValueError as error:
        return str(error)
    if len(plan) < 2:
        return "分期缴纳的，请在分期计划中列明至少两期的缴纳日期和金额（只有一个日期的，请选择延期缴纳）。"
    for index, (due, amount) in enumerate(plan, start=1):
        if amount <= 0:
            return f"分期计划第{index}期的金额应当大于零。"
        if amount != amount.quantize(Decimal("0.01")):
            return f"分期计划第{index}期的金额最多两位小数。"
        if index == 1 and due <= log.today:
            return f"分期计划第1期的缴纳日期（{due.isoformat()}）应当晚于批准之日。"
        if index > 1 and due <= plan[index - 2][0]:
            return f"分期计划第{index}期的缴纳日期（{due.isoformat()}）应当晚于第{index - 1}期。"
    total, owed = sum((a for _, a in plan), Decimal("0")), _unpaid(log)
    if total != owed:
        return f"各期金额合计{total}元，应当等于尚未缴纳的罚款{owed}元。"
    until = date_of(data.get("until"))
    if until != plan[-1][0]:
        return f"分期缴纳的缴清期限应当为最后一期的缴纳日期（{plan[-1][0].isoformat()}）。"
    return None


def next_instalment(log) -> tuple[int, datetime.date, Decimal] | None:
    """(number, date, amount still to pay by then) of the first instalment of the approved plan in force that the
    payments so far do not cover; None without a plan or when every instalment is covered."""
    approval = log.last("approve_deferral")
    if approval is None or approval.get("kind") != "instalments":
        return None
    try:
        plan = instalments(approval)
    except ValueError:
        return None
    already = sum((Decimal(str(a.get("amount") or "0")) for a in log.acts
                   if a.code in ("record_payment", "collect_on_spot") and a.seq < approval.seq), Decimal("0"))
    paid_since = log.paid - already
    cumulative = Decimal("0")
    for number, (due, amount) in enumerate(plan, start=1):
        cumulative += amount
        if paid_since < cumulative:
            return number, due, cumulative - paid_since
    return None


def move_to_next_instalment(log, act, states) -> None:
    """The payment deadline shown is the next instalment's date (the last one's is the end of the deferral)."""
    upcoming = next_instalment(log)
    state = log.open_deadline("penalty.pay")
    if upcoming is None or state is None:
        return
    number, due, amount = upcoming
    if state.due != due:
        state.due = due
        state.explanation += (f"按分期计划，下一期为第{number}期，应当于{due.year}年{due.month}月{due.day}日前"
                              f"缴纳（截至该期尚应缴纳{amount}元）。")


def instalment_text(act) -> str:
    try:
        plan = instalments(act)
    except ValueError:
        return ""
    return "；".join(f"第{n}期{d.year}年{d.month}月{d.day}日前缴纳{a}元" for n, (d, a) in enumerate(plan, start=1))


# --- the reminder's own deadline (强制法 第三十五条第（一）项) -------------------------------------------------------------


def reminder_deadline_problem(log, data) -> str | None:
    served, deadline = date_of(data.get("served_on")), date_of(data.get("deadline"))
    if served is not None and served > log.today:
        return "催告书送达日期不能晚于记录之日。"
    if deadline is not None and served is not None and deadline <= served:
        return f"催告书载明的履行期限（{deadline.isoformat()}）应当晚于催告书送达日期（{served.isoformat()}）。"
    return None


def reminder_deadline(log, act, states) -> None:
    """A deadline written in the reminder replaces the default count of the period it started."""
    deadline = date_of(act.get("deadline"))
    if deadline is None:
        return
    for state in states.values():
        if state.rule == "compulsion.perform" and state.started_by == act.seq:
            state.due = deadline
            state.explanation = (f"催告书载明的履行期限为{deadline.year}年{deadline.month}月{deadline.day}日"
                                 f"（{QZ}第三十五条第（一）项）。")


def reminder_deadline_passed(log) -> bool:
    """The reminder's performance deadline is over and an obligation is still outstanding: the fine, or another
    obligation of the decision (没收非法财物 …, docs/decisions/0028)."""
    from .penalty_facts import outstanding

    return log.elapsed("compulsion.perform") and outstanding(log)


# --- before enforcement (强制法 第三十六条、第四十六条) ---------------------------------------------------------------


def surcharge_days(log) -> int:
    return accrual_for(log, log.today).days


def surcharge_run_long_enough(log) -> bool:
    """For a fine: the surcharge has run more than thirty days (days of review or litigation not counted) and the
    fine is still unpaid."""
    if log.fine <= 0:
        return True
    return _unpaid(log) > 0 and surcharge_days(log) > SURCHARGE_DAYS_BEFORE_ENFORCEMENT


def statement_period_end(remind) -> datetime.date | None:
    from yuezhifa.core.calendar import add_working_days

    served = date_of(remind.get("served_on"))
    return add_working_days(served, int(remind.get("statement_days") or 3)) if served else None


def heard_after_reminder(log) -> bool:
    """The party's statement after the last reminder is recorded (and reviewed), or waived, or its period ran out."""
    remind = log.last("remind")
    if remind is None:
        return False
    if any(a.seq > remind.seq for a in log.all("record_reminder_statement")):
        return True
    end = statement_period_end(remind)
    return end is not None and log.today > end


def reminder_statement_problem(log, data) -> str | None:
    remind = log.last("remind")
    stated = date_of(data.get("stated_on"))
    if stated is not None and remind is not None and stated < (date_of(remind.get("served_on")) or remind.date):
        return "陈述、申辩的日期不能早于催告书送达日期。"
    if stated is not None and stated > log.today:
        return "陈述、申辩的日期不能晚于记录之日。"
    if not data.get("waived") and not (data.get("statement") or "").strip():
        return "请记录当事人陈述、申辩的事实和理由，或者注明当事人明确放弃。"
    if not data.get("waived") and not (data.get("review") or "").strip():
        return "对当事人提出的事实、理由和证据，应当复核并记录复核意见。"
    return None


REMINDER_DEADLINE_PASSED = Guard(reminder_deadline_passed,
                                 "催告书载明的履行期限尚未届满，或者罚款已缴清。",
                                 REMINDER_DEADLINE_BASIS)
SURCHARGE_OVER_30_DAYS = Guard(surcharge_run_long_enough,
                               "加处罚款尚未超过三十日（行政复议、行政诉讼期间不计算），或者罚款已缴清。", f"{SURCHARGE_DAYS_BASIS}；{CF}第七十三条第三款")
HEARD_AFTER_REMINDER = Guard(heard_after_reminder,
                             "催告后当事人的陈述、申辩尚未记录和复核，当事人没有明确放弃，且催告书载明的陈述、申辩期限"
                             "尚未届满。", STATEMENT_BASIS)


# --- the enforcement decision and the power behind it (强制法 第十三条、第三十七条、第三十八条) ---------------------------


def enforcement_served_problem(log, data) -> str | None:
    served = date_of(data.get("served_on"))
    if served is None:
        return "请填写行政强制执行决定书送达当事人的日期。"
    if served < log.today:
        return f"强制执行决定书的送达日期（{served.isoformat()}）不能早于作出决定之日（{log.today.isoformat()}）。"
    if served > timezone.localdate():
        return f"强制执行决定书的送达日期（{served.isoformat()}）不能晚于记录之日。"
    return None


def resolve_power(data, on: datetime.date):
    """The provision of the law that grants the enforcement power, in the version in force on ``on``: (provision,
    None) or (None, (field, reason))."""
    from yuezhifa.laws.citations import Citation, CitationNotFound, find_law, resolve_in_law
    from yuezhifa.laws.models import LawLevel

    name = (data.get("power_law") or "").strip().strip("《》")
    if not name:
        return None, ("power_law", "请选择授予本机关强制执行权的法律。")
    try:
        law = find_law(name, on=on)
    except CitationNotFound as error:
        return None, ("power_law", error.message)
    if law.level != LawLevel.LAW:
        return None, ("power_law", f"《{law.name}》不是法律（{law.get_level_display()}）；行政强制执行只能由法律设定。")
    citation = Citation(law=name, article=data.get("power_article"), paragraph=data.get("power_paragraph") or None,
                        item=data.get("power_item") or None)
    try:
        return resolve_in_law(law, citation), None
    except CitationNotFound as error:
        return None, ("power_article", error.message)


def power_problem(field: str):
    def check(log, data) -> str | None:
        _, problem = resolve_power(data, log.today)
        if problem is not None and problem[0] == field:
            return problem[1]
        return None

    return check


def power_facts(log, data) -> dict:
    """Kept with the act: the provision found, as the library cites it."""
    provision, _ = resolve_power(data, log.today)
    if provision is None:
        return {}
    return {"power": {"law_id": str(provision.law_id), "provision_id": str(provision.pk),
                      "law_name": provision.law.name, "citation": provision.citation}}


def power_citation(act) -> str:
    return ((act.get("power") or {}).get("citation") or act.get("authority") or "") if act else ""
