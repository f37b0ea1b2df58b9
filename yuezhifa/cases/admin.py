"""The domains' decision-period rules in Django admin (处罚法 第六十条; docs/decisions/0026): the province's
administrator adds and changes them through ``period_rules.period_rule_save``; others only read them."""

from django.contrib import admin

from yuezhifa.org.admin import RestrictedAdmin
from yuezhifa.org.permissions import is_province_admin

from .models import DecisionPeriodRule
from .period_rules import period_rule_save

RULE_FIELDS = ("basis", "max_extension_days", "approver", "paused_kinds", "confirmed", "active", "note")


@admin.register(DecisionPeriodRule)
class DecisionPeriodRuleAdmin(RestrictedAdmin):
    list_display = ("domain", "basis", "max_extension_days", "approver", "confirmed", "active")
    list_filter = ("approver", "confirmed", "active")
    fields = ("domain", *RULE_FIELDS)

    def get_readonly_fields(self, request, obj=None):
        return ("domain",) if obj else ()

    def has_add_permission(self, request):
        return is_province_admin(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return is_province_admin(request.user) and super().has_change_permission(request, obj)

    def service_save(self, request, obj, form, change):
        data = {f: form.cleaned_data.get(f) for f in RULE_FIELDS}
        data["paused_kinds"] = data["paused_kinds"] or []
        if change:  # the form has already written its values onto ``obj``: the service compares with the stored row
            stored = DecisionPeriodRule.objects.get(pk=obj.pk)
            return period_rule_save(actor=request.user, domain=stored.domain, rule=stored, **data)
        return period_rule_save(actor=request.user, domain=form.cleaned_data["domain"], **data)
