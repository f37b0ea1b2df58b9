"""The Markdown law corpus on disk (``data/laws/``, see its SOURCE.md): which files form which law, and the
metadata the ``db.sqlite3`` files hold for them.

Database-free: :mod:`yuezhifa.laws.importer` turns what this module finds into rows.
"""

import datetime
import hashlib
import json
import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

# Metadata may also come as JSON (a small fixture set): {"laws": [{"folder", "name", "level", "publish",
# "valid_from", "expired", "category", "tags"}]}, folders relative to the file.
METADATA_JSON = "metadata.json"
# Files in the corpus that are not statutes.
SKIPPED_NAMES = frozenset({"_index.md", "SOURCE.md", "README.md"})
# A folder whose Markdown files are the parts of one law (the 民法典: 总则.md, 物权编.md, … 附则.md).
MULTIPART_MARKER = "民法典"
_FILE_NAME_RE = re.compile(r"^(?P<name>.+?)(?:\((?P<date>\d{4}-\d{2}-\d{2})\))?\.md$")
_CN_DATE_RE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_IN_FORCE_RE = re.compile(r"自(\d{4})年(\d{1,2})月(\d{1,2})日起施行")

# ``law.level`` values of the metadata → ``models.LawLevel`` values.
LEVELS = {
    "宪法": "constitution",
    "法律": "law",
    "行政法规": "administrative_regulation",
    "监察法规": "supervisory_regulation",
    "地方性法规": "local_regulation",
    "部门规章": "departmental_rule",
    "地方政府规章": "local_government_rule",
    "规范性文件": "normative_document",
    "司法解释": "judicial_interpretation",
}


@dataclass
class Metadata:
    """What a ``law`` row of a metadata database says about one file."""

    level: str = ""
    name: str = ""
    publish: datetime.date | None = None
    valid_from: datetime.date | None = None
    expired: bool = False
    category: str = ""
    tags: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"level": self.level, "name": self.name, "publish": _iso(self.publish),
                "valid_from": _iso(self.valid_from), "expired": self.expired, "category": self.category,
                "tags": self.tags}


@dataclass
class Source:
    """One law version in the corpus: a single file, or the part files of a multi-part code."""

    path: str
    """Relative to the corpus root, with forward slashes: a file, or the folder of a multi-part code."""
    files: list[Path]
    folder: str
    file_date: datetime.date | None
    meta: Metadata | None

    @property
    def is_multipart(self) -> bool:
        return len(self.files) != 1 or self.files[0].is_dir()

    def read(self) -> tuple[str, list[tuple[str, str]]]:
        """``(sha256 of the bytes and metadata, [(file name, text)])``. Raises ``UnicodeDecodeError``."""
        digest = hashlib.sha256()
        texts = []
        for file in self.files:
            data = file.read_bytes()
            digest.update(file.name.encode())
            digest.update(hashlib.sha256(data).digest())
            texts.append((file.name, data.decode("utf-8-sig")))
        digest.update(json.dumps(self.meta.as_dict() if self.meta else None, sort_keys=True).encode())
        return digest.hexdigest(), texts


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _date(value) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def cn_date(text: str) -> datetime.date | None:
    """The first ``2021年1月22日`` in ``text``."""
    match = _CN_DATE_RE.search(text)
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def in_force_date(text: str) -> datetime.date | None:
    """The date of a ``自2021年7月15日起施行`` clause in ``text``."""
    match = _IN_FORCE_RE.search(text)
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


class MetadataIndex:
    """All ``law`` rows of every ``db.sqlite3`` under the corpus root, looked up by folder, name and date."""

    def __init__(self, root: Path):
        self.by_folder_name: dict[tuple[str, str], list[Metadata]] = defaultdict(list)
        self.by_name: dict[str, list[Metadata]] = defaultdict(list)
        for file in sorted(root.rglob(METADATA_JSON)):
            base = file.parent.relative_to(root).as_posix()
            base = "" if base == "." else base + "/"
            for row in json.loads(file.read_text(encoding="utf-8")).get("laws", []):
                self._add(base + row.get("folder", ""), Metadata(
                    level=row.get("level", ""), name=row.get("name", ""), publish=_date(row.get("publish")),
                    valid_from=_date(row.get("valid_from")), expired=bool(row.get("expired")),
                    category=row.get("category") or row.get("folder", ""), tags=list(row.get("tags", []))))
        for db in sorted(root.rglob("db.sqlite3")):
            base = db.parent.relative_to(root).as_posix()
            base = "" if base == "." else base + "/"
            connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
            try:
                rows = connection.execute(
                    "SELECT l.level, l.name, l.publish, l.valid_from, l.expired, l.tags, c.folder, c.name "
                    "FROM law l JOIN category c ON c.id = l.category_id").fetchall()
            finally:
                connection.close()
            for level, name, publish, valid_from, expired, tags, folder, category in rows:
                meta = Metadata(level=level or "", name=name or "", publish=_date(publish),
                                valid_from=_date(valid_from), expired=bool(expired), category=folder or category,
                                tags=[t.strip() for t in (tags or "").split(",") if t.strip()])
                self._add(base + folder, meta)

    def _add(self, folder: str, meta: Metadata) -> None:
        self.by_folder_name[(folder, meta.name)].append(meta)
        self.by_name[meta.name].append(meta)

    def find(self, folder: str, name: str, day: datetime.date | None) -> Metadata | None:
        """The row for the file ``folder/name(day).md``: same folder and name, dated that day (the file's date is
        the row's publish date, or for the Guangdong texts its valid_from); failing that, the same name and date in
        another folder; failing that, the only row of that name in the folder when the file has no date."""

        def dated(rows: list[Metadata]) -> list[Metadata]:
            return [m for m in rows if day in (m.publish, m.valid_from)] if day else rows

        for rows in (dated(self.by_folder_name.get((folder, name), [])), dated(self.by_name.get(name, []))):
            if len(rows) == 1:
                return rows[0]
        return None


def discover(root: Path) -> list[Source]:
    """Every law version under ``root``, in path order. A folder named like the multi-part code becomes one
    source of all its Markdown files."""
    root = Path(root)
    metadata = MetadataIndex(root)
    sources: list[Source] = []
    multipart_dirs = sorted(p for p in root.rglob(MULTIPART_MARKER) if p.is_dir())
    for folder in multipart_dirs:
        files = sorted(p for p in folder.glob("*.md") if p.name not in SKIPPED_NAMES)
        if files:
            rel = folder.relative_to(root).as_posix()
            sources.append(Source(path=rel, files=files, folder=rel, file_date=None, meta=None))
    for file in sorted(root.rglob("*.md")):
        if file.name in SKIPPED_NAMES or any(file.is_relative_to(d) for d in multipart_dirs):
            continue
        rel = file.relative_to(root).as_posix()
        folder = file.parent.relative_to(root).as_posix()
        folder = "" if folder == "." else folder
        match = _FILE_NAME_RE.match(file.name)
        name, day = (match.group("name"), _date(match.group("date"))) if match else (file.stem, None)
        sources.append(Source(path=rel, files=[file], folder=folder, file_date=day,
                              meta=metadata.find(folder, name, day)))
    sources.sort(key=lambda s: s.path)
    return sources


def guess_level(source: Source, history: list[str]) -> str:
    """The ``LawLevel`` value of a source: from its metadata, else from its folder."""
    joined = "".join(history)
    if "国家监察委员会" in joined:
        return "supervisory_regulation"
    if source.meta and source.meta.level in LEVELS:
        return LEVELS[source.meta.level]
    folder = source.folder
    if "地方性法规" in folder:
        return "local_regulation"
    if "地方政府规章" in folder:
        return "local_government_rule"
    if folder.startswith("行政法规"):
        return "administrative_regulation"
    if folder.startswith("部门规章"):
        return "departmental_rule"
    if folder.startswith("司法解释"):
        return "judicial_interpretation"
    if folder.startswith("宪法") and not folder.startswith("宪法相关法"):
        return "constitution"
    return "law"


_BODY_PATTERNS = (
    re.compile(r"((?:[\u4e00-\u9fff]{2,12}?(?:省|市|自治区|特别行政区))?人民代表大会常务委员会)"),
    re.compile(r"((?:[\u4e00-\u9fff]{2,12}?(?:省|市|自治区))?人民代表大会)"),
    re.compile(r"(国务院(?:、中央军委|、中央军事委员会)?)"),
    re.compile(r"((?:国家|中华人民共和国)?[\u4e00-\u9fff]{2,20}?(?:部|委员会|总局|总署|局|署|银行|办公厅))令"),
)
_SESSION_RE = re.compile(r"第[一二三四五六七八九十百]+届")


def issuing_body(history: list[str]) -> str:
    """The body that made the latest version, read from the last history paragraph that names one
    (``…全国人民代表大会常务委员会第二十五次会议修订`` → 全国人民代表大会常务委员会)."""
    for paragraph in reversed(history):
        text = _SESSION_RE.sub("", paragraph)
        text = _CN_DATE_RE.sub("", text).strip()
        text = text.removeprefix("中华人民共和国").strip()
        for pattern in _BODY_PATTERNS:
            match = pattern.search(text)
            if match:
                body = match.group(1)
                if body.startswith("人民代表大会"):
                    body = "全国" + body
                return body
    return ""


def history_dates(history: list[str]) -> tuple[datetime.date | None, datetime.date | None]:
    """``(latest date of adoption or publication, date the history says the text takes effect)``."""
    adopted, effective = None, None
    for paragraph in history:
        day = cn_date(paragraph)
        if day is None:
            continue
        if "施行" in paragraph and not any(word in paragraph for word in ("通过", "公布", "修订", "修正", "发布")):
            effective = day
        elif adopted is None or day > adopted:
            adopted = day
    return adopted, effective


_PREFIXES = ("中华人民共和国",)


def short_name(name: str) -> str:
    """``中华人民共和国行政处罚法`` → ``行政处罚法``; other names are their own short name."""
    for prefix in _PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix):]
    return name


def lineage_key(name: str) -> str:
    """The key shared by every version of one law: its full name without spaces and with full-width brackets."""
    return re.sub(r"\s+", "", name).replace("(", "（").replace(")", "）")
