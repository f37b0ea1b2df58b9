"""The documents of 冻结存款、汇款 (行政强制法 第三十条至第三十三条): the notice to the financial institution, the decision
handed to the party, the extension decision, and the release decision and notice; registered by document type
(docs/decisions/0030)."""

from __future__ import annotations

from ..documents import QZ, _cn, _contact, _number, _people, register_base, register_builders
from .execution import power_citation
from .freeze import FREEZE, RELEASE_GROUNDS, freeze_end
from .surcharge import date_of


def freeze_base(log, act, ctx):
    """Who handles the case: the officers who froze (or the act's own), and the authorising provision."""
    freeze = log.last("freeze")
    ctx["handlers"] = _people(freeze.officers) if freeze else []
    ctx["officers"] = ctx["officers"] or ctx["handlers"]


def _measure(log) -> dict:
    opening, approval, freeze = log.last("open_freeze"), log.last("approve_freeze"), log.last("freeze")
    end = freeze_end(log)
    return {
        "reason": list(opening.get("reason") or []) if opening else [],
        "basis": [b for b in (f"{QZ}第二十九条、第三十条", power_citation(approval or opening)) if b],
        "bank": freeze.get("bank", "") if freeze else "",
        "account": freeze.get("account", "") if freeze else "",
        "amount": freeze.get("amount", "") if freeze else "",
        "frozen_on": freeze.date if freeze else None,
        "until": end,
        "notice_number": _number(freeze, "freeze_notice"),
        "period": (f"自{_cn(freeze.date)}起至{_cn(end)}止" if freeze and end else ""),
        "accounts": (f"{freeze.get('bank', '')}账号{freeze.get('account', '')}，冻结数额人民币{freeze.get('amount', '')}元"
                     if freeze else ""),
    }


def _notice(log, act, ctx):
    ctx.update(_measure(log))
    ctx.update({"decided_on": act.date, "contact": _contact(ctx)})


def _decision(log, act, ctx):
    ctx.update(_measure(log))
    freeze = log.last("freeze")
    ctx.update({"decided_on": freeze.date if freeze else act.date, "served_on": date_of(act.get("served_on")),
                "contact": _contact(ctx)})


def _extension(log, act, ctx):
    ctx.update(_measure(log))
    ctx.update({"days": act.get("days"), "extension_reason": act.get("reason", ""), "decided_on": act.date,
                "decision_number": _number(log.last("serve_freeze_decision"), "freeze_decision"),
                "contact": _contact(ctx)})


def _release(log, act, ctx):
    ctx.update(_measure(log))
    ctx.update({"ground": dict(RELEASE_GROUNDS).get(act.get("ground"), ""), "explanation": act.get("explanation", ""),
                "decided_on": act.date,
                "decision_number": _number(log.last("serve_freeze_decision"), "freeze_decision"),
                "release_number": _number(act, "freeze_release_decision"), "contact": _contact(ctx)})


register_base(FREEZE.code, freeze_base)
register_builders({
    "freeze_notice": _notice,
    "freeze_decision": _decision,
    "freeze_extension_decision": _extension,
    "freeze_release_decision": _release,
    "freeze_release_notice": _release,
})
