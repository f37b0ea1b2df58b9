from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "yuezhifa.core"
    label = "core"
    verbose_name = "基础"

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the platform's system checks)
            session_idle,  # noqa: F401  (stamps the sign-in time for the idle timeout)
        )
        from .seeding import reseed_empty_reference_tables

        # Sent once per migrate or flush, after every app's tables exist.
        post_migrate.connect(reseed_empty_reference_tables, sender=self, dispatch_uid="yzf-reference-seeds")
        user_logged_in.connect(_calendar_notice, dispatch_uid="yzf-calendar-notice")


def _calendar_notice(sender, request, user, **kwargs):
    """From 1 November, a calendar administrator is told on signing in that next year's arrangement is missing."""
    from django.contrib import messages
    from django.utils import timezone

    from .calendar import next_year_missing, next_year_missing_message
    from .services import calendar_can_change

    if request is None or not hasattr(request, "_messages") or not calendar_can_change(user):
        return
    year = next_year_missing(timezone.localdate())
    if year is not None:
        messages.warning(request, next_year_missing_message(year), extra_tags="calendar-missing")
