"""The login-lockout records (django-axes) in the admin, in Chinese: axes' own registrations give way to the
Chinese-named proxies of ``core.lockout``, whose columns, filters and fields carry Chinese labels (decision 0050)."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin

from .lockout import FIELD_LABELS, LoginFailure, LoginFailureCount, LoginRecord

for model in (AccessAttempt, AccessLog, AccessFailureLog):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


def _column(name: str):
    """A column (or read-only field) showing the axes field ``name`` under its Chinese label, sortable by it."""

    def show(obj):
        value = getattr(obj, name)
        if isinstance(value, bool):
            return "是" if value else "否"
        if value == "<unknown>":  # axes' placeholder when a login came without a request path
            return "（未知）"
        return value

    show.__name__ = f"show_{name}"
    return admin.display(description=FIELD_LABELS[name], ordering=name)(show)


def _date_filter(name: str):
    class Filter(admin.DateFieldListFilter):
        def __init__(self, field, request, params, model, model_admin, field_path):
            super().__init__(field, request, params, model, model_admin, field_path)
            self.title = FIELD_LABELS[name]

    return (name, Filter)


class LockoutAdmin(admin.ModelAdmin):
    """Read-only: the records are written by the login itself."""

    columns: tuple[str, ...] = ()
    details: tuple[str, ...] = ()
    date_fields: tuple[str, ...] = ("attempt_time",)
    search_fields = ("ip_address", "username")
    date_hierarchy = "attempt_time"

    def __init__(self, model, admin_site):
        self.list_display = [_column(n) for n in self.columns]
        self.readonly_fields = [_column(n) for n in self.details]
        self.fields = self.readonly_fields
        self.list_filter = [_date_filter(n) for n in self.date_fields]
        super().__init__(model, admin_site)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LoginFailureCount)
class LoginFailureCountAdmin(LockoutAdmin):
    columns = ("attempt_time", "username", "ip_address", "failures_since_start", "path_info", "user_agent")
    details = ("username", "ip_address", "failures_since_start", "attempt_time", "path_info", "user_agent",
               "http_accept", "get_data", "post_data")


@admin.register(LoginRecord)
class LoginRecordAdmin(LockoutAdmin):
    columns = ("attempt_time", "logout_time", "username", "ip_address", "path_info", "user_agent")
    details = ("username", "ip_address", "attempt_time", "logout_time", "path_info", "user_agent", "http_accept")
    date_fields = ("attempt_time", "logout_time")


@admin.register(LoginFailure)
class LoginFailureAdmin(LockoutAdmin):
    columns = ("attempt_time", "username", "ip_address", "locked_out", "path_info", "user_agent")
    details = ("username", "ip_address", "attempt_time", "locked_out", "path_info", "user_agent", "http_accept")
