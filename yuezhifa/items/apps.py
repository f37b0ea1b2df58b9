from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ItemsConfig(AppConfig):
    name = "yuezhifa.items"
    label = "items"
    verbose_name = "执法事项库"

    def ready(self):
        from yuezhifa.core.context_processors import SECTIONS, register_section

        from . import permissions  # noqa: F401  (registers the restrict() policies)
        from .views import can_see_items

        if not any(url_name == "items:list" for _label, url_name, _visible in SECTIONS):
            register_section(_("执法事项"), "items:list", can_see_items, order=40)
