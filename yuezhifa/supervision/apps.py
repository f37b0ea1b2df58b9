from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "yuezhifa.supervision"
    label = "supervision"
    verbose_name = "监督平台"
    default_auto_field = "django.db.models.BigAutoField"
