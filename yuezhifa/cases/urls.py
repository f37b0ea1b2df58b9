"""HTML pages of the case platform (办案, mounted at /cases/)."""

from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.CaseListView.as_view(tab="todo"), name="todo"),
    path("all/", views.CaseListView.as_view(tab="all"), name="all"),
    path("approvals/", views.CaseListView.as_view(tab="approvals"), name="approvals"),
    path("legal-review/", views.CaseListView.as_view(tab="legal"), name="legal"),
    path("approvals/batch/", views.QueueBatchView.as_view(tab="approvals"), name="approvals_batch"),
    path("legal-review/batch/", views.QueueBatchView.as_view(tab="legal"), name="legal_batch"),
    path("new/", views.CaseCreateView.as_view(), name="new"),
    path("<uuid:pk>/", views.CaseDetailView.as_view(), name="detail"),
    path("<uuid:pk>/log/<int:seq>/", views.ActDetailView.as_view(), name="act_detail"),
    path("<uuid:pk>/links/", views.CaseLinkView.as_view(), name="link"),
    path("<uuid:pk>/acts/<slug:code>/", views.ActFormView.as_view(), name="act"),
    path("<uuid:pk>/documents/<uuid:doc>/", views.DocumentPreviewView.as_view(), name="document"),
    path("<uuid:pk>/documents/<uuid:doc>/html/", views.DocumentHTMLView.as_view(), name="document_html"),
    path("<uuid:pk>/documents/<uuid:doc>/pdf/", views.DocumentPDFView.as_view(), name="document_pdf"),
    path("<uuid:pk>/evidence/<uuid:evidence>/", views.EvidenceFileView.as_view(), name="evidence"),
]
