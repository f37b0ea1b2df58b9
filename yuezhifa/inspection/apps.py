from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "yuezhifa.inspection"
    label = "inspection"
    verbose_name = "行政检查基础库"

    def ready(self):
        from yuezhifa.core.context_processors import SECTIONS, register_section

        from . import permissions  # noqa: F401  (registers the restrict() policies)
        from .views import can_see_inspection

        if not any(url_name == "inspection:subject_list" for _label, url_name, _visible in SECTIONS):
            register_section(_("行政检查"), "inspection:subject_list", can_see_inspection, order=20)
