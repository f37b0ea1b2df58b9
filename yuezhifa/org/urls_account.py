"""The signed-in user's own account (mounted at /account/): password and sessions (docs/decisions/0045)."""

from django.urls import path

from . import views_account

app_name = "account"
urlpatterns = [
    path("password/", views_account.PasswordChangeView.as_view(), name="password_change"),
    path("sessions/", views_account.SessionListView.as_view(), name="sessions"),
]
