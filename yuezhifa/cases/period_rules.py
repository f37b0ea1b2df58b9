"""The decision period of the general procedure beyond its 90 days (处罚法 第六十条: “法律、法规、规章另有规定的，从其
规定”; docs/decisions/0026): each domain's rule (``DecisionPeriodRule``), the checks on an extension and on the
periods that do not count, their effect on the ``penalty.decide`` deadline, and the province administrator's write.

Days of a pause: a period that does not count begins on ``started_on`` and ends on ``ended_on``; like any period
counted in days, its first day is not counted (民法典 第二百零一条), so it takes ``ended_on - started_on`` days out of
the decision period, and the due date moves by that many days.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from yuezhifa.audit.services import audit_record
from yuezhifa.core.errors import DomainError, NotAllowed

from .models import DecisionPeriodRule, ExtensionApprover, PauseKind

CF = "《中华人民共和国行政处罚法》"
ART60 = f"{CF}第六十条"
NO_RULE = ("办案期限为立案之日起九十日；只有“法律、法规、规章另有规定的，从其规定”，本案执法领域没有录入延长办案期限的"
           "规定，不能延长")


def _d(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def rule_for(case) -> DecisionPeriodRule | None:
    """The active rule of the case's domain (the domain of its item), or None."""
    item = getattr(case, "item", None) if getattr(case, "item_id", None) else None
    if item is None:
        return None
    return DecisionPeriodRule.objects.filter(domain_id=item.domain_id, active=True).first()


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


# --- the province administrator's write -----------------------------------------------------------------------------


@transaction.atomic
def period_rule_save(*, actor, domain, basis: str, max_extension_days: int, approver: str = ExtensionApprover.HEAD,
                     paused_kinds=(), confirmed: bool = False, active: bool = True, note: str = "",
                     rule: DecisionPeriodRule | None = None) -> DecisionPeriodRule:
    """Create or change a domain's rule; the province's administrator only (docs/decisions/0019, 0026)."""
    from yuezhifa.org.permissions import is_province_admin

    if not is_province_admin(actor):
        raise NotAllowed("只有全省系统管理员可以设置办案期限延长规则。")
    basis = (basis or "").strip()
    if not basis:
        raise DomainError("请写明规定延长办案期限的法律、法规、规章条款（处罚法 第六十条）。", field="basis")
    if approver not in ExtensionApprover.values:
        raise DomainError(f"批准方式“{approver}”无效。", field="approver")
    unknown = [k for k in paused_kinds or [] if k not in PauseKind.values]
    if unknown:
        raise DomainError(f"不计入办案期限的期间“{'、'.join(map(str, unknown))}”不存在，可选："
                          + "、".join(f"{v}（{label}）" for v, label in PauseKind.choices) + "。", field="paused_kinds")
    if max_extension_days is None or int(max_extension_days) < 0:
        raise DomainError("延长期限上限应为零或者正整数（日）。", field="max_extension_days")
    clash = DecisionPeriodRule.objects.filter(domain=domain).exclude(pk=getattr(rule, "pk", None)).first()
    if clash is not None:
        raise DomainError(f"执法领域“{domain}”已有延长规则，请修改该规则。", field="domain")
    before = None
    if rule is None:
        rule = DecisionPeriodRule(domain=domain)
    else:
        before = {"basis": rule.basis, "max_extension_days": rule.max_extension_days, "approver": rule.approver,
                  "paused_kinds": rule.paused_kinds, "confirmed": rule.confirmed, "active": rule.active}
    rule.domain = domain
    rule.basis, rule.max_extension_days, rule.approver = basis, int(max_extension_days), approver
    rule.paused_kinds = [k for k in PauseKind.values if k in set(paused_kinds or [])]
    rule.confirmed, rule.active, rule.note = bool(confirmed), bool(active), (note or "").strip()
    rule.save()
    audit_record(actor=actor, action="cases.decision_period_rule.save", obj=rule, before=before,
                 after={"domain": rule.domain_id, "basis": rule.basis, "max_extension_days": rule.max_extension_days,
                        "approver": rule.approver, "paused_kinds": rule.paused_kinds, "confirmed": rule.confirmed,
                        "active": rule.active})
    return rule
