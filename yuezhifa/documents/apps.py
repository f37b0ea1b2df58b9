from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "yuezhifa.documents"
    label = "documents"
    verbose_name = "执法文书库"

    def ready(self):
        from yuezhifa.core.context_processors import SECTIONS, register_section

        from . import permissions  # noqa: F401  (registers the restrict() policies)
        from .views import can_see_documents

        if not any(url_name == "documents:index" for _label, url_name, _visible in SECTIONS):
            register_section(_("文书"), "documents:index", can_see_documents, order=70)
