"""``/api/v1/``: each app contributes its routes from its own ``api.py``."""

from django.urls import include, path

from yuezhifa.core.api_docs import SchemaView, SwaggerView

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", SwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("yuezhifa.core.api")),
    path("", include("yuezhifa.org.api")),
    path("", include("yuezhifa.search.api")),
    path("", include("yuezhifa.laws.api")),
    path("", include("yuezhifa.items.api")),
    path("", include("yuezhifa.inspection.api")),
    path("", include("yuezhifa.discretion.api")),
    path("", include("yuezhifa.documents.api")),
    path("", include("yuezhifa.cases.api")),
    path("", include("yuezhifa.seals.api")),
    path("", include("yuezhifa.audit.api")),
    path("", include("yuezhifa.supervision.api")),
    path("", include("yuezhifa.disclosure.api")),
    path("", include("yuezhifa.inspection.api_plans")),
    path("", include("yuezhifa.sharing.api")),
    path("", include("yuezhifa.topology.api")),
    path("", include("yuezhifa.themes.api")),
]
