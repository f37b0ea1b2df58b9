"""The two full-text engines behind ``yuezhifa.search.index``: SQLite FTS5 and PostgreSQL tsvector/GIN.

Both index the same pre-analysed token strings (``analysis.index_tokens``) and answer the same four questions:

* ``match``: the ids of documents of a kind containing every term of a query, in the engine's own order, at most
  ``limit`` of them (the count of these, capped, is the result's total; the first of them are the candidates);
* ``title_match``: the same, looking at titles only (so that title matches are always among the candidates);
* ``rank``: score given candidates and return one page of them, best first;
* ``raw``: the plain ranked full-text query, without candidates, weights or title preference (benchmark baseline).

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
BM25_K1 = 1.2
BM25_B = 0.75

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
SCAN_BUDGET = 10_000
"""PostgreSQL: rows a bounded sequential read may visit for a query estimated to be common."""
STATISTICS_TTL = 600.0
"""PostgreSQL: seconds the planner statistics read by the engine are reused."""


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

    def ids_for(self, cursor, kind: str, object_ids: Sequence[str]) -> list[int]:
        """Internal ids of the given objects of a kind (to restrict a search to them)."""
        condition, param = self._in(object_ids)
        cursor.execute(f"SELECT id FROM {TABLE} WHERE kind = %s AND object_id {condition}", [kind, param])  # noqa: S608
        return [row[0] for row in cursor.fetchall()]

    def fetch(self, cursor, ids: Sequence[int]) -> dict[int, tuple[str, str, str]]:
        """(object_id, title, text) of the given rows, for the page's snippets."""
        condition, param = self._in(ids)
        cursor.execute(f"SELECT id, object_id, title, text FROM {TABLE} WHERE id {condition}", [param])  # noqa: S608
        return {row[0]: row[1:] for row in cursor.fetchall()}

    def rebuild(self, cursor, retokenize) -> None:
        """Rebuild the engine's index around ``retokenize(cursor)``, which rewrites stale token strings."""
        raise NotImplementedError

    def match(self, cursor, kind: str, query: ParsedQuery, *, limit: int, within=None) -> list[int]:
        raise NotImplementedError

    def title_match(self, cursor, kind: str, query: ParsedQuery, *, limit: int, within=None) -> list[int]:
        raise NotImplementedError

    def rank(self, cursor, ids: Sequence[int], query: ParsedQuery, *, limit: int,
             offset: int) -> list[tuple[int, float]]:
        raise NotImplementedError

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
    ``k`` column holds the kind's token; ``search_fts_title`` indexes titles alone so that title matches can be
    found without scanning text matches.
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
    def _expression(kind: str, query: ParsedQuery, columns: str) -> str:
        terms = " AND ".join(f"{columns} : {_fts_term(term)}" for term in query.terms)
        return f"k : {_fts_string(fts_kind_token(kind))} AND {terms}"

    def _match(self, cursor, table: str, columns: str, kind, query, limit, within) -> list[int]:
        expression = self._expression(kind, query, columns)
        if within is None:
            cursor.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH %s ORDER BY rowid DESC LIMIT %s",  # noqa: S608
                           [expression, limit])
        else:
            # Probe the index once per allowed row: cheap for the few hundred or thousand ids a caller passes.
            cursor.execute(f"SELECT {table}.rowid FROM json_each(%s) AS w CROSS JOIN {table} "  # noqa: S608
                           f"ON {table}.rowid = w.value WHERE {table} MATCH %s ORDER BY {table}.rowid DESC LIMIT %s",
                           [json.dumps(list(within)), expression, limit])
        return [row[0] for row in cursor.fetchall()]

    def match(self, cursor, kind, query, *, limit, within=None) -> list[int]:
        return self._match(cursor, "search_fts", "{t b}", kind, query, limit, within)

    def title_match(self, cursor, kind, query, *, limit, within=None) -> list[int]:
        return self._match(cursor, "search_fts_title", "t", kind, query, limit, within)

    def rank(self, cursor, ids, query, *, limit, offset) -> list[tuple[int, float]]:
        """BM25 over the candidates: occurrences counted by SQL, the score computed here.

        FTS5's own bm25() first counts, for every phrase, all rows of the whole table containing it (for its IDF),
        which for a common phrase costs hundreds of milliseconds whatever the LIMIT. This computes FTS5's formula
        with its parameters and a title weight from the candidates alone. IDF is left out (every candidate contains
        every term, so it would only weigh terms against one another); lengths are in characters and the average
        is the candidates'. Title occurrences are counted exactly in the title's tokens; text occurrences in the
        text itself, a third of the tokens' size: exact for Chinese, a close count for Latin words (case and
        full-width forms aside, which count as one occurrence).
        """
        counts, params = [], []
        latin = not all(term.cjk for term in query.terms)
        text = "lower(text)" if latin else "text"
        for term in query.terms:
            # The stored tokens are space-padded: ' 罚款 款数 ' occurs once per occurrence of the phrase, ' 罚' once
            # per token starting with 罚, that is once per occurrence of the character (analysis.index_tokens).
            pattern = " " + " ".join(term.tokens) + ("" if term.prefix else " ")
            counts.append("(length(title_tokens) - length(replace(title_tokens, %s, ''))) / %s")
            counts.append(f"(length({text}) - length(replace({text}, %s, ''))) / %s")
            params += [pattern, len(pattern), term.text, len(term.text)]
        cursor.execute(f"SELECT id, weight, length(title) + length(text), {', '.join(counts)} "  # noqa: S608
                       f"FROM {TABLE} WHERE id IN (SELECT value FROM json_each(%s))", [*params, json.dumps(list(ids))])
        rows = cursor.fetchall()
        if not rows:
            return []
        average = sum(row[2] for row in rows) / len(rows) or 1.0
        scored = []
        for row_id, weight, size, *occurrences in rows:
            norm = BM25_K1 * (1 - BM25_B + BM25_B * size / average)
            score = 0.0
            for i in range(0, len(occurrences), 2):
                # Every candidate holds every term: at least one occurrence however the counting went.
                tf = max(1.0, TITLE_WEIGHT * occurrences[i] + occurrences[i + 1])
                score += tf * (BM25_K1 + 1) / (tf + norm)
            scored.append((weight * score, row_id))
        scored.sort(reverse=True)
        return [(row_id, score) for score, row_id in scored[offset:offset + limit]]

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
    ``title_tsv`` the marker and the title. The marker puts the kind filter inside the GIN index."""

    vendor = "postgresql"

    def _in(self, values):
        return "= ANY(%s)", list(values)

    @contextlib.contextmanager
    def reading(self, connection):
        """One transaction with JIT compilation off (a plan over a large table can cross jit_above_cost, and compiling
        costs more than the search) and synchronised scans off (a sequential scan then always starts at the table's
        first page, so the candidates, and so the pages of results, are the same from one request to the next)."""
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off; SET LOCAL synchronize_seqscans = off")
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

    def _frequencies(self, cursor, column: str) -> dict[str, float]:
        """The planner's most common lexemes of ``column`` with the fraction of rows holding each (from ANALYZE),
        read at most every STATISTICS_TTL seconds. Empty before the table has been analysed."""
        key = (cursor.db.settings_dict["NAME"], column)
        cached = self._statistics.get(key)
        if cached and time.monotonic() - cached[0] < STATISTICS_TTL:
            return cached[1]
        cursor.execute("SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                       "WHERE schemaname = current_schema() AND tablename = %s AND attname = %s", [TABLE, column])
        row = cursor.fetchone()
        frequencies = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
        self._statistics[key] = (time.monotonic(), frequencies)
        return frequencies

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

    def _match(self, cursor, column, kind, query, limit, within) -> list[int]:
        frequencies = self._frequencies(cursor, column)
        kind_fraction = frequencies.get("#" + kind)
        if kind_fraction is not None and kind_fraction >= 0.5:
            # Most rows are of this kind: its marker's posting list would only slow the GIN scan; filter the rows.
            condition = f"{column} @@ to_tsquery('simple', %s) AND kind = %s"
            params: list = [tsquery_text(query), kind]
        else:
            condition = f"{column} @@ (%s::tsquery && to_tsquery('simple', %s))"
            params = [pg_kind_query(kind), tsquery_text(query)]
        if within is not None:
            condition += " AND id = ANY(%s)"
            params.append(list(within))
        selectivity = self._selectivity(frequencies, kind_fraction, query)
        if within is None and selectivity and limit / selectivity <= SCAN_BUDGET / 2:
            # Common enough that reading the table from its start finds ``limit`` matches within SCAN_BUDGET rows:
            # do that, bounded, and fall back to the planner's choice should the estimate have been wrong.
            cursor.execute(f"SELECT id FROM (SELECT id, kind, {column} FROM {TABLE} LIMIT %s) AS head "  # noqa: S608
                           f"WHERE {condition} LIMIT %s", [SCAN_BUDGET, *params, limit])
            found = [row[0] for row in cursor.fetchall()]
            if len(found) >= limit:
                return found
        # No ORDER BY: a plan that must sort visits every match, while this stops at ``limit`` (a sequential scan
        # for a common term, a bitmap scan for a rarer one). Either returns the first matches in table order, the
        # same each time since synchronised scans are off (``reading``), and the same as the bounded read above.
        cursor.execute(f"SELECT id FROM {TABLE} WHERE {condition} LIMIT %s", [*params, limit])  # noqa: S608
        return [row[0] for row in cursor.fetchall()]

    def match(self, cursor, kind, query, *, limit, within=None) -> list[int]:
        return self._match(cursor, "tsv", kind, query, limit, within)

    def title_match(self, cursor, kind, query, *, limit, within=None) -> list[int]:
        return self._match(cursor, "title_tsv", kind, query, limit, within)

    def rank(self, cursor, ids, query, *, limit, offset) -> list[tuple[int, float]]:
        """ts_rank_cd (cover density: adjacent and close terms score higher) with title weight A = 1.0 against the
        text's D = 0.1, divided by 1 + log(length), times the document's weight."""
        cursor.execute(f"SELECT id, weight * ts_rank_cd('{{0.1, 0.2, 0.4, 1.0}}', tsv, q, 1) AS score "  # noqa: S608
                       f"FROM {TABLE}, to_tsquery('simple', %s) AS q WHERE id = ANY(%s) "
                       f"ORDER BY score DESC, id DESC LIMIT %s OFFSET %s",
                       [tsquery_text(query), list(ids), limit, offset])
        return cursor.fetchall()

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
