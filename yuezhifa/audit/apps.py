from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "yuezhifa.audit"
    label = "audit"
    verbose_name = "审计"
