"""The search endpoints of the act forms' pickers (``cases.pickers``, docs/decisions/0048): thin views answering an
htmx ``GET`` with the options as an HTML fragment, or as JSON with ``?format=json``. Signed-in case users only; the
case named for the officers' picker must be one the user may see (404 otherwise, as for its page)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views import View

from . import pickers, selectors
from .views import NOT_FOUND, can_use_cases

MAX_QUERY = 100


class PickerView(LoginRequiredMixin, View):
    def get(self, request, kind: str):
        if not can_use_cases(request.user):
            raise PermissionDenied
        query = (request.GET.get("q") or "")[:MAX_QUERY]
        target = request.GET.get("for") or kind
        user = request.user
        if kind == "item":
            options = pickers.item_options(user=user, query=query)
        elif kind == "law":
            options = pickers.law_options(user=user, query=query)
        elif kind == "party":
            options = pickers.party_options(user=user, query=query)
        elif kind == "officers":
            options = pickers.officer_options(user=user, case=self._case(request), query=query)
        else:
            raise Http404
        if request.GET.get("format") == "json":
            return JsonResponse({"options": [o.as_dict() for o in options]})
        return render(request, "cases/_picker_options.html",
                      {"options": options, "kind": kind, "target": target, "query": query.strip()})

    @staticmethod
    def _case(request):
        try:
            case = selectors.cases(request.user).filter(pk=request.GET.get("case") or None).first()
        except (ValueError, DjangoValidationError):
            case = None
        if case is None:
            raise Http404(NOT_FOUND)
        return case
