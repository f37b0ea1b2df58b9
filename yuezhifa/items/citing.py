"""Turning the citations typed in a sheet or a form (《中华人民共和国食品安全法》第一百二十四条第一款) into provisions.

The laws library's resolver (``yuezhifa.laws.citations.resolve``) is the authority on what a citation means; this
module splits a cell into its citations and turns the resolver's refusal into a message naming the citation.
"""

import datetime
import re

from yuezhifa.core.errors import DomainError
from yuezhifa.laws import citations
from yuezhifa.laws.models import Provision

_SPLIT = re.compile(r"[\n\r；;]+")
_NEW_TITLE = re.compile(r"(?<=[条款项目])\s*[、，,]?\s*(?=《)")


class CitationError(ValueError):
    """A citation that names no provision; the message is Chinese and names the citation."""


def split_citations(cell: str) -> list[str]:
    """One cell may hold several citations, separated by new lines or semicolons (or simply one after another)."""
    out: list[str] = []
    for part in _SPLIT.split(cell or ""):
        for piece in _NEW_TITLE.split(part):
            piece = piece.strip().strip("、，,。 ")
            if piece:
                out.append(piece)
    return out


def resolve_citation(text: str, on_date: datetime.date) -> Provision:
    """The provision ``text`` cites, in the version in force on ``on_date``; ``CitationError`` when there is none."""
    try:
        provision = citations.resolve(text, on=on_date)
    except DomainError as exc:
        detail = exc.message.rstrip("。")
        message = detail if text in detail else f"引用“{text}”有误：{detail}"
        raise CitationError(message + "。") from None
    return provision
