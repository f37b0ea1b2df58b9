"""Every write to the item library (DESIGN §5.1): one function per business act, transactional, permission-checked,
audited, and re-indexed for search. Split by concept; import from here."""

from .adjustments import (
    basis_adjustment_approve,
    basis_adjustment_end,
    basis_adjustment_reject,
    basis_adjustment_report,
    basis_adjustment_submit,
)
from .items import (
    BasisSpec,
    basis_set,
    item_activate,
    item_create,
    item_repeal,
    item_suspend,
    item_update,
)

__all__ = [
    "BasisSpec",
    "basis_adjustment_approve",
    "basis_adjustment_end",
    "basis_adjustment_reject",
    "basis_adjustment_report",
    "basis_adjustment_submit",
    "basis_set",
    "item_activate",
    "item_create",
    "item_repeal",
    "item_suspend",
    "item_update",
]
