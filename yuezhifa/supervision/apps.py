from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "yuezhifa.supervision"
    label = "supervision"
    verbose_name = "监督平台"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from yuezhifa.cases import events
        from yuezhifa.cases.permissions import register_grant_hooks
        from yuezhifa.core.context_processors import SECTIONS, register_badge, register_section

        from . import access, annual, permissions  # noqa: F401  (annual: the 年报 records' row policies)

        # a supervisor reads a decided case under an approved grant (办法 第三十七条)
        register_grant_hooks(granted_cases_q=access.granted_cases_q, holds_grant=access.holds_grant)
        events.on_read_refused(access.case_read_refused)  # every refused case read by a supervisor is audited
        if not any(url_name == "supervision:index" for _label, url_name, _visible in SECTIONS):
            register_section(_("监督"), "supervision:index", permissions.can_use_supervision, order=30)
        register_badge("supervision:index", queue_badge)


def queue_counts(request, *, alerts: bool = False) -> dict[str, int]:
    """``selectors.queue_counts`` for the request's user, computed once per request (home page and menu badge); the
    home page asks for the open alerts too."""
    cache = getattr(request, "_yzf_supervision_counts", None)
    if cache is None:
        cache = request._yzf_supervision_counts = {}
    if alerts not in cache:
        from .selectors import queue_counts as counts

        cache[alerts] = counts(getattr(request, "user", None), alerts=alerts)
    return cache[alerts]


def queue_badge(request) -> int:
    """The 监督 menu item's badge: 查阅审批 requests to decide and unread supervision notices (the open alerts are
    counted on the home page, not in the badge: they wait on the enforcement body, not on the supervisor)."""
    counts = queue_counts(request)
    return counts["access"] + counts["notices"]
