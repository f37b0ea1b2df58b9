"""HTML pages of the benchmarks library (mounted at /discretion/)."""

from django.urls import path

from . import views

app_name = "discretion"
urlpatterns = [
    path("", views.BenchmarkListView.as_view(), name="index"),
    path("evaluate/", views.EvaluateView.as_view(), name="evaluate"),
    path("circumstances/", views.CircumstanceListView.as_view(), name="circumstances"),
    path("<uuid:pk>/", views.BenchmarkDetailView.as_view(), name="detail"),
    path("<uuid:pk>/activate/", views.BenchmarkActivateView.as_view(), name="activate"),
    path("<uuid:pk>/retire/", views.BenchmarkRetireView.as_view(), name="retire"),
    path("<uuid:pk>/new-version/", views.BenchmarkNewVersionView.as_view(), name="new_version"),
]
