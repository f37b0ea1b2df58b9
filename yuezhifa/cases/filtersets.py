"""Filters of the officer's case table (全部案件, ``views_lists``). They only narrow the cases ``selectors.cases``
already restricted to the user (docs/decisions/0051)."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yuezhifa.core.filters import DateInput
from yuezhifa.core.views_base import SearchFilterSet

from .models import Case
from .procedures import stage_choices

ALL = _("全部")
OVERDUE = "overdue"
DUE_CHOICES = [(OVERDUE, _("已逾期")), ("3", _("3 天内到期")), ("7", _("7 天内到期")), ("15", _("15 天内到期")),
               ("30", _("30 天内到期"))]


def _stages():
    return stage_choices()


class CaseFilterSet(SearchFilterSet):
    """全部案件: search by 案号, 案由 or 当事人 name; filter by stage, 执法事项, party, registered date and due date."""

    search_fields = ("number__icontains", "cause__icontains", "parties__name__icontains")
    search_distinct = True
    stage = django_filters.ChoiceFilter(choices=_stages, label=_("阶段"), empty_label=ALL)
    item = django_filters.CharFilter(method="filter_item", label=_("执法事项"),
                                     widget=forms.TextInput(attrs={"placeholder": _("事项编码或名称")}))
    party = django_filters.CharFilter(method="filter_party", label=_("当事人"),
                                      widget=forms.TextInput(attrs={"placeholder": _("名称、姓名或统一社会信用代码")}))
    registered_from = django_filters.DateFilter(field_name="registered_at", lookup_expr="date__gte",
                                                label=_("登记日期自"), widget=DateInput())
    registered_to = django_filters.DateFilter(field_name="registered_at", lookup_expr="date__lte",
                                              label=_("登记日期至"), widget=DateInput())
    due = django_filters.ChoiceFilter(choices=DUE_CHOICES, method="filter_due", label=_("到期情况"), empty_label=ALL)

    class Meta:
        model = Case
        fields = ["q", "stage", "item", "party", "registered_from", "registered_to", "due"]

    def filter_item(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(item__code__iexact=value) | Q(item__name__icontains=value))

    def filter_party(self, queryset, name, value):
        """By name (part of it) or 统一社会信用代码 (whole); never by ID number, which lists show masked."""
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(parties__name__icontains=value) | Q(parties__credit_code__iexact=value)).distinct()

    def filter_due(self, queryset, name, value):
        """The next agency due date (最近到期日): already past, or within N days from today (today included)."""
        today = timezone.localdate()
        if value == OVERDUE:
            return queryset.filter(next_due__lt=today)
        return queryset.filter(next_due__gte=today, next_due__lte=today + datetime.timedelta(days=int(value)))
