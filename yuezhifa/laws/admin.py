"""Laws library in Django admin: read the texts, correct metadata through the service. Texts come only from
``yzf import-laws`` (a published source), so nothing is added or deleted here."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied

from yuezhifa.core.errors import DomainError

from . import services
from .models import Law, Provision
from .permissions import can_edit_laws
from .services.editing import LAW_EDITABLE


class ProvisionInline(admin.TabularInline):
    model = Provision
    fields = ("code", "kind", "label", "heading", "text", "tags")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ("sort_key",)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(kind__in=["part", "subpart", "chapter", "section", "article"])

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Law)
class LawAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "category", "publish_date", "effective_date", "status", "article_count")
    list_filter = ("level", "status", "category")
    search_fields = ("name", "short_name", "lineage")
    date_hierarchy = "publish_date"
    fields = ("name", "short_name", "level", "category", "issuing_body", "publish_date", "effective_date",
              "expiry_date", "is_repealed", "status", "lineage", "previous_version", "article_count", "tags",
              "source_path", "source_sha256", "history", "preamble")
    inlines = [ProvisionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).restrict(request.user, "view")

    def get_readonly_fields(self, request, obj=None):
        return [name for name in self.fields if name not in LAW_EDITABLE]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return can_edit_laws(request.user)

    def save_model(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in LAW_EDITABLE}
        try:
            services.law_update(actor=request.user, law=obj, **changes)
        except DomainError as exc:
            raise PermissionDenied(exc.message) from exc


@admin.register(Provision)
class ProvisionAdmin(admin.ModelAdmin):
    list_display = ("citation", "kind", "code")
    list_filter = ("kind",)
    search_fields = ("citation", "law__name")
    list_select_related = ("law",)
    fields = ("law", "parent", "kind", "code", "label", "heading", "citation", "text", "tags")
    readonly_fields = ("law", "parent", "kind", "code", "label", "heading", "citation", "text")

    def get_queryset(self, request):
        return super().get_queryset(request).restrict(request.user, "view")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return can_edit_laws(request.user)

    def save_model(self, request, obj, form, change):
        try:
            services.provision_update(actor=request.user, provision=obj, tags=form.cleaned_data["tags"])
        except DomainError as exc:
            raise PermissionDenied(exc.message) from exc
