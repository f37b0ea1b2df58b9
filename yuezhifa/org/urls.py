"""HTML pages of 管理 (mounted at /org/)."""

from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("", views.OrgIndexView.as_view(), name="index"),
    path("bodies/", views.BodyListView.as_view(), name="body_list"),
    path("bodies/<uuid:pk>/", views.BodyDetailView.as_view(), name="body_detail"),
    path("officers/", views.OfficerListView.as_view(), name="officer_list"),
    path("officers/export/", views.OfficerExportView.as_view(), name="officer_export"),
    path("officers/import/", views.OfficerImportView.as_view(), name="officer_import"),
    path("officers/import/template/", views.OfficerImportTemplateView.as_view(), name="officer_import_template"),
    path("officers/<uuid:pk>/", views.OfficerDetailView.as_view(), name="officer_detail"),
    path("officers/<uuid:pk>/reveal-id-number/", views.OfficerRevealIdNumberView.as_view(),
         name="officer_reveal_id_number"),
    path("certificates/", views.CertificateListView.as_view(), name="certificate_list"),
    path("certificates/export/", views.CertificateExportView.as_view(), name="certificate_export"),
    path("certificates/import/", views.CertificateImportView.as_view(), name="certificate_import"),
    path("certificates/import/template/", views.CertificateImportTemplateView.as_view(),
         name="certificate_import_template"),
    path("certificates/<uuid:pk>/", views.CertificateDetailView.as_view(), name="certificate_detail"),
]
