"""Base-database maintenance in Django admin. Saves go through the services, so admin edits are checked and audited
like any other write; reads are restricted to the administrator's scope."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from rest_framework.authtoken.models import TokenProxy

from yuezhifa.core.errors import DomainError

from . import services
from .models import (
    ApiToken,
    Certificate,
    CertificateEvent,
    CertificateWarning,
    Division,
    Domain,
    EnforcementBody,
    Officer,
    RoleAssignment,
    TrainingCourse,
    TrainingRecord,
    User,
)
from .permissions import is_province_admin


class RestrictedAdmin(admin.ModelAdmin):
    """Lists only what the administrator may see; saving calls the subclass's
    ``service_save(request, obj, form, change)``, which names the service for the act."""

    def get_queryset(self, request):
        return super().get_queryset(request).restrict(request.user, "view")

    def has_delete_permission(self, request, obj=None):
        return False  # records are retired by status, never deleted

    def save_model(self, request, obj, form, change):
        try:
            saved = self.service_save(request, obj, form, change)
        except DomainError as exc:
            raise PermissionDenied(exc.message) from exc
        if saved is not None:
            obj.pk = saved.pk

    def save_related(self, request, form, formsets, change):
        """Many-to-many fields are set by the service."""


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent", "is_statistical")
    list_filter = ("level", "is_statistical")
    search_fields = ("code", "name")

    def has_add_permission(self, request):
        return False  # divisions come from `yzf import-divisions`

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EnforcementBody)
class BodyAdmin(RestrictedAdmin):
    list_display = ("name", "kind", "level", "division", "parent", "status")
    list_filter = ("level", "kind", "status", "is_justice_department", "domains")
    search_fields = ("name", "short_name", "credit_code")
    autocomplete_fields = ("division", "parent", "entrusted_by")
    filter_horizontal = ("domains",)

    def get_readonly_fields(self, request, obj=None):
        """The level follows from the division; the division (of an existing body) and the 司法行政 flag are the
        province's to set (docs/decisions/0019). The services refuse them anyway; the form does not offer them."""
        if is_province_admin(request.user):
            return ("level",)
        return ("division", "level", "is_justice_department") if obj else ("level", "is_justice_department")

    def service_save(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in form.changed_data if f != "domains"}
        if change:
            return services.body_update(actor=request.user, body=obj, domains=list(form.cleaned_data["domains"]),
                                        **data)
        fields = {f: form.cleaned_data.get(f) for f in ("name", "short_name", "kind", "credit_code", "division",
                                                         "level", "parent", "entrusted_by", "is_justice_department",
                                                         "address", "phone")}
        fields["is_justice_department"] = bool(fields["is_justice_department"])
        return services.body_create(actor=request.user, domains=list(form.cleaned_data["domains"]), **fields)


@admin.register(Officer)
class OfficerAdmin(RestrictedAdmin):
    list_display = ("name", "masked_id_number", "body", "position", "status")
    list_filter = ("status",)
    search_fields = ("name",)
    autocomplete_fields = ("body",)
    fields = ("name", "id_number", "body", "position", "phone", "status", "legal_qualification_no",
              "legal_review_since")

    @admin.display(description="居民身份证号码")
    def masked_id_number(self, obj):
        return obj.id_number_masked

    def get_fields(self, request, obj=None):
        # An existing officer's full ID number is shown only through the audited reveal on the officer page.
        return [f for f in self.fields if f != "id_number"] if obj else self.fields

    def service_save(self, request, obj, form, change):
        if change:
            return services.officer_update(actor=request.user, officer=obj,
                                           **{f: form.cleaned_data[f] for f in form.changed_data})
        return services.officer_create(actor=request.user, **{f: form.cleaned_data[f] for f in (
            "name", "id_number", "body", "position", "phone", "legal_qualification_no", "legal_review_since")})


class CertificateEventInline(admin.TabularInline):
    model = CertificateEvent
    extra = 0
    can_delete = False
    fields = ("kind", "occurred_at", "actor_repr", "reason", "status_after", "valid_from", "valid_until")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False  # written by the certificate services only


@admin.register(Certificate)
class CertificateAdmin(RestrictedAdmin):
    list_display = ("number", "officer", "issued_by", "valid_from", "valid_until", "status")
    list_filter = ("status", "domains")
    search_fields = ("number", "officer__name")
    autocomplete_fields = ("officer", "issued_by")
    filter_horizontal = ("domains",)
    inlines = [CertificateEventInline]

    def get_readonly_fields(self, request, obj=None):
        # Renewals and status changes go through their services with a reason (the certificate page and API).
        return ("number", "officer", "issued_by", "valid_from", "valid_until", "status", "status_reason") if obj \
            else ("status", "status_reason")

    def service_save(self, request, obj, form, change):
        if change:
            return obj
        return services.certificate_issue(actor=request.user, domains=list(form.cleaned_data["domains"]),
                                          **{f: form.cleaned_data[f] for f in (
                                              "officer", "number", "valid_from", "valid_until", "issued_by")})


@admin.register(CertificateWarning)
class CertificateWarningAdmin(admin.ModelAdmin):
    list_display = ("certificate", "threshold", "valid_until", "days_left", "warned_on")
    list_filter = ("threshold", "warned_on")
    search_fields = ("certificate__number", "certificate__officer__name")

    def get_queryset(self, request):
        return super().get_queryset(request).restrict(request.user, "view")

    def has_add_permission(self, request):
        return False  # recorded by the daily task (org.tasks)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TrainingCourse)
class TrainingCourseAdmin(RestrictedAdmin):
    list_display = ("title", "organiser", "category", "hours", "start_date", "end_date", "body")
    list_filter = ("category", "has_exam")
    search_fields = ("title", "organiser")
    autocomplete_fields = ("body",)
    fields = ("title", "organiser", "category", "hours", "start_date", "end_date", "has_exam", "pass_score", "body",
              "description")

    def get_readonly_fields(self, request, obj=None):
        return ("body",) if obj else ()

    def service_save(self, request, obj, form, change):
        if change:
            return services.training_course_update(actor=request.user, course=obj,
                                                   **{f: form.cleaned_data[f] for f in form.changed_data})
        return services.training_course_create(actor=request.user, **{f: form.cleaned_data[f] for f in self.fields})


@admin.register(TrainingRecord)
class TrainingRecordAdmin(RestrictedAdmin):
    list_display = ("officer", "course", "hours", "exam_score", "exam_passed")
    list_filter = ("course__category", "exam_passed")
    search_fields = ("officer__name", "course__title")
    autocomplete_fields = ("officer", "course")
    fields = ("officer", "course", "hours", "exam_date", "exam_score", "exam_passed", "note")

    def get_readonly_fields(self, request, obj=None):
        # A correction needs a reason: made on the record's page (管理 → 培训) or through the API.
        return self.fields if obj else ()

    def service_save(self, request, obj, form, change):
        if change:
            return obj
        return services.training_record_add(actor=request.user, **{f: form.cleaned_data[f] for f in self.fields})


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    can_delete = False
    fields = ("role", "scope", "granted_by", "granted_by_province")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False  # roles are granted with role_assign, which checks certificates and qualifications


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "real_name", "body", "is_active", "is_staff")
    search_fields = ("username", "real_name")
    autocomplete_fields = ("body", "officer")
    inlines = [RoleInline]
    fieldsets = (
        (None, {"fields": ("username", "password", "must_change_password")}),
        ("实名信息", {"fields": ("real_name", "email", "body", "officer")}),
        ("状态", {"fields": ("is_active", "is_staff", "is_superuser", "last_login", "date_joined", "created_by")}),
    )
    readonly_fields = ("last_login", "date_joined", "is_superuser", "created_by", "must_change_password")

    def get_queryset(self, request):
        """Accounts of the bodies within the administrator's scope, as the API lists them: any other account, its
        password page included, answers 404."""
        from .selectors import user_list

        return super().get_queryset(request).filter(pk__in=user_list(user=request.user, action="change").values("pk"))

    def user_change_password(self, request, id, form_url=""):
        """Setting the password of an account that holds roles is taking over its power: the province's
        administrator does it (docs/decisions/0019); one's own password is changed on the ordinary page."""
        target = self.get_object(request, unquote(id))
        if (target is not None and target.pk != request.user.pk and target.role_assignments.exists()
                and not is_province_admin(request.user)):
            raise PermissionDenied("持有角色的账号只能由全省系统管理员重设密码。")
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302 and target is not None:
            # the password was set: the user must change it at the next sign-in (docs/decisions/0045)
            services.password_reset_mark(actor=request.user, user=target)
        return response

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            if change:
                services.user_update(actor=request.user, user=obj,
                                     **{f: form.cleaned_data[f] for f in form.changed_data if f != "password"})
                return
            saved = services.user_create(actor=request.user, username=obj.username, password=None,
                                         real_name=obj.real_name or "", body=obj.body, officer=obj.officer)
        except DomainError as exc:
            messages.error(request, exc.message)
            raise PermissionDenied(exc.message) from exc
        saved.password = obj.password
        saved.save(update_fields=["password"])
        obj.pk = saved.pk


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """The API tokens issued (decision 0021), for the superuser to read: who, when, until when. Only a digest is
    stored, so nothing here can call the API. Read only: tokens are issued by POST /api/v1/auth/token/ and revoked
    by changing the user's password (which the admin's password form does, audited)."""

    list_display = ("user", "created_at", "expires_at")
    search_fields = ("user__username", "user__real_name")
    fields = ("user", "created_at", "expires_at")
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# DRF's clear-text tokens no longer authenticate (decision 0021): their admin page would only mislead.
if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)
