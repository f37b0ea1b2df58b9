"""Seals in the admin: read-only views of the trusted roots, the seals and the sealing records (writes go through
``services``: ``yzf demo`` or the import service). The encrypted private keys are not among the fields shown, nor
loaded at all (``defer``)."""

import base64

from django.contrib import admin
from django.utils.html import format_html

from .models import Seal, SealAuthority, SignedDocument

SECRET_FIELDS = ("encrypted_private_key", "kek_id")


class ReadOnlyAdmin(admin.ModelAdmin):
    def get_queryset(self, request):
        return super().get_queryset(request).restrict(request.user, "view").defer(*self.deferred)

    deferred: tuple = ()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SealAuthority)
class SealAuthorityAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "status", "valid_from", "valid_until")
    list_filter = ("kind", "status")
    fields = ("name", "kind", "status", "fingerprint", "valid_from", "valid_until", "certificate_pem")
    readonly_fields = fields
    deferred = SECRET_FIELDS


@admin.register(Seal)
class SealAdmin(ReadOnlyAdmin):
    list_display = ("body", "status", "serial_number", "valid_from", "valid_until")
    list_filter = ("status",)
    search_fields = ("body__name", "serial_number", "fingerprint")
    list_select_related = ("body",)
    fields = ("body", "authority", "preview", "status", "status_reason", "status_changed_at", "replaced_by",
              "subject", "serial_number", "fingerprint", "valid_from", "valid_until", "certificate_pem", "chain_pem")
    readonly_fields = fields
    deferred = SECRET_FIELDS

    @admin.display(description="印章图像")
    def preview(self, obj):
        data = base64.b64encode(bytes(obj.image_png)).decode("ascii")
        return format_html('<img src="data:image/png;base64,{}" alt="印章图像" width="160" height="160">', data)


@admin.register(SignedDocument)
class SignedDocumentAdmin(ReadOnlyAdmin):
    list_display = ("title", "document_number", "body", "signed_at", "status")
    list_filter = ("status",)
    search_fields = ("document_number", "document_ref", "sha256", "body__name")
    list_select_related = ("body",)
    fields = ("body", "seal", "title", "document_number", "document_ref", "signed_at", "reason", "location",
              "sha256", "signature_sha256", "status", "status_reason", "status_changed_at", "replaced_by_ref",
              "replaced_by_number")
    readonly_fields = fields
