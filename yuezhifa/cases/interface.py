"""The case log as other apps read it (supervision, disclosure; docs/decisions/0031).

The only module of ``cases`` those apps import besides ``models``, ``selectors``, ``services``, ``events`` and
``procedures``: they read a case's log through ``case_log``, re-check it through ``recheck``, and the attributes of
its procedure (stages, milestones, facts) through ``procedures``; they never name an act.
"""

from __future__ import annotations

import datetime

from yuezhifa.core.errors import DomainError

from .engine import CaseLog, local_date
from .procedures.dsl import Blocked

__all__ = ["CaseLog", "acting_roles", "case_log", "decision_document_type", "decision_in_force", "document_context",
           "evaluate_decision", "last_publication", "local_date", "procedure_kind", "publishing_acts", "recheck", "stage_choices",
           "terminal_stages", "withdrawing_acts"]

WITHDRAWAL_DEADLINE = "disclosure.withdraw"  # 处罚法 第四十八条第二款: the deadline a withdrawal of publication meets


def case_log(case, *, upto_seq: int | None = None, as_of: datetime.datetime | None = None, acts=None) -> CaseLog:
    """``case``'s log, corrections applied: the whole of it, or as it stood after act ``upto_seq`` (the log as of act
    n, its moment that act's), or with the acts performed by ``as_of``. ``acts`` (the case's ``Act`` rows in order)
    saves the query when the caller has read them already."""
    rows = list(case.acts.order_by("seq")) if acts is None else list(acts)
    if upto_seq is not None:
        rows = [a for a in rows if a.seq <= upto_seq]
        if as_of is None and rows:
            as_of = rows[-1].performed_at
    if as_of is not None:
        rows = [a for a in rows if a.performed_at <= as_of]
    return CaseLog(case, rows, as_of=as_of)


def _prefix(log: CaseLog, index: int) -> CaseLog:
    """The log before its act ``index``, as of that act's moment: what the engine saw when the act was recorded."""
    before = CaseLog(log.case, [], as_of=log.acts[index].performed_at, rules=log.rules, procedure=log.procedure)
    before.acts = log.acts[:index]
    return before


def _validated(spec, data: dict) -> dict | None:
    """The act's stored data as its fields read it (dates as dates …), None when it no longer validates."""
    if spec.fields is None:
        return dict(data)
    serializer = spec.fields(data=data)
    try:
        valid = serializer.is_valid()
    except (DomainError, ValueError, TypeError, LookupError):
        return None
    return {**data, **serializer.validated_data} if valid else None


def recheck(case, *, log: CaseLog | None = None) -> list[dict]:
    """Re-run, for each act of ``case``'s log (corrections applied), the rules the engine checks before recording it
    (the prerequisites, the guards, the checks on its fields) on the log before it. Returns the acts that would be
    refused now, each ``{"seq", "code", "name", "date", "reasons": [{"message", "basis", "field"}]}``: a record that
    reached the log without the engine (an import, a paper record) or a correction made after the fact. Rules on who
    performed the act (roles, certificates) are not re-run: the actor is not part of the log."""
    log = log if log is not None else case_log(case)
    out = []
    for index, act in enumerate(log.acts):
        spec = log.procedure.act(act.code)
        if spec is None:
            continue
        before = _prefix(log, index)
        reasons = [{**b.as_dict(), "field": "act"} for b in before.blocked(spec)]
        if not reasons:
            data = _validated(spec, act.data)
            for check in spec.checks if data is not None else ():
                try:
                    problem = check.test(before, data)
                except (DomainError, ValueError, TypeError, LookupError, ArithmeticError):
                    problem = None  # a record the check cannot read is not reported as refused
                if problem:
                    reasons.append({**Blocked(problem, check.basis).as_dict(), "field": check.field})
        if reasons:
            out.append({"seq": act.seq, "code": act.code, "name": act.name, "date": act.date, "reasons": reasons})
    return out


def acting_roles(user, case) -> set[str]:
    """The case roles ``user`` holds over ``case`` (``cases.permissions.acting_roles``)."""
    from .permissions import acting_roles as roles

    return roles(user, case)


def document_context(document) -> dict:
    """The context a case document was rendered with, as Python values (``cases.documents.thaw``)."""
    from .documents import thaw

    return thaw(document.context or {})


def evaluate_decision(log: CaseLog, data: dict):
    """A decision's penalties against the discretion benchmark: ``(evaluation, deviations)``
    (``cases.discretion_check.evaluate_decision``)."""
    from .discretion_check import evaluate_decision as evaluate

    return evaluate(log, data)


# --- what other apps read of the procedures ------------------------------------------------------------------------


def _procedures():
    from .procedures import PROCEDURES

    return PROCEDURES.values()


def stage_choices() -> list[tuple[str, str]]:
    """Every stage a case can stand in, ``(code, label)``, in the order the procedures declare them."""
    from .procedures import stage_choices as choices

    return choices()


def terminal_stages() -> frozenset[str]:
    """The stages of a finished case (closed, not filed …): the procedures' terminal stages."""
    from .procedures import terminal_stages as terminal

    return terminal()


def procedure_kind(procedure) -> str:
    """The kind of a procedure (``penalty``, ``compulsion``, ``inspection``), for dashboards."""
    return procedure.kind


def decision_in_force(log: CaseLog):
    """The decision in force (an ``ActView``) or None: the procedure's facts say which act it is."""
    return log.decision


def decision_document_type(log: CaseLog, decision) -> str:
    """The document that states ``decision`` (the last document its act produces: the decision itself, after any
    approval form)."""
    spec = log.procedure.act(decision.code)
    return spec.documents[-1] if spec is not None and spec.documents else ""


def publishing_acts() -> set[str]:
    """The acts that publish a decision (``ActSpec.publishes``), across procedures."""
    return {a.code for p in _procedures() for a in p.acts if a.publishes}


def withdrawing_acts() -> set[str]:
    """The acts that withdraw a published decision: they meet the withdrawal deadline without publishing."""
    return {a.code for p in _procedures() for a in p.acts if WITHDRAWAL_DEADLINE in a.stops and not a.publishes}


def compulsion_result_acts() -> set[str]:
    """The acts of the procedures that publish a compulsion measure's result, other than publishing and withdrawing
    it: after any of them the disclosure platform brings the published record up to the measure's state (released,
    handled, lapsed)."""
    from .procedures.disclosure import COMPULSION_RESULTS

    return {a.code for p in _procedures() if p.code in COMPULSION_RESULTS for a in p.acts
            if not a.publishes and WITHDRAWAL_DEADLINE not in a.stops}


def last_publication(log: CaseLog):
    """The latest act of the log that published (or approved the publication of) the decision, or None."""
    codes = publishing_acts()
    for act in reversed(log.acts):
        if act.code in codes:
            return act
    return None
