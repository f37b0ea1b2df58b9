"""Filters of the benchmark list page (the free-text box ``q`` searches item code and name, title and issuing body)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from yuezhifa.core.views_base import SearchFilterSet

from .models import Benchmark, BenchmarkStatus, Circumstance
from .selectors import in_force_q
from .vocabulary import CircumstanceCategory


class BenchmarkFilterSet(SearchFilterSet):
    search_fields = ("item__code__icontains", "item__name__icontains", "title__icontains",
                     "issuing_body__name__icontains")
    status = django_filters.ChoiceFilter(choices=BenchmarkStatus.choices, label=_("状态"))
    on = django_filters.DateFilter(method="filter_on", label=_("在该日施行"))

    class Meta:
        model = Benchmark
        fields = ["status"]

    def filter_on(self, queryset, name, value):
        return queryset.filter(in_force_q(value))


class CircumstanceFilterSet(SearchFilterSet):
    search_fields = ("name__icontains", "code__icontains", "basis__icontains")
    category = django_filters.ChoiceFilter(choices=CircumstanceCategory.choices, label=_("类别"))

    class Meta:
        model = Circumstance
        fields = ["category"]
