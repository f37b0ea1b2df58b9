from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscretionConfig(AppConfig):
    name = "yuezhifa.discretion"
    label = "discretion"
    verbose_name = "行政裁量权基准库"

    def ready(self):
        from yuezhifa.core.context_processors import SECTIONS, register_section

        from . import permissions  # noqa: F401  (registers the restrict() policies)
        from .views import can_see

        if not any(url_name == "discretion:index" for _label, url_name, _visible in SECTIONS):
            register_section(_("裁量基准"), "discretion:index", can_see, order=50)
