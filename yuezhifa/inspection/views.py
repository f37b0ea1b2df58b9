"""HTML pages of the inspection register (行政检查基础库, mounted at /inspection/): the subject register with its
Excel import, the inspection items with their checklists, and the bodies' 主体资格. Thin: selectors read, services
write. Natural persons' identity numbers are shown masked (DESIGN §5.5)."""

import django_filters
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
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
from yuezhifa.core.excel import XLSX_CONTENT_TYPE
from yuezhifa.core.views_base import Column, RestrictedDetailView, RestrictedListView, SearchFilterSet
from yuezhifa.items.permissions import can_edit_items, can_read_items
from yuezhifa.org.permissions import is_province_admin

from .forms import SubjectImportForm
from .models import RiskGrade, Subject, SubjectKind
from .permissions import may_register_in
from .selectors import register as selectors
from .services import register as services
from .services import subject_excel

ALL = gettext_lazy("全部")


def can_see_inspection(user) -> bool:
    return getattr(user, "is_authenticated", False) and can_read_items(user)


def can_import_subjects(user) -> bool:
    body = getattr(user, "body", None)
    return is_province_admin(user) or (body is not None and may_register_in(user, body.division_id))


class InspectionPageMixin:
    section = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update({"section": self.section, "can_import": can_import_subjects(user),
                        "can_edit_profiles": can_edit_items(user)})
        return context


# --- 检查对象名录 -----------------------------------------------------------------------------------------------


class SubjectFilterSet(SearchFilterSet):
    division = django_filters.CharFilter(method="filter_register", label=gettext_lazy("区划代码（前缀）"))
    grade = django_filters.ChoiceFilter(choices=RiskGrade.choices, method="filter_register",
                                        label=gettext_lazy("风险等级"), empty_label=ALL)
    industry = django_filters.CharFilter(method="filter_register", label=gettext_lazy("行业"))
    kind = django_filters.ChoiceFilter(choices=SubjectKind.choices, method="filter_register",
                                       label=gettext_lazy("类别"), empty_label=ALL)

    class Meta:
        model = Subject
        fields = ["q", "division", "grade", "industry", "kind"]

    def filter_search(self, queryset, name, value):
        return selectors.subject_filter(queryset, q=value)

    def filter_register(self, queryset, name, value):
        return selectors.subject_filter(queryset, **{name: value})


def _grade_badge(subject) -> str:
    css = {"A": "body-active", "B": "filter", "C": "body-suspended", "D": "body-dissolved"}[subject.risk_grade]
    return format_html('<span class="badge badge-{}">{}</span>', css, subject.risk_grade)


class SubjectListView(InspectionPageMixin, RestrictedListView):
    selector = staticmethod(selectors.subject_list)
    filterset_class = SubjectFilterSet
    template_name = "inspection/subject_list.html"
    title = gettext_lazy("检查对象名录")
    section = "subjects"
    search_placeholder = gettext_lazy("名称或统一社会信用代码")
    columns = [
        Column(gettext_lazy("名称"), "name", link="inspection:subject_detail", order_by="name"),
        Column(gettext_lazy("统一社会信用代码 / 证件号码"),
               render=lambda s: s.credit_code or selectors.masked_id_number(s), css="mono nowrap"),
        Column(gettext_lazy("类别"), "get_kind_display", css="nowrap"),
        Column(gettext_lazy("行业"), "industry"),
        Column(gettext_lazy("区划"), "division.name", css="nowrap"),
        Column(gettext_lazy("风险等级"), render=_grade_badge, order_by="risk_grade", css="nowrap"),
    ]


class SubjectDetailView(InspectionPageMixin, RestrictedDetailView):
    selector = staticmethod(selectors.subject_list)
    template_name = "inspection/subject_detail.html"
    section = "subjects"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"id_number_masked": selectors.masked_id_number(self.object),
                        "grade_badge": _grade_badge(self.object)})
        return context


class SubjectImportView(LoginRequiredMixin, InspectionPageMixin, TemplateView):
    template_name = "inspection/subject_import.html"
    section = "import"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_import_subjects(request.user):
            raise PermissionDenied(_("只有系统管理员可以导入本辖区的检查对象名录。"))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", SubjectImportForm())
        layout = [{"letter": get_column_letter(i), "column": c}
                  for i, c in enumerate(subject_excel.SUBJECT_COLUMNS, start=1)]
        context.update({"title": _("导入检查对象名录"), "columns": layout, "list_url_name": "inspection:subject_list",
                        "template_url_name": "inspection:subject_import_template"})
        return context

    def post(self, request, *args, **kwargs):
        form = SubjectImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        try:
            result = subject_excel.subjects_import(actor=request.user, data=upload.read(), filename=upload.name)
        except subject_excel.ExcelImportError as exc:
            return self.render_to_response(self.get_context_data(form=form, row_errors=exc.row_errors,
                                                                 error=exc.message))
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from None
        except DomainError as exc:
            form.add_error("file", exc.message)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("导入完成：%(summary)s。") % {"summary": result})
        return redirect("inspection:subject_list")


class SubjectImportTemplateView(LoginRequiredMixin, View):
    def get(self, request):
        response = HttpResponse(subject_excel.subject_template(user=request.user), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, "检查对象名录导入模板.xlsx")
        add_never_cache_headers(response)
        return response


# --- 检查事项 ---------------------------------------------------------------------------------------------------


def _published(obj) -> str:
    if obj.published_at is None:
        return format_html('<span class="badge badge-filter">{}</span>', _("未公示"))
    return format_html('<span class="badge badge-body-active">{}</span>', _("已公示"))


class ProfileListView(InspectionPageMixin, RestrictedListView):
    selector = staticmethod(selectors.profile_list)
    template_name = "inspection/profile_list.html"
    title = gettext_lazy("行政检查事项")
    section = "profiles"
    columns = [
        Column(gettext_lazy("事项编码"), "item.code", link="inspection:profile_detail", css="mono nowrap"),
        Column(gettext_lazy("事项名称"), "item.name", link="inspection:profile_detail"),
        Column(gettext_lazy("检查方式"), "get_method_display", css="nowrap"),
        Column(gettext_lazy("频次上限（次/年/企业）"), "annual_cap", css="nowrap"),
        Column(gettext_lazy("检查要点"), render=lambda p: str(len(p.points.all())), css="nowrap"),
        Column(gettext_lazy("公示"), render=_published, css="nowrap"),
    ]


class ProfileDetailView(InspectionPageMixin, RestrictedDetailView):
    selector = staticmethod(selectors.profile_list)
    template_name = "inspection/profile_detail.html"
    section = "profiles"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profile, today = self.object, timezone.localdate()
        context.update({
            "title": profile.item.name,
            "published_badge": _published(profile),
            "unusable_reason": selectors.profile_unusable_reason(profile, today),
            "unpublishable_reason": services.profile_unpublishable_reason(profile, today)
            if profile.published_at is None else None,
        })
        return context


class ProfileActView(LoginRequiredMixin, View):
    """POST: publish or withdraw an inspection item (the provincial list's maintainers)."""

    http_method_names = ["post"]

    def post(self, request, pk, act):
        profile = selectors.profile_list(user=request.user).filter(pk=pk).first()
        if profile is None or act not in ("publish", "withdraw"):
            raise Http404(_("未找到该记录，或您无权查看。"))
        try:
            if act == "publish":
                services.profile_publish(actor=request.user, profile=profile)
                done = _("已公示：该检查事项在“行政执法公示”的行政检查事前公示中列出，可用于检查。")
            else:
                services.profile_withdraw(actor=request.user, profile=profile, reason=request.POST.get("reason", ""))
                done = _("已撤回公示：该事项不再用于新的检查。")
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from None
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done)
        return redirect("inspection:profile_detail", pk=pk)


# --- 主体资格 ---------------------------------------------------------------------------------------------------


def _qualification_state(q) -> str:
    if q.revoked_at is not None:
        return format_html('<span class="badge badge-body-dissolved">{}</span>', _("已撤销"))
    return _published(q)


class QualificationListView(InspectionPageMixin, RestrictedListView):
    selector = staticmethod(selectors.qualification_list)
    template_name = "inspection/qualification_list.html"
    title = gettext_lazy("行政检查主体资格")
    section = "qualifications"
    columns = [
        Column(gettext_lazy("检查主体"), "body.name"),
        Column(gettext_lazy("主体资格依据"), "basis"),
        Column(gettext_lazy("确认日期"), "confirmed_on", css="nowrap"),
        Column(gettext_lazy("状态"), render=_qualification_state, css="nowrap"),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        changeable = set(selectors.qualification_list(user=user, action="change").values_list("pk", flat=True))
        context["manageable"] = [q for q in context["object_list"] if q.pk in changeable]
        context["confirmable"] = selectors.bodies_to_confirm(user=user)
        return context

    def post(self, request, *args, **kwargs):
        """Confirm a body's qualification (the service checks that the body lies within the user's reach)."""
        body_id = request.POST.get("body", "")
        body = selectors.bodies_to_confirm(user=request.user).filter(pk=body_id).first() if _is_uuid(body_id) else None
        if body is None:
            messages.error(request, _("请选择您有权确认的执法主体。"))
            return redirect("inspection:qualification_list")
        try:
            services.qualification_confirm(actor=request.user, body=body, basis=request.POST.get("basis", ""))
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from None
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已确认%(body)s的行政检查主体资格，公示后生效。") % {"body": body.name})
        return redirect("inspection:qualification_list")


def _is_uuid(value) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class QualificationActView(LoginRequiredMixin, View):
    """POST: publish or revoke a qualification (an administrator of a justice department covering the body)."""

    http_method_names = ["post"]

    def post(self, request, pk, act):
        q = selectors.qualification_list(user=request.user).filter(pk=pk).first()
        if q is None or act not in ("publish", "revoke"):
            raise Http404(_("未找到该记录，或您无权查看。"))
        try:
            if act == "publish":
                services.qualification_publish(actor=request.user, qualification=q)
                done = _("已公示：%(body)s可以开展行政检查。") % {"body": q.body.name}
            else:
                services.qualification_revoke(actor=request.user, qualification=q,
                                              reason=request.POST.get("reason", ""))
                done = _("已撤销：%(body)s不能再开展新的行政检查。") % {"body": q.body.name}
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from None
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done)
        return redirect("inspection:qualification_list")
