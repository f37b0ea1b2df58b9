"""Filters of the item list pages. They only narrow rows a selector already restricted."""

import django_filters
from django.utils.translation import gettext_lazy as _

from yuezhifa.core.views_base import SearchFilterSet
from yuezhifa.org.models import Domain, Level

from . import selectors
from .models import AdjustmentStatus, BasisAdjustment, Item, ItemStatus, ItemType

ALL = _("全部")
YES_NO = [("yes", _("是")), ("no", _("否"))]


class ItemFilterSet(SearchFilterSet):
    type = django_filters.ChoiceFilter(choices=ItemType.choices, label=_("事项类型"), empty_label=ALL)
    domain = django_filters.ModelChoiceFilter(queryset=Domain.objects.all(), to_field_name="code", label=_("执法领域"),
                                              empty_label=ALL)
    status = django_filters.ChoiceFilter(choices=ItemStatus.choices, label=_("状态"), empty_label=ALL)
    level = django_filters.ChoiceFilter(choices=Level.choices, method="filter_level", label=_("实施层级"),
                                        empty_label=ALL)
    registered = django_filters.ChoiceFilter(choices=YES_NO, method="filter_registered",
                                             label=_("已纳入省事项管理系统"), empty_label=ALL)

    class Meta:
        model = Item
        fields = ["q", "type", "domain", "status", "level", "registered"]

    def filter_search(self, queryset, name, value):
        """Full-text (CJK bigram) search on name, codes and cited provisions, best first."""
        return selectors.item_search(queryset, value)

    def filter_level(self, queryset, name, value):
        return queryset.filter(levels__icontains=f'"{value}"')

    def filter_registered(self, queryset, name, value):
        return queryset.filter(registered=value == "yes")


class AdjustmentFilterSet(SearchFilterSet):
    search_fields = ("item__name__icontains", "item__code__iexact", "body__name__icontains")
    status = django_filters.ChoiceFilter(choices=AdjustmentStatus.choices, label=_("状态"), empty_label=ALL)
    reported = django_filters.ChoiceFilter(choices=YES_NO, method="filter_reported", label=_("已报备"),
                                           empty_label=ALL)

    class Meta:
        model = BasisAdjustment
        fields = ["q", "status", "reported"]

    def filter_reported(self, queryset, name, value):
        return queryset.filter(reported_at__isnull=value != "yes")
