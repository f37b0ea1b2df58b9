"""The documents of executing a decision: the deferral (instalment) decision, the reminder, the application to
the court and the body's own enforcement decision."""

from __future__ import annotations

from decimal import Decimal

from yuezhifa.core.errors import DomainError

from ...documents import (
    QZ,
    _arrears,
    _cn,
    _contact,
    _lines,
    _number,
    _owed,
    _provisional_note,
    _unpaid,
    _you,
    _yuan,
    payment_instructions,
    penalty_entries,
    register_builders,
)
from ..execution import power_citation
from ..penalty import date_of, money
from ..surcharge import instalments
from .common import _report_lines, _the_decision


def _instalments(act) -> list[dict]:
    """The approval's schedule as the document prints it, read the way the surcharge reads it (one parser)."""
    try:
        return [{"due_on": due, "amount": amount} for due, amount in instalments(act)]
    except ValueError as error:
        raise DomainError(str(error), field="instalments") from None


def _deferral(log, act, ctx):
    amount = _unpaid(log)
    schedule = (_instalments(act) if act.get("kind") == "instalments" else []) \
        or [{"due_on": date_of(act.get("until")), "amount": amount}]
    ctx.update({
        "decision": _the_decision(log),
        "applied_on": date_of(act.get("applied_on")),
        "reason": act.get("reason", ""),
        "amount": amount,
        "schedule": schedule,
        "payment": {"instructions": payment_instructions()},
        "contact": _contact(ctx),
        "decided_on": act.date,
    })


def _due(log, who: str) -> str:
    """When the fine was due: the deferral's last day if one was granted, else the end of the payment period."""
    deferral, pay = log.last("approve_deferral"), log.deadline("penalty.pay")
    due = date_of(deferral.get("until")) if deferral else pay.due if pay else None
    if not due:
        return ""
    return f"依照该决定，{who}应当于{_cn(due)}前缴纳罚款{_yuan(log.fine)}。" + (
        _provisional_note(pay) if not deferral else "")


def _reminder(log, act, ctx):
    items = _owed(log, money(act.get("amount_due")))
    wait = log.deadline("compulsion.reminder_wait")
    ctx.update({
        "decision": _the_decision(log),
        "obligation": _due(log, _you(ctx["party"])) + _arrears(log, _you(ctx["party"]), "本催告书作出之日")
        + ("" if act.get("deadline") else _provisional_note(wait).replace("上述日期", "本催告书的履行期限")),
        "deadline": date_of(act.get("deadline")) or (wait.due if wait else None),
        "method": act.get("manner", ""),
        "monetary": True,
        "items": items,
        "amount": sum((i["amount"] for i in items), Decimal("0")),
        "payment": {"instructions": payment_instructions("本催告书")},
        "statement_days": act.get("statement_days") or 3,
        "application_to_court": True,
        "contact": _contact(ctx),
    })


def _other_obligations(log) -> list[dict]:
    """The obligations besides the fine the party has not performed (强制法 第五十三条; docs/decisions/0028)."""
    from ..penalty import OBLIGATIONS, other_obligation, penalties_in_force

    if not other_obligation(log):
        return []
    penalties = penalties_in_force(log)
    entries = penalty_entries({k: penalties.get(k) for k in OBLIGATIONS})
    return [{"name": e["kind"], "amount": None, "description": "被申请人未在履行期限内履行"} for e in entries]


def _decision_summary(log, decision) -> str:
    violated, basis = _report_lines(log, "violated"), _report_lines(log, "basis")
    if log.has("decide_on_spot"):
        spot = log.last("decide_on_spot")
        violated, basis = _lines(spot.get("violated")), _lines(spot.get("basis"))
    return (f"被申请人{log.case.cause}" + (f"，违反了{'、'.join(violated)}的规定" if violated else "")
            + "，本机关" + (f"依照{'、'.join(basis)}的规定，" if basis else "")
            + f"对其{decision.get('content', '')}")


def _court_application(log, act, ctx):
    decision = _the_decision(log)
    remind = log.last("remind")
    items = _owed(log, money(remind.get("amount_due")) if remind else Decimal("0"))
    items += _other_obligations(log)
    litigation = log.deadline("remedy.litigation")
    deferral = log.last("approve_deferral")
    ctx.update({
        "head": {"name": act.get("actor_name", "")},
        "court": act.get("court", ""),
        "decision": {**decision, "summary": _decision_summary(log, decision),
                     "reasons": _lines(f"经被申请人申请，本机关于{_cn(deferral.date)}决定准许其延期（分期）缴纳罚款"
                                       f"（{_number(deferral, 'payment_deferral_decision')}）。") if deferral else []},
        "remedy_deadline": litigation.due if litigation and not log.has("record_remedy") else None,
        "reminder_number": _number(remind, "reminder"),
        "reminder_served_on": date_of(remind.get("served_on")) if remind else None,
        "party_opinion": act.get("party_opinion") or _arrears(log, "被申请人", "申请之日"),
        "object": items,
        "object_total": sum((i["amount"] or Decimal("0") for i in items), Decimal("0")),
        "attachments": [{"name": text} for text in _lines(act.get("materials"))],
        "applied_on": act.date,
    })


def _enforcement(log, act, ctx):
    remind = log.last("remind")
    wait = log.deadline("compulsion.perform") or log.deadline("compulsion.reminder_wait")
    deadline = (date_of(remind.get("deadline")) if remind else None) or (wait.due if wait else None)
    ctx.update({
        "decision": _the_decision(log),
        "reminder": {"number": _number(remind, "reminder"),
                     "served_on": date_of(remind.get("served_on")) if remind else None, "deadline": deadline},
        "reason": [_due(log, "当事人") + _arrears(log, "当事人", "本决定作出之日")
                   + "经催告，当事人逾期仍不履行，且无正当理由。"],
        "basis": [f"{QZ}第三十七条", power_citation(act)],
        "method": act.get("measure", ""),
        "time": act.get("time") or f"本决定书送达后依法实施（不在夜间或者法定节假日实施，{QZ}第四十三条）",
        "contact": _contact(ctx),
        "decided_on": act.date,
    })


def _suspension_or_termination(log, act, ctx):
    from ..fields import ENFORCEMENT_SUSPENSION_GROUNDS, ENFORCEMENT_TERMINATION_GROUNDS

    terminates = act.code == "terminate_enforcement"
    grounds = dict(ENFORCEMENT_TERMINATION_GROUNDS if terminates else ENFORCEMENT_SUSPENSION_GROUNDS)
    ctx.update({
        "decision": _the_decision(log),
        "measure": "终结" if terminates else "中止",
        "ground": grounds.get(act.get("ground"), ""),
        "reason": act.get("reason", ""),
        "basis": f"{QZ}第四十条" if terminates else f"{QZ}第三十九条第一款",
        "suspends": not terminates,
        "contact": _contact(ctx),
        "decided_on": act.date,
    })


def _agreement(log, act, ctx):
    terms = _lines(act.get("stages")) + _lines(act.get("remedial_measures"))
    reduction = money(act.get("surcharge_reduction") or "0")
    ctx.update({
        "decision": _the_decision(log),
        "terms": terms,
        "surcharge_reduction": reduction if reduction > 0 else None,
        "suspends": act.get("suspends", True),
        "signed_on": date_of(act.get("signed_on")) or act.date,
        "decided_on": act.date,
    })


def _substitute(log, act, ctx):
    ctx.update({
        "decision": _the_decision(log),
        "reason": [act.get("reason", ""), f"行政决定要求当事人{act.get('obligation_text', '')}，当事人逾期不履行，"
                   "经催告仍不履行。"],
        "basis": [f"{QZ}第五十条", f"{QZ}第五十一条"],
        "method": act.get("method", ""),
        "time": date_of(act.get("planned_on")),
        "object": act.get("object", ""),
        "cost_estimate": money(act.get("cost_estimate") or "0"),
        "performer": act.get("performer", ""),
        "contact": _contact(ctx),
        "decided_on": act.date,
    })


register_builders({
    "enforcement_suspension_decision": _suspension_or_termination,
    "execution_agreement": _agreement,
    "substitute_performance_decision": _substitute,
    "payment_deferral_decision": _deferral,
    "reminder": _reminder,
    "court_enforcement_application": _court_application,
    "enforcement_decision": _enforcement,
})
