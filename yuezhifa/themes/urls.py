from django.urls import path

from . import views

app_name = "themes"
urlpatterns = [
    path("", views.deliveries, name="deliveries"),
    path("<uuid:pk>/", views.delivery, name="delivery"),
]
