"""The penalty procedures' common words: the laws cited, the kinds of penalty, the limits of the simple procedure, and
the reading of money and dates in acts' data.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

CF = "《中华人民共和国行政处罚法》"
QZ = "《中华人民共和国行政强制法》"
BF = "《广东省一体化行政执法平台管理办法》"
YS = "《行政执法机关移送涉嫌犯罪案件的规定》"

NON_FINE = ("warning", "criticism", "confiscate_income", "confiscate_property", "suspend_licence",
            "downgrade_qualification", "revoke_licence", "restrict_business", "suspend_business", "close",
            "restrict_practice")
SIMPLE_LIMIT = {"person": Decimal("200"), "organisation": Decimal("3000")}
ON_SPOT_COLLECTION_LIMIT = Decimal("100")


def money(value) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else Decimal("0")


def date_of(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))
