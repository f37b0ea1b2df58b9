"""Maintenance of the working-day calendar and the deadline settings. Every save and delete goes through
``yuezhifa.core.services``, so it is permission-checked and audited like any other write."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from .calendar import CONFIGURABLE_MAX, RULES, Unit
from .models import CalendarDay, CalendarSource, CalendarYear, DeadlineSetting
from .services import (
    CalendarFileInvalid,
    calendar_can_change,
    calendar_day_delete,
    calendar_day_set,
    calendar_import_file,
    calendar_year_enter,
    calendar_year_remove,
    deadline_setting_reset,
    deadline_setting_set,
    validate_calendar_day,
    validate_calendar_year,
)


class ServiceAdmin(admin.ModelAdmin):
    """Anyone on the staff may look; only the province's administrators change (``calendar_can_change``)."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return calendar_can_change(request.user)

    def has_change_permission(self, request, obj=None):
        return calendar_can_change(request.user)

    def has_delete_permission(self, request, obj=None):
        return calendar_can_change(request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    @staticmethod
    def adopt(obj, saved) -> None:
        """The admin goes on with its own ``obj`` (log entry, redirect): give it the saved row's identity."""
        obj.pk, obj.created_at, obj.updated_at = saved.pk, saved.created_at, saved.updated_at
        obj._state.adding, obj._state.db = False, saved._state.db


# --- Days -----------------------------------------------------------------------------------------------------------


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "is_working", "name"]

    def clean(self):
        data = super().clean()
        day = data.get("date") or self.instance.date
        if day and data.get("name") is not None:
            for field, message in validate_calendar_day(day, bool(data.get("is_working")), data["name"]):
                self.add_error(field if field in self.fields else None, message)
        return data


@admin.register(CalendarDay)
class CalendarDayAdmin(ServiceAdmin):
    form = CalendarDayForm
    list_display = ("date", "weekday", "is_working", "name", "updated_at")
    list_filter = ("is_working",)
    search_fields = ("name",)
    date_hierarchy = "date"

    @admin.display(description="星期")
    def weekday(self, obj):
        return "一二三四五六日"[obj.date.weekday()]

    def get_readonly_fields(self, request, obj=None):
        return ("date",) if obj else ()

    def save_model(self, request, obj, form, change):
        saved = calendar_day_set(actor=request.user, date=obj.date, is_working=obj.is_working, name=obj.name)
        self.adopt(obj, saved)

    def delete_model(self, request, obj):
        calendar_day_delete(actor=request.user, date=obj.date)


# --- Years ----------------------------------------------------------------------------------------------------------


class CalendarYearForm(forms.ModelForm):
    class Meta:
        model = CalendarYear
        fields = ["year", "note"]
        help_texts = {"year": "先在“节假日与调休”中录入该年全部放假日和调休上班日（或用文件导入），再确认年度。"
                              "确认后，期限计算才会使用该年度。"}

    def clean(self):
        data = super().clean()
        year = data.get("year") or self.instance.year
        if year:
            for field, message in validate_calendar_year(year):
                self.add_error(field if field in self.fields else None, message)
        return data


class CalendarFileForm(forms.Form):
    file = forms.FileField(label="日历文件（CSV 或 JSON）")


IMPORT_TEMPLATE = engines["django"].from_string("""{% extends "admin/base_site.html" %}
{% block breadcrumbs %}<div class="breadcrumbs"><a href="{% url 'admin:index' %}">首页</a>
&rsaquo; <a href="{{ changelist_url }}">{{ opts.verbose_name_plural }}</a> &rsaquo; 从文件导入</div>{% endblock %}
{% block content %}
<p>文件即一年的完整安排：导入后，该年中文件未列出的节假日与调休记录将被删除。文件有任何一行错误时不导入任何数据。</p>
<p>CSV 示例（UTF-8）：第一行 <code>year,2027</code>，
可选一行 <code>note,国务院办公厅关于2027年部分节假日安排的通知</code>，
然后表头 <code>date,is_working,name</code>，每行一天，如 <code>2027-01-01,0,元旦</code>；
只列周一至周五的放假日（0）和周六、周日的调休上班日（1）。</p>
{% if errors %}<p class="errornote">{{ detail }}</p>
<ul class="errorlist">{% for e in errors %}<li>{{ e.message }}</li>{% endfor %}</ul>{% endif %}
<form method="post" enctype="multipart/form-data">{% csrf_token %}{{ form.as_p }}
<input type="submit" class="default" value="导入"></form>
{% endblock %}""")


@admin.register(CalendarYear)
class CalendarYearAdmin(ServiceAdmin):
    form = CalendarYearForm
    list_display = ("year", "source", "note", "days_link", "updated_at")
    list_filter = ("source",)

    @admin.display(description="节假日与调休")
    def days_link(self, obj):
        url = reverse("admin:core_calendarday_changelist") + f"?date__year={obj.year}"
        return format_html('<a href="{}">查看 {} 年</a>', url, obj.year)

    def get_readonly_fields(self, request, obj=None):
        return ("year", "source") if obj else ("source",)

    def save_model(self, request, obj, form, change):
        source = obj.source if change else CalendarSource.ADMIN
        saved = calendar_year_enter(actor=request.user, year=obj.year, note=obj.note, source=source)
        self.adopt(obj, saved)

    def delete_model(self, request, obj):
        calendar_year_remove(actor=request.user, year=obj.year)

    def get_urls(self):
        return [path("import/", self.admin_site.admin_view(self.import_view), name="core_calendaryear_import"),
                *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        if calendar_can_change(request.user):
            link = format_html('<a href="{}">从文件导入整年安排</a>', reverse("admin:core_calendaryear_import"))
            extra_context = {**(extra_context or {}), "subtitle": link}
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not calendar_can_change(request.user):
            raise PermissionDenied
        changelist_url = reverse("admin:core_calendaryear_changelist")
        context = {**self.admin_site.each_context(request), "opts": self.opts, "title": "从文件导入工作日历",
                   "changelist_url": changelist_url}
        form = CalendarFileForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = calendar_import_file(actor=request.user, content=upload.read(), filename=upload.name)
            except CalendarFileInvalid as exc:
                context.update(errors=exc.errors, detail=exc.message)
            else:
                messages.success(request, result.summary)
                return HttpResponseRedirect(changelist_url)
        context["form"] = form
        return TemplateResponse(request, IMPORT_TEMPLATE, context)


# --- Deadline settings ----------------------------------------------------------------------------------------------


def _configurable_choices():
    return [(rule.code, f"{rule.name}（{rule.basis}，默认{rule.period_text}）")
            for rule in RULES.values() if rule.configurable]


class DeadlineSettingForm(forms.ModelForm):
    code = forms.ChoiceField(label="期限规则", choices=_configurable_choices)

    class Meta:
        model = DeadlineSetting
        fields = ["code", "amount", "note"]
        help_texts = {"amount": "单位与默认规则相同（工作日、日或月），保存后立即用于之后的每一次期限计算。"}

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if not 1 <= amount <= CONFIGURABLE_MAX:
            raise forms.ValidationError(f"期限数值应为 1 至 {CONFIGURABLE_MAX} 之间的整数。")
        return amount


@admin.register(DeadlineSetting)
class DeadlineSettingAdmin(ServiceAdmin):
    form = DeadlineSettingForm
    list_display = ("code", "rule_name", "amount_text", "default_text", "note", "updated_at")

    @admin.display(description="期限名称")
    def rule_name(self, obj):
        rule = RULES.get(obj.code)
        return rule.name if rule else "（已不存在的规则）"

    @admin.display(description="本省设置")
    def amount_text(self, obj):
        rule = RULES.get(obj.code)
        return f"{obj.amount}{Unit(rule.unit).label}" if rule else obj.amount

    @admin.display(description="默认")
    def default_text(self, obj):
        rule = RULES.get(obj.code)
        return rule.period_text if rule else ""

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj else ()

    def save_model(self, request, obj, form, change):
        saved = deadline_setting_set(actor=request.user, code=obj.code, amount=obj.amount, note=obj.note)
        self.adopt(obj, saved)

    def delete_model(self, request, obj):
        deadline_setting_reset(actor=request.user, code=obj.code)

from . import admin_lockout  # noqa: E402,F401  (the login-lockout records, in Chinese)
