from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "yuezhifa.org"
    label = "org"
    verbose_name = "执法主体与人员"

    def ready(self):
        from yuezhifa.core.context_processors import SECTIONS, register_section

        from . import permissions, signals  # noqa: F401  (registers the restrict() policies, the token revocation)
        from .views import can_see_management

        if not any(url_name == "org:index" for _label, url_name, _visible in SECTIONS):
            register_section(_("管理"), "org:index", can_see_management, order=90)
