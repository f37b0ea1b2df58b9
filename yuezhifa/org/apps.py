from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "yuezhifa.org"
    label = "org"
    verbose_name = "执法主体与人员"
