"""The OpenAPI schema and Swagger UI (decision 0023).

Swagger UI is served in two requests (drf-spectacular's split view), so its start-up script is a file of this site
and the Content-Security-Policy needs no inline script; the page's one small ``<style>`` carries the CSP nonce. In
production both require login unless ``YZF_API_DOCS_PUBLIC`` opens them: the schema answers 401 (problem+json), a
browser that is not logged in is sent from Swagger UI to the login page.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny, IsAuthenticated


class SchemaView(SpectacularAPIView):
    def get_permissions(self):
        return [AllowAny() if settings.YZF_API_DOCS_PUBLIC else IsAuthenticated()]


class SwaggerView(SpectacularSwaggerSplitView):
    template_name = "core/swagger_ui.html"
    permission_classes = [AllowAny]  # checked below, so that a browser is redirected to the login page

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        if not settings.YZF_API_DOCS_PUBLIC and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().get(request, *args, **kwargs)
