"""Accounts another database made (docs/decisions/0055 “尚未解决”, 0059).

Accounts are local data. A case row replicated to the hub names the node's account that wrote it (an act's 录入人,
a case's 登记人) by key only: the hub has no such row. Base data replicated to a node name the hub's accounts (a
qualification's 确认人) the same way. Pages and APIs read such a field through ``user_label``, which shows the
account where it exists here and "（节点账号）" where it does not, instead of failing. Where the row carries the
name written at the time (an act's ``data.actor_name``), that name comes first.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _


def elsewhere_label() -> str:
    return _("（节点账号）")


def user_label(obj, field: str, *, none: str = "") -> str:
    """``str(obj.<field>)``; ``none`` when the field is empty; "（节点账号）" when it names an account that this
    database does not hold (a replicated row)."""
    if getattr(obj, f"{field}_id", None) is None:
        return none
    try:
        user = getattr(obj, field)
    except ObjectDoesNotExist:
        return elsewhere_label()
    return elsewhere_label() if user is None else str(user)
