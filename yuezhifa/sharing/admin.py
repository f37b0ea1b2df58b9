"""Datasets are maintained in the admin by the province's administrators; grants and uses are only read here (their
changes go through the services: request, approve, reject, revoke)."""

from django.contrib import admin

from .models import Dataset, Grant, Usage


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "active")
    search_fields = ("code", "name")


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Grant)
class GrantAdmin(_ReadOnly):
    list_display = ("dataset", "requester_body", "status", "valid_until", "key_prefix")
    list_filter = ("status", "dataset")
    exclude = ("key_digest",)


@admin.register(Usage)
class UsageAdmin(_ReadOnly):
    list_display = ("grant", "at", "client_ip", "status", "rows")
    list_filter = ("status",)
