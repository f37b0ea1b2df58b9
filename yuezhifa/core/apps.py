from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "yuezhifa.core"
    label = "core"
    verbose_name = "基础"
