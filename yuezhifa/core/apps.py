from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "yuezhifa.core"
    label = "core"
    verbose_name = "基础"

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the platform's system checks)
            session_idle,  # noqa: F401  (stamps the sign-in time for the idle timeout)
        )
        from .seeding import reseed_empty_reference_tables

        # Sent once per migrate or flush, after every app's tables exist.
        post_migrate.connect(reseed_empty_reference_tables, sender=self, dispatch_uid="yzf-reference-seeds")
