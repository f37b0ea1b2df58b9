"""The 卷宗 page of a case and its print copy (处罚法 第四十七条; 办法 第三十一条; docs/decisions/0052).

Read exactly as the case's documents are (``views._case_or_404``): a case the user may not see answers 404 and the
refusal is recorded (a supervisor without a grant: 办法 第三十七条、第六十五条); a supervisor's read under a grant is
audited; a reader who does not act on the case gets the documents masked, as ``DocumentPDFView`` serves them.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from yuezhifa.core.errors import DomainError

from . import dossier_print
from .permissions import acting_roles
from .views import _case_or_404


class DossierView(LoginRequiredMixin, TemplateView):
    """The catalogue (卷内目录) with the documents to tick for printing."""

    template_name = "cases/dossier.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = _case_or_404(self.request, self.kwargs["pk"])
        try:
            rows = dossier_print.catalogue(case)
            error = ""
        except DomainError as exc:
            rows, error = dossier_print.catalogue(case, pages=lambda d: None), exc.message
        context.update({
            "title": _("%(case)s · 卷宗") % {"case": case.number or case.cause}, "case": case, "rows": rows, "error": error,
            "documents": sum(1 for r in rows if r.document is not None),
            "pages": sum(r.pages or 0 for r in rows), "masked": not acting_roles(self.request.user, case),
        })
        return context


class DossierPDFView(LoginRequiredMixin, View):
    """The print copy as one PDF: the whole file (catalogue page first) or, with ``doc`` ids, the chosen documents."""

    def get(self, request, pk):
        case = _case_or_404(request, pk)
        ids = request.GET.getlist("doc")
        whole = not ids and request.GET.get("chosen") != "1"  # the form of chosen documents sent with none ticked
        try:
            pdf = dossier_print.print_copy(case, masked=not acting_roles(request.user, case),
                                           document_ids=None if whole else ids)
        except DomainError as exc:
            return HttpResponse(exc.message, status=exc.status_code, content_type="text/plain; charset=utf-8")
        name = f"{case.number or case.cause}-{_('卷宗') if whole else _('所选文书')}（{_('打印件')}）.pdf"
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(False, name)
        response["X-Content-Type-Options"] = "nosniff"
        return response
