"""Keeping the full-text index (``yuezhifa.search``, DESIGN §8) in step with the library.

Documents: kind ``laws.law`` (one per law version: title = full name, text = name, short name, issuing body and
history) and kind ``laws.provision`` (one per article: title = citation, text = the article's full text), named
``<app>.<model>`` as the search app's other kinds are. A document's weight, stored with it and multiplied into the
engine's rank over every match, favours the text in force and the higher rank, and strongly the current laws every
enforcement body applies (tagged 行政执法通用): a search for 罚款 opens with the current 行政处罚法, above its 2009
version and above a departmental rule. Any change to what the weight depends on (status, level, tags) re-indexes the
law (``index_law``); migration 0003 re-weighed the documents indexed before the preferred factor existed.

Every function here is called inside the transaction that wrote the rows, so index and rows never disagree. When the
search app is not installed (a stripped-down deployment), indexing is skipped and searches fall back to the database.
"""

from collections.abc import Iterable

from .models import Law, LawLevel, LawStatus, Provision, ProvisionKind

LAW_KIND = "laws.law"
PROVISION_KIND = "laws.provision"

PREFERRED_TAG = "行政执法通用"
"""Laws every enforcement body applies (处罚法, 强制法, 许可法 …, data/preferred_laws.json)."""
PREFERRED_WEIGHT = 10.0
"""Factor of the weight of a preferred law in force. Strong enough that its matching articles lead the results
(行政处罚法第九条 is on the first page for 罚款 on both engines; at 3 it is not on PostgreSQL, whose ts_rank_cd grows
with every occurrence where BM25 saturates), weak enough that an article of another law matching much better (罚款 in
its title, say) still comes among them (decision 0004)."""

STATUS_WEIGHT = {
    LawStatus.IN_FORCE: 1.0,
    LawStatus.NOT_YET_EFFECTIVE: 0.8,
    LawStatus.AMENDED: 0.5,
    LawStatus.REPEALED: 0.3,
}
LEVEL_WEIGHT = {
    LawLevel.CONSTITUTION: 1.0,
    LawLevel.LAW: 1.0,
    LawLevel.ADMINISTRATIVE_REGULATION: 0.9,
    LawLevel.SUPERVISORY_REGULATION: 0.9,
    LawLevel.LOCAL_REGULATION: 0.85,
    LawLevel.DEPARTMENTAL_RULE: 0.8,
    LawLevel.LOCAL_GOVERNMENT_RULE: 0.75,
    LawLevel.JUDICIAL_INTERPRETATION: 0.8,
    LawLevel.NORMATIVE_DOCUMENT: 0.6,
}


def is_preferred(law: Law) -> bool:
    """A current law tagged 行政执法通用."""
    return law.status == LawStatus.IN_FORCE and PREFERRED_TAG in (law.tags or [])


def weight(law: Law) -> float:
    """The search weight of a law's documents: status times level, times PREFERRED_WEIGHT for a preferred law."""
    factor = PREFERRED_WEIGHT if is_preferred(law) else 1.0
    return round(STATUS_WEIGHT.get(law.status, 1.0) * LEVEL_WEIGHT.get(law.level, 1.0) * factor, 4)


def search_index():
    """The search app's ``index`` module, or None when it is not available."""
    try:
        from yuezhifa.search import index
    except ImportError:
        return None
    if not hasattr(index, "replace_documents"):
        return None
    return index


def law_document(index, law: Law):
    text = "\n".join(part for part in (law.name, law.short_name, law.issuing_body, law.history) if part)
    return index.Doc(object_id=str(law.pk), title=law.name, text=text, weight=weight(law))


def provision_documents(index, law: Law, articles: Iterable[Provision]):
    law_weight = weight(law)
    for article in articles:
        yield index.Doc(object_id=str(article.pk), title=article.citation, text=article.text, weight=law_weight)


def index_law(law: Law, articles: Iterable[Provision] | None = None, removed: Iterable[str] = ()) -> bool:
    """(Re)index one law and its articles; ``articles`` defaults to those in the database. ``removed`` are ids of
    provisions deleted from the law. Returns False when there is no index."""
    index = search_index()
    if index is None:
        return False
    if articles is None:
        articles = Provision.objects.filter(law=law, kind=ProvisionKind.ARTICLE).only("id", "citation", "text")
    index.replace_documents(LAW_KIND, [law_document(index, law)])
    index.replace_documents(PROVISION_KIND, list(provision_documents(index, law, articles)))
    removed = [str(pk) for pk in removed]
    if removed:
        index.remove_documents(PROVISION_KIND, removed)
    return True


class IndexBuffer:
    """Documents of several laws, written with one call per kind: the importer fills it law by law and flushes it at
    the end of each group's transaction (the index changes in the same transaction as the rows)."""

    def __init__(self):
        self.index = search_index()
        self.laws: list = []
        self.provisions: list = []
        self.removed: list[str] = []

    def add(self, law: Law, articles: Iterable[Provision], removed: Iterable[str] = ()) -> None:
        if self.index is None:
            return
        self.laws.append(law_document(self.index, law))
        self.provisions.extend(provision_documents(self.index, law, articles))
        self.removed.extend(str(pk) for pk in removed)

    def flush(self) -> None:
        if self.index is None:
            return
        if self.laws:
            self.index.replace_documents(LAW_KIND, self.laws)
        if self.provisions:
            self.index.replace_documents(PROVISION_KIND, self.provisions)
        if self.removed:
            self.index.remove_documents(PROVISION_KIND, self.removed)
        self.laws, self.provisions, self.removed = [], [], []
