"""The procedures cases run through, by code, and what the rest of the platform reads of them without knowing their
acts (docs/decisions/0029): stages, terminal stages, milestone acts."""

from yuezhifa.core.errors import DomainError

from . import (  # noqa: F401  (register the documents' builders)
    freeze_documents,
    inspection_documents,
    penalty_documents,
    seizure_documents,
)
from .dsl import Procedure
from .freeze import FREEZE
from .inspection import INSPECTION
from .penalty import GENERAL, SIMPLE
from .seizure import SEIZURE_PROCEDURE

PROCEDURES: dict[str, Procedure] = {p.code: p for p in (GENERAL, SIMPLE)}
PROCEDURES[SEIZURE_PROCEDURE.code] = SEIZURE_PROCEDURE  # 查封、扣押 (强制法 第二章、第三章第二节)
PROCEDURES[FREEZE.code] = FREEZE  # 冻结 (强制法 第三章第三节)
PROCEDURES[INSPECTION.code] = INSPECTION  # 行政检查 (广东省行政检查办法; 国办发〔2024〕54号)


def get_procedure(code: str) -> Procedure:
    try:
        return PROCEDURES[code]
    except KeyError:
        raise DomainError(f"程序“{code}”不存在，可选：{'、'.join(PROCEDURES)}。", field="procedure") from None


def stage_choices() -> list[tuple[str, str]]:
    """Every stage of every procedure, once, in the procedures' order (for filters)."""
    seen: dict[str, str] = {}
    for procedure in PROCEDURES.values():
        for stage in procedure.stages:
            seen.setdefault(stage.code, stage.label)
    return list(seen.items())


def stage_label(code: str) -> str:
    return dict(stage_choices()).get(code, code)


def terminal_stages() -> frozenset[str]:
    return frozenset().union(*(p.terminal_stages for p in PROCEDURES.values()))


def milestone_acts(milestone: str) -> set[str]:
    return set().union(*(p.milestone_acts(milestone) for p in PROCEDURES.values()))
