"""The platform's Chinese full-text search (DESIGN §8; docs/decisions/0004-全文检索.md).

A document is anything with an id, a title and a text, filed under a ``kind`` ("laws.provision", "items.item",
"disclosure.penalty", ...). The owning app keeps the index in step by calling ``replace_documents`` and
``remove_documents`` from its services, and answers its users with ``search``::

    from yuezhifa.search.index import Doc, replace_documents, search

    replace_documents("laws.provision", [Doc(str(p.id), p.heading, p.text) for p in provisions])
    result = search("laws.provision", "罚款数额", limit=20, within_ids=allowed_ids)

What a query means: its text is cut as documents are (analysis.tokenize); a document matches when it holds every
part of it: each run of Chinese characters as written (its bigrams adjacent), each Latin word or number whole, and a
lone Chinese character anywhere. Nothing in a query is syntax. When no document holds the runs as written, the
query is relaxed to "every bigram anywhere" and ``Result.relaxed`` says so.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from yuezhifa.core.errors import DomainError

from .analysis import MAX_QUERY_CHARS, index_tokens, parse_query, tokenize
from .engines import TABLE, engine_for
from .snippets import snippet_html

__all__ = ["MAX_LIMIT", "MAX_OFFSET", "MAX_QUERY_CHARS", "TOTAL_CAP", "Doc", "Hit", "Result", "raw_query",
           "rebuild_index", "remove_documents", "replace_documents", "search", "tokenize"]

TOTAL_CAP = 1_000
"""Matches are counted up to this number; beyond it ``Result.total`` is TOTAL_CAP and ``total_is_estimate`` is set
(show "1,000+"). Counting further costs time in proportion on both engines (decision 0004)."""
MAX_OFFSET = 500
"""Pages reach no further than this many results (offset below it): nobody reads a ranked list that far, and a
deeper page costs a larger sort. Ranking itself always considers every match (decision 0004)."""
MAX_LIMIT = 100
_KIND = re.compile(r"[a-z][a-z0-9_.-]{0,39}")
_WRITE_BATCH = 2_000


@dataclass(frozen=True)
class Doc:
    object_id: str
    title: str
    text: str
    weight: float = 1.0


@dataclass(frozen=True)
class Hit:
    object_id: str
    score: float
    snippet_html: str


@dataclass(frozen=True)
class Result:
    """One page of results. ``total`` counts all matches, up to TOTAL_CAP; ``total_is_estimate`` means there are
    more than that (a lower bound: show "1,000+"); ``relaxed`` means no document held the query's phrases as
    written and these results hold all of their bigrams in any order."""

    total: int
    hits: list[Hit]
    total_is_estimate: bool = False
    relaxed: bool = False


def _check_kind(kind: str) -> None:
    if not isinstance(kind, str) or not _KIND.fullmatch(kind):
        raise ValueError(f"检索类别 {kind!r} 无效：应为小写字母开头、由小写字母、数字和 . _ - 组成的 1-40 个字符。")


def _connection():
    return connections[DEFAULT_DB_ALIAS]


def _rows(kind: str, docs: Iterable[Doc], now) -> Iterator[list[tuple]]:
    """Batches of table rows, each without duplicate object ids (the last one wins)."""
    iterator = iter(docs)
    while batch := list(islice(iterator, _WRITE_BATCH)):
        rows: dict[str, tuple] = {}
        for doc in batch:
            if not isinstance(doc, Doc):
                raise TypeError(f"replace_documents 需要 Doc 对象，收到 {type(doc).__name__}。")
            object_id = str(doc.object_id)
            if not object_id or len(object_id) > 64:
                raise ValueError(f"对象标识 {object_id!r} 无效：应为 1-64 个字符。")
            weight = float(doc.weight)
            if not math.isfinite(weight) or weight < 0:
                raise ValueError(f"对象 {object_id} 的权重 {doc.weight!r} 无效：应为非负有限数。")
            # PostgreSQL text cannot hold NUL; nothing searchable is lost by dropping it.
            title, text = (doc.title or "").replace("\x00", ""), (doc.text or "").replace("\x00", "")
            rows[object_id] = (kind, object_id, weight, title, index_tokens(title), text, index_tokens(text), now)
        yield list(rows.values())


def replace_documents(kind: str, docs: Iterable[Doc]) -> int:
    """Index ``docs`` under ``kind``, replacing what was indexed for the same object ids; return how many.

    Idempotent: documents identical to what is stored are not rewritten. Runs in its own transaction, or in the
    caller's (as part of the service's write), so the index changes exactly when the object does.
    """
    _check_kind(kind)
    connection = _connection()
    engine = engine_for(connection)
    written: set[str] = set()
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for rows in _rows(kind, docs, timezone.now()):
            engine.upsert(cursor, rows)
            written.update(row[1] for row in rows)
    return len(written)


def remove_documents(kind: str, object_ids: Iterable[str]) -> int:
    """Remove the given objects of ``kind`` from the index; return how many were indexed. Unknown ids are ignored."""
    _check_kind(kind)
    ids = list(dict.fromkeys(str(object_id) for object_id in object_ids))
    if not ids:
        return 0
    connection = _connection()
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        return engine_for(connection).delete(cursor, kind, ids)


def _check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit 应在 1 到 {MAX_LIMIT} 之间，收到 {limit!r}。")
    if offset < 0:
        raise ValueError(f"offset 不能为负数，收到 {offset!r}。")
    if offset >= MAX_OFFSET:
        raise DomainError(f"检索结果只能翻阅前 {MAX_OFFSET} 条，请增加检索词缩小范围。", field="offset")


def search(kind: str, query: str, *, limit: int = 20, offset: int = 0,
           within_ids: Iterable[str] | None = None) -> Result:
    """Documents of ``kind`` matching ``query``, best first: one page of ``limit`` hits from ``offset``.

    ``within_ids`` restricts the search to those object ids (the caller's permitted scope, a law's articles).
    An empty or punctuation-only query gives an empty result; a query over MAX_QUERY_CHARS characters raises
    DomainError. Ranking, over every match: the engine's own relevance (FTS5 bm25() on SQLite, ts_rank_cd on
    PostgreSQL) with title occurrences weighing ten times a text occurrence, times the document's weight; ties go to
    the most recently indexed document.
    """
    _check_kind(kind)
    _check_page(limit, offset)
    parsed = parse_query(query)
    within = None if within_ids is None else list(dict.fromkeys(str(object_id) for object_id in within_ids))
    if parsed is None or within == []:
        return Result(0, [])
    connection = _connection()
    engine = engine_for(connection)
    with engine.reading(connection), connection.cursor() as cursor:

        def run(terms) -> tuple[list, int]:
            """The page and the number of matches (at least up to TOTAL_CAP + 1); counting costs a query only when
            neither the engine nor the page tells it (a full page, or an empty one past the first)."""
            ranked, matches = engine.page(cursor, kind, terms, limit=limit, offset=offset, within=within)
            if matches is not None:
                return ranked, matches
            if offset == 0 and len(ranked) < limit:
                return ranked, len(ranked)
            return ranked, engine.match(cursor, kind, terms, limit=TOTAL_CAP + 1, within=within)

        relaxed = False
        ranked, matches = run(parsed)
        if not matches and parsed.has_phrases:
            parsed, relaxed = parsed.loose, True
            ranked, matches = run(parsed)
    total, estimate = min(matches, TOTAL_CAP), matches > TOTAL_CAP
    hits = [Hit(object_id, score, snippet_html(text, title, parsed)) for score, object_id, title, text in ranked]
    return Result(total, hits, estimate, relaxed and total > 0)


def raw_query(kind: str, query: str, *, limit: int = 20) -> list[str]:
    """The plain full-text query on the same index: every match ranked by the engine's own function (FTS5 bm25,
    ts_rank_cd), without document weights, relaxation, count, stored text or snippets. The benchmark baseline for
    ``search``."""
    _check_kind(kind)
    parsed = parse_query(query)
    if parsed is None:
        return []
    connection = _connection()
    engine = engine_for(connection)
    with engine.reading(connection), connection.cursor() as cursor:
        return engine.raw(cursor, kind, parsed, limit=limit)


def rebuild_index(*, kind: str | None = None) -> int:
    """Re-analyse the stored documents (of one kind, or all) and rebuild the engine's index from them; return how
    many documents' tokens changed. For a new tokenizer version, and on SQLite after a migration rebuilt the
    document table (which drops the triggers)."""
    if kind is not None:
        _check_kind(kind)
    connection = _connection()
    engine = engine_for(connection)
    changed = 0

    def retokenize(cursor) -> None:
        nonlocal changed
        last = 0
        while True:
            cursor.execute(f"SELECT id, title, text, title_tokens, tokens FROM {TABLE} WHERE id > %s"  # noqa: S608
                           f"{' AND kind = %s' if kind else ''} ORDER BY id LIMIT %s",
                           [last, *([kind] if kind else []), _WRITE_BATCH])
            rows = cursor.fetchall()
            if not rows:
                return
            updates = []
            for row_id, title, text, title_tokens, tokens in rows:
                fresh = (index_tokens(title), index_tokens(text))
                if fresh != (title_tokens, tokens):
                    updates.append((*fresh, row_id))
            if updates:
                cursor.executemany(f"UPDATE {TABLE} SET title_tokens = %s, tokens = %s WHERE id = %s", updates)  # noqa: S608
            changed += len(updates)
            last = rows[-1][0]

    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        engine.rebuild(cursor, retokenize)
    return changed
