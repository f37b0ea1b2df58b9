"""The documents the penalty procedures issue, one module per stage of a case; each registers its builders by document
type with ``cases.documents`` when imported (docs/decisions/0030)."""

from ...documents import register_base
from ..penalty import GENERAL, SIMPLE
from . import closing, decision, dossier, execution, investigation, notice  # noqa: F401  (they register their builders)
from .common import penalty_base

for _procedure in (GENERAL, SIMPLE):
    register_base(_procedure.code, penalty_base)
