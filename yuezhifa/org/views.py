"""HTML pages of the organisation data (管理): bodies, officers, certificates. Thin: selectors read, services write."""

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
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
from yuezhifa.core.masking import mask_phone
from yuezhifa.core.views_base import Column, RestrictedDetailView, RestrictedListView

from . import filtersets, selectors, services
from .forms import ExcelUploadForm, RevealIdNumberForm
from .models import CertificateStatus, OfficerStatus
from .permissions import ROLE_ACTIONS, user_roles
from .services import excel


def has_right(user, action: str) -> bool:
    """Whether any of the user's roles grants ``action`` somewhere (the rows are still decided by ``restrict``)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or any(action in ROLE_ACTIONS.get(role, set()) for role in user_roles(user))


def can_see_management(user) -> bool:
    """The 管理 section: any active user with a role, or a superuser."""
    return getattr(user, "is_authenticated", False) and user.is_active and (user.is_superuser or bool(user_roles(user)))


def _badge(kind: str, value: str, label) -> str:
    return format_html('<span class="badge badge-{}-{}">{}</span>', kind, value, label)


def certificate_badge(cert) -> str:
    """The status, with 已过期 / 即将到期 for a certificate still marked valid whose validity ends."""
    if cert.status == CertificateStatus.VALID:
        today = timezone.localdate()
        if cert.valid_until < today:
            return _badge("cert", "expired", _("已过期"))
        if cert.valid_until <= today + datetime.timedelta(days=90):
            return format_html("{} {}", _badge("cert", "valid", cert.get_status_display()),
                               _badge("cert", "expiring", _("即将到期")))
    return _badge("cert", cert.status, cert.get_status_display())


def _current_certificate(officer):
    current = getattr(officer, "current_certificates", None)
    return current[0] if current else None


def _officer_certificate(officer) -> str:
    cert = _current_certificate(officer)
    if cert is None:
        return _badge("cert", "none", _("未持证"))
    return format_html("{} {}", cert.number, certificate_badge(cert))


class OrgPageMixin:
    """What every 管理 page knows: which tab is open and whether the user may import and export."""

    section = ""
    export_url_name = ""
    import_url_name = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"section": self.section, "can_change": has_right(self.request.user, "change"),
                        "export_url_name": self.export_url_name, "import_url_name": self.import_url_name})
        return context


class OrgIndexView(LoginRequiredMixin, OrgPageMixin, TemplateView):
    template_name = "org/index.html"
    section = "index"

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(**kwargs)
        context.update({
            "title": _("管理"),
            "bodies_count": selectors.body_list(user=user).count(),
            "officers_count": selectors.officer_list(user=user).count(),
            "certificates_count": selectors.certificate_list(user=user).filter(status=CertificateStatus.VALID).count(),
        })
        return context


# --- bodies -----------------------------------------------------------------------------------------------------


class BodyListView(OrgPageMixin, RestrictedListView):
    selector = selectors.body_list
    filterset_class = filtersets.BodyFilterSet
    template_name = "org/object_list.html"
    title = gettext_lazy("执法主体")
    section = "bodies"
    search_placeholder = gettext_lazy("名称、简称或统一社会信用代码")
    columns = [
        Column(gettext_lazy("名称"), "name", link="org:body_detail", order_by="name"),
        Column(gettext_lazy("层级"), "get_level_display", order_by="level", css="nowrap"),
        Column(gettext_lazy("主体类别"), "get_kind_display", css="nowrap"),
        Column(gettext_lazy("所在区划"), "division.name", css="nowrap"),
        Column(gettext_lazy("上级主体"), "parent.name"),
        Column(gettext_lazy("执法领域"), "domains"),
        Column(gettext_lazy("状态"), render=lambda b: _badge("body", b.status, b.get_status_display()), css="nowrap"),
    ]


class BodyDetailView(OrgPageMixin, RestrictedDetailView):
    selector = selectors.body_list
    template_name = "org/body_detail.html"
    section = "bodies"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, body = self.request.user, self.object
        visible = selectors.body_list(user=user)
        context.update({
            "parent_visible": body.parent_id is not None and visible.filter(pk=body.parent_id).exists(),
            "entrusted_by_visible": body.entrusted_by_id is not None and visible.filter(pk=body.entrusted_by_id).exists(),
            "subordinates": visible.filter(parent=body).order_by("name"),
            "officers_count": selectors.officer_list(user=user).filter(body=body).count(),
            "active_officers_count": selectors.officer_list(user=user, status=OfficerStatus.ACTIVE)
            .filter(body=body).count(),
            "certificates_count": selectors.certificate_list(user=user, status=CertificateStatus.VALID)
            .filter(officer__body=body).count(),
        })
        return context


# --- officers ---------------------------------------------------------------------------------------------------


class OfficerListView(OrgPageMixin, RestrictedListView):
    selector = selectors.officer_list
    filterset_class = filtersets.OfficerFilterSet
    template_name = "org/object_list.html"
    title = gettext_lazy("执法人员")
    section = "officers"
    export_url_name = "org:officer_export"
    import_url_name = "org:officer_import"
    search_placeholder = gettext_lazy("姓名或执法证件编号")
    columns = [
        Column(gettext_lazy("姓名"), "name", link="org:officer_detail", order_by="name", css="nowrap"),
        Column(gettext_lazy("身份证号码"), "id_number_masked", css="mono nowrap"),
        Column(gettext_lazy("所在主体"), "body.name"),
        Column(gettext_lazy("职务"), "position"),
        Column(gettext_lazy("执法证件"), render=_officer_certificate, css="nowrap"),
        Column(gettext_lazy("法律职业资格"), render=lambda o: _("是") if o.legal_qualification_no else _("否"),
               css="nowrap"),
        Column(gettext_lazy("状态"), render=lambda o: _badge("officer", o.status, o.get_status_display()),
               css="nowrap"),
    ]


def _officer_context(request, officer) -> dict:
    return {
        "certificates": selectors.certificate_list(user=request.user).filter(officer=officer)
        .order_by("-valid_until"),
        "current_certificate": _current_certificate(officer),
        "masked_phone": mask_phone(officer.phone),
        # Offered only where the service would agree; the service still decides (and audits).
        "can_reveal": has_right(request.user, "view_id_number")
        and selectors.officer_list(user=request.user, action="view_id_number").filter(pk=officer.pk).exists(),
        "reveal_form": RevealIdNumberForm(),
    }


class OfficerDetailView(OrgPageMixin, RestrictedDetailView):
    selector = selectors.officer_list
    template_name = "org/officer_detail.html"
    section = "officers"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(_officer_context(self.request, self.object))
        return context


class OfficerRevealIdNumberView(LoginRequiredMixin, View):
    """POST: the full ID number of one officer, through the audited service (DESIGN §5.5). htmx swaps the answer into
    the detail page; without JavaScript the detail page comes back with the number shown."""

    http_method_names = ["post"]

    def post(self, request, pk):
        officer = selectors.officer_list(user=request.user).filter(pk=pk).first()
        if officer is None:
            raise Http404(_("未找到该记录，或您无权查看。"))
        form = RevealIdNumberForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        htmx = request.headers.get("HX-Request") == "true"
        try:
            number = services.officer_reveal_id_number(actor=request.user, officer=officer, reason=reason)
        except NotAllowed as exc:
            if not htmx:
                raise PermissionDenied(exc.message) from None
            return render(request, "org/_id_number.html", {"object": officer, "error": exc.message}, status=403)
        if htmx:
            response = render(request, "org/_id_number.html", {"object": officer, "revealed": number})
        else:
            context = {"object": officer, "officer": officer, "title": str(officer), "section": "officers",
                       "revealed": number, **_officer_context(request, officer)}
            response = render(request, "org/officer_detail.html", context)
        add_never_cache_headers(response)
        return response


# --- certificates -----------------------------------------------------------------------------------------------


def _validity(cert) -> str:
    return format_html('<span class="nowrap">{}</span> 至 <span class="nowrap">{}</span>',
                       cert.valid_from.isoformat(), cert.valid_until.isoformat())


class CertificateListView(OrgPageMixin, RestrictedListView):
    selector = selectors.certificate_list
    filterset_class = filtersets.CertificateFilterSet
    template_name = "org/object_list.html"
    title = gettext_lazy("执法证件")
    section = "certificates"
    export_url_name = "org:certificate_export"
    import_url_name = "org:certificate_import"
    search_placeholder = gettext_lazy("证件编号或持证人姓名")
    columns = [
        Column(gettext_lazy("证件编号"), "number", link="org:certificate_detail", order_by="number",
               css="mono nowrap"),
        Column(gettext_lazy("持证人"), "officer.name", link="org:officer_detail", link_to="officer",
               order_by="officer__name", css="nowrap"),
        Column(gettext_lazy("所在主体"), "officer.body.name"),
        Column(gettext_lazy("执法领域"), "domains"),
        Column(gettext_lazy("有效期"), render=_validity, order_by="valid_until"),
        Column(gettext_lazy("状态"), render=certificate_badge, css="nowrap"),
    ]


class CertificateDetailView(OrgPageMixin, RestrictedDetailView):
    selector = selectors.certificate_list
    template_name = "org/certificate_detail.html"
    section = "certificates"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cert = self.object
        days_left = (cert.valid_until - timezone.localdate()).days
        context.update({"status_badge": certificate_badge(cert), "days_left": days_left,
                        "days_overdue": -days_left if days_left < 0 else 0})
        return context


# --- Excel import and export ------------------------------------------------------------------------------------


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=excel.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    add_never_cache_headers(response)
    return response


class _ChangeRightRequired(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not has_right(request.user, "change"):
            raise PermissionDenied(_("只有系统管理员可以导入、导出执法人员和执法证件。"))
        return super().dispatch(request, *args, **kwargs)


class _ExportMixin(_ChangeRightRequired):
    """The list's own filters, over the rows the user may change, as .xlsx (ID numbers masked)."""

    action = "change"
    export = None  # excel.officers_export / excel.certificates_export
    export_stem = ""

    def get(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        if self.filterset is not None and self.filterset.is_bound and not self.filterset.is_valid():
            messages.error(request, _("筛选条件有误，未导出。"))
            return redirect(f"{reverse(self.list_url_name)}?{request.GET.urlencode()}")
        filters = {k: v for k, v in request.GET.items() if k != "page" and v}
        try:
            data = type(self).export(actor=request.user, queryset=queryset, filters=filters)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(f"{reverse(self.list_url_name)}?{request.GET.urlencode()}")
        return _xlsx_response(data, excel.export_filename(self.export_stem))


def _export_officers(*, actor, queryset, filters):
    return excel.officers_export(actor=actor, officers=queryset, filters=filters)


def _export_certificates(*, actor, queryset, filters):
    return excel.certificates_export(actor=actor, certificates=queryset, filters=filters)


class OfficerExportView(_ExportMixin, OfficerListView):
    export = staticmethod(_export_officers)
    export_stem = "执法人员"
    list_url_name = "org:officer_list"


class CertificateExportView(_ExportMixin, CertificateListView):
    export = staticmethod(_export_certificates)
    export_stem = "执法证件"
    list_url_name = "org:certificate_list"


class _ImportView(_ChangeRightRequired, OrgPageMixin, TemplateView):
    """Upload page: one .xlsx in the template's layout; all rows or none (DESIGN §5.6)."""

    template_name = "org/import.html"
    importer = None  # excel.officers_import / excel.certificates_import
    columns: tuple = ()
    title = ""
    noun = ""
    list_url_name = ""
    template_url_name = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ExcelUploadForm())
        layout = [{"letter": get_column_letter(i), "column": c} for i, c in enumerate(self.columns, start=1)]
        context.update({"title": self.title, "columns": layout, "list_url_name": self.list_url_name,
                        "template_url_name": self.template_url_name, "max_rows": excel.MAX_ROWS})
        return context

    def post(self, request, *args, **kwargs):
        form = ExcelUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        try:
            result = type(self).importer(actor=request.user, data=upload.read(), filename=upload.name)
        except excel.ExcelImportError as exc:
            return self.render_to_response(self.get_context_data(form=form, row_errors=exc.row_errors,
                                                                 error=exc.message))
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from None
        except DomainError as exc:
            form.add_error("file", exc.message)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("已导入 %(count)d 条%(noun)s记录。") % {"count": result.count, "noun": self.noun})
        return redirect(self.list_url_name)


class OfficerImportView(_ImportView):
    importer = staticmethod(excel.officers_import)
    columns = excel.OFFICER_COLUMNS
    title = gettext_lazy("导入执法人员")
    noun = gettext_lazy("执法人员")
    section = "officers"
    list_url_name = "org:officer_list"
    template_url_name = "org:officer_import_template"


class CertificateImportView(_ImportView):
    importer = staticmethod(excel.certificates_import)
    columns = excel.CERTIFICATE_COLUMNS
    title = gettext_lazy("导入执法证件")
    noun = gettext_lazy("执法证件")
    section = "certificates"
    list_url_name = "org:certificate_list"
    template_url_name = "org:certificate_import_template"


class OfficerImportTemplateView(_ChangeRightRequired, View):
    def get(self, request):
        return _xlsx_response(excel.officer_template(), "执法人员导入模板.xlsx")


class CertificateImportTemplateView(_ChangeRightRequired, View):
    def get(self, request):
        return _xlsx_response(excel.certificate_template(user=request.user), "执法证件导入模板.xlsx")
