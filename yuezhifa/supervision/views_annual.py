"""The 年报 page of the supervision platform (/supervision/annual/; 办法 第四十四条; docs/decisions/0057).

GET: the year and scope pickers, the six tables, the due date and who has submitted; ``?export=xlsx`` the workbook.
POST: ``action=due`` (a supervisor of the province sets the year's due date), ``action=filing`` (the body enters a
填报 table), ``action=submit`` (the body's head submits). A scope the user may not see answers 404; bad input a
message naming the field, nothing written.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from yuezhifa.core import excel
from yuezhifa.core.errors import DomainError, NotAllowed

from . import annual
from .views import _Base


class AnnualView(_Base, TemplateView):
    template_name = "supervision/annual.html"
    section_tab = "annual"

    def _year(self, value) -> int:
        return annual.parse_year(value) if str(value or "").strip() else timezone.localdate().year - 1

    def get(self, request, *args, **kwargs):
        error = ""
        try:
            year = self._year(request.GET.get("year"))
        except DomainError as exc:
            year, error = timezone.localdate().year - 1, exc.message
        try:
            report = annual.build(request.user, year=year, scope=request.GET.get("scope", ""))
        except NotAllowed as exc:
            raise Http404(exc.message) from None
        if request.GET.get("export") == "xlsx" and not error:
            response = HttpResponse(annual.workbook_bytes(report), content_type=excel.XLSX_CONTENT_TYPE)
            stem = f"{report.scope.label}{year}年度行政执法统计"
            response["Content-Disposition"] = content_disposition_header(True, excel.export_filename(stem))
            return response
        return self.render_to_response(self.get_context_data(report=report, error=error))

    def _back(self, year, scope):
        return redirect(f"{reverse('supervision:annual')}?{urlencode({'year': year, 'scope': scope})}")

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        scope, year_text = request.POST.get("scope", ""), request.POST.get("year", "")
        try:
            year = annual.parse_year(year_text)
            if action == "due":
                annual.due_date_set(actor=request.user, year=year, due_on=request.POST.get("due_on", ""),
                                    note=request.POST.get("note", ""))
                messages.success(request, _("已设定%(year)s年度年报的报送截止日。") % {"year": year})
            elif action in ("filing", "submit"):
                where = annual.resolve_scope(request.user, scope)
                if where.body is None:
                    raise DomainError(_("请先选择本单位作为统计范围。"), field="scope")
                if action == "filing":
                    table = request.POST.get("table", "")
                    spec = annual.TABLE_KEYS.get(table)
                    figures = {c.key: request.POST.get(c.key, "") for c in spec.columns} if spec else {}
                    row = annual.filing_save(actor=request.user, body=where.body, year=year, table=table,
                                             figures=figures)
                    messages.success(request, _("已保存%(table)s表的填报数据（第%(v)s版）。")
                                     % {"table": spec.title, "v": row.version})
                else:
                    row = annual.submission_create(actor=request.user, body=where.body, year=year)
                    messages.success(request, _("已报送%(year)s年度年报（第%(v)s版）%(late)s。")
                                     % {"year": year, "v": row.version, "late": _("，逾期") if row.late else ""})
            else:
                raise DomainError(_("未知的操作。"), field="action")
        except NotAllowed as exc:
            raise Http404(exc.message) from None
        except DomainError as exc:
            messages.error(request, exc.message)
        return self._back(year_text, scope)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report: annual.Report = kwargs["report"]
        user = self.request.user
        body = report.scope.body
        query = {"year": report.year, "scope": report.scope.value}
        latest = timezone.localdate().year
        scopes = [(report.scope.value, report.scope.label)]
        division = report.scope.division or (body.division if body is not None else None)
        if division is not None and annual.division_allowed(user, division) and body is not None:
            scopes.append((f"d:{division.code}", division.full_name or division.name))
        if division is not None and division.parent_id and annual.division_allowed(user, division.parent):
            scopes.append((f"d:{division.parent_id}", division.parent.full_name or division.parent.name))
        scopes += [(r.scope, r.label) for r in report.rows if r.scope]
        own = getattr(user, "body", None)
        if own is not None and annual.viewable_bodies(user).filter(pk=own.pk).exists():
            scopes.append((f"b:{own.pk}", own.name))
        filed = annual.filed_figures(annual.viewable_bodies(user).filter(pk=body.pk), report.year).get(body.pk, {}) \
            if body is not None else {}
        context.update(
            title=_("行政执法年度统计（年报）"), report=report, tables=report.tables(),
            years=list(range(latest, annual.EARLIEST_YEAR - 1, -1)), scopes=list(dict.fromkeys(scopes)),
            export=f"{reverse('supervision:annual')}?{urlencode({**query, 'export': 'xlsx'})}",
            statuses=annual.submission_status(user, report), can_set_due=annual.can_set_due(user),
            due_default=annual.default_due(report.year), due_overridden=report.due_on != annual.default_due(report.year),
            can_submit=body is not None and annual.can_submit(user, body) and report.year < latest,
            filing_forms=[{"spec": t, "values": [(c, filed.get(t.key, {}).get(c.key, "")) for c in t.columns]}
                          for t in annual.TABLES if t.source == annual.FILED]
            if body is not None and annual.can_enter(user, body) else [],
            article=annual.ARTICLE, tabs=self.tabs(), error=kwargs.get("error", ""))
        return context
