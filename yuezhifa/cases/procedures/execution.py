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


# --- how and when an agency enforces (强制法 第四章第一节、第三节; docs/decisions/0034) ------------------------------

TIME_BASIS = f"{QZ}第四十三条第一款"
UTILITIES_BASIS = f"{QZ}第四十三条第二款"
SUSPENSION_BASIS = f"{QZ}第三十九条"
RESUMPTION_BASIS = f"{QZ}第三十九条第二款、第四十二条第二款"
LAPSE_BASIS = f"{QZ}第三十九条第二款"
LAPSE = "compulsion.suspension_lapse"  # three years of suspension without resumption (core.calendar)
LAPSED_GROUND = "suspension_lapsed"
TERMINATION_BASIS = f"{QZ}第四十条"
AGREEMENT_BASIS = f"{QZ}第四十二条"
SUBSTITUTE_BASIS = f"{QZ}第五十条、第五十一条"
SUBSTITUTE_REMINDER_BASIS = f"{QZ}第五十一条第一款第（二）项、第六十九条"
IMMEDIATE_SUBSTITUTE_BASIS = f"{QZ}第五十二条"
NIGHT_STARTS, NIGHT_ENDS = 22, 6  # 夜间: 22:00 to 06:00, as 噪声污染防治法 第八十八条第（二）项 (docs/decisions/0034)
# Stopping water, power, heat or gas for residents' living as the means of enforcement (第四十三条第二款).
UTILITY_WORDS = ("停止供水", "停水", "断水", "停止供电", "停电", "断电", "拉闸", "停止供热", "停暖", "停止供气",
                 "停止供燃气", "停气", "断气")


def _moment(log, data):
    at = data.get("carried_out_at")
    if isinstance(at, str):
        at = datetime.datetime.fromisoformat(at)
    at = at or log.as_of
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    return timezone.localtime(at)


def enforcement_time_problem(log, data) -> str | None:
    """No enforcement at night or on a statutory holiday (a day off in the State Council arrangement core.calendar
    holds, weekends included), unless the situation is urgent and the reason is recorded."""
    from yuezhifa.core.calendar import day_info

    if data.get("emergency"):
        return None
    moment = _moment(log, data)
    if moment.hour >= NIGHT_STARTS or moment.hour < NIGHT_ENDS:
        return (f"不得在夜间（22时至次日6时）实施行政强制执行（{moment:%Y-%m-%d %H:%M}），情况紧急的除外"
                f"（{TIME_BASIS}）。")
    info = day_info(moment.date())
    if not info.is_working_day:
        name = f"（{info.name}）" if info.name else ""
        return (f"{moment.date().isoformat()}{name}是法定节假日，不得实施行政强制执行，情况紧急的除外（{TIME_BASIS}）。")
    return None


def emergency_reason_problem(log, data) -> str | None:
    if data.get("emergency") and not (data.get("emergency_reason") or "").strip():
        return f"情况紧急在夜间或者法定节假日实施的，请记录情况紧急的事实和理由（{TIME_BASIS}）。"
    return None


def utilities_problem(field: str):
    def check(log, data) -> str | None:
        text = data.get(field) or ""
        found = next((w for w in UTILITY_WORDS if w in text), None)
        if found:
            return (f"不得对居民生活采取停止供水、供电、供热、供燃气等方式迫使当事人履行（“{found}”）"
                    f"（{UTILITIES_BASIS}）。")
        return None

    return check


def suspended(log) -> bool:
    """Enforcement is suspended: the last suspension (or agreement that suspends) has not been followed by a
    resumption."""
    stops = [a for a in log.acts if a.code == "suspend_enforcement"
             or (a.code == "enforcement_agreement" and a.get("suspends", True))]
    if not stops:
        return False
    return not any(a.seq > stops[-1].seq for a in log.all("resume_enforcement"))


def terminated(log) -> bool:
    return log.has("terminate_enforcement")


def _day(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def lapse_problem(log, data) -> str | None:
    """第三十九条第二款: no longer enforced only after three full years of a suspension (第三十九条第一款, not an
    agreement) not followed by a resumption: from the day after the period's last day (docs/decisions/0034)."""
    if data.get("ground") != LAPSED_GROUND:
        return None
    state = log.open_deadline(LAPSE) if suspended(log) else None
    if state is None:
        return "执行没有依照第三十九条第一款中止（或者已经恢复执行），不能以中止执行满三年未恢复执行为由不再执行"
    if log.today <= state.due:
        after = state.due + datetime.timedelta(days=1)
        return (f"中止执行自{_day(state.start)}起，至{_day(state.due)}方满三年；{_day(after)}起仍未恢复执行的，"
                f"方可不再执行")
    return None


def lapse_conditions_problem(log, data) -> str | None:
    if data.get("ground") == LAPSED_GROUND and not (data.get("no_social_harm") and data.get("unable_to_perform")):
        return "中止执行满三年不再执行的，须没有明显社会危害且当事人确无能力履行，请确认"
    return None


def lapse_met(log, act, states) -> None:
    """Terminated because the three years ran out: the period was fulfilled on its last day, not met late."""
    if act.get("ground") != LAPSED_GROUND:
        return
    for state in states.values():
        if state.rule == LAPSE and state.met_by == act.seq:
            end = datetime.datetime.combine(state.due, datetime.time(23, 59, 59))
            state.met_at = timezone.make_aware(end) if timezone.is_naive(end) else end
            state.explanation += f"中止执行满三年未恢复执行，于{_day(act.date)}决定不再执行（{LAPSE_BASIS}）。"


def agreement_in_force(log) -> bool:
    agreement = log.last("enforcement_agreement")
    return agreement is not None and not any(a.seq > agreement.seq for a in log.all("resume_enforcement"))


def resumption_problem(log, data) -> str | None:
    if data.get("ground") == "agreement_breached" and not agreement_in_force(log):
        return "没有正在履行的执行协议，不能以当事人不履行执行协议为由恢复执行。"
    if data.get("ground") == "ground_ended" and not log.has("suspend_enforcement"):
        return "没有中止执行的决定。"
    return None


def agreement_problem(log, data) -> str | None:
    if not data.get("no_harm"):
        return f"执行协议不得损害公共利益和他人合法权益，请确认（{AGREEMENT_BASIS}第一款）。"
    if not data.get("stages") and not (data.get("remedial_measures") or "").strip():
        return "请写明执行协议约定的分阶段履行安排或者当事人采取的补救措施。"
    return None


def agreement_reduction_problem(log, data) -> str | None:
    reduction = Decimal(str(data.get("surcharge_reduction") or "0"))
    if reduction > 0 and not (data.get("remedial_measures") or "").strip():
        return f"当事人采取补救措施的，方可减免加处的罚款或者滞纳金（{AGREEMENT_BASIS}第一款）。"
    return None


# --- 代履行 (强制法 第五十条至第五十二条) -----------------------------------------------------------------------------


def substitute_reminder_end(act) -> datetime.date | None:
    """The last of the three working days the party has after the reminder before 代履行 (第五十一条第一款第（二）项;
    days within ten are working days, 第六十九条)."""
    from yuezhifa.core.calendar import add_working_days

    reminded = date_of(act.get("reminded_on")) if act else None
    return add_working_days(reminded, 3) if reminded else None


def substitute_decision_problem(log, data) -> str | None:
    served, reminded, planned = (date_of(data.get(k)) for k in ("served_on", "reminded_on", "planned_on"))
    if served is not None and served < log.today:
        return "代履行决定书的送达日期不能早于作出决定之日。"
    if served is not None and reminded is not None and reminded < served:
        return "代履行前的催告日期不能早于代履行决定书送达日期。"
    if served is not None and planned is not None and planned <= served:
        return f"代履行前应当送达代履行决定书（{QZ}第五十一条第一款第（一）项）。"
    return None


def substitute_reminder_problem(log, data) -> str | None:
    reminded, planned = date_of(data.get("reminded_on")), date_of(data.get("planned_on"))
    end = substitute_reminder_end({"reminded_on": reminded}) if reminded else None
    if end is not None and planned is not None and planned <= end:
        return (f"代履行三日前应当催告当事人履行：{reminded.isoformat()}催告的，"
                f"三个工作日至{end.isoformat()}届满，代履行最早于次日实施（{SUBSTITUTE_REMINDER_BASIS}）。")
    return None


def substitute_performance_problem(log, data) -> str | None:
    """Without 第五十二条's urgency: a decision served and the three working days after its reminder over."""
    if data.get("immediate"):
        if not (data.get("immediate_reason") or "").strip():
            return (f"立即实施代履行的，应当记录需要立即清除的道路、河道、航道或者公共场所的遗洒物、障碍物或者污染物"
                    f"（{IMMEDIATE_SUBSTITUTE_BASIS}）。")
        return None
    decision = log.last("decide_substitute")
    if decision is None:
        return f"代履行前应当作出并送达代履行决定书（{QZ}第五十一条第一款第（一）项）；需要立即清除的，选择立即实施代履行。"
    end = substitute_reminder_end(decision)
    day = _moment(log, data).date()
    if end is not None and day <= end:
        return (f"催告当事人履行后三个工作日（至{end.isoformat()}）尚未届满，不得实施代履行"
                f"（{SUBSTITUTE_REMINDER_BASIS}）。")
    return None


def absent_party_notified_problem(log, data) -> str | None:
    if data.get("immediate") and not data.get("party_present") and not data.get("notified_on"):
        return f"当事人不在场的，应当在事后立即通知当事人，请填写通知日期（{IMMEDIATE_SUBSTITUTE_BASIS}）。"
    return None


def substitute_signed_problem(log, data) -> str | None:
    if not data.get("signed"):
        return (f"代履行完毕，到场监督的工作人员、代履行人和当事人或者见证人应当在执行文书上签名或者盖章"
                f"（{QZ}第五十一条第一款第（四）项）。")
    return None


NOT_SUSPENDED = Guard(lambda log: not suspended(log), "执行已中止（或者正在履行执行协议），恢复执行后方可实施。",
                      RESUMPTION_BASIS)
SUSPENDED = Guard(suspended, "执行没有中止。", RESUMPTION_BASIS)
NOT_TERMINATED = Guard(lambda log: not terminated(log), "执行已终结。", TERMINATION_BASIS)
REMINDED_NOT_PERFORMED = Guard(lambda log: log.elapsed("compulsion.perform"),
                               "当事人逾期不履行，经催告仍不履行的，方可代履行（催告书载明的履行期限尚未届满）。",
                               f"{QZ}第五十条")
