"""Login-free pages of the case platform: the 检查码 page of an inspection and the task page of a non-site
inspection, mounted at /jc/."""

from django.urls import path

from . import views_public

app_name = "jc"
urlpatterns = [
    path("remote/<str:token>/", views_public.remote_task, name="remote"),
    path("<str:token>/", views_public.inspection_code, name="code"),
]
