"""Login-free page of the supervision platform: the inspected subject's own page, mounted at /qy/."""

from django.urls import path

from . import views_public

app_name = "qy"
urlpatterns = [
    path("<str:token>/", views_public.enterprise, name="page"),
]
