"""The two full-text engines behind ``yuezhifa.search.index``: SQLite FTS5 and PostgreSQL tsvector/GIN.

Both index the same pre-analysed token strings (``analysis.index_tokens``) and answer the same three questions:

* ``match``: how many documents of a kind contain every term of a query, counted up to ``limit`` (the result's
  total);
* ``page``: one page of all those documents ranked by the engine's own relevance function (FTS5 ``bm25()``,
  ``ts_rank_cd``) times the document's stored weight, best first;
* ``raw``: the plain ranked full-text query, without weights, count or stored text (the benchmark baseline).

Every user-supplied string reaches SQL as a bound parameter. Query expressions (FTS5 MATCH strings, tsquery text)
are assembled here from tokens made only of letters and digits, each one quoted besides, so no input can add an
operator.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Sequence

from django.db import transaction

from .analysis import ParsedQuery, Term

TABLE = "search_searchdocument"
TITLE_WEIGHT = 10.0
"""A title occurrence counts as this many text occurrences (PostgreSQL: weight A = 1.0 against D = 0.1)."""

_COLUMNS = "kind, object_id, weight, title, title_tokens, text, tokens, updated_at"
_UPSERT = f"""
INSERT INTO {TABLE} ({_COLUMNS}) {{source}}
ON CONFLICT (kind, object_id) DO UPDATE SET
    weight = excluded.weight, title = excluded.title, title_tokens = excluded.title_tokens, text = excluded.text,
    tokens = excluded.tokens, updated_at = excluded.updated_at
WHERE {TABLE}.weight <> excluded.weight OR {TABLE}.title <> excluded.title OR {TABLE}.text <> excluded.text
    OR {TABLE}.title_tokens <> excluded.title_tokens OR {TABLE}.tokens <> excluded.tokens
"""
UPSERT_BATCH = 500
WITHIN_LOOKUP = 5_000
"""PostgreSQL: a search restricted to at most this many objects, for a common query, looks them up one by one
instead of scanning every match."""
STATISTICS_TTL = 600.0
"""Seconds the table statistics read by the engines (kinds' shares, PostgreSQL's lexeme frequencies) are reused."""


class Engine:
    vendor = ""

    def reading(self, connection):
        """Context for the queries of one search."""
        return contextlib.nullcontext()

    def _in(self, values: Sequence) -> tuple[str, object]:
        """SQL for "IN <values>" with the whole list as one bound parameter."""
        raise NotImplementedError

    def upsert(self, cursor, rows: Sequence[tuple]) -> None:
        """Insert or update rows of (kind, object_id, weight, title, title_tokens, text, tokens, updated_at); a row
        whose content is unchanged is left alone, so re-indexing unchanged objects costs only the lookup."""
        placeholders = "(" + ", ".join(["%s"] * 8) + ")"
        for start in range(0, len(rows), UPSERT_BATCH):
            batch = rows[start:start + UPSERT_BATCH]
            cursor.execute(_UPSERT.format(source="VALUES " + ", ".join([placeholders] * len(batch))),
                           [value for row in batch for value in row])

    def delete(self, cursor, kind: str, object_ids: Sequence[str]) -> int:
        condition, param = self._in(object_ids)
        cursor.execute(f"DELETE FROM {TABLE} WHERE kind = %s AND object_id {condition}", [kind, param])  # noqa: S608
        return cursor.rowcount

    def fetch(self, cursor, ids: Sequence[int]) -> dict[int, tuple[str, str, str]]:
        """(object_id, title, text) of the given rows."""
        condition, param = self._in(ids)
        cursor.execute(f"SELECT id, object_id, title, text FROM {TABLE} WHERE id {condition}", [param])  # noqa: S608
        return {row[0]: row[1:] for row in cursor.fetchall()}

    def rebuild(self, cursor, retokenize) -> None:
        """Rebuild the engine's index around ``retokenize(cursor)``, which rewrites stale token strings."""
        raise NotImplementedError

    def match(self, cursor, kind: str, query: ParsedQuery, *, limit: int, within=None) -> int:
        """The number of matches, counted up to ``limit``; ``within``: a list of object ids to keep to."""
        raise NotImplementedError

    def forget_statistics(self) -> None:
        """Drop the cached table statistics (tests; they are otherwise re-read every STATISTICS_TTL seconds)."""

    def page(self, cursor, kind: str, query: ParsedQuery, *, limit: int, offset: int,
             within=None) -> tuple[list[tuple[float, str, str, str]], int | None]:
        """One page of every match ranked best first, (score, object_id, title, text) each, and the number of
        matches when the engine learnt it on the way (else None). The score is the engine's relevance (title
        occurrences weighing TITLE_WEIGHT text occurrences) times the document's weight; ties go to the most
        recently indexed document."""
        raise NotImplementedError

    def _stored(self, cursor, scored: list[tuple[int, float]]) -> list[tuple[float, str, str, str]]:
        """(score, object_id, title, text) of a ranked page of (row id, score); a row removed meanwhile (by a
        concurrent remove_documents) is left out. Read apart from the ranking so that only the page's texts are."""
        stored = self.fetch(cursor, [row_id for row_id, _score in scored])
        return [(float(score), *stored[row_id]) for row_id, score in scored if row_id in stored]

    def raw(self, cursor, kind: str, query: ParsedQuery, *, limit: int) -> list[str]:
        raise NotImplementedError


# --- SQLite FTS5 ---------------------------------------------------------------------------------------------


def _fts_string(token: str) -> str:
    """An FTS5 string literal: double quotes, inner quotes doubled. Inside one, nothing is an operator."""
    return '"' + token.replace('"', '""') + '"'


def _fts_term(term: Term) -> str:
    # The 'ascii' tokenizer splits a quoted string at spaces into a phrase of adjacent tokens.
    return _fts_string(" ".join(term.tokens)) + ("*" if term.prefix else "")


def fts_kind_token(kind: str) -> str:
    """The token that marks a document's kind in the FTS5 ``k`` column (hex keeps it one ASCII token)."""
    return "k" + kind.encode().hex()


def sqlite_triggers_sql() -> list[str]:
    """Triggers keeping both FTS5 tables in step with every insert, update and delete of the document table (as
    created by migration 0001; for a later migration that rebuilds the table, and for ``yzf search_rebuild``)."""
    kind = "'k' || lower(hex({row}.kind))"
    insert = (f"INSERT INTO search_fts(rowid, k, t, b) VALUES (new.id, {kind.format(row='new')}, new.title_tokens, "  # noqa: S608
              f"new.tokens); INSERT INTO search_fts_title(rowid, k, t) VALUES (new.id, {kind.format(row='new')}, "
              f"new.title_tokens);")
    delete = (f"INSERT INTO search_fts(search_fts, rowid, k, t, b) VALUES ('delete', old.id, {kind.format(row='old')}, "  # noqa: S608
              f"old.title_tokens, old.tokens); INSERT INTO search_fts_title(search_fts_title, rowid, k, t) VALUES "
              f"('delete', old.id, {kind.format(row='old')}, old.title_tokens);")
    return [
        f"CREATE TRIGGER search_document_ai AFTER INSERT ON {TABLE} BEGIN {insert} END",
        f"CREATE TRIGGER search_document_ad AFTER DELETE ON {TABLE} BEGIN {delete} END",
        f"CREATE TRIGGER search_document_au AFTER UPDATE OF id, kind, title_tokens, tokens ON {TABLE} "
        f"WHEN old.id <> new.id OR old.kind <> new.kind OR old.title_tokens <> new.title_tokens "
        f"OR old.tokens <> new.tokens BEGIN {delete} {insert} END",
    ]


class SQLiteEngine(Engine):
    """Two contentless FTS5 tables with the 'ascii' tokenizer over the space-separated tokens.

    'ascii' treats every non-ASCII character as part of a token and lowercases ASCII, so a stored token such as 罚款
    is matched exactly and whole (unicode61 would do too for CJK, but 'ascii' leaves nothing to its own rules). The
    ``k`` column holds the kind's token. ``search_fts_title`` (titles alone, kept in step by the same triggers) is no
    longer read: ranking over every match with bm25() weighs titles itself (decision 0004).
    """

    vendor = "sqlite"

    def _in(self, values):
        return "IN (SELECT value FROM json_each(%s))", json.dumps(list(values))

    def rebuild(self, cursor, retokenize) -> None:
        """Run ``retokenize(cursor)`` with the triggers off, then refill both FTS5 tables from the document table and
        put the triggers back (also when a rebuild of the document table had dropped them)."""
        for name in ("search_document_ai", "search_document_ad", "search_document_au"):
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        retokenize(cursor)
        cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
        cursor.execute("INSERT INTO search_fts_title(search_fts_title) VALUES ('delete-all')")
        cursor.execute(f"INSERT INTO search_fts(rowid, k, t, b) SELECT id, 'k' || lower(hex(kind)), title_tokens, "  # noqa: S608
                       f"tokens FROM {TABLE}")
        cursor.execute(f"INSERT INTO search_fts_title(rowid, k, t) SELECT id, 'k' || lower(hex(kind)), title_tokens "  # noqa: S608
                       f"FROM {TABLE}")
        cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
        cursor.execute("INSERT INTO search_fts_title(search_fts_title) VALUES ('optimize')")
        for statement in sqlite_triggers_sql():
            cursor.execute(statement)

    @staticmethod
    def _expression(kind: str | None, query: ParsedQuery, columns: str) -> str:
        """The MATCH string; with ``kind``, the kind's token is one of its phrases (the filter then runs in FTS5)."""
        terms = " AND ".join(f"{columns} : {_fts_term(term)}" for term in query.terms)
        return terms if kind is None else f"k : {_fts_string(fts_kind_token(kind))} AND {terms}"

    def __init__(self):
        self._kinds: dict[str, tuple[float, dict[str, float]]] = {}

    def forget_statistics(self) -> None:
        self._kinds.clear()

    def _kind_fraction(self, cursor, kind: str) -> float:
        """The fraction of the documents that are of ``kind`` (from the (kind, object_id) index, read at most every
        STATISTICS_TTL seconds)."""
        key = cursor.db.settings_dict["NAME"]
        cached = self._kinds.get(key)
        if not cached or time.monotonic() - cached[0] >= STATISTICS_TTL:
            cursor.execute(f"SELECT kind, count(*) FROM {TABLE} GROUP BY kind")  # noqa: S608
            counts = dict(cursor.fetchall())
            everything = sum(counts.values()) or 1
            cached = (time.monotonic(), {name: count / everything for name, count in counts.items()})
            self._kinds[key] = cached
        return cached[1].get(kind, 0.0)

    def _filter(self, cursor, kind, query, within) -> tuple[str, str, list]:
        """(MATCH string, condition on the document row ``d``, its parameters) for the matches of ``kind``.

        For a kind that is most of the table, or a list of objects, the kind is checked on the document row, which
        the ranking reads anyway for the weight: as a MATCH phrase, its posting list (most of the table) would be
        merged with the query's, and bm25() would first count all of it for the phrase's IDF, several times the
        cost of the query itself. For a small kind the token stays in the MATCH, where it narrows the scan. (IDF is
        then over all kinds or over the kind's documents: slightly different scores, never different matches.)
        "+rowid" keeps the list of objects away from FTS5, which would otherwise run the whole MATCH once per listed
        row (a hundred times slower): one pass over the matches, each checked against the list (computed once)."""
        if within is not None:
            return (self._expression(None, query, "{t b}"),
                    f" AND +d.id IN (SELECT id FROM {TABLE} WHERE kind = %s "  # noqa: S608
                    f"AND object_id IN (SELECT value FROM json_each(%s)))", [kind, json.dumps(list(within))])
        if self._kind_fraction(cursor, kind) >= 0.5:
            return self._expression(None, query, "{t b}"), " AND d.kind = %s", [kind]
        return self._expression(kind, query, "{t b}"), "", []

    def match(self, cursor, kind, query, *, limit, within=None) -> int:
        expression, condition, params = self._filter(cursor, kind, query, within)
        join = f" CROSS JOIN {TABLE} AS d ON d.id = search_fts.rowid" if condition else ""
        cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM search_fts{join} WHERE search_fts MATCH %s{condition} "  # noqa: S608
                       f"LIMIT %s)", [expression, *params, limit])
        return cursor.fetchone()[0]

    def page(self, cursor, kind, query, *, limit, offset, within=None):
        """FTS5's bm25() (k1 = 1.2, b = 0.75; the kind column weighs nothing, a title occurrence TITLE_WEIGHT text
        occurrences) over every match, times the document's weight. bm25() is negative, better is lower: negated.
        FTS5 walks the posting lists once, the weight comes from the document row by its key (CROSS JOIN: FTS5
        drives), and SQLite's sorter keeps only offset + limit rows."""
        expression, condition, params = self._filter(cursor, kind, query, within)
        cursor.execute(f"SELECT d.id, -bm25(search_fts, 0.0, {TITLE_WEIGHT}, 1.0) * d.weight AS score "  # noqa: S608
                       f"FROM search_fts CROSS JOIN {TABLE} AS d ON d.id = search_fts.rowid "
                       f"WHERE search_fts MATCH %s{condition} ORDER BY score DESC, d.id DESC LIMIT %s OFFSET %s",
                       [expression, *params, limit, offset])
        return self._stored(cursor, cursor.fetchall()), None

    def raw(self, cursor, kind, query, *, limit) -> list[str]:
        expression = self._expression(kind, query, "{t b}")
        cursor.execute(f"SELECT d.object_id FROM search_fts JOIN {TABLE} d ON d.id = search_fts.rowid "  # noqa: S608
                       f"WHERE search_fts MATCH %s ORDER BY bm25(search_fts, 0.0, {TITLE_WEIGHT}, 1.0) LIMIT %s",
                       [expression, limit])
        return [row[0] for row in cursor.fetchall()]


# --- PostgreSQL ----------------------------------------------------------------------------------------------


def _tsquery_lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery_text(query: ParsedQuery) -> str:
    """The query in to_tsquery syntax: phrases with <->, prefixes with :*, terms joined by &."""
    parts = []
    for term in query.terms:
        phrase = " <-> ".join(_tsquery_lexeme(token) for token in term.tokens)
        parts.append(f"{phrase}:*" if term.prefix else f"({phrase})" if len(term.tokens) > 1 else phrase)
    return " & ".join(parts)


def pg_kind_query(kind: str) -> str:
    """The tsquery literal of a kind's marker lexeme ('#' + kind: '#' never occurs in an analysed token)."""
    return _tsquery_lexeme("#" + kind)


class PostgresEngine(Engine):
    """Generated tsvector columns over the token strings ('simple' configuration: the tokens are already analysed)
    with GIN indexes. ``tsv`` holds the kind's marker lexeme, the title (weight A) and the text (weight D);
    ``title_tsv`` the marker and the title (no longer read, like SQLite's title table). The marker puts the kind
    filter inside the GIN index."""

    vendor = "postgresql"

    def _in(self, values):
        return "= ANY(%s)", list(values)

    @contextlib.contextmanager
    def reading(self, connection):
        """One transaction with JIT compilation off (a plan over a large table can cross jit_above_cost, and compiling
        costs more than the search)."""
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            yield

    def upsert(self, cursor, rows: Sequence[tuple]) -> None:
        """One INSERT ... ON CONFLICT per batch, the rows passed as one array per column (unnest): a single
        statement with eight parameters instead of thousands."""
        columns = [list(column) for column in zip(*rows, strict=True)]
        cursor.execute(_UPSERT.format(source=(
            "SELECT * FROM unnest(%s::varchar[], %s::varchar[], %s::double precision[], %s::text[], %s::text[], "
            "%s::text[], %s::text[], %s::timestamptz[])")), columns)

    def rebuild(self, cursor, retokenize) -> None:
        """The generated columns follow the tokens by themselves, and the GIN indexes follow the columns."""
        retokenize(cursor)
        cursor.execute(f"ANALYZE {TABLE}")

    def __init__(self):
        self._statistics: dict[tuple[str, str], tuple[float, dict[str, float]]] = {}

    def forget_statistics(self) -> None:
        self._statistics.clear()

    def _frequencies(self, cursor, column: str) -> tuple[dict[str, float], float]:
        """The planner's most common lexemes of ``column`` with the fraction of rows holding each, and the table's
        row count (from ANALYZE), read at most every STATISTICS_TTL seconds. Empty before the first ANALYZE."""
        key = (cursor.db.settings_dict["NAME"], column)
        cached = self._statistics.get(key)
        if cached and time.monotonic() - cached[0] < STATISTICS_TTL:
            return cached[1]
        cursor.execute("SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples "
                       "FROM pg_stats AS s JOIN pg_class AS c ON c.oid = %s::regclass "
                       "WHERE s.schemaname = current_schema() AND s.tablename = %s AND s.attname = %s",
                       [TABLE, TABLE, column])
        row = cursor.fetchone()
        statistics = (dict(zip(row[0], row[1], strict=False)), max(0.0, row[2])) if row and row[0] else ({}, 0.0)
        self._statistics[key] = (time.monotonic(), statistics)
        return statistics

    @staticmethod
    def _selectivity(frequencies: dict[str, float], kind_fraction: float | None, query: ParsedQuery) -> float:
        """A fraction of the table's rows the query probably matches; 0 when unknown or rare.

        PostgreSQL multiplies the frequencies of a phrase's lexemes as if they were independent, while the
        overlapping bigrams of a phrase nearly always occur together: 违法所得 is estimated at a fifth of its true
        count, and the planner then merges three huge GIN posting lists instead of reading a few thousand rows.
        Here a phrase counts as often as its rarest bigram; separate terms are taken as independent."""
        if not frequencies or kind_fraction is None:
            return 0.0
        estimate = kind_fraction
        for term in query.terms:
            if term.prefix:
                return 0.0
            estimate *= min(frequencies.get(token, 0.0) for token in term.tokens)
        return estimate

    def _source(self, cursor, kind, query, within) -> tuple[str, str, list, float]:
        """(FROM, WHERE, parameters) selecting the rows of ``kind`` that match ``query`` (and are listed in
        ``within``), and the estimated fraction of the table's rows matching (0 when unknown)."""
        frequencies, rows = self._frequencies(cursor, "tsv")
        kind_fraction = frequencies.get("#" + kind)
        selectivity = self._selectivity(frequencies, kind_fraction, query)
        if within is not None and len(within) <= WITHIN_LOOKUP and selectivity * rows >= len(within):
            # A short list and a common query: fetch the list's rows through the (kind, object_id) index and test
            # each, rather than let the GIN scan produce every match only to keep a few.
            return (f"(SELECT id, weight, tsv FROM {TABLE} WHERE kind = %s AND object_id = ANY(%s) "  # noqa: S608
                    f"OFFSET 0) AS listed",  # OFFSET 0: planned apart, through the index
                    "tsv @@ to_tsquery('simple', %s)", [kind, list(within), tsquery_text(query)], selectivity)
        if kind_fraction is not None and kind_fraction >= 0.5:
            # Most rows are of this kind: its marker's posting list would only slow the GIN scan; filter the rows.
            condition = "tsv @@ to_tsquery('simple', %s) AND kind = %s"
            params: list = [tsquery_text(query), kind]
        else:
            condition = "tsv @@ (%s::tsquery && to_tsquery('simple', %s))"
            params = [pg_kind_query(kind), tsquery_text(query)]
        if within is not None:
            condition += " AND object_id = ANY(%s)"  # checked through a hash of the list (PostgreSQL 14+)
            params.append(list(within))
        return TABLE, condition, params, selectivity

    def match(self, cursor, kind, query, *, limit, within=None) -> int:
        source, condition, params, _selectivity = self._source(cursor, kind, query, within)
        # No ORDER BY: this stops at ``limit``. (A search learns its count from ``page``; this is for the rest.)
        cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {source} WHERE {condition} LIMIT %s) AS found",  # noqa: S608
                       [*params, limit])
        return cursor.fetchone()[0]

    def page(self, cursor, kind, query, *, limit, offset, within=None):
        """ts_rank_cd (cover density: adjacent and close terms score higher) with title weight A = 1.0 against the
        text's D = 0.1, divided by 1 + log(length), times the document's weight, over every match: one statement
        that scores the matches once (a GIN bitmap scan and the heap rows' vectors), counts them, sorts the scores
        (top-N) and reads the texts of the page's rows only. The count comes with the page: no second scan."""
        source, condition, params, _selectivity = self._source(cursor, kind, query, within)
        cursor.execute(f"WITH matched AS MATERIALIZED (SELECT id, weight * ts_rank_cd('{{0.1, 0.2, 0.4, 1.0}}', tsv, "  # noqa: S608
                       f"to_tsquery('simple', %s), 1) AS score FROM {source} WHERE {condition}) "
                       f"SELECT m.score, d.object_id, d.title, d.text, (SELECT count(*) FROM matched) "
                       f"FROM (SELECT id, score FROM matched ORDER BY score DESC, id DESC LIMIT %s OFFSET %s) AS m "
                       f"JOIN {TABLE} AS d ON d.id = m.id ORDER BY m.score DESC, m.id DESC",
                       [tsquery_text(query), *params, limit, offset])
        rows = cursor.fetchall()
        return [(float(score), *stored) for score, *stored, _count in rows], (rows[0][-1] if rows else None)

    def raw(self, cursor, kind, query, *, limit) -> list[str]:
        cursor.execute(f"SELECT object_id FROM {TABLE}, to_tsquery('simple', %s) AS q "  # noqa: S608
                       f"WHERE tsv @@ (%s::tsquery && q) ORDER BY ts_rank_cd(tsv, q) DESC LIMIT %s",
                       [tsquery_text(query), pg_kind_query(kind), limit])
        return [row[0] for row in cursor.fetchall()]


ENGINES = {"sqlite": SQLiteEngine(), "postgresql": PostgresEngine()}


def engine_for(connection) -> Engine:
    try:
        return ENGINES[connection.vendor]
    except KeyError:
        raise NotImplementedError(f"全文检索不支持 {connection.vendor} 数据库（仅支持 SQLite 与 PostgreSQL）。") from None
