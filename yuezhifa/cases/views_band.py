"""裁量试算 on an act's form (docs/decisions/0047): the htmx endpoint the band panel calls as circumstances, amounts
and the fine change. Read-only: it evaluates the form's values with the discretion code the act is checked with and
returns the panel (``cases/_band.html``)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from . import selectors
from .band import BASIS, penalty_field, shows_band, trial
from .forms import ActForm
from .interface import case_log
from .permissions import acting_roles


def band_context(log, spec, form: ActForm) -> dict | None:
    """The panel's context for ``form`` (bound or with its initial values), or None where the act shows no band."""
    if spec is None or spec.fields is None or not shows_band(log, spec):
        return None
    for item in form.fields:
        for child in [item, *item.children]:
            if child.widget == "decimal" and child.name.split("__")[0] in ("penalties", "proposed", "amounts"):
                child.attrs["data-band-input"] = ""
    result = trial(log, spec, form.payload())
    names = {item.name for item in form.fields}
    return {**result, "url": reverse("cases:act_band", kwargs={"pk": log.case.pk, "code": spec.code}),
            "basis": BASIS, "after": "circumstances" if "circumstances" in names else penalty_field(spec)}


class ActBandView(LoginRequiredMixin, View):
    def get(self, request, pk, code):
        case = selectors.cases(request.user).filter(pk=pk).select_related("item", "body").first()
        if case is None or not acting_roles(request.user, case):  # only who acts on the case tries its decision
            raise Http404(_("未找到该案件，或您无权查看。"))
        log = case_log(case)
        spec = log.procedure.act(code) if log.procedure else None
        if spec is None or not shows_band(log, spec):
            raise Http404(_("该执法行为没有裁量试算。"))
        form = ActForm(spec.fields, data=request.GET)
        return render(request, "cases/_band.html", {"band": band_context(log, spec, form)})
