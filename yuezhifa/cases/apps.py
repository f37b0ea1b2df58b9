from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "yuezhifa.cases"
    label = "cases"
    verbose_name = "办案平台"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the read policies)
