from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    name = "yuezhifa.themes"
    label = "themes"
    verbose_name = "执法数据主题库"

    def ready(self):
        from yuezhifa.core.context_processors import SECTIONS, register_section

        from . import tasks_quality  # noqa: F401  (registers the nightly quality snapshots)
        from .views_quality import can_see_quality

        # the theme library's quality dashboard and its objections (办法 第四十九条)
        if not any(url_name == "themes_quality:dashboard" for _label, url_name, _visible in SECTIONS):
            register_section(_("数据质量"), "themes_quality:dashboard", can_see_quality, order=35)
        from .views import can_deliver

        if not any(url_name == "themes:deliveries" for _label, url_name, _visible in SECTIONS):
            register_section(_("数据报送"), "themes:deliveries", can_deliver, order=85)
