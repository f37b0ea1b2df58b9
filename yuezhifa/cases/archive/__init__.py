"""Electronic archive packages of finished cases (办法 第三十一条; docs/decisions/0013-电子归档.md).

``build_archive`` writes a case's dossier as a BagIt bag with its metadata and the four-property check report;
``check_archive`` checks an existing package again; ``export_archive`` is ``yzf export-archive``.
"""

from .build import ARCHIVABLE, ArchiveError, build_archive, export_archive, find_case
from .check import check_archive
from .report import AUTHENTICITY, INTEGRITY, SECURITY, USABILITY, ArchiveReport, Finding, PropertyCheck

__all__ = [
    "ARCHIVABLE", "AUTHENTICITY", "INTEGRITY", "SECURITY", "USABILITY", "ArchiveError", "ArchiveReport", "Finding",
    "PropertyCheck", "build_archive", "check_archive", "export_archive", "find_case",
]
