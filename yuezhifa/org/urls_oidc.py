"""Signing in through the unified identity platform (mounted at /oidc/; docs/decisions/0053). The names are the ones
mozilla-django-oidc reverses."""

from django.urls import path

from . import views_oidc

urlpatterns = [
    path("authenticate/", views_oidc.AuthenticateView.as_view(), name="oidc_authentication_init"),
    path("callback/", views_oidc.CallbackView.as_view(), name="oidc_authentication_callback"),
]
