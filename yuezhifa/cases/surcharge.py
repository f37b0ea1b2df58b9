"""加处罚款: 3% of the fine a day once the payment period has run out, never more than the fine itself
(处罚法 第七十二条第一款第（一）项; 强制法 第四十五条第二款), not counted while review or litigation runs
(处罚法 第七十三条第三款)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

RATE = Decimal("0.03")


def surcharge(fine: Decimal, due: datetime.date, as_of: datetime.date,
              pauses: list[tuple[datetime.date, datetime.date | None]] = ()) -> tuple[Decimal, int]:
    """(amount, days counted) of the surcharge on ``fine`` whose payment was due on ``due``, as of ``as_of``.

    Days are counted from the day after ``due`` up to and including ``as_of``; a day inside a pause (from the day
    review or litigation is sought up to and including the day it concludes; an open pause runs on) is not counted.
    With the fine at 3% a day the cap is reached on day 34 (33 days give 99%).
    """
    if fine <= 0 or as_of <= due:
        return Decimal("0.00"), 0
    days = 0
    day = due + datetime.timedelta(days=1)
    while day <= as_of:
        if not any(start <= day and (end is None or day <= end) for start, end in pauses):
            days += 1
        day += datetime.timedelta(days=1)
    amount = min(fine, (fine * RATE * days).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    return amount, days


def surcharge_for(log, as_of: datetime.date) -> Decimal:
    """The surcharge a case's party owes on ``as_of`` on the unpaid fine of its decision."""
    state = log.deadline("penalty.pay")
    if state is None or log.fine <= 0:
        return Decimal("0.00")
    return surcharge(log.fine, state.due, as_of, log.remedy_pauses())[0]
