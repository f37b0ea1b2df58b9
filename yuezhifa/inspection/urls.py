from django.urls import path

from . import views_plans

app_name = "inspection"

urlpatterns = [
    path("plans/", views_plans.plan_list, name="plans"),
    path("plans/new/", views_plans.plan_create, name="plan_create"),
    path("plans/<uuid:pk>/", views_plans.plan_detail, name="plan"),
    path("plans/<uuid:pk>/draw/", views_plans.draw_create, name="draw_create"),
    path("plans/<uuid:pk>/<str:act>/", views_plans.plan_act, name="plan_act"),
    path("draws/<uuid:pk>/", views_plans.draw_detail, name="draw"),
    path("draws/<uuid:pk>/publish/", views_plans.draw_publish, name="draw_publish"),
    path("joint-visits/<uuid:pk>/<str:act>/", views_plans.joint_act, name="joint_act"),
]
