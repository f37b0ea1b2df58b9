"""数据异议 on the public disclosure site, mounted at /gongshi/yiyi/ (no login, rate-limited)."""

from django.urls import path

from . import views_objections_public

app_name = "gongshi_yiyi"
urlpatterns = [
    path("", views_objections_public.status, name="status"),
    path("<str:pk>/", views_objections_public.raise_on_result, name="raise"),
]
