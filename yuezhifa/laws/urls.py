from django.urls import path

from . import views

app_name = "laws"
urlpatterns = [
    path("", views.LawListView.as_view(), name="index"),
    path("<uuid:pk>/", views.LawDetailView.as_view(), name="law_detail"),
    path("provisions/<uuid:pk>/", views.ProvisionDetailView.as_view(), name="provision_detail"),
]
