"""Keeping the full-text index (``yuezhifa.search``, DESIGN §8) in step with the item list.

One document of kind ``item`` per item: title = code and name, text = name, type, domain, department, the
registration code and the citations of its basis. Repealed items stay findable with a lower weight. Called inside the
transaction that wrote the rows. When the search app is not available, indexing is skipped and search falls back to
the database.
"""

from collections.abc import Iterable

from .models import Item, ItemStatus

KIND = "item"

STATUS_WEIGHT = {
    ItemStatus.ACTIVE: 1.0,
    ItemStatus.DRAFT: 0.7,
    ItemStatus.SUSPENDED: 0.6,
    ItemStatus.REPEALED: 0.3,
}


def search_index():
    """The search app's ``index`` module, or None when it is not available."""
    try:
        from yuezhifa.search import index
    except ImportError:
        return None
    if not hasattr(index, "replace_documents"):
        return None
    return index


def item_text(item: Item, citations: Iterable[str]) -> str:
    parts = [item.name, item.code, item.get_type_display(), item.domain.name if item.domain_id else "",
             item.department, item.registered_code, *citations]
    return "\n".join(p for p in parts if p)


def index_items(items: Iterable[Item]) -> bool:
    """(Re)index ``items``; returns False when there is no index."""
    index = search_index()
    if index is None:
        return False
    items = list(items)
    if not items:
        return True
    from .models import ItemBasis

    citations: dict = {}
    for item_id, citation in (ItemBasis.objects.filter(item__in=items).order_by("item", "order")
                              .values_list("item_id", "provision__citation")):
        citations.setdefault(item_id, []).append(citation)
    index.replace_documents(KIND, [
        index.Doc(str(item.pk), f"{item.code} {item.name}", item_text(item, citations.get(item.pk, [])),
                  weight=STATUS_WEIGHT.get(item.status, 1.0))
        for item in items])
    return True


def unindex_items(ids: Iterable) -> None:
    index = search_index()
    if index is not None:
        index.remove_documents(KIND, [str(pk) for pk in ids])


#: A list search ranks at most this many items (the search app ranks within its own candidate pool anyway).
SEARCH_CAP = 500


def search_ids(query: str, cap: int = SEARCH_CAP) -> list[str] | None:
    """Ids of the items matching ``query``, best first, or None when there is no index (the caller falls back)."""
    index = search_index()
    if index is None or not hasattr(index, "search"):
        return None
    page = getattr(index, "MAX_LIMIT", 100)
    ids: list[str] = []
    while len(ids) < cap:
        result = index.search(KIND, query, limit=min(page, cap - len(ids)), offset=len(ids))
        ids.extend(hit.object_id for hit in result.hits)
        if len(result.hits) < page or len(ids) >= result.total:
            break
    return ids
