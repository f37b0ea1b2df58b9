"""Every write to the laws library (DESIGN §5.1): one function per business act, transactional, permission-checked,
audited. Split by concept; import from here."""

from .editing import law_update, provision_update
from .importing import FileProblem, LawImportSummary, laws_import
from .versions import law_statuses_refresh

__all__ = [
    "FileProblem",
    "LawImportSummary",
    "law_statuses_refresh",
    "law_update",
    "laws_import",
    "provision_update",
]
