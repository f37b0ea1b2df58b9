"""The item library in Django admin. Saves go through the services (checked and audited like any other write);
reads are restricted; the legal basis is shown here and maintained through the API or the list import; basis
adjustments (办法 第54条) are only shown: their acts belong to the body and its head, on the item pages."""

from django.contrib import admin

from yuezhifa.org.admin import RestrictedAdmin

from . import services
from .models import BasisAdjustment, Item, ItemBasis
from .permissions import can_edit_items

ELEMENT_FIELDS = ("name", "type", "domain", "levels", "department", "registered", "registered_code",
                  "effective_from", "effective_until", "note", "limitation_months", "limitation_basis")


class ItemBasisInline(admin.TabularInline):
    model = ItemBasis
    fields = ("order", "role", "provision", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("order",)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Item)
class ItemAdmin(RestrictedAdmin):
    list_display = ("code", "name", "type", "domain", "status", "registered", "version")
    list_filter = ("type", "status", "domain", "registered")
    search_fields = ("code", "name", "registered_code")
    readonly_fields = ("status", "status_reason", "version", "created_at", "updated_at")
    inlines = [ItemBasisInline]

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "code") if obj else self.readonly_fields

    def has_add_permission(self, request):
        return can_edit_items(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return can_edit_items(request.user) and super().has_change_permission(request, obj)

    def construct_change_message(self, request, form, formsets, add=False):
        return super().construct_change_message(request, form, [], add)  # the read-only basis inline saves nothing

    def service_save(self, request, obj, form, change):
        if change:
            return services.item_update(actor=request.user, item=obj,
                                        **{f: form.cleaned_data[f] for f in form.changed_data if f in ELEMENT_FIELDS})
        data = {f: form.cleaned_data.get(f) for f in ELEMENT_FIELDS if f != "registered"}
        return services.item_create(actor=request.user, code=form.cleaned_data["code"], **data)


@admin.register(BasisAdjustment)
class BasisAdjustmentAdmin(RestrictedAdmin):
    list_display = ("item", "body", "status", "submitted_at", "approved_at", "reported_at")
    list_filter = ("status",)
    search_fields = ("item__code", "item__name", "body__name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
