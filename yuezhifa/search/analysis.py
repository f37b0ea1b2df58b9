"""Text analysis for the search index: the CJK bigram tokenizer and the parsed form of a user's query.

The tokenizer follows Lucene's CJKAnalyzer (StandardTokenizer + CJKWidthFilter + LowerCaseFilter + CJKBigramFilter):

* the text is NFKC-normalised (full-width ASCII and half-width katakana become their ordinary forms) and lowercased;
* a run of CJK characters (Han, kana, Hangul, bopomofo) gives its overlapping two-character tokens; a CJK character
  standing alone gives itself;
* a run of other letters and digits (a Latin word, a number, ``gb1234``) gives one token;
* everything else (punctuation, symbols, spaces, underscores) separates tokens and is dropped.

The index stores one more token per CJK run, its last character (``index_tokens``), so that every character of the
text begins exactly one stored token: a one-character query is then a prefix query that finds the character wherever
it stands (docs/decisions/0004-全文检索.md).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from yuezhifa.core.errors import DomainError

MAX_QUERY_CHARS = 100
"""Longer queries are refused with a DomainError rather than silently cut (decision 0004)."""

MAX_TOKEN_CHARS = 60
"""A longer letter/digit run (a hash, a serial) is cut to this length on both sides, index and query alike; it keeps
every token well under PostgreSQL's 2,047-byte lexeme limit."""

MAX_INDEX_CHARS = 200_000
"""Only this many characters of a document's text are indexed (a tsvector may not exceed 1 MB). Index long laws by
article rather than whole."""

# Han (unified, extensions A-G, compatibility), 々 〇 〡-〩, kana, bopomofo, Hangul (Jamo, compatibility Jamo,
# syllables). Kangxi radicals and half-width forms are folded into these by NFKC before this class is applied.
_CJK = (
    "\u1100-\u11ff\u3005\u3007\u3021-\u3029\u3038-\u303b\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u3105-\u312f\u3131-\u318e"
    "\u31a0-\u31bf\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff\uf900-\ufaff"
    "\U00020000-\U0003134f"
)
# A CJK run, or a run of word characters that are neither CJK nor "_" (Python's \w is letters and digits plus "_").
_RUN = re.compile(f"([{_CJK}]+)|([^\\W_{_CJK}]+)")


# Separators that NFKC maps to separators again (ASCII, CJK and full-width punctuation, general punctuation). Blanking
# them first is equivalent to NFKC-then-drop, and leaves ordinary Chinese text already NFKC-normal, so the costly
# normalisation is skipped for almost every document.
PUNCT_CLASS = (
    "[\\s!-/:-@\\[-`{-~\u00a0-\u00a9\u00ab-\u00b1\u00b4\u00b6-\u00b8\u00bb\u00bf\u2010-\u2027\u2030-\u205e\u3000-\u3004\u3008-\u3020\u3030\u303d"
    "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]"
)
_PUNCT = re.compile(PUNCT_CLASS + "+")


def normalise(text: str) -> str:
    """NFKC, then lowercase, with punctuation blanked: the text both the index and the query are cut from."""
    text = _PUNCT.sub(" ", text)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def _runs(text: str):
    """Yield (cjk, run) for each run of the normalised text."""
    for match in _RUN.finditer(normalise(text)):
        cjk, word = match.groups()
        if cjk:
            yield True, cjk
        else:
            yield False, word[:MAX_TOKEN_CHARS]


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)]


def tokenize(text: str) -> list[str]:
    """The CJKAnalyzer token stream of ``text``: bigrams for CJK runs, a lone CJK character as itself, whole words.

    >>> tokenize("违反《食品安全法》第3条，ＧＢ２７６０标准")
    ['违反', '食品', '品安', '安全', '全法', '第', '3', '条', 'gb2760', '标准']
    """
    tokens: list[str] = []
    for cjk, run in _runs(text):
        if cjk:
            tokens.extend(_bigrams(run))
        else:
            tokens.append(run)
    return tokens


def index_tokens(text: str) -> str:
    """The stored token string: ``tokenize`` plus each CJK run's last character, space-separated and space-padded.

    The extra token makes every character the first character of some token, so ``罚*`` finds 罚 also where it ends a
    run (处罚。). Phrase adjacency inside a run is unaffected: the extra token follows the run's last bigram.
    """
    out: list[str] = []
    for cjk, run in _runs(text[:MAX_INDEX_CHARS]):
        if cjk:
            out.extend(_bigrams(run))
            if len(run) > 1:
                out.append(run[-1])
        else:
            out.append(run)
    # Padded with spaces, so that every token, first and last included, occurs as " token " (engines.SQLiteEngine.rank).
    return f" {' '.join(out)} " if out else ""


# --- queries ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One part of a query that a document must contain.

    ``tokens`` are adjacent tokens (a phrase: the bigrams of one CJK run, or a single word); ``prefix`` marks a lone
    CJK character, matched as the first character of any stored token.
    """

    tokens: tuple[str, ...]
    prefix: bool = False

    @property
    def cjk(self) -> bool:
        return is_cjk(self.tokens[0][0])

    @property
    def text(self) -> str:
        """The characters this term stands for, as they appear in normalised text (for snippets and counting)."""
        if self.cjk:
            return self.tokens[0] + "".join(token[1:] for token in self.tokens[1:])
        return self.tokens[0]


@dataclass(frozen=True)
class ParsedQuery:
    """The user's query as a conjunction of terms. ``loose`` is the same query with every phrase split into its
    tokens: all of them still required, adjacency no longer (the fallback when the phrases match nothing)."""

    terms: tuple[Term, ...]

    @property
    def loose(self) -> ParsedQuery:
        seen: dict[tuple[str, ...], Term] = {}
        for term in self.terms:
            if term.prefix:
                seen.setdefault(term.tokens, term)
            else:
                for token in term.tokens:
                    seen.setdefault((token,), Term((token,)))
        return ParsedQuery(tuple(seen.values()))

    @property
    def has_phrases(self) -> bool:
        return any(len(term.tokens) > 1 for term in self.terms)


_CJK_CHAR = re.compile(f"[{_CJK}]")


def is_cjk(char: str) -> bool:
    return bool(_CJK_CHAR.match(char))


def parse_query(query: str) -> ParsedQuery | None:
    """Parse a user's query into terms; ``None`` when it holds nothing searchable (empty, only punctuation).

    Every character is text: quotes, operators (AND OR NOT NEAR), ``* : ^ - ( )`` and markup are not syntax. They
    either separate words or, being letters, are searched for as words. The query is refused when longer than
    ``MAX_QUERY_CHARS`` after trimming spaces.
    """
    query = (query or "").strip()
    if len(query) > MAX_QUERY_CHARS:
        raise DomainError(f"检索词过长：最多 {MAX_QUERY_CHARS} 个字符，当前 {len(query)} 个字符，请精简后重试。",
                          field="q")
    terms: dict[Term, None] = {}  # ordered and without duplicates
    for cjk, run in _runs(query):
        if cjk and len(run) == 1:
            terms[Term((run,), prefix=True)] = None
        elif cjk:
            terms[Term(tuple(_bigrams(run)))] = None
        else:
            terms[Term((run,))] = None
    return ParsedQuery(tuple(terms)) if terms else None
