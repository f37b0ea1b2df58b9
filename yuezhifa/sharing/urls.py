"""HTML pages of data sharing (数据共享, mounted at /sharing/)."""

from django.urls import path

from . import views

app_name = "sharing"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("request/", views.RequestView.as_view(), name="request"),
    path("<uuid:pk>/", views.GrantView.as_view(), name="grant"),
    path("<uuid:pk>/decide/", views.DecideView.as_view(), name="decide"),
    path("<uuid:pk>/revoke/", views.RevokeView.as_view(), name="revoke"),
    path("<uuid:pk>/usage.csv", views.UsageCsvView.as_view(), name="usage_csv"),
]
