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

from . import conf, filtersets, selectors, services
from .forms import (
    CertificateIssueForm,
    CertificateRenewForm,
    CertificateStatusForm,
    ExcelUploadForm,
    RevealIdNumberForm,
    TrainingCourseForm,
    TrainingRecordCorrectForm,
    TrainingRecordForm,
    result_value,
)
from .models import CertificateStatus, OfficerStatus
from .permissions import ROLE_ACTIONS, can_certify, user_roles
from .services import excel, training_excel


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
        if cert.valid_until <= today + datetime.timedelta(days=conf.warning_days()):
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
                        "can_certify": can_certify(self.request.user),
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
            "expiring_count": selectors.certificates_expiring(user=user).count(),
            "warning_days": conf.warning_days(),
            "courses_count": selectors.training_course_list(user=user).count(),
            "training_year": timezone.localdate().year,
            "training_minimum": conf.annual_min_hours(),
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
    year = timezone.localdate().year
    records = selectors.training_record_list(user=request.user, officer=officer)
    return {
        "training": selectors.training_year(user=request.user, officer=officer, year=year),
        "training_records": list(records.order_by("-course__end_date")[:10]),
        "can_see_training": selectors.training_visible(user=request.user, officer=officer),
        "can_issue": _current_certificate(officer) is None and officer.status == OfficerStatus.ACTIVE
        and selectors.officer_list(user=request.user, action="certify").filter(pk=officer.pk).exists(),
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not context["can_certify"]:
            context["import_url_name"] = ""  # only justice departments issue certificates (办法 第38条)
        return context


class CertificateDetailView(OrgPageMixin, RestrictedDetailView):
    selector = selectors.certificate_list
    template_name = "org/certificate_detail.html"
    section = "certificates"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cert = self.object
        days_left = (cert.valid_until - timezone.localdate()).days
        certify = selectors.certificate_list(user=self.request.user, action="certify").filter(pk=cert.pk).exists()
        context.update({"status_badge": certificate_badge(cert), "days_left": days_left,
                        "days_overdue": -days_left if days_left < 0 else 0,
                        "certify": certify, **selectors.certificate_history(cert),
                        "warnings": list(selectors.certificate_warning_list(user=self.request.user, certificate=cert)),
                        "status_form": CertificateStatusForm()})
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
            raise PermissionDenied(_("只有系统管理员可以导入、导出数据。"))
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


class _CertifyRightRequired(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_certify(request.user):
            raise PermissionDenied(_("只有司法行政部门的系统管理员可以导入执法证件（办法 第38条）。"))
        return super().dispatch(request, *args, **kwargs)


class CertificateImportView(_CertifyRightRequired, _ImportView):
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


class CertificateImportTemplateView(_CertifyRightRequired, View):
    def get(self, request):
        return _xlsx_response(excel.certificate_template(user=request.user), "执法证件导入模板.xlsx")


# --- forms that call one service -----------------------------------------------------------------------------


class _ServiceFormView(LoginRequiredMixin, OrgPageMixin, TemplateView):
    """A page with one form whose valid submission calls one service. A ``DomainError`` is shown on the field it
    names (or above the form); ``NotAllowed`` answers 403. Subclasses give ``form_class``, ``form_kwargs()``,
    ``perform(data)`` returning the URL to go to, and the page texts."""

    template_name = "org/form.html"
    form_class = None
    title = ""
    intro = ""
    submit_label = gettext_lazy("提交")
    success_message = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.setup_objects()
        return super().dispatch(request, *args, **kwargs)

    def setup_objects(self) -> None:
        """Read (through selectors) the objects the page acts on; raise Http404 or PermissionDenied."""

    def form_kwargs(self) -> dict:
        return {}

    def initial(self) -> dict:
        return {}

    def cancel_url(self) -> str:
        return reverse("org:index")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.form_class(initial=self.initial(), **self.form_kwargs()))
        context.update({"title": self.title, "intro": self.intro, "submit_label": self.submit_label,
                        "cancel_url": self.cancel_url()})
        return context

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, **self.form_kwargs())
        if form.is_valid():
            try:
                url = self.perform(form.cleaned_data)
            except NotAllowed as exc:
                raise PermissionDenied(exc.message) from None
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                if self.success_message:
                    messages.success(request, self.success_message)
                return redirect(url)
        return self.render_to_response(self.get_context_data(form=form))

    def perform(self, data) -> str:  # pragma: no cover - every subclass defines it
        raise NotImplementedError


def _plus_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later (28 February for 29 February), to suggest a validity period."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _certify_required(user) -> None:
    if not can_certify(user):
        raise PermissionDenied(_("只有司法行政部门的系统管理员可以发放、换发、暂扣、恢复或注销执法证件（办法 第38条）。"))


class CertificateIssueView(_ServiceFormView):
    section = "certificates"
    form_class = CertificateIssueForm
    title = gettext_lazy("发放执法证件")
    submit_label = gettext_lazy("发证")
    success_message = gettext_lazy("已发放执法证件。")

    def setup_objects(self):
        _certify_required(self.request.user)
        self.officer = selectors.officer_list(user=self.request.user, action="certify") \
            .filter(pk=self.kwargs["pk"]).first()
        if self.officer is None:
            raise Http404(_("未找到该人员，或不在您的发证范围内。"))
        self.intro = _("持证人：%(name)s（%(body)s）。一人一证，证号全省唯一（办法 第38条）。") % {
            "name": self.officer.name, "body": self.officer.body.name}

    def issuers(self):
        user = self.request.user
        own = getattr(user, "body", None)
        justice = selectors.body_list(user=user).filter(is_justice_department=True).order_by("path")
        return ([own] if own is not None and own.is_justice_department else []) + \
            [b for b in justice if own is None or b.pk != own.pk]

    def form_kwargs(self):
        return {"domains": list(self.officer.body.domains.all()), "issuers": self.issuers()}

    def initial(self):
        today = timezone.localdate()
        return {"valid_from": today, "valid_until": _plus_years(today, 5) - datetime.timedelta(days=1),
                "domains": [d.code for d in self.officer.body.domains.all()]}

    def cancel_url(self):
        return reverse("org:officer_detail", args=[self.officer.pk])

    def perform(self, data):
        domains = list(selectors.domain_list(user=self.request.user).filter(code__in=data["domains"]))
        issuer = selectors.body_list(user=self.request.user).filter(pk=data["issued_by"]).first()
        if issuer is None:
            raise DomainError(_("请选择发证机关。"), field="issued_by")
        cert = services.certificate_issue(actor=self.request.user, officer=self.officer, number=data["number"],
                                          domains=domains, valid_from=data["valid_from"],
                                          valid_until=data["valid_until"], issued_by=issuer, reason=data["reason"])
        return reverse("org:certificate_detail", args=[cert.pk])


class _CertificateActionMixin:
    def setup_objects(self):
        _certify_required(self.request.user)
        self.certificate = selectors.certificate_list(user=self.request.user, action="certify") \
            .filter(pk=self.kwargs["pk"]).first()
        if self.certificate is None:
            raise Http404(_("未找到该证件，或不在您的管理范围内。"))

    def cancel_url(self):
        return reverse("org:certificate_detail", args=[self.certificate.pk])


class CertificateRenewView(_CertificateActionMixin, _ServiceFormView):
    section = "certificates"
    form_class = CertificateRenewForm
    title = gettext_lazy("换证（延续有效期）")
    submit_label = gettext_lazy("换证")
    success_message = gettext_lazy("已换证：证件编号不变，有效期已延续。")

    def setup_objects(self):
        super().setup_objects()
        cert = self.certificate
        self.intro = _("证件 %(number)s（持证人 %(name)s），现有效期 %(start)s 至 %(end)s。换证沿用原证号（证号合一，"
                       "办法 第38条），原有效期保留在证件历史中。") % {
            "number": cert.number, "name": cert.officer.name, "start": cert.valid_from.isoformat(),
            "end": cert.valid_until.isoformat()}

    def form_kwargs(self):
        return {"domains": list(self.certificate.officer.body.domains.all())}

    def initial(self):
        return {"valid_until": _plus_years(self.certificate.valid_until, 5)}

    def perform(self, data):
        domains = None
        if data["domains"]:
            domains = list(selectors.domain_list(user=self.request.user).filter(code__in=data["domains"]))
        cert = services.certificate_renew(actor=self.request.user, certificate=self.certificate,
                                          valid_from=data["valid_from"], valid_until=data["valid_until"],
                                          domains=domains, reason=data["reason"])
        return reverse("org:certificate_detail", args=[cert.pk])


class CertificateStatusView(_CertificateActionMixin, _ServiceFormView):
    """POST from the certificate page: 暂扣 / 恢复 / 注销 with a reason."""

    section = "certificates"
    form_class = CertificateStatusForm
    title = gettext_lazy("变更证件状态")
    submit_label = gettext_lazy("确认")
    SERVICES = {"suspend": services.certificate_suspend, "reinstate": services.certificate_reinstate,
                "revoke": services.certificate_revoke}
    MESSAGES = {"suspend": gettext_lazy("已暂扣该证件：持证人即时不能实施执法行为。"),
                "reinstate": gettext_lazy("已恢复该证件。"), "revoke": gettext_lazy("已注销该证件。")}

    def initial(self):
        return {"action": self.request.GET.get("action", "suspend")}

    def perform(self, data):
        cert = self.SERVICES[data["action"]](actor=self.request.user, certificate=self.certificate,
                                             reason=data["reason"])
        messages.success(self.request, self.MESSAGES[data["action"]])
        return reverse("org:certificate_detail", args=[cert.pk])


def _days_left(cert) -> str:
    days = (cert.valid_until - timezone.localdate()).days
    if days < 0:
        return _badge("cert", "expired", _("已过期 %(n)d 天") % {"n": -days})
    return _badge("cert", "expiring", _("剩余 %(n)d 天") % {"n": days})


class CertificateExpiringView(OrgPageMixin, RestrictedListView):
    """到期预警: certificates still 有效 whose validity ends within N days (``?days=``, default the configured
    number), and those already past it, in the user's scope (办法 第38条)."""

    selector = selectors.certificate_list
    template_name = "org/certificate_expiring.html"
    title = gettext_lazy("证件到期预警")
    section = "expiring"
    columns = [
        Column(gettext_lazy("证件编号"), "number", link="org:certificate_detail", css="mono nowrap"),
        Column(gettext_lazy("持证人"), "officer.name", link="org:officer_detail", link_to="officer", css="nowrap"),
        Column(gettext_lazy("所在主体"), "officer.body.name"),
        Column(gettext_lazy("有效期至"), "valid_until", order_by="valid_until", css="nowrap"),
        Column(gettext_lazy("剩余"), render=_days_left, css="nowrap"),
    ]

    def days(self) -> int:
        try:
            days = int(self.request.GET.get("days", ""))
        except ValueError:
            return conf.warning_days()
        return min(max(days, 1), 3660)

    def restricted_queryset(self):
        return selectors.certificates_expiring(user=self.request.user, days=self.days(), include_expired=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"days": self.days(), "default_days": conf.warning_days(),
                        "recent_warnings": list(selectors.certificate_warning_list(user=self.request.user)[:20])})
        return context


# --- training (办法 第39条) -------------------------------------------------------------------------------------


def _hours(value) -> str:
    return "—" if value is None else f"{value.normalize():f}"


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


class TrainingRecordListView(OrgPageMixin, RestrictedListView):
    selector = selectors.training_record_list
    filterset_class = filtersets.TrainingRecordFilterSet
    template_name = "org/training_record_list.html"
    title = gettext_lazy("培训记录")
    section = "training"
    export_url_name = "org:training_export"
    import_url_name = "org:training_import"
    search_placeholder = gettext_lazy("姓名或培训名称")
    columns = [
        Column(gettext_lazy("姓名"), "officer.name", link="org:training_record_detail", order_by="officer__name",
               css="nowrap"),
        Column(gettext_lazy("所在主体"), "officer.body.name"),
        Column(gettext_lazy("培训名称"), "course.title", link="org:training_course_detail", link_to="course"),
        Column(gettext_lazy("类别"), "course.get_category_display", css="nowrap"),
        Column(gettext_lazy("培训日期"), render=lambda r: _validity_text(r.course.start_date, r.course.end_date),
               order_by="course__end_date"),
        Column(gettext_lazy("认定学时"), render=lambda r: _hours(r.hours), css="nowrap num"),
        Column(gettext_lazy("考试"), "exam_display", css="nowrap"),
    ]


def _validity_text(start, end) -> str:
    if start == end:
        return start.isoformat()
    return format_html('<span class="nowrap">{}</span> 至 <span class="nowrap">{}</span>', start.isoformat(),
                       end.isoformat())


class TrainingRecordDetailView(OrgPageMixin, RestrictedDetailView):
    selector = selectors.training_record_list
    template_name = "org/training_record_detail.html"
    section = "training"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.object
        context.update({
            "title": f"{record.officer.name} · {record.course.title}",
            "can_correct": selectors.training_record_list(user=self.request.user, action="change")
            .filter(pk=record.pk).exists(),
        })
        return context


class TrainingCourseListView(OrgPageMixin, RestrictedListView):
    selector = selectors.training_course_list
    filterset_class = filtersets.TrainingCourseFilterSet
    template_name = "org/training_course_list.html"
    title = gettext_lazy("培训课程")
    section = "training"
    search_placeholder = gettext_lazy("培训名称或主办单位")
    columns = [
        Column(gettext_lazy("培训名称"), "title", link="org:training_course_detail", order_by="title"),
        Column(gettext_lazy("主办单位"), "organiser"),
        Column(gettext_lazy("类别"), "get_category_display", css="nowrap"),
        Column(gettext_lazy("培训日期"), render=lambda c: _validity_text(c.start_date, c.end_date),
               order_by="end_date"),
        Column(gettext_lazy("学时"), render=lambda c: _hours(c.hours), css="nowrap num"),
        Column(gettext_lazy("考试"), render=lambda c: _("有") if c.has_exam else _("无"), css="nowrap"),
    ]


class TrainingCourseDetailView(OrgPageMixin, RestrictedDetailView):
    selector = selectors.training_course_list
    template_name = "org/training_course_detail.html"
    section = "training"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        course = self.object
        context.update({
            "records": list(selectors.training_record_list(user=self.request.user, course=course)
                            .order_by("officer__body__path", "officer__name")),
            "can_add": has_right(self.request.user, "change"),
        })
        return context


class TrainingCourseCreateView(_ServiceFormView):
    section = "training"
    form_class = TrainingCourseForm
    title = gettext_lazy("登记培训课程")
    intro = gettext_lazy("登记后可在课程页面逐人添加培训记录，或用 Excel 批量导入（办法 第39条）。")
    submit_label = gettext_lazy("登记")
    success_message = gettext_lazy("已登记培训课程。")

    def setup_objects(self):
        if not has_right(self.request.user, "change"):
            raise PermissionDenied(_("只有系统管理员可以登记培训课程。"))

    def cancel_url(self):
        return reverse("org:training_course_list")

    def perform(self, data):
        course = services.training_course_create(actor=self.request.user, **data)
        return reverse("org:training_course_detail", args=[course.pk])


class TrainingRecordCreateView(_ServiceFormView):
    section = "training"
    form_class = TrainingRecordForm
    title = gettext_lazy("添加培训记录")
    submit_label = gettext_lazy("添加")
    success_message = gettext_lazy("已添加培训记录。")

    def setup_objects(self):
        if not has_right(self.request.user, "change"):
            raise PermissionDenied(_("只有系统管理员可以添加培训记录。"))
        self.course = selectors.training_course_list(user=self.request.user).filter(pk=self.kwargs["pk"]).first()
        if self.course is None:
            raise Http404(_("未找到该培训课程。"))
        self.intro = _("培训：%(title)s（%(organiser)s，%(hours)s 学时）。") % {
            "title": self.course.title, "organiser": self.course.organiser, "hours": _hours(self.course.hours)}

    def officers(self):
        taken = selectors.training_record_list(user=self.request.user, course=self.course).values("officer_id")
        return selectors.officer_list(user=self.request.user, action="change", status=OfficerStatus.ACTIVE) \
            .exclude(pk__in=taken).order_by("body__path", "name")

    def form_kwargs(self):
        return {"officers": self.officers()}

    def initial(self):
        return {"officer": self.request.GET.get("officer", "")}

    def cancel_url(self):
        return reverse("org:training_course_detail", args=[self.course.pk])

    def perform(self, data):
        officer = selectors.officer_list(user=self.request.user, action="change").filter(pk=data["officer"]).first()
        if officer is None:
            raise DomainError(_("请选择执法人员。"), field="officer")
        services.training_record_add(actor=self.request.user, officer=officer, course=self.course,
                                     hours=data["hours"], exam_date=data["exam_date"], exam_score=data["exam_score"],
                                     exam_passed=result_value(data["exam_passed"]), note=data["note"])
        return reverse("org:training_course_detail", args=[self.course.pk])


class TrainingRecordCorrectView(_ServiceFormView):
    section = "training"
    form_class = TrainingRecordCorrectForm
    title = gettext_lazy("更正培训记录")
    submit_label = gettext_lazy("保存更正")
    success_message = gettext_lazy("已更正培训记录。")

    def setup_objects(self):
        self.record = selectors.training_record_list(user=self.request.user, action="change") \
            .filter(pk=self.kwargs["pk"]).first()
        if self.record is None:
            raise Http404(_("未找到该培训记录，或您无权修改。"))
        self.intro = f"{self.record.officer.name} · {self.record.course.title}"

    def initial(self):
        r = self.record
        return {"hours": r.hours, "exam_date": r.exam_date, "exam_score": r.exam_score, "note": r.note,
                "exam_passed": "" if r.exam_passed is None else ("yes" if r.exam_passed else "no")}

    def cancel_url(self):
        return reverse("org:training_record_detail", args=[self.record.pk])

    def perform(self, data):
        services.training_record_update(actor=self.request.user, record=self.record, reason=data["reason"],
                                        hours=data["hours"], exam_date=data["exam_date"],
                                        exam_score=data["exam_score"],
                                        exam_passed=result_value(data["exam_passed"]), note=data["note"])
        return reverse("org:training_record_detail", args=[self.record.pk])


def _training_status(officer) -> str:
    minimum = conf.annual_min_hours()
    if officer.training_hours >= minimum:
        return _badge("cert", "valid", _("已达标"))
    return _badge("cert", "expiring", _("差 %(h)s 学时") % {"h": _hours(minimum - officer.training_hours)})


class TrainingHoursView(OrgPageMixin, RestrictedListView):
    """年度学时: each officer in post, their hours in the year against the annual minimum (办法 第39条)."""

    selector = selectors.officer_list
    template_name = "org/training_hours.html"
    title = gettext_lazy("年度培训学时")
    section = "training"
    columns = [
        Column(gettext_lazy("姓名"), "name", link="org:officer_detail", order_by="name", css="nowrap"),
        Column(gettext_lazy("所在主体"), "body.name"),
        Column(gettext_lazy("本年度学时"), render=lambda o: _hours(o.training_hours), order_by="training_hours",
               css="nowrap num"),
        Column(gettext_lazy("达标情况"), render=_training_status, css="nowrap"),
    ]

    def restricted_queryset(self):
        below = {"yes": True, "no": False}.get(self.request.GET.get("below", ""))
        return selectors.officer_training_totals(user=self.request.user, year=_year(self.request),
                                                 below_minimum=below, search=self.request.GET.get("q", "").strip())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"year": _year(self.request), "minimum": _hours(conf.annual_min_hours()),
                        "below": self.request.GET.get("below", ""), "q": self.request.GET.get("q", "")})
        return context


def _export_training(*, actor, queryset, filters):
    return training_excel.training_records_export(actor=actor, records=queryset, filters=filters)


class TrainingExportView(_ExportMixin, TrainingRecordListView):
    export = staticmethod(_export_training)
    export_stem = "培训记录"
    list_url_name = "org:training_list"


class TrainingImportView(_ImportView):
    importer = staticmethod(training_excel.training_records_import)
    columns = training_excel.TRAINING_COLUMNS
    title = gettext_lazy("导入培训记录")
    noun = gettext_lazy("培训")
    section = "training"
    list_url_name = "org:training_list"
    template_url_name = "org:training_import_template"


class TrainingImportTemplateView(_ChangeRightRequired, View):
    def get(self, request):
        return _xlsx_response(training_excel.training_template(), "培训记录导入模板.xlsx")
