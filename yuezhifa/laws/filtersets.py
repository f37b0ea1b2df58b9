"""Filters of the laws browse page. They only narrow rows a selector already restricted."""

import django_filters
from django.utils.translation import gettext_lazy as _

from yuezhifa.core.views_base import SearchFilterSet

from .models import Law, LawLevel, LawStatus


def _categories(request):
    from . import selectors

    names = sorted({row["category"] for row in selectors.law_categories(user=request.user) if row["category"]})
    return [(name, name) for name in names]


class LawFilterSet(SearchFilterSet):
    search_fields = ("name__icontains", "short_name__icontains")
    level = django_filters.ChoiceFilter(choices=LawLevel.choices, label=_("效力位阶"), empty_label=_("全部"))
    status = django_filters.ChoiceFilter(choices=LawStatus.choices, label=_("时效性"), empty_label=_("全部"))
    category = django_filters.ChoiceFilter(label=_("分类"), empty_label=_("全部"))

    class Meta:
        model = Law
        fields = ["level", "status", "category"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.filters["category"].extra["choices"] = _categories(request)
