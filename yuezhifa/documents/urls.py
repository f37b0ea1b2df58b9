"""HTML pages of the document library (mounted at /documents/)."""

from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.DocumentIndexView.as_view(), name="index"),
    path("types/<slug:code>/", views.DocumentTypeDetailView.as_view(), name="type_detail"),
    path("types/<slug:code>/preview/", views.DocumentPreviewView.as_view(), name="preview"),
    path("types/<slug:code>/preview.html", views.DocumentPreviewHTMLView.as_view(), name="preview_html"),
    path("types/<slug:code>/preview.pdf", views.DocumentPreviewPDFView.as_view(), name="preview_pdf"),
]
