"""The daily re-hash of every stored evidence file and issued document (DESIGN §7; docs/decisions/0020).

Each file is read back from storage in chunks (never whole into memory, so a video of several gigabytes costs one
buffer) and its SHA-256 compared with the digest recorded when it arrived or was issued, which is also a leaf of the
signed evidence log. Every mismatch, missing or unreadable file is reported with its case number; the walk never
stops at the first one.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .models import CaseDocument, Evidence

CHUNK = 1 << 20
BATCH = 500


@dataclass(frozen=True)
class FileProblem:
    kind: str  # "evidence" or "document"
    object_id: str
    case_number: str
    title: str
    path: str
    problem: str  # "mismatch", "missing", "unreadable", "no_digest"
    expected: str = ""
    actual: str = ""

    @property
    def message(self) -> str:
        what = "证据" if self.kind == "evidence" else "文书"
        head = f"案件 {self.case_number} 的{what}“{self.title}”（{self.path or '无文件'}）"
        return {
            "mismatch": f"{head}的 SHA-256 与登记的不符：登记 {self.expected}，实为 {self.actual}（文件已被替换或改动）。",
            "missing": f"{head}的文件不存在（已被删除或移走）。",
            "unreadable": f"{head}的文件无法读取：{self.actual}。",
            "no_digest": f"{head}没有登记的 SHA-256。",
        }[self.problem]


@dataclass
class FilesReport:
    files: int = 0
    bytes: int = 0
    problems: list[FileProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def message(self) -> str:
        if self.ok:
            return f"OK：{self.files} 个证据文件和已出具文书（共 {self.bytes} 字节）与登记的 SHA-256 一致。"
        return f"发现 {len(self.problems)} 个问题（共校验 {self.files} 个文件）。"


@dataclass(frozen=True)
class _Stored:
    kind: str
    object_id: str
    case_number: str
    title: str
    file: object
    expected: str


def _case_label(case) -> str:
    return case.number or f"{case.cause}（未立案，{case.pk}）"


def _rows() -> Iterator[_Stored]:
    """Evidence, then issued documents, in batches by primary key so a large store is walked in bounded memory."""
    sources = [
        ("evidence", Evidence.objects.exclude(file=""), "file", "sha256"),
        ("document", CaseDocument.objects.exclude(pdf=""), "pdf", "pdf_sha256"),
    ]
    for kind, queryset, file_field, digest_field in sources:
        queryset = queryset.select_related("case").order_by("pk")
        last = None
        while True:
            page = queryset if last is None else queryset.filter(pk__gt=last)
            rows = list(page[:BATCH])
            if not rows:
                break
            last = rows[-1].pk
            for row in rows:
                yield _Stored(kind, str(row.pk), _case_label(row.case), getattr(row, "title", "") or str(row),
                              getattr(row, file_field), getattr(row, digest_field))


def _digest(stored: _Stored) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with stored.file.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def verify_files(*, progress: Callable[[FilesReport], None] | None = None, every: float = 10.0) -> FilesReport:
    """Re-hash every stored evidence file and issued document; ``progress(report)`` is called at most every
    ``every`` seconds with the figures so far (a command prints them, so a long run shows it is alive)."""
    report = FilesReport()
    last_progress = time.monotonic()
    for stored in _rows():
        name = stored.file.name
        base = {"kind": stored.kind, "object_id": stored.object_id, "case_number": stored.case_number,
                    "title": stored.title, "path": name}
        report.files += 1
        if not stored.expected:
            report.problems.append(FileProblem(**base, problem="no_digest"))
            continue
        try:
            actual, size = _digest(stored)
        except FileNotFoundError:
            report.problems.append(FileProblem(**base, problem="missing", expected=stored.expected))
            continue
        except OSError as exc:
            report.problems.append(FileProblem(**base, problem="unreadable", expected=stored.expected,
                                               actual=exc.strerror or exc.__class__.__name__))
            continue
        report.bytes += size
        if actual != stored.expected:
            report.problems.append(FileProblem(**base, problem="mismatch", expected=stored.expected, actual=actual))
        if progress is not None and time.monotonic() - last_progress >= every:
            progress(report)
            last_progress = time.monotonic()
    return report
