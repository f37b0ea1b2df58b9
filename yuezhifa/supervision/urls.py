"""HTML pages of the supervision platform (监督, mounted at /supervision/)."""

from django.urls import path

from . import views, views_annual

app_name = "supervision"
urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("cases/", views.CaseListView.as_view(), name="cases"),
    path("inspections/", views.InspectionListView.as_view(), name="inspections"),
    path("alerts/", views.AlertListView.as_view(), name="alerts"),
    path("alerts/<uuid:pk>/", views.AlertDetailView.as_view(), name="alert"),
    path("access/", views.AccessListView.as_view(), name="access"),
    path("access/request/<uuid:case>/", views.AccessRequestView.as_view(), name="access_request"),
    path("access/<uuid:pk>/decide/", views.AccessDecideView.as_view(), name="access_decide"),
    path("access/<uuid:pk>/", views.AccessReadView.as_view(), name="access_read"),
    path("feedback/", views.FeedbackListView.as_view(), name="feedback"),
    path("notices/", views.NotificationListView.as_view(), name="notices"),
    path("annual/", views_annual.AnnualView.as_view(), name="annual"),
]
