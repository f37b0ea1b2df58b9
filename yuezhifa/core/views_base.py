"""Generic HTML views over restricted reads (DESIGN §5.4, §11).

A page is a few lines of configuration on one of these classes; the base class reads through the view's selector, so
no page can forget ``restrict``. A row outside the user's scope answers 404, the same as a row that does not exist::

    class OfficerListView(RestrictedListView):
        selector = selectors.officer_list          # (*, user, action) -> restricted QuerySet
        filterset_class = filtersets.OfficerFilterSet
        columns = [Column("姓名", "name", link="org:officer_detail", order_by="name"), ...]
        template_name = "org/officer_list.html"    # extends "generic/object_list.html"
        title = "执法人员"

    class OfficerDetailView(RestrictedDetailView):
        selector = selectors.officer_list
        template_name = "org/officer_detail.html"  # extends "generic/object_detail.html"

The selector returns rows the user may see; the filterset (django-filter, with ``q`` as free-text search, see
``SearchFilterSet``) only narrows them, and sorting is limited to the columns that declare ``order_by``.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_

import django_filters
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

EMPTY = "—"


def resolve(obj, accessor: str):
    """Follow a dotted path (``body.name``, ``get_status_display``); callables are called, None short-circuits."""
    value = obj
    for part in accessor.split("."):
        if value is None:
            return None
        value = getattr(value, part)
        if isinstance(value, models.Manager):
            value = list(value.all())  # served from the prefetch cache when the selector prefetched it
        elif callable(value):
            value = value()
    return value


def display(value, empty: str = EMPTY) -> str:
    """A plain value as a table cell shows it (escaped)."""
    if value is None or value == "" or value == []:
        return empty
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(value, datetime.datetime):
        return date_format(value, "Y-m-d H:i")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return "、".join(str(v) for v in value) or empty
    return str(value)


@dataclass(frozen=True)
class Column:
    """One column of a list table.

    ``accessor`` is a dotted path on the row; ``render(obj)`` replaces it when the cell needs markup (return a
    ``format_html`` result or plain text, which is escaped). ``link`` names a URL taking ``pk``; it links the cell to
    the row, or to ``resolve(row, link_to)`` when given. ``order_by`` makes the column sortable by that field path.
    """

    header: str
    accessor: str | None = None
    render: Callable[[object], str] | None = None
    link: str | None = None
    link_to: str | None = None
    order_by: str | None = None
    css: str = ""
    empty: str = EMPTY

    def cell(self, obj) -> str:
        if self.render is not None:
            html = conditional_escape(self.render(obj))
        else:
            html = conditional_escape(display(resolve(obj, self.accessor) if self.accessor else None, self.empty))
        if self.link:
            target = resolve(obj, self.link_to) if self.link_to else obj
            if target is not None:
                html = format_html('<a href="{}">{}</a>', reverse(self.link, kwargs={"pk": target.pk}), html)
        return html


class SearchFilterSet(django_filters.FilterSet):
    """A filterset with the free-text search box ``q`` every list page has. ``search_fields`` are ORM lookups joined
    with OR (``"name__icontains"``, ``"credit_code__iexact"``); set ``search_distinct`` when one crosses a to-many
    relation."""

    q = django_filters.CharFilter(method="filter_search", label=_("搜索"))
    search_fields: Sequence[str] = ()
    search_distinct = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .filters import bound_filters

        bound_filters(self)  # the page shows a bad value as a form error, as the API answers it with a 400

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value or not self.search_fields:
            return queryset
        queryset = queryset.filter(reduce(or_, (Q(**{lookup: value}) for lookup in self.search_fields)))
        return queryset.distinct() if self.search_distinct else queryset


class _RestrictedMixin(LoginRequiredMixin):
    selector: Callable[..., models.QuerySet] | None = None
    """``selector(*, user, action)``: the restricted rows; the only way these views read."""
    action = "view"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for attr in ("queryset", "model"):
            if cls.__dict__.get(attr) is not None:
                raise ImproperlyConfigured(f"{cls.__name__}: set `selector`, not `{attr}`: every read is restricted.")

    def restricted_queryset(self) -> models.QuerySet:
        selector = type(self).selector
        if selector is None:
            raise ImproperlyConfigured(f"{type(self).__name__} has no `selector`.")
        if isinstance(selector, staticmethod):  # pragma: no cover - staticmethod is unwrapped on class access
            selector = selector.__func__
        return selector(user=self.request.user, action=self.action)


class RestrictedListView(_RestrictedMixin, ListView):
    """A paginated, filterable, sortable table of the rows the selector permits."""

    filterset_class: type[django_filters.FilterSet] | None = None
    columns: Sequence[Column] = ()
    template_name = "generic/object_list.html"
    paginate_by = 50
    title = ""
    search_placeholder = _("输入关键词")
    sort_param = "sort"

    def get_filterset(self, queryset):
        if self.filterset_class is None:
            return None
        return self.filterset_class(self.request.GET or None, queryset=queryset, request=self.request)

    def get_columns(self) -> Sequence[Column]:
        """The columns shown (all of ``columns`` unless a page lets the user choose)."""
        return self.columns

    def sortable(self) -> dict[str, str]:
        return {c.order_by: c.order_by for c in self.columns if c.order_by}

    def current_sort(self) -> str:
        value = self.request.GET.get(self.sort_param, "")
        return value if value.lstrip("-") in self.sortable() else ""

    def get_queryset(self) -> models.QuerySet:
        queryset = self.restricted_queryset()
        self.filterset = self.get_filterset(queryset)
        if self.filterset is not None:
            # An invalid filter value shows its error and no rows, rather than silently listing everything.
            valid = not self.filterset.is_bound or self.filterset.is_valid()
            queryset = self.filterset.qs if valid else queryset.none()
        sort = self.current_sort()
        if sort:
            queryset = queryset.order_by(sort, "pk")
        return queryset

    def paginate_queryset(self, queryset, page_size):
        paginator = Paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))  # out of range → nearest page, not 404
        return paginator, page, page.object_list, page.has_other_pages()

    def header_cells(self) -> list[dict]:
        sort = self.current_sort()
        cells = []
        for column in self.get_columns():
            cell = {"header": column.header, "css": column.css, "sort": None}
            if column.order_by:
                state = "asc" if sort == column.order_by else "desc" if sort == f"-{column.order_by}" else ""
                cell["sort"] = {"state": state, "next": f"-{column.order_by}" if state == "asc" else column.order_by,
                                "key": column.order_by}
            cells.append(cell)
        return cells

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        columns = self.get_columns()
        context.update({
            "title": self.title,
            "filterset": self.filterset,
            "filter_form": self.filterset.form if self.filterset is not None else None,
            "search_placeholder": self.search_placeholder,
            "header_cells": self.header_cells(),
            "can_sort": any(column.order_by for column in columns),
            "rows": [
                [{"html": column.cell(obj), "css": column.css, "header": column.header} for column in columns]
                for obj in context["object_list"]
            ],
            "filters_active": any(
                v for k, v in self.request.GET.items() if k not in {self.page_kwarg, self.sort_param, "q"}),
        })
        return context


class RestrictedDetailView(_RestrictedMixin, DetailView):
    """One row the selector permits; any other id answers 404."""

    template_name = "generic/object_detail.html"
    title = ""

    def get_queryset(self) -> models.QuerySet:
        return self.restricted_queryset()

    def get_object(self, queryset=None):
        queryset = self.get_queryset() if queryset is None else queryset
        obj = queryset.filter(pk=self.kwargs[self.pk_url_kwarg]).first()
        if obj is None:
            raise Http404(_("未找到该记录，或您无权查看。"))
        return obj

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("title", self.title or str(self.object))
        return context
