"""Result snippets: a window of the stored text around the first match, HTML-escaped, matches in <mark>.

Computed in Python for the hits of one page only, from the original text, so what is shown is what was written
(full-width letters, punctuation and all) while matching follows the index's normalisation.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from html import escape

from .analysis import _CJK, MAX_TOKEN_CHARS, PUNCT_CLASS, ParsedQuery, Term

SNIPPET_CHARS = 120
"""Length of the window of text shown."""
CONTEXT_CHARS = 30
"""Characters shown before the first match."""
_CHUNK = 4096
_MARGIN = 128  # longer than any match of a query of at most 100 characters


class _FoldTable(dict):
    """str.translate table folding each character as the index does (NFKC, lowercase) while keeping positions: a
    character whose folded form is not one character is kept (lowercased if that keeps its length)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char).lower()
        if len(folded) != 1:
            folded = char.lower() if len(char.lower()) == 1 else char
        self[code] = folded
        return folded


_FOLD = _FoldTable()
_PUNCT_CHAR = re.compile(PUNCT_CLASS)


def _fold(text: str) -> str:
    """``text`` folded as the index folds it, position for position."""
    blanked = _PUNCT_CHAR.sub(" ", text)  # what NFKC changes in Chinese text is mostly full-width punctuation
    if unicodedata.is_normalized("NFKC", blanked):
        lowered = blanked.lower()
        if len(lowered) == len(text):
            return lowered
    return text.translate(_FOLD)


_WORD_CHAR = f"[^\\W_{_CJK}]"


@functools.lru_cache(maxsize=256)
def _pattern(terms: tuple[Term, ...]) -> re.Pattern:
    cjk, words = set(), set()
    for term in terms:
        if term.cjk:
            cjk.add(term.text)
        else:
            words.add(term.text)
    parts = []
    if cjk:
        parts.append("|".join(re.escape(text) for text in sorted(cjk, key=len, reverse=True)))
    for word in sorted(words, key=len, reverse=True):
        # A word matches whole, as the tokenizer cut it; a word cut at MAX_TOKEN_CHARS matches its longer originals.
        tail = f"{_WORD_CHAR}*" if len(word) >= MAX_TOKEN_CHARS else ""
        parts.append(f"(?<!{_WORD_CHAR}){re.escape(word)}{tail}(?!{_WORD_CHAR})")
    return re.compile("|".join(parts))


def _spans(text: str, pattern: re.Pattern) -> list[tuple[int, int]]:
    """Spans of the matches from the first one to the end of its window. The text is folded chunk by chunk until a
    match is found, so a long law costs no more than a short article when it matches early."""
    size, position = len(text), 0
    while True:
        low, high = max(0, position - _MARGIN), min(size, position + _CHUNK)
        folded = _fold(text[low:high])
        match = pattern.search(folded, position - low)  # look-behind still sees the margin before ``position``
        if match is None:
            if high == size:
                return []
            position = high - _MARGIN  # overlap, so a match cut at ``high`` is found whole in the next chunk
            continue
        if match.end() == len(folded) and high < size and low + match.start() > position:
            position = low + match.start()  # the match may go on past ``high``: look again from its start
            continue
        first = low + match.start()
        break
    low, high = max(0, first - _MARGIN), min(size, first + SNIPPET_CHARS + _MARGIN)
    folded = _fold(text[low:high])
    return [(low + m.start(), low + m.end()) for m in pattern.finditer(folded, first - low)]


def _render(text: str, spans: list[tuple[int, int]]) -> str:
    first = spans[0][0] if spans else 0
    start = max(0, min(first - CONTEXT_CHARS, len(text) - SNIPPET_CHARS))
    end = min(len(text), max(start + SNIPPET_CHARS, spans[0][1] if spans else 0))
    out = ["…" if start > 0 else ""]
    position = start
    for span_start, span_end in spans:
        span_end = min(span_end, end)
        if span_start >= span_end:
            break
        out.append(escape(text[position:span_start]))
        out.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    out.append(escape(text[position:end]))
    if end < len(text):
        out.append("…")
    return "".join(out)


def snippet_html(text: str, title: str, query: ParsedQuery) -> str:
    """The snippet of a hit: around the first match in the text, else in the title, else the text's beginning."""
    pattern = _pattern(query.terms)
    for source in (text, title):
        spans = _spans(source, pattern)
        if spans:
            return _render(source, spans)
    return _render(text or title, [])
