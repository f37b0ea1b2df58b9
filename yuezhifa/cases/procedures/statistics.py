"""What the annual statistics (年报, 办法 第四十四条; issue 16 §2; docs/decisions/0057) read of one case's log.

The supervision app never names an act (docs/decisions/0031): this module turns a log into dated facts, each
``(date, kind, detail)``, and the annual tables count the facts dated in their year. A fact's date is the day the act
behind it was performed (a decision's day, a hearing's day, a remedy's conclusion, a measure's day …).

``annual_facts(log, as_of)`` returns a dict:

* ``penalty``: the decision in force (``decided_on``, ``procedure`` ``simple``/``general``, ``penalties`` as the
  decision states them, after any change, ``group``: the heaviest kind imposed, ``amounts``: fine and confiscations
  in 元), or None;
* ``hearings``: the days hearings were held;
* ``remedies``: ``(concluded_on, "reconsideration"|"litigation", result)`` of the reviews (行政复议) and suits
  (行政诉讼) concluded;
* ``measures``: ``(day, "seizure"|"freezing")`` of the compulsion measures carried out;
* ``executions``: ``(day, "surcharge"|"substitute"|"court"|"by_body")``: 加处罚款 (its first day), 代履行 decided,
  申请人民法院强制执行, 行政机关强制执行;
* ``inspection``: for an inspection, ``{"kind", "random", "problems", "transferred"}`` (the ledger, ``Visit``, gives
  its day, subject and whether it was on site).
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

REMEDY_OPEN = ("review", "litigation")
REMEDY_NAMES = {"review": "reconsideration", "litigation": "litigation"}  # 行政复议, 行政诉讼 as the tables name them

# 处罚法 第九条's kinds, grouped as the annual tables count them, from the heaviest to the lightest (docs/decisions/
# 0057): 行政拘留 (第(五)项), the limits on conduct (第(四)项), the licence penalties (第(三)项), confiscation and then
# fines (第(二)项, read in the article's order: a confiscation outweighs a fine), 警告、通报批评 (第(一)项); 其他
# (第(六)项) only when none of the others is imposed.
PENALTY_GROUPS = (
    ("detention", ("detention",)),
    ("conduct", ("restrict_business", "suspend_business", "close", "restrict_practice")),
    ("licence", ("suspend_licence", "downgrade_qualification", "revoke_licence")),
    ("confiscation", ("confiscate_income", "confiscate_property")),
    ("fine", ("fine",)),
    ("warning", ("warning", "criticism")),
)
OTHER = "other"


def heaviest_group(penalties: dict) -> str:
    """The group a decision is counted under: the heaviest of those it imposes (合并处罚 counted once)."""
    for group, keys in PENALTY_GROUPS:
        if any(_imposed(penalties.get(k)) for k in keys):
            return group
    return OTHER


def _imposed(value) -> bool:
    if isinstance(value, bool):
        return value
    return _money(value) > 0


def _money(value) -> Decimal:
    if value in (None, "", True, False):
        return Decimal("0")
    try:
        return max(Decimal(str(value)), Decimal("0"))
    except InvalidOperation:
        return Decimal("0")


def penalty_amounts(penalties: dict, amounts: dict) -> dict[str, Decimal]:
    """罚款, 没收违法所得 and 没收非法财物 (value) in 元; a confiscation recorded as ``True`` (before amounts were
    asked for) takes the decision's 违法所得 amount, or nothing."""
    income = penalties.get("confiscate_income")
    return {"fine": _money(penalties.get("fine")),
            "income": _money(amounts.get("illegal_income")) if income is True else _money(income),
            "property": _money(penalties.get("confiscate_property"))}


def _penalty(log) -> dict | None:
    decision = log.decision
    if decision is None or not isinstance(decision.get("penalties"), dict):
        return None
    first = log.last("decide") or log.last("decide_on_spot")
    decided_on = first.date if first is not None else decision.date
    penalties = dict(decision.get("penalties") or {})
    return {"decided_on": decided_on, "procedure": "simple" if log.procedure.code == "penalty.simple" else "general",
            "penalties": penalties, "group": heaviest_group(penalties),
            "amounts": penalty_amounts(penalties, dict(decision.get("amounts") or {}))}


def _remedies(log) -> list[tuple[datetime.date, str, str]]:
    kinds = {a.seq: a.get("kind") for a in log.all("record_remedy")}
    out = []
    for act in log.all("record_remedy"):  # recorded with its outcome already known
        if act.get("concluded_on") and act.get("result"):
            out.append((_day(act.get("concluded_on")), act.get("kind"), act.get("result")))
    for act in log.all("conclude_remedy"):
        kind = kinds.get(act.get("remedy_seq"))
        if kind in REMEDY_OPEN and act.get("concluded_on"):
            out.append((_day(act.get("concluded_on")), kind, act.get("result")))
    return [(day, REMEDY_NAMES[kind], result) for day, kind, result in out if day is not None and kind in REMEDY_NAMES]


def _day(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _executions(log, as_of: datetime.date) -> list[tuple[datetime.date, str]]:
    out = []
    if log.procedure.kind == "penalty" and log.decision is not None:
        from .surcharge import accrual_for

        try:
            first = accrual_for(log, as_of).first_day
        except (ArithmeticError, LookupError, TypeError, ValueError):
            first = None
        if first is not None:
            out.append((first, "surcharge"))
    out += [(a.date, "substitute") for a in log.all("decide_substitute")]
    out += [(a.date, "court") for a in log.all("apply_court")]
    out += [(a.date, "by_body") for a in log.all("enforce")]
    return out


def _inspection(log) -> dict | None:
    if log.procedure.kind != "inspection":
        return None
    from .inspection import opening, outcome, penalty_opened

    opened = opening(log)
    result = outcome(log)
    return {"kind": (opened.get("kind") if opened else "") or "", "random": bool(opened and opened.get("draw")),
            "problems": result in ("problems", "violation") or penalty_opened(log),
            "transferred": penalty_opened(log)}


def annual_facts(log, as_of: datetime.date) -> dict:
    """The dated facts of ``log`` the annual statistics count (see the module's doc)."""
    measures = [(a.date, "seizure") for a in log.all("seize")] + [(a.date, "freezing") for a in log.all("freeze")]
    return {"penalty": _penalty(log) if log.procedure.kind == "penalty" else None,
            "hearings": [a.date for a in log.all("hold_hearing")],
            "remedies": _remedies(log), "measures": measures, "executions": _executions(log, as_of),
            "inspection": _inspection(log)}
