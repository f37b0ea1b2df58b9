"""HTML pages of the inspection register (mounted at /inspection/)."""

from django.urls import path

from . import views

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
]
