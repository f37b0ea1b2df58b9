from django.contrib import admin

from yuezhifa.core.errors import DomainError

from . import services
from .models import DisclosureSettings, PublishedResult


@admin.register(DisclosureSettings)
class DisclosureSettingsAdmin(admin.ModelAdmin):
    """The province's disclosure figures; saved through ``services.settings_update`` (audited)."""

    fields = services.SETTING_FIELDS

    def has_add_permission(self, request):
        return not DisclosureSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            services.settings_update(actor=request.user, **{name: form.cleaned_data[name] for name in
                                                            services.SETTING_FIELDS})
        except DomainError as exc:
            self.message_user(request, exc.message, level="error")


@admin.register(PublishedResult)
class PublishedResultAdmin(admin.ModelAdmin):
    """Read-only: results are published and withdrawn by case acts, never edited by hand."""

    list_display = ("document_number", "party_name", "body_name", "decision_date", "status", "published_in_time",
                    "display_until")
    list_filter = ("status", "published_in_time", "withdrawn_in_time")
    search_fields = ("document_number", "party_credit_code")
    exclude = ("case",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
