from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    name = "yuezhifa.themes"
    label = "themes"
    verbose_name = "执法数据主题库"

    def ready(self):
        from yuezhifa.core.context_processors import SECTIONS, register_section

        from .views import can_deliver

        if not any(url_name == "themes:deliveries" for _label, url_name, _visible in SECTIONS):
            register_section(_("数据报送"), "themes:deliveries", can_deliver, order=90)
