"""HTML pages of the item library (执法事项, mounted at /items/). Thin: selectors read, services write."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from openpyxl.utils import get_column_letter

from yuezhifa.core.errors import DomainError, NotAllowed
from yuezhifa.core.excel import MAX_ROWS
from yuezhifa.core.views_base import Column, RestrictedDetailView, RestrictedListView

from . import filtersets, selectors, services
from .citing import CitationError, resolve_citation
from .forms import AdjustmentSubmitForm, DecisionForm, ItemImportForm, ReasonForm, ReportForm
from .models import AdjustmentStatus, BasisRole, ItemStatus
from .permissions import can_edit_items, can_read_items
from .rules import effective_bases, item_unusable_reason
from .services import excel
from .services.adjustments import can_submit, is_head_of

_STATUS_BADGE = {ItemStatus.ACTIVE: "body-active", ItemStatus.SUSPENDED: "body-suspended",
                 ItemStatus.REPEALED: "body-dissolved", ItemStatus.DRAFT: "filter",
                 AdjustmentStatus.SUBMITTED: "body-suspended", AdjustmentStatus.APPROVED: "body-active",
                 AdjustmentStatus.REJECTED: "body-dissolved", AdjustmentStatus.ENDED: "filter"}


def status_badge(obj) -> str:
    return format_html('<span class="badge badge-{}">{}</span>', _STATUS_BADGE.get(obj.status, "filter"),
                       obj.get_status_display())


def provision_url(provision_id) -> str:
    """The laws library's page of a provision."""
    try:
        return reverse("laws:provision_detail", kwargs={"pk": provision_id})
    except NoReverseMatch:
        return f"/laws/provisions/{provision_id}/"


class ItemsPageMixin:
    """What every item page knows: which tab is open and what the user may do."""

    section = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"section": self.section, "can_edit": can_edit_items(self.request.user)})
        return context


# --- the list ---------------------------------------------------------------------------------------------------


class ItemListView(ItemsPageMixin, RestrictedListView):
    selector = selectors.item_list
    filterset_class = filtersets.ItemFilterSet
    template_name = "items/item_list.html"
    title = gettext_lazy("执法事项")
    section = "items"
    search_placeholder = gettext_lazy("事项名称、事项编码、省事项管理系统编码或依据条文")
    columns = [
        Column(gettext_lazy("事项编码"), "code", link="items:detail", order_by="code", css="mono nowrap"),
        Column(gettext_lazy("事项名称"), "name", link="items:detail", order_by="name"),
        Column(gettext_lazy("事项类型"), "get_type_display", order_by="type", css="nowrap"),
        Column(gettext_lazy("执法领域"), "domain.name", css="nowrap"),
        Column(gettext_lazy("实施层级"), "level_labels"),
        Column(gettext_lazy("省事项管理系统"), render=lambda i: _("已纳入") if i.registered else _("未纳入"),
               css="nowrap"),
        Column(gettext_lazy("状态"), render=status_badge, css="nowrap"),
    ]


class ItemDetailView(ItemsPageMixin, RestrictedDetailView):
    selector = staticmethod(selectors.item_with_bases)
    template_name = "items/item_detail.html"
    section = "items"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, item = self.request.user, self.object
        today = timezone.localdate()
        bases = [{"basis": b, "url": provision_url(b.provision_id)} for b in item.bases.all()]
        adjustments = selectors.adjustment_list(user=user, item=item).order_by("-created_at")
        own = None
        if getattr(user, "body", None) is not None:
            mine = effective_bases(item, user.body, today)
            if mine and mine[0].adjustment_id:
                own = next((a for a in adjustments if a.pk == mine[0].adjustment_id), None)
        context.update({
            "title": item.name,
            "bases": bases,
            "unusable_reason": item_unusable_reason(item, today),
            "today": today,
            "adjustments": adjustments,
            "own_adjustment": own,
            "status_badge": status_badge(item),
            "can_adjust": item.status in (ItemStatus.ACTIVE, ItemStatus.SUSPENDED)
            and selectors.bodies_for_adjustment(user=user).exists(),
            "reason_form": ReasonForm(),
        })
        return context


class ItemStatusView(LoginRequiredMixin, View):
    """POST: activate, suspend or repeal an item (the list's maintainers)."""

    http_method_names = ["post"]
    acts = {"activate": services.item_activate, "suspend": services.item_suspend, "repeal": services.item_repeal}

    def post(self, request, pk, act):
        item = selectors.item_list(user=request.user).filter(pk=pk).first()
        if item is None or act not in self.acts:
            raise Http404(_("未找到该记录，或您无权查看。"))
        form = ReasonForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        try:
            self.acts[act](actor=request.user, item=item, reason=reason)
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from None
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已更新事项状态。"))
        return redirect("items:detail", pk=pk)


# --- Excel ------------------------------------------------------------------------------------------------------


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=excel.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    add_never_cache_headers(response)
    return response


class _EditorRequired(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_edit_items(request.user):
            raise PermissionDenied(_("只有省司法行政部门的系统管理员可以导入全省执法事项清单（办法 第13条(二)）。"))
        return super().dispatch(request, *args, **kwargs)


class ItemExportView(ItemListView):
    """The list's own filters as .xlsx in the import layout. Items are public information (事前公示), so every
    reader may export."""

    def get(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        if self.filterset is not None and self.filterset.is_bound and not self.filterset.is_valid():
            messages.error(request, _("筛选条件有误，未导出。"))
            return redirect(f"{reverse('items:list')}?{request.GET.urlencode()}")
        filters = {k: v for k, v in request.GET.items() if k != "page" and v}
        try:
            data = excel.items_export(actor=request.user, items=queryset, filters=filters)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(f"{reverse('items:list')}?{request.GET.urlencode()}")
        return _xlsx_response(data, excel.export_filename())


class ItemImportView(_EditorRequired, ItemsPageMixin, TemplateView):
    template_name = "items/import.html"
    section = "import"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ItemImportForm())
        layout = [{"letter": get_column_letter(i), "column": c} for i, c in enumerate(excel.ITEM_COLUMNS, start=1)]
        context.update({"title": _("导入执法事项清单"), "columns": layout, "max_rows": MAX_ROWS})
        return context

    def post(self, request, *args, **kwargs):
        form = ItemImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        try:
            result = excel.items_import(actor=request.user, data=upload.read(), filename=upload.name,
                                        update_existing=form.cleaned_data["update_existing"])
        except excel.ExcelImportError as exc:
            return self.render_to_response(self.get_context_data(form=form, row_errors=exc.row_errors,
                                                                 error=exc.message))
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from None
        except DomainError as exc:
            form.add_error("file", exc.message)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("导入完成：%(summary)s") % {"summary": result})
        return redirect("items:list")


class ItemImportTemplateView(_EditorRequired, View):
    def get(self, request):
        return _xlsx_response(excel.item_template(user=request.user), "执法事项清单导入模板.xlsx")


# --- basis adjustments (办法 第54条) -------------------------------------------------------------------------------


def _adjustment_bases(adj) -> list[dict]:
    return [{"citation": b.get("citation", ""), "role": BasisRole(b["role"]).label, "note": b.get("note", ""),
             "url": provision_url(b["provision"])} for b in adj.proposed_bases]


class AdjustmentListView(ItemsPageMixin, RestrictedListView):
    selector = selectors.adjustment_list
    filterset_class = filtersets.AdjustmentFilterSet
    template_name = "items/adjustment_list.html"
    title = gettext_lazy("事项依据调整")
    section = "adjustments"
    search_placeholder = gettext_lazy("事项名称、事项编码或执法主体")
    columns = [
        Column(gettext_lazy("执法事项"), "item.name", link="items:adjustment_detail"),
        Column(gettext_lazy("执法主体"), "body.name"),
        Column(gettext_lazy("提交时间"), "submitted_at", order_by="submitted_at", css="nowrap"),
        Column(gettext_lazy("状态"), render=status_badge, css="nowrap"),
        Column(gettext_lazy("报备"), render=lambda a: a.reported_to if a.reported_at else _("未报备")),
    ]


class AdjustmentDetailView(ItemsPageMixin, RestrictedDetailView):
    selector = selectors.adjustment_list
    template_name = "items/adjustment_detail.html"
    section = "adjustments"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        adj, user = self.object, self.request.user
        context.update({
            "title": _("事项依据调整：%(item)s") % {"item": adj.item.name},
            "status_badge": status_badge(adj),
            "proposed": _adjustment_bases(adj),
            "current": [{"basis": b, "url": provision_url(b.provision_id)}
                        for b in adj.item.bases.select_related("provision")],
            "can_decide": adj.status == AdjustmentStatus.SUBMITTED and is_head_of(user, adj.body),
            "can_report": adj.status in (AdjustmentStatus.APPROVED, AdjustmentStatus.ENDED)
            and not adj.reported_at and can_submit(user, adj.body),
            "can_end": adj.status == AdjustmentStatus.APPROVED
            and (can_submit(user, adj.body) or can_edit_items(user)),
            "decision_form": DecisionForm(), "report_form": ReportForm(), "reason_form": ReasonForm(),
        })
        return context


class AdjustmentSubmitView(LoginRequiredMixin, ItemsPageMixin, TemplateView):
    """The body's administrator or head asks to cite another basis for the item (第54条第2款)."""

    template_name = "items/adjustment_form.html"
    section = "adjustments"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.item = selectors.item_list(user=request.user, with_bases=True).filter(pk=kwargs["pk"]).first()
            if self.item is None:
                raise Http404(_("未找到该记录，或您无权查看。"))
            self.bodies = selectors.bodies_for_adjustment(user=request.user)
            if not self.bodies.exists():
                raise PermissionDenied(_("只有执法主体的系统管理员或单位负责人可以提交事项依据调整（办法 第54条）。"))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "form" not in context:
            initial = "\n".join(f"{b.get_role_display()}：{b.provision.citation}" for b in self.item.bases.all())
            body = self.request.user.body if self.request.user.body_id else None
            context["form"] = AdjustmentSubmitForm(
                bodies=self.bodies, initial={"bases": initial,
                                             "body": body if body and body in self.bodies else None})
        context.update({"title": _("申请调整事项依据"), "item": self.item})
        return context

    def post(self, request, *args, **kwargs):
        form = AdjustmentSubmitForm(request.POST, bodies=self.bodies)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        today = timezone.localdate()
        bases = []
        for number, role, citation in form.cleaned_data["bases"]:
            try:
                bases.append(services.BasisSpec(provision=resolve_citation(citation, today), role=role))
            except CitationError as exc:
                form.add_error("bases", _("第 %(n)d 行：%(msg)s") % {"n": number, "msg": exc})
        if form.errors:
            return self.render_to_response(self.get_context_data(form=form))
        try:
            adj = services.basis_adjustment_submit(actor=request.user, body=form.cleaned_data["body"],
                                                   item=self.item, bases=bases, reason=form.cleaned_data["reason"])
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from None
        except DomainError as exc:
            form.add_error("bases" if (exc.field or "").startswith("bases") else None, exc.message)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("已提交，待本单位主要负责人审批。"))
        return redirect("items:adjustment_detail", pk=adj.pk)


class AdjustmentActView(LoginRequiredMixin, View):
    """POST: approve / reject (the body's head), report, end."""

    http_method_names = ["post"]

    def post(self, request, pk, act):
        adj = selectors.adjustment_list(user=request.user).filter(pk=pk).first()
        if adj is None:
            raise Http404(_("未找到该记录，或您无权查看。"))
        data = request.POST
        try:
            if act == "approve":
                services.basis_adjustment_approve(actor=request.user, adjustment=adj, note=data.get("note", ""))
                done = _("已批准。本单位办案自今日起适用调整后的依据，请及时向省或者市级行业主管部门报备。")
            elif act == "reject":
                services.basis_adjustment_reject(actor=request.user, adjustment=adj, note=data.get("note", ""))
                done = _("已驳回。")
            elif act == "report":
                services.basis_adjustment_report(actor=request.user, adjustment=adj,
                                                 reported_to=data.get("reported_to", ""))
                done = _("已登记报备。")
            elif act == "end":
                services.basis_adjustment_end(actor=request.user, adjustment=adj, reason=data.get("reason", ""))
                done = _("已终止，本单位恢复适用全省事项清单的依据。")
            else:
                raise Http404(_("未找到该操作。"))
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from None
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done)
        return redirect("items:adjustment_detail", pk=pk)


def can_see_items(user) -> bool:
    return getattr(user, "is_authenticated", False) and can_read_items(user)
