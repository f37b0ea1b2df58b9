"""Every read of the item library, restricted to what the user may see (DESIGN §5.4)."""

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from yuezhifa.core.pinyin import looks_like_initials
from yuezhifa.org.models import EnforcementBody

from .indexing import search_ids
from .models import BasisAdjustment, Item, ItemBasis


def _bases_prefetch() -> Prefetch:
    return Prefetch("bases", queryset=ItemBasis.objects.select_related("provision", "provision__law")
                    .order_by("order"))


def item_list(*, user, action: str = "view", type: str = "", domain: str = "", status: str = "",
              level: str = "", search: str = "", registered: bool | None = None,
              with_bases: bool = False) -> QuerySet[Item]:
    qs = Item.objects.restrict(user, action).select_related("domain")
    if with_bases:
        qs = qs.prefetch_related(_bases_prefetch())
    if type:
        qs = qs.filter(type=type)
    if domain:
        qs = qs.filter(domain_id=domain)
    if status:
        qs = qs.filter(status=status)
    if level:
        # ``levels`` is a JSON list of fixed tokens, none a substring of another: the quoted token is exact.
        qs = qs.filter(levels__icontains=f'"{level}"')
    if registered is not None:
        qs = qs.filter(registered=registered)
    if search:
        qs = item_search(qs, search)
    return qs


def item_search(queryset: QuerySet[Item], query: str) -> QuerySet[Item]:
    """Full-text search through the CJK bigram index (DESIGN §8), best first; an exact item or registration code
    always matches. Without an index, a plain substring match on name and codes."""
    query = query.strip()
    if not query:
        return queryset
    exact = Q(code__iexact=query) | Q(registered_code__iexact=query)
    if looks_like_initials(query):  # pinyin initials (docs/decisions/0048): jycgbzq → 经营超过保质期…
        exact |= Q(name_initials__contains=query.lower())
    ids = search_ids(query)
    if ids is None:
        return queryset.filter(exact | Q(name__icontains=query) | Q(code__icontains=query)
                               | Q(department__icontains=query))
    rank = Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)), default=Value(len(ids)),
                output_field=IntegerField()) if ids else Value(0)
    return queryset.filter(exact | Q(pk__in=ids)).annotate(search_rank=rank).order_by("search_rank", "code")


def item_with_bases(*, user, action: str = "view") -> QuerySet[Item]:
    return item_list(user=user, action=action, with_bases=True)


def item_detail(*, user, pk) -> Item | None:
    return item_list(user=user, with_bases=True).filter(pk=pk).first()


def adjustment_list(*, user, action: str = "view", body=None, item=None, status: str = "") -> QuerySet[BasisAdjustment]:
    qs = BasisAdjustment.objects.restrict(user, action).select_related(
        "body", "item", "item__domain", "submitted_by", "approved_by", "rejected_by")
    if body is not None:
        qs = qs.filter(body=body)
    if item is not None:
        qs = qs.filter(item=item)
    if status:
        qs = qs.filter(status=status)
    return qs


def bodies_for_adjustment(*, user) -> QuerySet[EnforcementBody]:
    """The bodies for which ``user`` may submit a basis adjustment: the body they head, and those they administer."""
    from .services.adjustments import can_submit

    qs = EnforcementBody.objects.restrict(user, "view").order_by("path")
    if getattr(user, "is_superuser", False):
        return qs
    allowed = [b.pk for b in qs if can_submit(user, b)]
    return qs.filter(pk__in=allowed)
