"""The procedures cases run through, by code."""

from yuezhifa.core.errors import DomainError

from . import penalty_documents  # noqa: F401  (registers the documents' builders)
from .dsl import Procedure
from .penalty import GENERAL, SIMPLE

PROCEDURES: dict[str, Procedure] = {p.code: p for p in (GENERAL, SIMPLE)}


def get_procedure(code: str) -> Procedure:
    try:
        return PROCEDURES[code]
    except KeyError:
        raise DomainError(f"程序“{code}”不存在，可选：{'、'.join(PROCEDURES)}。", field="procedure") from None
