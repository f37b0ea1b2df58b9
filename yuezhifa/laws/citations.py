"""Reading citations of statutes and finding the provision they point at, in the version in force on a date.

Forms understood (numbers in Chinese or Arabic numerals, 书名号 optional)::

    《中华人民共和国行政处罚法》第五十一条
    《行政处罚法》第51条第1款
    处罚法第六十三条第一款第（二）项          ← an abbreviation from data/abbreviations.json
    行政处罚法第六十三条第一款第二项
    《食品安全法》第一百二十四条第一款第（三）项
    《刑法》第一百二十条之一 · …第（一）项第2目

Anything else raises :class:`CitationInvalid` naming the part that was not understood; a law, version or provision
that does not exist raises :class:`CitationNotFound` naming what is missing.
"""

import datetime
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.db.models import Q
from django.utils import timezone
from rest_framework import status

from yuezhifa.core.errors import DomainError

from .corpus import lineage_key
from .models import Law, LawStatus, Provision, ProvisionKind
from .numerals import cn_to_int, int_to_cn
from .parsing import article_label

ABBREVIATIONS_FILE = Path(__file__).resolve().parent / "data" / "abbreviations.json"
_NUM = r"[零〇一二两三四五六七八九十百千\d０-９]+"
CITATION_RE = re.compile(
    rf"(?:《(?P<quoted>[^《》]+?)》|(?P<bare>[^《》\s第]+?))\s*"
    rf"第(?P<article>{_NUM})条(?:之(?P<suffix>{_NUM}))?"
    rf"(?:第(?P<paragraph>{_NUM})款)?"
    rf"(?:第?[（(](?P<item>{_NUM})[)）]项?|第(?P<item_plain>{_NUM})项)?"
    rf"(?:第(?P<subitem>{_NUM})目)?"
)
# In running text only the 书名号 form is a citation of another law (本法第X条 refers to the citing law itself).
QUOTED_CITATION_RE = re.compile(CITATION_RE.pattern.replace(r"|(?P<bare>[^《》\s第]+?)", ""))
PREFIX = "中华人民共和国"


class CitationInvalid(DomainError):
    code = "citation_invalid"
    title = "无法识别的引用"


class CitationNotFound(DomainError):
    status_code = status.HTTP_404_NOT_FOUND
    code = "citation_not_found"
    title = "未找到引用的条款"


@dataclass(frozen=True)
class Citation:
    """A parsed citation; ``law`` is the name as written (without 书名号)."""

    law: str
    article: int
    suffix: int = 0
    paragraph: int | None = None
    item: int | None = None
    subitem: int | None = None
    text: str = ""

    @property
    def code(self) -> str:
        """The provision code this citation names when it gives every level (``A63.P1.I2``)."""
        code = f"A{self.article}" + (f"-{self.suffix}" if self.suffix else "")
        if self.paragraph:
            code += f".P{self.paragraph}"
        if self.item:
            code += f".I{self.item}"
        if self.subitem:
            code += f".M{self.subitem}"
        return code


def _number(text: str | None) -> int | None:
    if text is None:
        return None
    return cn_to_int(text)


def _from_match(match: re.Match, text: str) -> Citation:
    law = (match.group("quoted") or match.groupdict().get("bare") or "").strip()
    return Citation(
        law=law,
        article=_number(match.group("article")),
        suffix=_number(match.group("suffix")) or 0,
        paragraph=_number(match.group("paragraph")),
        item=_number(match.group("item") or match.group("item_plain")),
        subitem=_number(match.group("subitem")),
        text=text,
    )


def parse_citation(text: str) -> Citation:
    """Parse one citation. Raises CitationInvalid saying which part was not understood."""
    original = text
    text = (text or "").strip().rstrip("。；;，,").strip()
    if not text:
        raise CitationInvalid("引用为空：请填写如“《中华人民共和国行政处罚法》第五十一条”的条款引用。", field="citation")
    match = CITATION_RE.fullmatch(text)
    if match is None:
        partial = CITATION_RE.match(text)
        if partial is not None:
            rest = text[partial.end():]
            raise CitationInvalid(f"引用“{original}”中“{rest}”无法识别（应为 第X款、第（X）项、第X目）。",
                                  field="citation")
        if "第" not in text or "条" not in text:
            raise CitationInvalid(f"引用“{original}”中没有条号（应如“第五十一条”或“第51条”）。", field="citation")
        raise CitationInvalid(f"引用“{original}”无法识别：应为 法律名称 + 第X条（可续 第X款、第（X）项、第X目）。",
                              field="citation")
    try:
        return _from_match(match, original)
    except ValueError:
        raise CitationInvalid(f"引用“{original}”中的序号无法识别。", field="citation") from None


def extract_citations(text: str) -> list[tuple[tuple[int, int], Citation]]:
    """Every 《…》第…条 citation in running text, with its span."""
    return [((m.start(), m.end()), _from_match(m, m.group(0))) for m in QUOTED_CITATION_RE.finditer(text)]


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    """The abbreviation table (data, not code): short form → full name."""
    data = json.loads(ABBREVIATIONS_FILE.read_text(encoding="utf-8"))
    return {key: value for key, value in data.items() if not key.startswith("_")}


def _candidate_names(name: str) -> list[str]:
    name = lineage_key(name)
    names = [name]
    full = abbreviations().get(name)
    if full:
        names.insert(0, lineage_key(full))
    if not name.startswith(PREFIX):
        names.append(PREFIX + name)
    return names


def find_law(name: str, *, on: datetime.date | None = None, queryset=None) -> Law:
    """The version of the law called ``name`` (full name, short name or abbreviation) in force on ``on``
    (default: today). Raises CitationNotFound naming the law or the date."""
    on = on or timezone.localdate()
    laws = Law.objects.all() if queryset is None else queryset
    versions = []
    for candidate in _candidate_names(name):
        versions = list(laws.filter(Q(lineage=candidate) | Q(short_name=candidate) | Q(name=candidate)))
        if versions:
            break
    if not versions:
        raise CitationNotFound(f"法律法规库中没有名为“{name}”的法律法规。", field="citation")
    lineages = sorted({law.lineage for law in versions})
    if len(lineages) > 1:
        raise CitationNotFound(f"“{name}”可指多部法律法规：{'、'.join(lineages)}，请写全称。", field="citation")
    today = timezone.localdate()
    # A text repealed on an unknown date (expiry empty) was in force in the past, but is not today.
    in_force = [law for law in versions if law.in_force_on(on)
                and not (law.status == LawStatus.REPEALED and law.expiry_date is None and on >= today)]
    if not in_force:
        versions.sort(key=lambda law: law.effective_date or datetime.date.min)
        first = versions[0]
        if first.effective_date and on < first.effective_date:
            raise CitationNotFound(f"《{first.name}》{on.isoformat()} 尚未施行（库中最早版本 "
                                   f"{first.effective_date.isoformat()} 起施行）。", field="date")
        raise CitationNotFound(f"《{first.name}》在 {on.isoformat()} 没有有效版本（已废止或已失效）。", field="date")
    # Overlap only arises from inconsistent data; the latest version wins.
    return max(in_force, key=lambda law: (law.effective_date or datetime.date.min, law.publish_date
                                          or datetime.date.min))


def _ordinal_label(citation: Citation) -> str:
    return article_label(citation.article, citation.suffix)


def resolve_in_law(law: Law, citation: Citation) -> Provision:
    """The provision ``citation`` names within ``law``. Raises CitationNotFound naming the missing unit."""
    article_code = f"A{citation.article}" + (f"-{citation.suffix}" if citation.suffix else "")
    units = {p.code: p for p in Provision.objects.filter(law=law).filter(
        Q(code=article_code) | Q(code__startswith=article_code + ".")).select_related("law")}
    where = f"《{law.name}》（{law.publish_date.isoformat() if law.publish_date else '版本'}）"
    article = units.get(article_code)
    if article is None:
        raise CitationNotFound(f"{where}没有{_ordinal_label(citation)}（共 {law.article_count} 条）。",
                               field="citation")
    if citation.paragraph is None and citation.item is None and citation.subitem is None:
        return article
    if citation.paragraph is not None:
        paragraph_code = f"{article_code}.P{citation.paragraph}"
        if paragraph_code not in units:
            count = sum(1 for p in units.values() if p.parent_id == article.pk)
            raise CitationNotFound(f"{where}{article.label}没有第{int_to_cn(citation.paragraph)}款（共 {count} 款）。",
                                   field="citation")
        parents = [paragraph_code]
    else:
        parents = sorted((code for code, p in units.items() if p.kind == ProvisionKind.PARAGRAPH),
                         key=lambda code: units[code].ordinal)
    if citation.item is None:
        if citation.subitem is None:
            return units[parents[0]]
        targets = [f"{code}.M{citation.subitem}" for code in parents]
    else:
        targets = [f"{code}.I{citation.item}" for code in parents]
        found = [code for code in targets if code in units]
        if not found:
            paragraph = f"第{int_to_cn(citation.paragraph)}款" if citation.paragraph else ""
            raise CitationNotFound(f"{where}{article.label}{paragraph}没有第（{int_to_cn(citation.item)}）项。",
                                   field="citation")
        if len(found) > 1:
            raise CitationNotFound(f"{where}{article.label}有多款含第（{int_to_cn(citation.item)}）项，请注明第几款。",
                                   field="citation")
        if citation.subitem is None:
            return units[found[0]]
        targets = [f"{found[0]}.M{citation.subitem}"]
    found = [code for code in targets if code in units]
    if len(found) != 1:
        raise CitationNotFound(f"{where}{article.label}没有所引的第{int_to_cn(citation.subitem)}目。", field="citation")
    return units[found[0]]


def resolve(text: str, *, on: datetime.date | None = None, queryset=None) -> Provision:
    """The provision a citation names, in the version of the law in force on ``on`` (default: today).

    ``queryset`` restricts the laws searched (pass the user's restricted queryset from a selector).
    """
    citation = parse_citation(text)
    law = find_law(citation.law, on=on, queryset=queryset)
    return resolve_in_law(law, citation)
