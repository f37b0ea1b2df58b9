"""HTML pages of the inspection base data (mounted at /inspection/): the register, the items and the qualifications;
the plans, draws and joint visits."""

from django.urls import path

from . import views, views_plans

app_name = "inspection"
urlpatterns = [
    path("", views.SubjectListView.as_view(), name="subject_list"),
    path("subjects/import/", views.SubjectImportView.as_view(), name="subject_import"),
    path("subjects/import/template/", views.SubjectImportTemplateView.as_view(), name="subject_import_template"),
    path("subjects/<uuid:pk>/", views.SubjectDetailView.as_view(), name="subject_detail"),
    path("items/", views.ProfileListView.as_view(), name="profile_list"),
    path("items/<uuid:pk>/", views.ProfileDetailView.as_view(), name="profile_detail"),
    path("items/<uuid:pk>/<slug:act>/", views.ProfileActView.as_view(), name="profile_act"),
    path("qualifications/", views.QualificationListView.as_view(), name="qualification_list"),
    path("qualifications/<uuid:pk>/<slug:act>/", views.QualificationActView.as_view(), name="qualification_act"),
    path("plans/", views_plans.plan_list, name="plans"),
    path("plans/new/", views_plans.plan_create, name="plan_create"),
    path("plans/<uuid:pk>/", views_plans.plan_detail, name="plan"),
    path("plans/<uuid:pk>/draw/", views_plans.draw_create, name="draw_create"),
    path("plans/<uuid:pk>/<str:act>/", views_plans.plan_act, name="plan_act"),
    path("draws/<uuid:pk>/", views_plans.draw_detail, name="draw"),
    path("draws/<uuid:pk>/publish/", views_plans.draw_publish, name="draw_publish"),
    path("joint-visits/<uuid:pk>/<str:act>/", views_plans.joint_act, name="joint_act"),
]
