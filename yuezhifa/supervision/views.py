"""HTML pages of the supervision platform (监督, mounted at /supervision/).

Thin (DESIGN §4): statistics and lists come from ``dashboard``, writes go through ``access`` and ``alerts``. Bad
input (a malformed date, an absurd period, an unknown filter) is answered with a Chinese message and an empty
result, never a server error; a grant that is not the reader's, expired or unknown answers 404 alike.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from yuezhifa.cases.models import Case, PartyKind
from yuezhifa.cases.procedures import PROCEDURES
from yuezhifa.core import excel
from yuezhifa.core.errors import DomainError, NotAllowed
from yuezhifa.core.masking import mask_name

from . import access, dashboard, inspection_dashboard, selectors
from .alerts import alert_explain
from .filtersets import AlertFilterSet, SupervisedCaseFilterSet
from .models import AccessGrant, Alert, Notification
from .permissions import (
    alert_scope_q,
    approvable_q,
    can_explain,
    can_use_supervision,
    is_body_member,
    is_supervisor,
)

PAGE_SIZE = 50
GRANT_NOT_FOUND = "未找到该查阅授权，或授权已过期。"


class _Base(LoginRequiredMixin):
    section_tab = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_use_supervision(request.user):
            raise Http404(_("没有可以查看的监督内容。"))
        return super().dispatch(request, *args, **kwargs)

    def tabs(self):
        user = self.request.user
        items = []
        if is_supervisor(user):
            items += [("dashboard", _("统计分析"), "supervision:dashboard"), ("cases", _("案件"), "supervision:cases")]
        items += [("alerts", _("监督预警"), "supervision:alerts"), ("access", _("案卷查阅"), "supervision:access")]
        if is_supervisor(user):
            items.append(("feedback", _("企业评价和投诉"), "supervision:feedback"))
        if is_body_member(user):
            items.append(("notices", _("监督通知"), "supervision:notices"))
        items.append(("annual", _("年报"), "supervision:annual"))
        return [{"key": k, "label": label, "url": reverse(name), "active": k == self.section_tab}
                for k, label, name in items]


class _SupervisorOnly(_Base):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_supervisor(request.user):
            raise Http404(_("该页面仅供监督人员使用。"))
        return super().dispatch(request, *args, **kwargs)


def index(request):
    if request.user.is_authenticated and is_supervisor(request.user):
        return redirect("supervision:dashboard")
    return redirect("supervision:alerts")


def _xlsx(title: str, headers: list[str], rows, stem: str) -> HttpResponse:
    columns = tuple(excel.ExcelColumn(h, False, "", width=max(12, min(40, len(h) * 3))) for h in headers)
    workbook, sheet = excel.new_workbook(title[:31], columns)
    for row in rows:
        sheet.append(["" if v is None else v for v in row])
    response = HttpResponse(excel.save_workbook(workbook), content_type=excel.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, excel.export_filename(stem))
    return response


def _period(request) -> tuple[dashboard.Period, str]:
    try:
        return dashboard.parse_period(request.GET.get("from", ""), request.GET.get("to", "")), ""
    except DomainError as exc:
        return dashboard.Period(), exc.message


# --- dashboard ------------------------------------------------------------------------------------------------------


class DashboardView(_SupervisorOnly, TemplateView):
    template_name = "supervision/dashboard.html"
    section_tab = "dashboard"
    CHARTS = (("kind", "pie"), ("procedure", "pie"), ("stage", "bar"), ("body", "bar"), ("division", "bar"), ("month", "line"),
              ("alerts", "bar"), ("durations", "bar"))

    def get(self, request, *args, **kwargs):
        period, error = _period(request)
        board = None if error else dashboard.build(request.user, period)
        export = request.GET.get("export", "")
        if export and board is not None:
            if export == "all":
                return self._export_all(board)
            if export in board.tables:
                table = board.tables[export]
                return _xlsx(table.title, table.headers, table.rows, f"监督统计-{table.title}")
            error = _("没有该统计表。")
        context = self.get_context_data(board=board, error=error, period=period, **kwargs)
        return self.render_to_response(context, status=200)

    def _export_all(self, board):
        workbook = None
        for table in board.tables.values():
            columns = tuple(excel.ExcelColumn(h, False, "", width=18) for h in table.headers)
            if workbook is None:
                workbook, sheet = excel.new_workbook(table.title[:31], columns)
            else:
                sheet = workbook.create_sheet(table.title[:31].replace("/", "-"))
                sheet.append(table.headers)
            for row in table.rows:
                sheet.append(["" if v is None else v for v in row])
        response = HttpResponse(excel.save_workbook(workbook), content_type=excel.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, excel.export_filename("监督统计"))
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        board, period = kwargs["board"], kwargs["period"]
        query = {"from": self.request.GET.get("from", ""), "to": self.request.GET.get("to", "")}
        charts, tables = [], []
        period_qs = urlencode({k: v for k, v in query.items() if v})
        alert_tables = {"alerts", "benchmark", "disclosure"}

        def href(key, link):
            if not link:
                return ""
            if key in alert_tables:
                return f"{reverse('supervision:alerts')}?{link}"
            return f"{reverse('supervision:cases')}?{link}" + (f"&{period_qs}" if period_qs else "")

        if board is not None:
            for key, kind in self.CHARTS:
                table = board.tables[key]
                value_col = -1 if key != "alerts" else 4
                rows = table.rows[:dashboard.TOP_BODIES] if key == "body" else table.rows
                links = table.links + [""] * (len(table.rows) - len(table.links))
                charts.append({"key": key, "kind": kind, "title": table.title,
                               "labels": [str(r[0]) for r in rows],
                               "values": [r[value_col] if r[value_col] is not None else 0 for r in rows],
                               "links": [href(key, link) for link in links[:len(rows)]]})
            for key, table in board.tables.items():
                links = table.links + [""] * (len(table.rows) - len(table.links))
                tables.append({"key": key, "title": table.title, "note": table.note, "headers": table.headers,
                               "export": "?" + urlencode({**{k: v for k, v in query.items() if v}, "export": key}),
                               "rows": [{"cells": list(zip(table.headers, row, strict=True)), "href": href(key, link)} for row, link in zip(table.rows, links,
                                                                                                  strict=True)]})
        context.update({"title": _("监督统计分析"), "tabs": self.tabs(), "board": board, "charts": charts,
                        "tables": tables,
                        "export_all": "?" + urlencode({**{k: v for k, v in query.items() if v}, "export": "all"}),
                        "period": period, "query": query, "error": kwargs.get("error", ""),
                        "chart_keys": [c["key"] for c in charts]})
        if board is not None:
            context["inspection"] = _inspection_section(self.request.user, period)
        return context


def _as_of(period) -> datetime.date:
    today = timezone.localdate()
    return min(period.end, today) if period.end else today


def _inspection_section(user, period) -> dict:
    """The dashboard's inspection section (docs/decisions/0042), its rows linking to the ledger list."""
    board = inspection_dashboard.build(user, as_of=_as_of(period))
    base = reverse("supervision:inspections")
    period_qs = urlencode({"to": period.end.strftime("%Y-%m")}) if period.end else ""
    tables = []
    for key, table in board.tables.items():
        tables.append({"key": key, "title": table.title, "note": table.note, "headers": table.headers,
                       "rows": [{"cells": list(zip(table.headers, row, strict=True)), "href": f"{base}?{link}" + (f"&{period_qs}" if period_qs else "")}
                                for row, link in zip(table.rows, table.links, strict=True)]})
    return {"board": board, "tables": tables, "list_url": base + (f"?{period_qs}" if period_qs else "")}


# --- lists ----------------------------------------------------------------------------------------------------------


class CaseListView(_SupervisorOnly, TemplateView):
    """The drill-down list: cases of the jurisdiction with their metadata; the file itself needs a grant. Search and
    filters (``filtersets.SupervisedCaseFilterSet``, docs/decisions/0051) narrow the rows of the scope; the chart
    drill-downs (kind, procedure, month) and the period keep their own parameters."""

    template_name = "supervision/case_list.html"
    section_tab = "cases"
    HEADERS = ["案号", "案由", "当事人", "执法事项", "办案主体", "程序", "阶段", "登记时间", "立案时间", "决定时间",
               "结案时间"]
    DRILL = ("kind", "procedure", "month")
    SORTS = {"number": gettext_lazy("案号"), "stage": gettext_lazy("阶段"), "registered_at": gettext_lazy("登记时间"),
             "decided_at": gettext_lazy("决定时间")}

    def get(self, request, *args, **kwargs):
        period, error = _period(request)
        params = {k: request.GET.get(k, "").strip()[:60] for k in self.DRILL}
        qs = Case.objects.none()
        filterset = SupervisedCaseFilterSet(request.GET or None, queryset=qs, request=request)
        if not error:
            try:
                qs = dashboard.case_list(request.user, period=period, **params)
            except DomainError as exc:
                error = exc.message
            else:
                filterset = SupervisedCaseFilterSet(request.GET or None, queryset=qs, request=request)
                qs = filterset.qs if not filterset.is_bound or filterset.is_valid() else qs.none()
        qs = qs.select_related("item").prefetch_related("parties")
        sort = request.GET.get("sort", "")
        if sort.lstrip("-") in self.SORTS:
            qs = qs.order_by(sort, "pk")
        if request.GET.get("export") == "xlsx" and not error and not filterset.errors:
            try:
                excel.check_export_size(qs)
            except DomainError as exc:
                error = exc.message
            else:
                return _xlsx("案件", self.HEADERS, (self._row(c) for c in qs.iterator(chunk_size=500)),
                             "监督-案件清单")
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        _audit_search(request, filterset, "cases", page)
        supervisable = set(Case.objects.filter(access.supervisable_q(), pk__in=[c.pk for c in page])
                           .values_list("pk", flat=True))
        context = self.get_context_data(
            title=_("案件清单"), tabs=self.tabs(), page_obj=page, error=error, filters=params,
            rows=[{"case": c, "supervisable": c.pk in supervisable, "parties": masked_parties(c)} for c in page],
            period=period, query={"from": request.GET.get("from", ""), "to": request.GET.get("to", "")},
            **_filter_context(request, filterset, keep=self.DRILL, extra="supervision/_period_fields.html",
                              sorts=self.SORTS))
        return self.render_to_response(context)

    @staticmethod
    def _row(case):
        def moment(value):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

        return [case.number or "", case.cause, "、".join(masked_parties(case)), case.item.name if case.item else "",
                case.body.name, case.procedure, case.get_stage_display(), moment(case.registered_at),
                moment(case.filed_at), moment(case.decided_at), moment(case.closed_at)]


def masked_parties(case) -> list[str]:
    """The parties as the supervisor's lists show them: an organisation by its name, a natural person by the surname
    only (``mask_name``; DESIGN §5.5): the case file itself needs a 第三十七条 grant."""
    return [p.name if p.kind == PartyKind.ORGANISATION else mask_name(p.name) for p in case.parties.all()]


def _audit_search(request, filterset, where: str, page) -> None:
    """A supervisor's search term is audited once, on the first page (``access.record_search``)."""
    query = request.GET.get("q", "").strip()
    if query and not filterset.errors and page.number == 1 and not request.GET.get("page"):
        access.record_search(actor=request.user, where=where, query=query, found=page.paginator.count)


def _drill_label(key: str, value: str) -> str:
    """A chart's drill-down filter as the user reads it (案件种类：行政处罚), not as the query string has it."""
    if key == "kind":
        return _("案件种类：%(v)s") % {"v": dashboard.kind_label(value)}
    if key == "procedure":
        procedure = PROCEDURES.get(value)
        return _("程序：%(v)s") % {"v": procedure.name if procedure else value}
    return _("登记月份：%(v)s") % {"v": value}


def _filter_context(request, filterset, *, keep=(), extra="", sorts=None) -> dict:
    """What ``generic/_filter_form.html`` and the sortable headers need on the supervisor's lists."""
    ignored = {"page", "sort", "q", "export", "from", "to", *keep}
    sort = request.GET.get("sort", "")
    return {
        "filter_form": filterset.form, "filterset": filterset,
        "filter_keep": [(k, request.GET[k]) for k in keep if request.GET.get(k)],
        "drill_labels": [_drill_label(k, request.GET[k]) for k in keep if request.GET.get(k)],
        "filter_extra": extra,
        "filters_active": any(v for k, v in request.GET.items() if k not in ignored),
        "sort": sort if sorts and sort.lstrip("-") in sorts else "",
        # the sortable columns for the phone's sort select (generic/_sort_form.html)
        "can_sort": bool(sorts),
        "header_cells": [{"header": label, "sort": {"key": key, "state": "asc" if sort == key else
                                                     "desc" if sort == f"-{key}" else ""}}
                         for key, label in (sorts or {}).items()],
    }


class InspectionListView(_SupervisorOnly, TemplateView):
    """The inspections behind the dashboard's inspection figures (the ledger of the jurisdiction, docs/decisions/0042):
    this year to date or the same period last year, by subject, body or item."""

    template_name = "supervision/inspection_list.html"
    section_tab = "dashboard"
    HEADERS = ["检查日期", "检查对象", "检查机关", "检查事项", "案号", "计入频次", "现场检查", "综合查一次"]

    def get(self, request, *args, **kwargs):
        period, error = _period(request)
        params = {k: request.GET.get(k, "").strip()[:60] for k in ("subject", "body", "item")}
        year = request.GET.get("year", "").strip()[:10] or "this"
        span, qs = None, inspection_dashboard.Visit.objects.none()
        if not error:
            try:
                span, qs = inspection_dashboard.visit_list(request.user, as_of=_as_of(period), year=year, **params)
            except DomainError as exc:
                error = exc.message
        if request.GET.get("export") == "xlsx" and not error:
            try:
                excel.check_export_size(qs)
            except DomainError as exc:
                error = exc.message
            else:
                yes = {True: "是", False: "否"}
                rows = ([r["on"].isoformat(), r["subject"], r["body"], r["items"], r["case_number"], yes[r["counted"]],
                         yes[r["on_site"]], yes[r["joint"]]]
                        for r in map(inspection_dashboard.visit_row, qs.iterator(chunk_size=500)))
                return _xlsx("行政检查", self.HEADERS, rows, "监督-行政检查清单")
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        query = {k: v for k, v in {**params, "year": year, "to": request.GET.get("to", "")}.items() if v}
        context = self.get_context_data(
            title=_("行政检查清单"), tabs=self.tabs(), page_obj=page, error=error, span=span,
            year_label=inspection_dashboard.YEARS.get(year, ""), rows=[inspection_dashboard.visit_row(v) for v in page],
            query=urlencode(query), other_year=urlencode({**query, "year": "last" if year == "this" else "this"}))
        return self.render_to_response(context)


class AlertListView(_Base, TemplateView):
    """The alerts of the scope (``permissions.alert_scope_q``), searched and filtered by
    ``filtersets.AlertFilterSet`` (docs/decisions/0051)."""

    template_name = "supervision/alert_list.html"
    section_tab = "alerts"
    HEADERS = ["问题类别", "预警", "案号", "案由", "办案主体", "期限届满日或发生日", "发现日期", "状态", "情况", "依据",
               "情况说明", "消除原因"]

    def get(self, request, *args, **kwargs):
        error = ""
        qs = dashboard.alert_list(request.user)
        filterset = AlertFilterSet(request.GET or None, queryset=qs, request=request)
        qs = (filterset.qs if not filterset.is_bound or filterset.is_valid() else qs.none())
        if request.GET.get("export") == "xlsx" and not filterset.errors:
            try:
                excel.check_export_size(qs)
            except DomainError as exc:
                error = exc.message
            else:
                rows = ([a.get_problem_display(), a.title, a.case.number or "", a.case.cause, a.body.name,
                         a.due_date.isoformat() if a.due_date else "", a.first_seen.isoformat(), a.get_state_display(),
                         a.message, a.article, a.explanation, a.resolution] for a in qs.iterator())
                return _xlsx("监督预警", self.HEADERS, rows, "监督预警")
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        _audit_search(request, filterset, "alerts", page)
        context = self.get_context_data(title=_("监督预警"), tabs=self.tabs(), page_obj=page, error=error,
                                        **_filter_context(request, filterset))
        return self.render_to_response(context)


class AlertDetailView(_Base, TemplateView):
    template_name = "supervision/alert_detail.html"
    section_tab = "alerts"

    def _alert(self):
        q = alert_scope_q(self.request.user)
        qs = Alert.objects.select_related("case", "body", "explained_by")
        alert = (qs if q is None else qs.filter(q)).filter(pk=self.kwargs["pk"]).first()
        if alert is None:
            raise Http404(_("未找到该预警，或您无权查看。"))
        return alert

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        alert = kwargs.get("alert") or self._alert()
        context.update({"title": alert.title, "tabs": self.tabs(), "alert": alert,
                        "can_explain": can_explain(self.request.user, alert)})
        return context

    def post(self, request, *args, **kwargs):
        alert = self._alert()
        try:
            alert_explain(actor=request.user, alert=alert, text=request.POST.get("explanation", ""))
        except DomainError as exc:
            context = self.get_context_data(alert=alert, error=exc.message)
            context["error"] = exc.message
            context["text"] = request.POST.get("explanation", "")[:2000]
            return self.render_to_response(context, status=403 if isinstance(exc, NotAllowed) else 422)
        messages.success(request, _("情况说明已保存。"))
        return redirect("supervision:alert", pk=alert.pk)


# --- access to case files (办法 第三十七条) ---------------------------------------------------------------------------


class AccessListView(_Base, TemplateView):
    template_name = "supervision/access_list.html"
    section_tab = "access"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, now = self.request.user, timezone.now()
        rows = list(selectors.grant_rows(user)[:300])
        mine = [g for g in rows if g.relation == "mine"]
        approvals = [g for g in rows if g.relation == "to_decide"]
        over_mine = [g for g in rows if g.relation == "over_body"]
        context.update({"title": _("案卷查阅"), "tabs": self.tabs(), "now": now,
                        "mine": [{"grant": g, "state": g.state_label(now), "active": g.is_active(now)} for g in mine],
                        "approvals": approvals,
                        "over_mine": [{"grant": g, "state": g.state_label(now)} for g in over_mine],
                        "grant_days": access.grant_days()})
        return context


class AccessRequestView(_SupervisorOnly, TemplateView):
    template_name = "supervision/access_request.html"
    section_tab = "access"

    def _case(self):
        case = access.supervised_cases(self.request.user).select_related("body").filter(pk=self.kwargs["case"]).first()
        if case is None:
            access.record_refused_read(actor=self.request.user, case_id=self.kwargs["case"], what=self.request.path)
            raise Http404(_("未找到该案件，或该案件不在您的监督范围内。"))
        return case

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = kwargs.get("the_case") or self._case()
        decided = Case.objects.filter(access.supervisable_q(), pk=case.pk).exists()
        context.update({"title": _("申请查阅案卷"), "tabs": self.tabs(), "case": case, "decided": decided,
                        "grant_days": access.grant_days(), "article": access.ARTICLE})
        return context

    def post(self, request, *args, **kwargs):
        case = self._case()
        try:
            access.grant_request(actor=request.user, case_id=case.pk, reason=request.POST.get("reason", ""))
        except DomainError as exc:
            context = self.get_context_data(the_case=case)
            context.update({"error": exc.message, "reason": request.POST.get("reason", "")[:1000]})
            return self.render_to_response(context, status=422)
        messages.success(request, _("查阅申请已提交，待负责人审批。"))
        return redirect("supervision:access")


class AccessDecideView(_Base, View):
    def post(self, request, pk):
        grant = AccessGrant.objects.filter(approvable_q(request.user), pk=pk).first()
        if grant is None:
            raise Http404(_("未找到该查阅申请，或您无权审批。"))
        decision = request.POST.get("decision")
        if decision not in ("approve", "reject"):
            messages.error(request, _("请选择批准或者不批准。"))
            return redirect("supervision:access")
        try:
            access.grant_decide(actor=request.user, grant=grant, approve=decision == "approve",
                                note=request.POST.get("note", ""))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已批准查阅申请，并已通知办案主体。") if decision == "approve"
                             else _("已作出不批准的决定。"))
        return redirect("supervision:access")


class AccessReadView(_SupervisorOnly, TemplateView):
    """The case file read under a grant (read only, audited on every view)."""

    template_name = "supervision/access_read.html"
    section_tab = "access"

    def get(self, request, *args, **kwargs):
        try:
            file = access.case_file_read(actor=request.user, grant_id=kwargs["pk"])
        except NotAllowed:
            raise Http404(GRANT_NOT_FOUND) from None
        context = self.get_context_data(
            title=file.case.number or file.case.cause, tabs=self.tabs(), grant=file.grant, case=file.case,
            acts=file.acts, parties=file.parties, documents=file.documents, deadlines=file.deadlines,
            alerts=file.alerts)
        return self.render_to_response(context)


# --- evaluations and complaints of inspected subjects (docs/decisions/0041) ------------------------------------------


class FeedbackListView(_SupervisorOnly, TemplateView):
    """The evaluations and complaints of the jurisdiction's inspected subjects, text and contact masked; a complaint
    not yet handled is marked handled here with a note. Supervisors only: the inspecting body never sees them."""

    template_name = "supervision/feedback_list.html"
    section_tab = "feedback"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self._context())

    def _context(self, **extra):
        from . import feedback
        from .models import FeedbackKind

        params = {k: self.request.GET.get(k, "").strip()[:20] for k in ("kind", "handled", "score")}
        error = ""
        try:
            qs = feedback.feedback_list(self.request.user, **params)
        except DomainError as exc:
            error, qs = exc.message, feedback.InspectionFeedback.objects.none()
        page = Paginator(qs, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return self.get_context_data(title=_("企业评价和投诉"), tabs=self.tabs(), page_obj=page,
                                     rows=[feedback.masked(f) for f in page], error=extra.pop("error", error),
                                     filters=params,
                                     kinds=FeedbackKind.choices, scores=feedback.SCORES,
                                     query=self.request.GET.urlencode(), **extra)

    def post(self, request, *args, **kwargs):
        from . import feedback

        pk = request.POST.get("id", "")
        found = (feedback.InspectionFeedback.objects.restrict(request.user, "view").filter(pk=pk).first()
                 if _is_uuid(pk) else None)
        if found is None:
            raise Http404(_("未找到该投诉，或您无权查看。"))
        try:
            feedback.feedback_handle(actor=request.user, feedback=found, note=request.POST.get("note", ""))
        except DomainError as exc:
            return self.render_to_response(self._context(error=exc.message),
                                           status=403 if isinstance(exc, NotAllowed) else 422)
        messages.success(request, _("已标记投诉为已处理。"))
        return redirect("supervision:feedback")


# --- notifications to the body ---------------------------------------------------------------------------------------


class NotificationListView(_Base, TemplateView):
    template_name = "supervision/notifications.html"
    section_tab = "notices"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        qs = Notification.objects.restrict(self.request.user, "view").select_related("case", "read_by")
        page = Paginator(qs, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update({"title": _("监督通知"), "tabs": self.tabs(), "page_obj": page})
        return context

    def post(self, request, *args, **kwargs):
        notice = Notification.objects.restrict(request.user, "view").filter(pk=request.POST.get("id") or None).first() \
            if _is_uuid(request.POST.get("id")) else None
        if notice is None:
            raise Http404(_("未找到该通知。"))
        access.notification_read(actor=request.user, notification=notice)
        return redirect("supervision:notices")


def _is_uuid(value) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
