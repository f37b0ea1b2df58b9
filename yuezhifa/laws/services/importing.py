"""Importing the Markdown law corpus (``data/laws/``, see its SOURCE.md) into the library (办法 第52条).

Per-file isolation: each law is written in its own transaction, so a file that cannot be read is listed with its
line and reason and skipped, nothing of it is half-written, and every other file still imports. Idempotent: a file
whose bytes and metadata hash to the stored ``source_sha256`` is not parsed again, and a second run of the same
corpus writes nothing at all (not even an audit entry). A changed file is updated in place: provisions keep their ids
by ``code``, so enforcement items that cite them stay attached.

Three stages: *read* (hash every file, read its header and metadata: cheap), *write* (parse and store each new or
changed law, index it), *versions* (derive status and version chain, write one summary audit entry).
"""

import datetime
import json
import secrets
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from django.db import DatabaseError, IntegrityError, connections, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from yuezhifa.audit.services import audit_record
from yuezhifa.core.errors import DomainError

from .. import corpus
from ..indexing import PREFERRED_TAG, IndexBuffer, index_law, search_index
from ..models import Law, LawLevel, Provision, ProvisionKind
from ..parsing import Node, ParsedLaw, ParseError, parse_code_parts, parse_markdown, split_header
from ..permissions import require_editor
from .versions import VersionRow, apply_versions, derive_versions, stored_rows

ProgressCallback = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: ``stage`` is a Chinese label (读取 / 写入); counts are laws, absolute."""

WRITE_BATCH = 2000
LAWS_PER_TRANSACTION = 100
ANALYZE_AFTER = 10_000  # provision rows written

# Tags put on an article: it sits in a liability chapter, and the penalty kinds (处罚法 第9条) its text names.
LIABILITY_HEADINGS = ("法律责任", "罚则")
LIABILITY_TAG = "法律责任"
PENALTY_KINDS = ("警告", "通报批评", "罚款", "没收违法所得", "没收非法财物", "暂扣许可证", "降低资质等级",
                 "吊销许可证", "吊销营业执照", "限制开展生产经营活动", "责令停产停业", "责令关闭", "限制从业",
                 "行政拘留")
LAW_PENALTY_TAG = "含罚则"
PREFERRED_FILE = Path(__file__).resolve().parent.parent / "data" / "preferred_laws.json"


@lru_cache(maxsize=1)
def preferred_lineages() -> frozenset[str]:
    """Laws tagged 行政执法通用 on import (data/preferred_laws.json)."""
    names = json.loads(PREFERRED_FILE.read_text(encoding="utf-8"))["laws"]
    return frozenset(corpus.lineage_key(name) for name in names)

_PROVISION_FIELDS = ("parent_id", "kind", "ordinal", "article_number", "article_suffix", "label", "heading", "text",
                     "citation", "sort_key", "tags")


@dataclass(frozen=True)
class FileProblem:
    """A file that was not imported (or imported with a remark). ``line`` is 1-based; None for the file as a whole."""

    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        return f"{self.path} 第 {self.line} 行：{self.reason}" if self.line else f"{self.path}：{self.reason}"


@dataclass
class LawImportSummary:
    source: str = ""
    files: int = 0
    """Markdown files seen (each part of a multi-part code counts)."""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    provisions: int = 0
    """Provision rows written (created, changed or deleted) in this run."""
    status_changed: int = 0
    unparseable: list[FileProblem] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    """``(path, path of the copy imported)``: the same version of the same law filed under two categories."""
    warnings: list[FileProblem] = field(default_factory=list)
    indexed: bool = False
    elapsed: float = 0.0

    @property
    def laws_written(self) -> int:
        return self.created + self.updated

    @property
    def changed_anything(self) -> bool:
        return bool(self.laws_written or self.provisions or self.status_changed)

    def summary_line(self) -> str:
        return f"imported {self.laws_written} laws, {self.provisions} provisions, {len(self.unparseable)} unparseable"

    def detail_lines(self) -> list[str]:
        lines = [f"法律法规导入：读取 {self.files} 个文件；新增 {self.created} 部，更新 {self.updated} 部，"
                 f"未变 {self.unchanged} 部；写入条款 {self.provisions} 条；时效性变更 {self.status_changed} 部。"]
        if not self.indexed:
            lines.append("全文检索索引不可用，未建立索引（检索将退回数据库匹配）。")
        for path, kept in self.duplicates:
            lines.append(f"重复文件：{path} 与 {kept} 为同一法律的同一版本，已按后者导入。")
        for problem in self.warnings:
            lines.append(f"提示：{problem}")
        for problem in self.unparseable:
            lines.append(f"无法解析：{problem}")
        return lines

    def as_dict(self) -> dict:
        data = asdict(self)
        data["unparseable"] = [asdict(p) for p in self.unparseable]
        data["warnings"] = [asdict(p) for p in self.warnings]
        data["duplicates"] = [list(d) for d in self.duplicates]
        return data


@dataclass
class _Planned:
    """A source after the read stage: its header parsed, its Law fields known, its text kept only if it must be
    written."""

    source: corpus.Source
    sha: str
    fields: dict
    texts: list[tuple[str, str]] | None = None

    @property
    def key(self):
        return (self.fields["lineage"], self.fields["publish_date"] or self.source.path)


def _line_of(data: bytes, position: int) -> int:
    return data[:position].count(b"\n") + 1


def _law_fields(source: corpus.Source, sha: str, texts: list[tuple[str, str]]) -> dict:
    """The Law columns known from the header, the metadata and the file name. Raises ParseError."""
    if source.is_multipart:
        headers = [split_header(text) for _name, text in texts]
        title = headers[0][0]
        history: list[str] = []
        for header in headers:
            history.extend(p for p in header[2] if p not in history)
    else:
        title, extras, history, _end = split_header(texts[0][1])
        if extras:
            raise ParseError(2, f"多余的一级标题“{extras[0]}”")
    meta = source.meta
    adopted, effective_in_history = corpus.history_dates(history)
    publish = source.file_date or (meta.publish if meta else None) or adopted
    effective = (meta.valid_from if meta else None) or effective_in_history
    if effective is None:
        clauses = [corpus.in_force_date(text[-4000:]) for _name, text in texts]
        effective = next((day for day in reversed(clauses) if day), None) or publish
    category = meta.category if meta and meta.category else source.folder
    if category.startswith("DLC/"):
        category = category.split("/", 2)[-1]
    tags = list(meta.tags) if meta else []
    if corpus.lineage_key(title) in preferred_lineages():
        tags.append(PREFERRED_TAG)
    return {
        "name": title,
        "short_name": corpus.short_name(title),
        "level": corpus.guess_level(source, history),
        "category": category,
        "issuing_body": corpus.issuing_body(history),
        "publish_date": publish,
        "effective_date": effective,
        "is_repealed": bool(meta and meta.expired),
        "lineage": corpus.lineage_key(title),
        "source_path": source.path,
        "source_sha256": sha,
        "history": "\n".join(history),
        "tags": tags,
    }


def _canonical(candidates: list[_Planned]) -> _Planned:
    """Of several files holding the same version, the one filed where its metadata says it belongs, else the one
    with the longer history, else the first by path."""

    def rank(planned: _Planned):
        meta = planned.source.meta
        in_own_folder = bool(meta and planned.source.folder.endswith(meta.category))
        return (not in_own_folder, -len(planned.fields["history"]), planned.source.path)

    return min(candidates, key=rank)


# --- writing one law ------------------------------------------------------------------------------------------


def unit_citation(article: Node, chain: list[Node]) -> str:
    """``第九条第（一）项``: the article's label and the 款/项/目 below it. A sole 款 is not named when a 项 or 目 is
    (the usual form: 《行政处罚法》第九条第（一）项)."""
    parts = [article.label]
    single_paragraph = len(article.children) == 1
    for unit in chain:
        if unit.kind == "paragraph":
            if not (single_paragraph and len(chain) > 1):
                parts.append(unit.label)
        elif unit.kind == "item":
            parts.append(f"第{unit.label}项")
        elif unit.kind == "subitem":
            parts.append(f"第{unit.number}目")
    return "".join(parts)


def _article_tags(node: Node, structural: list[Node]) -> list[str]:
    tags = []
    if any(any(word in (unit.heading or unit.label) for word in LIABILITY_HEADINGS) for unit in structural):
        tags.append(LIABILITY_TAG)
    text = node.full_text
    tags.extend(kind for kind in PENALTY_KINDS if kind in text)
    return tags


class SequentialIds:
    """UUIDs in the version 7 layout (RFC 9562: 48-bit millisecond time, then random bits) that increase within one
    import. The rows of an import then land side by side in the primary-key index instead of at random places, which
    keeps a full import's index writes cheap on SQLite and PostgreSQL alike."""

    def __init__(self):
        millis = time.time_ns() // 1_000_000
        self.base = ((millis & (2**48 - 1)) << 80 | 0x7 << 76 | secrets.randbits(12) << 64 | 0b10 << 62
                     | secrets.randbits(22) << 40)
        self.count = 0

    def __call__(self) -> uuid.UUID:
        self.count += 1
        return uuid.UUID(int=self.base | self.count)


@dataclass(slots=True)
class ProvisionRow:
    """A provision as the importer writes it: plain values, no model instance (the corpus has ~180,000 of them)."""

    id: uuid.UUID
    parent_id: uuid.UUID | None
    kind: str
    ordinal: int
    article_number: int | None
    article_suffix: int
    code: str
    label: str
    heading: str
    text: str
    citation: str
    sort_key: int
    tags: list[str]

    @property
    def pk(self) -> uuid.UUID:
        return self.id

    def values(self) -> tuple:
        return tuple(getattr(self, name) for name in _PROVISION_FIELDS)


def provisions_for(law: Law, parsed: ParsedLaw, reuse: dict[str, uuid.UUID] | None = None,
                   new_id: Callable[[], uuid.UUID] = uuid.uuid4) -> list[ProvisionRow]:
    """Provision rows of ``parsed`` for ``law``, parents before children, ids reused by code from ``reuse``."""
    reuse = reuse or {}
    title = f"《{law.name}》"
    rows: list[ProvisionRow] = []

    def add(node: Node, parent: ProvisionRow | None, structural: list[Node], article: Node | None,
            chain: list[Node]) -> None:
        row = ProvisionRow(
            id=reuse.get(node.code) or new_id(), parent_id=parent.id if parent else None, kind=node.kind,
            ordinal=node.ordinal, article_number=node.article_number,
            article_suffix=node.suffix if node.kind == "article" else 0, code=node.code, label=node.label,
            heading=node.heading[:200], text=node.full_text, citation="", sort_key=node.sort_key, tags=[])
        rows.append(row)
        if node.is_structural:
            row.citation = title + "".join(unit.label for unit in [*structural, node])
            for child in node.children:
                add(child, row, [*structural, node], None, [])
        elif node.kind == "article":
            row.citation = title + node.label
            row.tags = _article_tags(node, structural)
            for child in node.children:
                add(child, row, structural, node, [])
        else:
            chain = [*chain, node]
            row.citation = title + unit_citation(article, chain)
            for child in node.children:
                add(child, row, structural, article, chain)

    for root in parsed.roots:
        add(root, None, [], None, [])
    return rows


class _Inserter:
    """Plain parameterised ``INSERT``s of provision rows through the connection's cursor.

    ``bulk_create`` spends most of a full import compiling SQL and preparing each of ~3 million values through
    model fields; here each column's value is prepared by its field only where the database needs it (UUIDs, JSON,
    timestamps). SQLite gets one prepared statement stepped per row (``executemany``); PostgreSQL gets ``COPY``,
    which it loads without parsing a statement per row.
    """

    def __init__(self):
        self.new_id = SequentialIds()
        self.connection = connections[Provision.objects.db]
        meta = Provision._meta
        self.columns = ["id", "law_id", *_PROVISION_FIELDS, "code", "created_at", "updated_at"]
        fields = [meta.get_field(name.removesuffix("_id") if name.endswith("_id") and name != "id" else name)
                  for name in self.columns]
        quote = self.connection.ops.quote_name
        # Table and column names come from the model, never from input.
        columns = ", ".join(quote(f.column) for f in fields)
        self.head = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "  # noqa: S608
        self.row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        self.copy_sql = (f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
                         if self.connection.vendor == "postgresql" else "")
        self.uuid = meta.get_field("id")
        self.json = meta.get_field("tags")

    def insert(self, law_id: uuid.UUID, rows: list[ProvisionRow]) -> None:
        if not rows:
            return
        now = self.connection.ops.adapt_datetimefield_value(timezone.now())
        prep_uuid = self.uuid.get_db_prep_value
        prep_json = self.json.get_db_prep_save
        connection = self.connection
        law = prep_uuid(law_id, connection)
        values = [
            (prep_uuid(r.id, connection), law, None if r.parent_id is None else prep_uuid(r.parent_id, connection),
             r.kind, r.ordinal, r.article_number, r.article_suffix, r.label, r.heading, r.text, r.citation,
             r.sort_key, prep_json(r.tags, connection), r.code, now, now)
            for r in rows
        ]
        with connection.cursor() as cursor:
            if self.copy_sql:
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for row in values:
                        copy.write_row(row)
                return
            cursor.executemany(self.head + self.row, values)


def _write_law(planned: _Planned, parsed: ParsedLaw, existing: Law | None, status: str,
               inserter: _Inserter) -> tuple[Law, int, list[ProvisionRow], list]:
    """Store one law and its provisions (call inside a transaction). Returns (law, provision rows written, the
    article rows, ids of provisions removed)."""
    law = existing or Law(id=uuid.uuid4())
    kept_tags = list(existing.tags) if existing is not None else []
    for name, value in planned.fields.items():
        setattr(law, name, value)
    # Tags an administrator added survive a re-import; the source's tags are added to them.
    law.tags = kept_tags + [tag for tag in law.tags if tag not in kept_tags]
    law.status = status
    law.preamble = "\n".join(parsed.preamble)
    law.article_count = len(parsed.articles)
    old: dict[str, tuple] = {}
    if existing is not None:
        old = {code: (pk, tuple(values)) for code, pk, *values in
               Provision.objects.filter(law=existing).values_list("code", "id", *_PROVISION_FIELDS)}
    rows = provisions_for(law, parsed, reuse={code: pk for code, (pk, _v) in old.items()}, new_id=inserter.new_id)
    if any(LIABILITY_TAG in row.tags for row in rows if row.kind == ProvisionKind.ARTICLE) \
            and LAW_PENALTY_TAG not in law.tags:
        law.tags = [*law.tags, LAW_PENALTY_TAG]
    law.save()

    tags_index = _PROVISION_FIELDS.index("tags")
    for row in rows:
        if row.code in old:
            kept = list(old[row.code][1][tags_index] or [])
            row.tags = kept + [tag for tag in row.tags if tag not in kept]
    to_create = [row for row in rows if row.code not in old]
    to_update = [row for row in rows if row.code in old and old[row.code][1] != row.values()]
    seen = {row.code for row in rows}
    removed = [pk for code, (pk, _v) in old.items() if code not in seen]
    if removed:
        # Descendants go with their parent (CASCADE); a provision cited elsewhere is protected and stops the update.
        Provision.objects.filter(pk__in=removed).delete()
    inserter.insert(law.pk, to_create)
    if to_update:
        now = timezone.now()
        objects = [Provision(id=row.id, law=law, code=row.code, updated_at=now,
                             **{name: getattr(row, name) for name in _PROVISION_FIELDS})
                   for row in to_update]
        Provision.objects.bulk_update(objects, [*_PROVISION_FIELDS, "updated_at"], batch_size=500)
    articles = [row for row in rows if row.kind == ProvisionKind.ARTICLE]
    return law, len(to_create) + len(to_update) + len(removed), articles, removed


def _import_one(item: _Planned, existing: Law | None, status: str, inserter: _Inserter, indexer: IndexBuffer,
                summary: LawImportSummary) -> None:
    """Parse and store one law in its own savepoint; a failure is recorded in ``summary``, never raised."""
    path = item.source.path
    try:
        parsed = _parse(item)
    except ParseError as exc:
        summary.unparseable.append(FileProblem(path, exc.line or None, exc.reason))
        return
    finally:
        item.texts = None  # release the text as soon as it is parsed
    for warning in parsed.warnings:
        summary.warnings.append(FileProblem(path, None, warning))
    try:
        with transaction.atomic():
            law, written, articles, removed = _write_law(item, parsed, existing, status, inserter)
    except ProtectedError:
        summary.unparseable.append(FileProblem(path, None, "新文本删去了已被执法事项等引用的条款，未更新"))
        return
    except IntegrityError as exc:
        summary.unparseable.append(FileProblem(path, None, f"与已有数据冲突（{exc}）"))
        return
    except DatabaseError as exc:
        summary.unparseable.append(FileProblem(path, None, f"写入失败（{exc}）"))
        return
    indexer.add(law, articles, removed)
    summary.provisions += written
    if existing is None:
        summary.created += 1
    else:
        summary.updated += 1


def _analyze() -> None:
    """Refresh the planner's statistics after a large import. PostgreSQL otherwise plans the next reads (a search
    joining provisions to laws) for the near-empty tables it last sampled, and a nested loop over 180,000 rows can
    take minutes; autovacuum would get there, but only later."""
    connection = connections[Law.objects.db]
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in (Law, Provision):
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")


def _parse(planned: _Planned) -> ParsedLaw:
    if planned.source.is_multipart:
        return parse_code_parts(planned.texts)
    return parse_markdown(planned.texts[0][1])


# --- the import ----------------------------------------------------------------------------------------------


def _read(sources: list[corpus.Source], existing_sha: dict[str, str], summary: LawImportSummary,
          progress: ProgressCallback | None) -> list[_Planned]:
    planned: list[_Planned] = []
    for done, source in enumerate(sources, 1):
        summary.files += len(source.files)
        try:
            sha, texts = source.read()
        except UnicodeDecodeError as exc:
            data = source.files[0].read_bytes() if len(source.files) == 1 else exc.object
            summary.unparseable.append(FileProblem(source.path, _line_of(data, exc.start), "不是有效的 UTF-8 文本"))
            continue
        except OSError as exc:
            summary.unparseable.append(FileProblem(source.path, None, f"无法读取（{exc.strerror}）"))
            continue
        try:
            fields = _law_fields(source, sha, texts)
        except ParseError as exc:
            summary.unparseable.append(FileProblem(source.path, exc.line or None, exc.reason))
            continue
        keep = texts if existing_sha.get(source.path) != sha else None
        planned.append(_Planned(source=source, sha=sha, fields=fields, texts=keep))
        if progress and (done % 50 == 0 or done == len(sources)):
            progress("读取", done, len(sources))
    return planned


def laws_import(*, actor, directory, progress: ProgressCallback | None = None,
                today: datetime.date | None = None) -> LawImportSummary:
    """Import every law of the corpus under ``directory``. Never raises for a bad file: it is listed in
    ``summary.unparseable`` with line and reason. Raises DomainError only when ``directory`` is not a directory, and
    NotAllowed when ``actor`` may not maintain the library."""
    require_editor(actor)
    root = Path(directory)
    if not root.is_dir():
        raise DomainError(f"法律法规目录不存在：{root}", field="directory")
    today = today or timezone.localdate()
    started = timezone.now()
    summary = LawImportSummary(source=str(root), indexed=search_index() is not None)

    sources = corpus.discover(root)
    existing_sha = dict(Law.objects.values_list("source_path", "source_sha256"))
    planned = _read(sources, existing_sha, summary, progress)

    # The same version filed under two categories is imported once.
    groups: dict[tuple, list[_Planned]] = defaultdict(list)
    for item in planned:
        groups[item.key].append(item)
    canonical: list[_Planned] = []
    for items in groups.values():
        kept = _canonical(items)
        canonical.append(kept)
        for other in items:
            if other is not kept:
                summary.duplicates.append((other.source.path, kept.source.path))
                # The other filing's folder stays findable as a tag (广告法 is filed under 行政法 and 经济法).
                for category in (other.fields["category"], other.source.folder):
                    if category != kept.fields["category"] and category not in kept.fields["tags"]:
                        kept.fields["tags"] = [*kept.fields["tags"], category]
    canonical.sort(key=lambda p: p.source.path)

    # Status from the whole picture (stored versions plus the files being read), so each law is indexed once with
    # the right weight.
    rows = {row.key: row for row in stored_rows()}
    stored_ids = dict(Law.objects.values_list("source_path", "id"))
    by_path_key = {}
    for item in canonical:
        key = stored_ids.get(item.source.path, item.source.path)
        by_path_key[item.source.path] = key
        rows[key] = VersionRow(key=key, lineage=item.fields["lineage"], publish_date=item.fields["publish_date"],
                               effective_date=item.fields["effective_date"], is_repealed=item.fields["is_repealed"])
    derived = derive_versions(list(rows.values()), today)

    # Current texts are written (and indexed) last: among equally ranked search results the most recently indexed
    # come first (the ranking itself covers every match and weighs each law by indexing.weight).
    to_write = sorted((item for item in canonical if item.texts is not None),
                      key=lambda item: (derived[by_path_key[item.source.path]].status == "in_force",
                                        PREFERRED_TAG in item.fields["tags"], item.source.path))
    summary.unchanged = len(canonical) - len(to_write)
    existing_laws = {law.source_path: law for law in
                     Law.objects.filter(source_path__in=[item.source.path for item in to_write])}
    inserter, indexer = _Inserter(), IndexBuffer()
    # Laws are written in groups, one transaction per group and a savepoint per law: a law that fails rolls back
    # alone, and the database commits a few dozen times instead of a thousand.
    for group_start in range(0, len(to_write), LAWS_PER_TRANSACTION):
        with transaction.atomic():
            for done, item in enumerate(to_write[group_start:group_start + LAWS_PER_TRANSACTION], group_start + 1):
                _import_one(item, existing_laws.get(item.source.path), derived[by_path_key[item.source.path]].status,
                            inserter, indexer, summary)
                if progress:
                    progress("写入", done, len(to_write))
            indexer.flush()

    if summary.provisions > ANALYZE_AFTER:
        _analyze()
    with transaction.atomic():
        changed = apply_versions(today)
        summary.status_changed = len(changed)
        for law in changed:
            index_law(Law.objects.get(pk=law.pk))
        summary.elapsed = (timezone.now() - started).total_seconds()
        if summary.changed_anything:
            audit_record(actor=actor, action="laws.law.import", object_type="laws.law",
                         object_repr=f"法律法规导入（{root.name}）", after=summary.as_dict())
    return summary


LEVEL_LABELS = dict(LawLevel.choices)
