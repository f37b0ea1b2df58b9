from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LawsConfig(AppConfig):
    name = "yuezhifa.laws"
    label = "laws"
    verbose_name = "法律法规库"

    def ready(self):
        from yuezhifa.core.context_processors import SECTIONS, register_section

        from . import permissions  # (registers the restrict() policies)

        if not any(url_name == "laws:index" for _label, url_name, _visible in SECTIONS):
            register_section(_("法律法规"), "laws:index", permissions.can_read_laws, order=60)
