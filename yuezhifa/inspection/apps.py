from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "yuezhifa.inspection"
    label = "inspection"
    verbose_name = "行政检查基础库"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the restrict() policies)
