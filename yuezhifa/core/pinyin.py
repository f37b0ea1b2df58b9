"""Pinyin initials for search boxes: an officer finds 经营超过保质期食品 by typing ``jyggbzqsp``."""

import re

from pypinyin import Style, lazy_pinyin

_KEEP = re.compile(r"[^a-z0-9]")


def initials(text: str | None) -> str:
    """The first letter of each Chinese character's pinyin (words read as in their phrase: 行政 → xz), letters and
    digits kept as lower case, everything else dropped: “经营超过保质期食品” → ``jyggbzqsp``."""
    letters = lazy_pinyin(str(text or ""), style=Style.FIRST_LETTER, errors="default")
    return _KEEP.sub("", "".join(letters).lower())


def looks_like_initials(query: str) -> bool:
    """A query of Latin letters only (at least two), as typed to search by initials."""
    return bool(re.fullmatch(r"[A-Za-z]{2,}", (query or "").strip()))
