from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "yuezhifa.disclosure"
    label = "disclosure"
    verbose_name = "公示平台"
    default_auto_field = "django.db.models.BigAutoField"
