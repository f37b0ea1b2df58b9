"""The theme library in the admin site: the province's administrators register the external sources and their
delivering accounts (docs/decisions/0060); deliveries are read-only. Records are not listed here: they carry the
parties' ID numbers, which no page shows (docs/decisions/0021)."""

from django.contrib import admin

from .models import Delivery, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "unit", "active")
    list_filter = ("kind", "active")
    search_fields = ("code", "name")
    autocomplete_fields = ("unit",)
    filter_horizontal = ("deliverers",)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("received_at", "source", "channel", "file_name", "status", "row_count", "created_count",
                    "changed_count", "unchanged_count")
    list_filter = ("status", "channel", "source")
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
