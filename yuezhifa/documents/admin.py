"""Maintaining the document library in Django admin. Every save and every action goes through the services, so it is
checked and audited like any other write. A form is first tried against the service in a transaction that is rolled
back, so a refused template shows its Chinese error beside the field instead of losing the author's text."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.html import format_html

from yuezhifa.core.errors import DomainError

from . import services
from .models import DocumentTemplate, DocumentType, TemplateStatus

TEMPLATE_FIELDS = ("source", "css", "note", "effective_from", "page_size", "orientation", "margin_top",
                   "margin_right", "margin_bottom", "margin_left")


class _DryRun(Exception):
    """Raised inside the trial transaction to roll it back."""


class ServiceForm(forms.ModelForm):
    """Runs ``perform(request, instance, cleaned_data)`` in a rolled-back transaction during ``clean``."""

    perform = None
    request = None

    def clean(self):
        cleaned = super().clean()
        if self.errors or self.perform is None:
            return cleaned
        try:
            with transaction.atomic():
                type(self).perform(self.request, self.instance, cleaned)
                raise _DryRun
        except _DryRun:
            pass
        except DomainError as exc:
            field = exc.field if exc.field in self.fields else None
            self.add_error(field, exc.message)
        return cleaned


class ServiceAdmin(admin.ModelAdmin):
    def get_queryset(self, request):
        return super().get_queryset(request).restrict(request.user, "view")

    def has_delete_permission(self, request, obj=None):
        return False  # versions are retired, never deleted: issued documents name them

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        perform = self.perform
        return type(form.__name__, (form,), {"request": request, "perform": staticmethod(perform)})

    def save_model(self, request, obj, form, change):
        try:
            saved = self.perform(request, obj, form.cleaned_data)
        except DomainError as exc:  # the trial passed but the real run did not (a concurrent change)
            raise PermissionDenied(exc.message) from exc
        for field in obj._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        """Nothing beyond what the service wrote."""


@admin.register(DocumentType)
class DocumentTypeAdmin(ServiceAdmin):
    form = ServiceForm
    list_display = ("name", "code", "category", "basis", "template_count")
    list_filter = ("category",)
    search_fields = ("name", "code", "basis")
    fields = ("code", "name", "category", "basis", "description", "required_fields", "sort_order")

    @admin.display(description="模板版本数")
    def template_count(self, obj):
        return obj.templates.count()

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj else ()

    @staticmethod
    def perform(request, obj, data):
        fields = {f: data[f] for f in ("name", "category", "basis", "description", "required_fields", "sort_order")
                  if f in data}
        if obj.pk and DocumentType.objects.filter(pk=obj.pk).exists():
            return services.document_type_update(actor=request.user, doc_type=obj, **fields)
        return services.document_type_create(actor=request.user, code=data["code"], **fields)


@admin.action(description="启用所选草稿")
def activate(modeladmin, request, queryset):
    for template in queryset:
        try:
            services.template_activate(actor=request.user, template=template)
        except DomainError as exc:
            modeladmin.message_user(request, f"{template}：{exc.message}", messages.ERROR)
        else:
            modeladmin.message_user(request, f"已启用 {template}，自 {template.effective_from} 起生效。", messages.SUCCESS)


class RetireForm(forms.Form):
    reason = forms.CharField(label="停用理由", max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


@admin.action(description="停用所选模板")
def retire(modeladmin, request, queryset):
    form = RetireForm(request.POST if "apply" in request.POST else None)
    if "apply" in request.POST and form.is_valid():
        for template in queryset:
            try:
                services.template_retire(actor=request.user, template=template, reason=form.cleaned_data["reason"])
            except DomainError as exc:
                modeladmin.message_user(request, f"{template}：{exc.message}", messages.ERROR)
            else:
                modeladmin.message_user(request, f"已停用 {template}。", messages.SUCCESS)
        return None
    return TemplateResponse(request, "admin/documents/retire.html", {
        **modeladmin.admin_site.each_context(request), "title": "停用文书模板", "templates": queryset, "form": form,
        "opts": modeladmin.model._meta, "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    })


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(ServiceAdmin):
    form = ServiceForm
    list_display = ("doc_type", "version", "scope_display", "status", "effective_from", "overlay_of", "note")
    list_filter = ("status", "doc_type__category", "domain", "doc_type")
    search_fields = ("doc_type__name", "doc_type__code", "note", "body__name")
    list_select_related = ("doc_type", "domain", "body", "overlay_of", "overlay_of__doc_type")
    autocomplete_fields = ("body", "applicant")
    actions = [activate, retire]
    fieldsets = (
        (None, {"fields": ("doc_type", "overlay_of", "domain", "body", "applicant", "effective_from", "note")}),
        ("模板", {"fields": ("source", "css"),
                  "description": "模板正文使用 Django 模板语言，在沙箱中渲染：可用标签 if、for、with、block 等，"
                                 "过滤器 rmb_upper（金额大写）、yuan、cn_date、cn_datetime、cn_number、paragraphs、join_cn 等；"
                                 "不能 {% load %}，不能访问以下划线开头的属性，只能输出段落、表格、列表等排版元素。"
                                 "个性化模板只写需要替换的 {% block %} 区块；执法主体的个性化模板只能替换 contact、payment、notes。"}),
        ("版式", {"fields": ("page_size", "orientation", ("margin_top", "margin_right", "margin_bottom", "margin_left"))}),
        ("状态", {"fields": ("version", "status", "scope", "created_by", "activated_at", "activated_by", "retired_at",
                           "retired_reason")}),
    )
    readonly_fields = ("version", "status", "scope", "created_by", "activated_at", "activated_by", "retired_at",
                       "retired_reason")

    @admin.display(description="适用范围")
    def scope_display(self, obj):
        return format_html("{}", obj.scope_label)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        if obj.status != TemplateStatus.DRAFT:
            return [f.name for f in DocumentTemplate._meta.fields if f.editable] + list(self.readonly_fields)
        return [*self.readonly_fields, "doc_type", "domain", "body"]

    @staticmethod
    def perform(request, obj, data):
        if obj.pk and DocumentTemplate.objects.filter(pk=obj.pk).exists():
            changes = {f: data[f] for f in (*TEMPLATE_FIELDS, "overlay_of", "applicant") if f in data}
            return services.template_update_draft(actor=request.user, template=obj, **changes)
        fields = {f: data.get(f) for f in TEMPLATE_FIELDS}
        fields["css"] = fields["css"] or ""
        fields["page_size"] = fields["page_size"] or ""
        fields["orientation"] = fields["orientation"] or ""
        if data.get("overlay_of"):
            if data.get("doc_type") and data["overlay_of"].doc_type_id != data["doc_type"].pk:
                raise DomainError("所基于的模板属于其他文书种类。", field="overlay_of")
            return services.overlay_create(actor=request.user, overlay_of=data["overlay_of"], domain=data.get("domain"),
                                           body=data.get("body"), applicant=data.get("applicant"), **fields)
        if data.get("domain") or data.get("body"):
            raise DomainError("个性化模板须选择所基于的模板。", field="overlay_of")
        return services.template_create_version(actor=request.user, doc_type=data["doc_type"], **fields)
