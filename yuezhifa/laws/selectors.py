"""Every read of the laws library, restricted to what the user may see (DESIGN §5.4)."""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, QuerySet, When
from django.utils.html import escape

from . import citations
from .indexing import LAW_KIND, PROVISION_KIND, search_index, weight
from .models import Law, LawLevel, LawStatus, Provision, ProvisionKind

INDEX_PAGE = 100  # the search index's largest page
INDEX_REACH = 500  # the search index's deepest position


# --- laws ----------------------------------------------------------------------------------------------------


def law_list(*, user, action: str = "view", name: str = "", search: str = "", level: str = "", status: str = "",
             category: str = "", lineage: str = "") -> QuerySet[Law]:
    """Laws the user may see. ``name`` is an exact full name; ``search`` matches names (through the search index
    when there is one, ranked; else by substring)."""
    qs = Law.objects.restrict(user, action)
    if name:
        qs = qs.filter(name=name.strip())
    if level:
        qs = qs.filter(level__in=_choice_values(level, LawLevel))
    if status:
        qs = qs.filter(status__in=_choice_values(status, LawStatus))
    if category:
        qs = qs.filter(category=category)
    if lineage:
        qs = qs.filter(lineage=lineage)
    search = (search or "").strip()
    if search:
        index = search_index()
        substring = Q(name__icontains=search) | Q(short_name__icontains=search)
        if index is None:
            return qs.filter(substring)
        result = index.search(LAW_KIND, search, limit=INDEX_PAGE)
        ranked = [hit.object_id for hit in result.hits]
        order = Case(*(When(pk=pk, then=position) for position, pk in enumerate(ranked)),
                     default=len(ranked), output_field=IntegerField())
        return qs.filter(Q(pk__in=ranked) | substring).order_by(order, "name", "-publish_date")
    return qs


def _choice_values(value: str, choices) -> list[str]:
    """Accept a choice's value or its Chinese label (``in_force`` or ``现行有效``), several separated by commas."""
    labels = {label: key for key, label in choices.choices}
    return [labels.get(part.strip(), part.strip()) for part in value.split(",") if part.strip()]


def law_get(*, user, pk, action: str = "view") -> Law:
    return Law.objects.restrict(user, action).get(pk=pk)


def law_structure(*, law: Law) -> list[Provision]:
    """Every provision of a law in document order (the caller has read the law through a restricted selector)."""
    return list(Provision.objects.filter(law=law).order_by("sort_key").only(
        "id", "law_id", "parent_id", "kind", "ordinal", "article_number", "article_suffix", "code", "label",
        "heading", "text", "citation", "sort_key", "tags"))


def law_table_of_contents(*, law: Law) -> list[Provision]:
    """The structural units and articles of a law in document order (no paragraphs or items)."""
    return list(Provision.objects.filter(law=law, kind__in=["part", "subpart", "chapter", "section", "article"])
                .order_by("sort_key").only("id", "parent_id", "kind", "code", "label", "heading", "sort_key",
                                           "article_number"))


def law_versions(*, user, law: Law) -> QuerySet[Law]:
    """All versions of the law (same lineage), oldest first."""
    return Law.objects.restrict(user, "view").filter(lineage=law.lineage).order_by("publish_date", "effective_date")


def law_categories(*, user) -> list[dict]:
    """(level, category, count) for the browse page's facets."""
    rows = Law.objects.restrict(user, "view").values("level", "category").annotate(count=Count("id")) \
        .order_by("level", "category")
    labels = dict(LawLevel.choices)
    return [{**row, "level_display": labels.get(row["level"], row["level"])} for row in rows]


# --- provisions ----------------------------------------------------------------------------------------------


def provision_list(*, user, action: str = "view", law=None, status: str = "", kind: str = "",
                   article_number: int | None = None) -> QuerySet[Provision]:
    qs = Provision.objects.restrict(user, action).select_related("law")
    if law:
        qs = qs.filter(law_id=law)
    if status:
        qs = qs.filter(law__status__in=_choice_values(status, LawStatus))
    if kind:
        qs = qs.filter(kind__in=_choice_values(kind, ProvisionKind))
    if article_number is not None:
        qs = qs.filter(article_number=article_number)
    return qs.order_by("law__name", "law_id", "sort_key")


def provision_get(*, user, pk, action: str = "view") -> Provision:
    return Provision.objects.restrict(user, action).select_related("law", "parent").get(pk=pk)


def provision_children(*, provision: Provision) -> list[Provision]:
    """The 款/项/目 below a provision, in order, all levels (flat, with parent ids)."""
    prefix = provision.code + "."
    return list(Provision.objects.filter(law_id=provision.law_id, code__startswith=prefix).order_by("sort_key"))


def provision_ancestors(*, provision: Provision) -> list[Provision]:
    """The units above a provision, outermost first (for breadcrumbs)."""
    chain, current = [], provision.parent
    while current is not None:
        chain.append(current)
        current = current.parent
    return list(reversed(chain))


def provision_resolve(*, user, citation: str, on: datetime.date | None = None) -> Provision:
    """The provision a citation names in the version in force on ``on`` (citations.resolve), among the laws the
    user may see."""
    return citations.resolve(citation, on=on, queryset=Law.objects.restrict(user, "view"))


CITING_RELATIONS: list[tuple[str, str]] = [("item_bases", "执法事项")]
"""Reverse relations from other apps that cite a provision, with their Chinese name. The items app adds
``provision.item_bases``; the library does not import it, it looks the relation up by name."""


def provision_citing(*, user, provision: Provision) -> list[dict]:
    """What cites this provision, by relation: ``[{"label": "执法事项", "objects": [...]}]``; relations whose app
    is not installed are skipped. Each related object is shown through its own restricted queryset when its model
    has one."""
    groups = []
    for relation, label in CITING_RELATIONS:
        manager = getattr(provision, relation, None)
        if manager is None:
            continue
        qs = manager.all()
        restrict = getattr(qs, "restrict", None)
        if callable(restrict):
            qs = restrict(user, "view")
        groups.append({"label": label, "relation": relation, "objects": list(qs[:200])})
    return groups


# --- search --------------------------------------------------------------------------------------------------


@dataclass
class SearchHit:
    provision: Provision
    score: float
    snippet: str


@dataclass
class SearchPage:
    total: int
    hits: list[SearchHit]
    total_is_estimate: bool = False
    relaxed: bool = False


def _articles(user) -> QuerySet[Provision]:
    return Provision.objects.restrict(user, "view").filter(kind=ProvisionKind.ARTICLE).select_related("law")


def provision_search(*, user, query: str, law=None, status: str = "", limit: int = 20,
                     offset: int = 0) -> SearchPage:
    """Articles matching ``query``, best first.

    Ranking: the search index's relevance over every matching article times the document's weight, set when the law
    is indexed (indexing.weight: current text over superseded ones, laws over rules, and the current laws every body
    applies, tagged 行政执法通用, well above the rest, so a search for 罚款 opens with 行政处罚法). One index query per
    page. ``law`` limits the search to one law version; ``status`` to laws of that status (value or Chinese label,
    comma-separated), filtered in the ranked list as far as the index pages go.
    """
    query = (query or "").strip()
    if not query:
        return SearchPage(0, [])
    index = search_index()
    if index is None:
        return _search_database(user, query, law=law, status=status, limit=limit, offset=offset)
    articles = _articles(user)
    within = None
    if law:
        within = [str(pk) for pk in articles.filter(law_id=law).values_list("pk", flat=True)]
        if not within:
            return SearchPage(0, [])
    step, reach = getattr(index, "MAX_LIMIT", INDEX_PAGE), getattr(index, "MAX_OFFSET", INDEX_REACH)
    if status:
        return _search_status(index, query, within, articles, set(_choice_values(status, LawStatus)), limit=limit,
                              offset=offset, step=step, reach=reach)
    page: list[SearchHit] = []
    result, position = None, offset
    while len(page) < limit and position < reach:
        size = min(step, limit - len(page), reach - position)
        result = index.search(PROVISION_KIND, query, limit=size, offset=position, within_ids=within)
        page += _load(result.hits, articles)
        position += size
        if len(result.hits) < size:
            break
    if result is None:  # a page past the index's reach: empty, with the total of the matches
        result, page = index.search(PROVISION_KIND, query, limit=1, within_ids=within), []
    return SearchPage(result.total, page, result.total_is_estimate, result.relaxed)


def _search_status(index, query: str, within, articles, statuses: set[str], *, limit: int, offset: int, step: int,
                   reach: int) -> SearchPage:
    """The ranked list as far as the index pages go, keeping the articles of laws of the given statuses; the total
    counts those."""
    page: list[SearchHit] = []
    position = 0
    result = None
    for start in range(0, reach, step):
        size = min(step, reach - start)
        result = index.search(PROVISION_KIND, query, limit=size, offset=start, within_ids=within)
        for hit in _load(result.hits, articles):
            if hit.provision.law.status in statuses:
                if offset <= position < offset + limit:
                    page.append(hit)
                position += 1
        if len(result.hits) < size:
            break
    return SearchPage(position, page, False, result.relaxed if result else False)


def _load(hits, articles: QuerySet[Provision]) -> list[SearchHit]:
    ids = [hit.object_id for hit in hits]
    # Unordered (the hits give the order) and without the laws' long texts, which a list of hits does not show.
    rows = {str(p.pk): p for p in articles.filter(pk__in=ids).order_by().defer("law__history", "law__preamble")}
    return [SearchHit(rows[hit.object_id], hit.score, hit.snippet_html) for hit in hits if hit.object_id in rows]


# Without the search app: substring match in the database, ranked in Python by density and the law's weight.
_FALLBACK_POOL = 2000
SNIPPET_CHARS = 120


def _search_database(user, query: str, *, law, status: str, limit: int, offset: int) -> SearchPage:
    terms = [term for term in re.split(r"\s+", query) if term]
    qs = _articles(user)
    for term in terms:
        qs = qs.filter(text__icontains=term)
    if law:
        qs = qs.filter(law_id=law)
    if status:
        qs = qs.filter(law__status__in=_choice_values(status, LawStatus))
    total = qs.count()
    pool = list(qs.order_by("law__name")[:_FALLBACK_POOL])

    def score(p: Provision) -> float:
        density = sum(p.text.count(term) for term in terms) / (len(p.text) + 50) ** 0.5
        return weight(p.law) * density  # the index's weight: preferred laws (行政执法通用) lead here too

    pool.sort(key=score, reverse=True)
    hits = [SearchHit(p, round(score(p), 4), highlight(p.text, terms)) for p in pool[offset:offset + limit]]
    return SearchPage(total, hits)


def highlight(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> str:
    """A window of ``text`` around the first term, HTML-escaped, terms in <mark>."""
    first = min((i for i in (text.find(t) for t in terms) if i >= 0), default=0)
    start = max(0, first - 30)
    window = text[start:start + width]
    html = escape(window)
    for term in sorted(terms, key=len, reverse=True):
        html = html.replace(escape(term), f"<mark>{escape(term)}</mark>")
    return ("…" if start else "") + html + ("…" if start + width < len(text) else "")

