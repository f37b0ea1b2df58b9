"""The theme library's quality dashboard and objections inside the platform, mounted at /themes/quality/."""

from django.urls import path

from . import views_quality

app_name = "themes_quality"
urlpatterns = [
    path("", views_quality.dashboard, name="dashboard"),
    path("failures/", views_quality.failures, name="failures"),
    path("objections/", views_quality.objection_list, name="objections"),
    path("objections/<uuid:pk>/", views_quality.objection_detail, name="objection"),
    path("records/<uuid:pk>/objection/", views_quality.objection_raise, name="raise"),
]
