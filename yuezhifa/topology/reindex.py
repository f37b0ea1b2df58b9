"""The search index for replicated rows (docs/decisions/0059).

The full-text index (``search.SearchDocument``) is local data: each database keeps its own, written by the services
in the transaction that changes a law, an item or a published result. Rows that arrive by logical replication are
written by PostgreSQL's apply worker, which runs no Django code, so nothing indexes them:

- at the hub, the nodes' published results (公示, case data) — the public /gongshi/ search would not find them;
- on a node, the hub's laws and items (base data) — the officers' search of laws and items would not find them.

``reindex`` reconciles the index with the rows: a row not indexed, or changed since it was indexed (its
``updated_at`` later than the document's), is (re)indexed; a result no longer on display and a law or item gone is
removed. ``full=True`` re-indexes every row. It runs every five minutes on the hub and the nodes
(``yuezhifa.topology.tasks``) and by hand as ``yzf search_reindex``; in the all-in-one form the services keep the
index in step and it changes nothing.
"""

from collections.abc import Iterable

from django.db import transaction

BATCH = 500

KIND_DISCLOSURE = "disclosure"
KIND_LAWS = "laws"
KIND_ITEMS = "items"
KINDS = (KIND_DISCLOSURE, KIND_LAWS, KIND_ITEMS)


def _indexed(kind: str) -> dict[str, object]:
    from yuezhifa.search.models import SearchDocument

    return dict(SearchDocument.objects.filter(kind=kind).values_list("object_id", "updated_at").iterator())


def _stale(rows: Iterable[tuple], indexed: dict, full: bool) -> list:
    """Ids of ``rows`` ((id, updated_at)) not indexed, or changed after they were indexed (or all, for ``full``)."""
    return [pk for pk, updated in rows if full or str(pk) not in indexed or indexed[str(pk)] < updated]


def _batches(ids: list):
    for start in range(0, len(ids), BATCH):
        yield ids[start:start + BATCH]


def _disclosure(full: bool) -> tuple[int, int]:
    from yuezhifa.disclosure import indexing
    from yuezhifa.disclosure.models import PublishedResult
    from yuezhifa.disclosure.selectors import public_results

    indexed = _indexed(indexing.KIND)
    shown = list(public_results().values_list("pk", "updated_at").order_by())
    stale = _stale(shown, indexed, full)
    for chunk in _batches(stale):
        with transaction.atomic():
            indexing.index_results(PublishedResult.objects.filter(pk__in=chunk))
    gone = set(indexed) - {str(pk) for pk, _ in shown}
    removed = indexing.remove_results(sorted(gone)) if gone else 0
    return len(stale), removed


def _laws(full: bool) -> tuple[int, int]:
    from yuezhifa.laws import indexing
    from yuezhifa.laws.models import Law
    from yuezhifa.search.index import remove_documents

    indexed = _indexed(indexing.LAW_KIND)
    rows = list(Law.objects.values_list("pk", "updated_at").order_by())
    stale = _stale(rows, indexed, full)
    for chunk in _batches(stale):
        with transaction.atomic():
            for law in Law.objects.filter(pk__in=chunk):
                indexing.index_law(law)
    gone = set(indexed) - {str(pk) for pk, _ in rows}
    removed = remove_documents(indexing.LAW_KIND, sorted(gone)) if gone else 0
    return len(stale), removed


def _items(full: bool) -> tuple[int, int]:
    from yuezhifa.items import indexing
    from yuezhifa.items.models import Item

    indexed = _indexed(indexing.KIND)
    rows = list(Item.objects.values_list("pk", "updated_at").order_by())
    stale = _stale(rows, indexed, full)
    for chunk in _batches(stale):
        with transaction.atomic():
            indexing.index_items(Item.objects.filter(pk__in=chunk).select_related("domain"))
    gone = set(indexed) - {str(pk) for pk, _ in rows}
    if gone:
        indexing.unindex_items(sorted(gone))
    return len(stale), len(gone)


def reindex(*, kinds: Iterable[str] = KINDS, full: bool = False) -> dict[str, tuple[int, int]]:
    """{kind: (documents (re)indexed, documents removed)} for each of ``kinds``."""
    run = {KIND_DISCLOSURE: _disclosure, KIND_LAWS: _laws, KIND_ITEMS: _items}
    return {kind: run[kind](full) for kind in kinds}
