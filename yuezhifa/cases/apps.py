from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "yuezhifa.cases"
    label = "cases"
    verbose_name = "办案平台"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from yuezhifa.audit.anchoring import register_anchor_source
        from yuezhifa.core.context_processors import SECTIONS, register_badge, register_section

        from . import permissions  # noqa: F401  (registers the read policies)
        from .anchoring import unanchored_heads
        from .views import can_use_cases, todo_badge

        if not any(url_name == "cases:todo" for _label, url_name, _visible in SECTIONS):
            register_section(_("办案"), "cases:todo", can_use_cases, order=10)
        register_badge("cases:todo", todo_badge)
        register_anchor_source(unanchored_heads)  # case heads enter the evidence log at every checkpoint

        from yuezhifa.core.services import calendar_entered

        calendar_entered.connect(_recompute_deadlines, dispatch_uid="cases.deadlines_recompute")


def _recompute_deadlines(sender, *, actor, years, reason, **kwargs):
    from .services import deadlines_recompute

    deadlines_recompute(actor=actor, years=years, reason=reason)
