"""The facts of a penalty case's log that the engine and other apps read without knowing its acts (DESIGN §6,
docs/decisions/0029): who the party is, the decision in force, the fine it orders, what was paid, and the periods
of review or litigation that do not count."""

from __future__ import annotations

import datetime
from decimal import Decimal

from .dsl import ProcedureFacts

DECISIONS = ("decide", "decide_on_spot", "change_decision")
PAYMENTS = ("record_payment", "collect_on_spot")


class PenaltyFacts(ProcedureFacts):
    def decision(self, log):
        """The decision in force: the latest of the penalty decision, the on-the-spot decision and the changed
        decisions that replaced it (变更行政处罚决定, 处罚法 第六十一条; docs/decisions/0028)."""
        found = self.decisions(log)
        return found[-1] if found else None

    def decisions(self, log):
        return [a for a in log.acts if a.code in DECISIONS]

    def amount_due(self, log) -> Decimal:
        act = self.decision(log)
        if act is not None:
            return Decimal(str((act.get("penalties") or {}).get("fine") or "0"))
        return Decimal("0")

    def amount_paid(self, log) -> Decimal:
        total = Decimal("0")
        for code in PAYMENTS:
            for act in log.all(code):
                total += Decimal(str(act.get("amount") or "0"))
        return total

    def pauses(self, log) -> list[tuple[datetime.date, datetime.date | None]]:
        """Periods during which review or litigation ran (处罚法 第七十三条第三款), each ``(filed, concluded)``, both
        days included: the day the review is applied for or the suit filed is already inside the pause, and so is the
        day it is concluded; accrual (加处罚款) resumes the day after the conclusion (docs/decisions/0028). A remedy
        not yet concluded gives ``(filed, None)``: the pause runs on. The conclusion is read from the remedy's own
        ``concluded_on`` or from the ``conclude_remedy`` act naming it."""
        pauses = []
        for act in log.all("record_remedy"):
            began = datetime.date.fromisoformat(str(act.get("filed_on"))[:10])
            pauses.append((began, remedy_concluded_on(log, act)))
        return pauses


def remedy_concluded_on(log, remedy) -> datetime.date | None:
    """The day a review or lawsuit recorded by ``remedy`` (a ``record_remedy``) was concluded: its own
    ``concluded_on`` (recorded together, as older records are), or that of the ``conclude_remedy`` naming it."""
    for act in reversed(log.acts):
        if act.code == "conclude_remedy" and act.get("remedy_seq") == remedy.seq and act.get("concluded_on"):
            return datetime.date.fromisoformat(str(act.get("concluded_on"))[:10])
    ended = remedy.get("concluded_on")
    return datetime.date.fromisoformat(str(ended)[:10]) if ended else None
