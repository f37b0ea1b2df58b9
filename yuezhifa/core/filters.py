"""Filters of lists, pages and API alike, bounded to what the database can hold (DESIGN §9: bad input gets a 4xx).

Kept apart from ``api_base`` because DRF imports the filter backend while its own settings load."""

import django_filters
from django import forms
from django_filters.rest_framework import DjangoFilterBackend

# --- query parameters: bounded before they reach the database ------------------------------------------------------

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
MAX_QUERY_PARAM_CHARS = 100
"""A free-text filter longer than this is refused (as the full-text search does: search.analysis.MAX_QUERY_CHARS)."""


def bound_filters(filterset) -> None:
    """Give every filter of ``filterset`` (an instance: its filters are its own copies) the bounds the database can
    hold, so a bad value is a form error naming the parameter (400 in the API) instead of a database error (500):
    numbers within 64 bits, years 1..9999 and whole, free text at most ``MAX_QUERY_PARAM_CHARS`` characters."""
    for flt in filterset.filters.values():
        if isinstance(flt, django_filters.NumberFilter):
            if flt.lookup_expr in ("year", "iso_year"):
                bounds = {"min_value": 1, "max_value": 9999, "max_digits": 4, "decimal_places": 0}
            else:
                bounds = {"min_value": INT64_MIN, "max_value": INT64_MAX, "max_digits": 30}
        elif type(flt) is django_filters.CharFilter:
            bounds = {"max_length": MAX_QUERY_PARAM_CHARS}
        else:
            continue
        for key, value in bounds.items():
            flt.extra.setdefault(key, value)
        flt.__dict__.pop("_field", None)  # a field built before the bounds were set is built again


class BoundedFilterBackend(DjangoFilterBackend):
    """django-filter for the API with ``bound_filters`` applied to every filterset, declared or generated from
    ``filterset_fields``."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            bound_filters(filterset)
        return filterset


class DateInput(forms.DateInput):
    """A date filter's widget: the browser's date picker, the value in ISO form."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
