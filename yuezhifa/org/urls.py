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
    path("officers/<uuid:pk>/issue-certificate/", views.CertificateIssueView.as_view(), name="certificate_issue"),
    path("certificates/", views.CertificateListView.as_view(), name="certificate_list"),
    path("certificates/expiring/", views.CertificateExpiringView.as_view(), name="certificate_expiring"),
    path("certificates/export/", views.CertificateExportView.as_view(), name="certificate_export"),
    path("certificates/import/", views.CertificateImportView.as_view(), name="certificate_import"),
    path("certificates/import/template/", views.CertificateImportTemplateView.as_view(),
         name="certificate_import_template"),
    path("certificates/<uuid:pk>/", views.CertificateDetailView.as_view(), name="certificate_detail"),
    path("certificates/<uuid:pk>/renew/", views.CertificateRenewView.as_view(), name="certificate_renew"),
    path("certificates/<uuid:pk>/status/", views.CertificateStatusView.as_view(), name="certificate_status"),
    path("training/", views.TrainingRecordListView.as_view(), name="training_list"),
    path("training/hours/", views.TrainingHoursView.as_view(), name="training_hours"),
    path("training/export/", views.TrainingExportView.as_view(), name="training_export"),
    path("training/import/", views.TrainingImportView.as_view(), name="training_import"),
    path("training/import/template/", views.TrainingImportTemplateView.as_view(), name="training_import_template"),
    path("training/records/<uuid:pk>/", views.TrainingRecordDetailView.as_view(), name="training_record_detail"),
    path("training/records/<uuid:pk>/correct/", views.TrainingRecordCorrectView.as_view(),
         name="training_record_correct"),
    path("training/courses/", views.TrainingCourseListView.as_view(), name="training_course_list"),
    path("training/courses/new/", views.TrainingCourseCreateView.as_view(), name="training_course_create"),
    path("training/courses/<uuid:pk>/", views.TrainingCourseDetailView.as_view(), name="training_course_detail"),
    path("training/courses/<uuid:pk>/add-record/", views.TrainingRecordCreateView.as_view(),
         name="training_record_create"),
]
