from django.apps import AppConfig


class SealsConfig(AppConfig):
    name = "yuezhifa.seals"
    label = "seals"
    verbose_name = "电子印章"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import permissions  # noqa: F401 - registers the read policies
