from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "yuezhifa.sharing"
    label = "sharing"
    verbose_name = "数据共享"

    def ready(self):
        from yuezhifa.core.context_processors import SECTIONS, register_badge, register_section

        from . import permissions, selectors

        if not any(url_name == "sharing:index" for _label, url_name, _visible in SECTIONS):
            register_section(_("数据共享"), "sharing:index", permissions.can_use_sharing, order=80)
        register_badge("sharing:index", selectors.pending_badge)
