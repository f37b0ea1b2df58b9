"""加处罚款, counted day by day (docs/decisions/0025): on each day after an amount fell due, 3% of what was then due
and unpaid (处罚法 第七十二条第一款第（一）项), the running total never above that amount (同项; 强制法 第四十五条第二款);
no day counted while review or litigation runs (处罚法 第七十三条第三款).

What fell due comes from the payment period (处罚法 第六十七条第三款) or, once a deferral or instalments are approved
(第六十六条第二款), from the approved dates; what was paid from the recorded payments. A payment made on a day ends
the surcharge on the amount paid from the next day: the day of payment is still counted (加处罚款计至缴纳之日).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

RATE = Decimal("0.03")
ZERO = Decimal("0.00")
ONE_DAY = datetime.timedelta(days=1)

# (the day from which it applies, or None for the decision's own period; [(due on, amount), ...])
Schedule = tuple[datetime.date | None, list[tuple[datetime.date, Decimal]]]


@dataclass(frozen=True)
class Accrual:
    """The surcharge as of a day: ``amount`` accrued (to the cent), ``days`` counted (days on which something was
    due and unpaid, outside review and litigation), ``first_day`` the first of them, ``owed`` what was due and
    unpaid on the last day looked at."""

    amount: Decimal = ZERO
    days: int = 0
    first_day: datetime.date | None = None
    owed: Decimal = ZERO


def accrue(schedules: list[Schedule], payments: list[tuple[datetime.date, Decimal]], as_of: datetime.date,
           pauses: list[tuple[datetime.date, datetime.date | None]] = ()) -> Accrual:
    """The surcharge accrued from the day after the first due date up to and including ``as_of``.

    Each day uses the schedule in force that day (the latest whose first day is not later). The day's surcharge is
    3% of what fell due before that day less what was paid before that day; the total is raised by it, but never
    above what is due and unpaid that day (a total already above it after a payment is not reduced: what accrued
    lawfully stays owed)."""
    dues = [due for _, lines in schedules for due, _ in lines]
    if not dues:
        return Accrual()
    total, days, first, owed = Decimal("0"), 0, None, Decimal("0")
    day = min(dues) + ONE_DAY
    ordered = sorted(schedules, key=lambda s: s[0] or datetime.date.min)
    while day <= as_of:
        lines = next(s[1] for s in reversed(ordered) if s[0] is None or s[0] <= day)
        fallen_due = sum((amount for due, amount in lines if due < day), Decimal("0"))
        paid = sum((amount for paid_on, amount in payments if paid_on < day), Decimal("0"))
        owed = max(fallen_due - paid, Decimal("0"))
        if owed > 0 and not any(start <= day and (end is None or day <= end) for start, end in pauses):
            days += 1
            first = first or day
            total = min(total + owed * RATE, max(total, owed))
        day += ONE_DAY
    return Accrual(total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), days, first, owed)


def surcharge(fine: Decimal, due: datetime.date, as_of: datetime.date,
              pauses: list[tuple[datetime.date, datetime.date | None]] = ()) -> tuple[Decimal, int]:
    """(amount, days counted) of the surcharge on ``fine``, unpaid, whose payment was due on ``due``, as of ``as_of``.
    With nothing paid the cap is reached on day 34 (33 days give 99%)."""
    if fine <= 0 or as_of <= due:
        return ZERO, 0
    result = accrue([(None, [(due, fine)])], [], as_of, pauses)
    return result.amount, result.days


# --- from a case's log -----------------------------------------------------------------------------------------------


def date_of(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def instalments(act) -> list[tuple[datetime.date, Decimal]]:
    """An approval's instalments as (due on, amount); a line that is not a date and an amount raises ValueError
    naming the instalment (第N期)."""
    schedule = []
    for index, line in enumerate(act.get("instalments") or (), start=1):
        try:
            due = date_of(line.get("due_on") or line.get("date"))
            amount = Decimal(str(line.get("amount")))
            if due is None or not amount.is_finite():
                raise ValueError
        except (ValueError, TypeError, ArithmeticError, AttributeError):
            raise ValueError(f"分期计划第{index}期的日期或者金额无效（日期如 2026-12-31，金额如 1000.00）。") from None
        schedule.append((due, amount))
    return schedule


def payments(log) -> list[tuple[datetime.date, Decimal]]:
    out = [(date_of(a.get("paid_on")) or a.date, Decimal(str(a.get("amount") or "0")))
           for a in log.all("record_payment")]
    out += [(a.date, Decimal(str(a.get("amount") or "0"))) for a in log.all("collect_on_spot")]
    return out


def paid_before(log, seq: int) -> Decimal:
    return sum((Decimal(str(a.get("amount") or "0")) for a in log.acts
                if a.code in ("record_payment", "collect_on_spot") and a.seq < seq), Decimal("0"))


def approved_schedule(log, act) -> list[tuple[datetime.date, Decimal]]:
    """What an approved deferral (one date) or instalment plan makes due, as lines adding up to the fine: the part
    paid before the approval counts as due from the start (it is paid, so nothing accrues on it)."""
    fine = log.fine
    lines = []
    if act.get("kind") == "instalments":
        try:
            lines = instalments(act)
        except ValueError:
            lines = []
    if not lines:
        lines = [(date_of(act.get("until")), fine - paid_before(log, act.seq))]
    settled = fine - sum((amount for _, amount in lines), Decimal("0"))
    return [(datetime.date.min, settled), *lines] if settled > 0 else lines


def schedules(log) -> list[Schedule]:
    """The decision's period, then each approved deferral from the day after its approval (the approval day itself
    is still under the schedule before it)."""
    from yuezhifa.core.calendar import compute_deadline

    state = log.deadline("penalty.pay")
    if state is None or log.fine <= 0:
        return []
    original = compute_deadline(log.rules["penalty.pay"], state.start).due if log.has("approve_deferral") \
        else state.due
    out: list[Schedule] = [(None, [(original, log.fine)])]
    for act in log.all("approve_deferral"):
        out.append((act.date + ONE_DAY, approved_schedule(log, act)))
    return out


def accrual_for(log, as_of: datetime.date) -> Accrual:
    """The surcharge a case's party has accrued by ``as_of`` on its decision's fine."""
    plan = schedules(log)
    if not plan:
        return Accrual()
    return accrue(plan, payments(log), as_of, log.remedy_pauses())


def surcharge_for(log, as_of: datetime.date) -> Decimal:
    """The surcharge a case's party has accrued by ``as_of`` (what was paid of it not deducted)."""
    return accrual_for(log, as_of).amount


def surcharge_paid(log) -> Decimal:
    return sum((Decimal(str(a.get("surcharge") or "0")) for a in log.all("record_payment")), Decimal("0"))


def surcharge_outstanding(log, as_of: datetime.date) -> Decimal:
    """The surcharge accrued by ``as_of`` less the surcharge already paid."""
    return max(surcharge_for(log, as_of) - surcharge_paid(log), ZERO)
