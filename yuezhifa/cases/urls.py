"""HTML pages of the case platform (办案, mounted at /cases/)."""

from django.urls import path

from . import views, views_band, views_dossier, views_lists, views_pickers

app_name = "cases"
urlpatterns = [
    path("", views.CaseListView.as_view(tab="todo"), name="todo"),
    path("all/", views_lists.CaseTableView.as_view(), name="all"),
    path("approvals/", views.CaseListView.as_view(tab="approvals"), name="approvals"),
    path("legal-review/", views.CaseListView.as_view(tab="legal"), name="legal"),
    path("approvals/batch/", views.QueueBatchView.as_view(tab="approvals"), name="approvals_batch"),
    path("legal-review/batch/", views.QueueBatchView.as_view(tab="legal"), name="legal_batch"),
    path("new/", views.CaseCreateView.as_view(), name="new"),
    path("pick/<slug:kind>/", views_pickers.PickerView.as_view(), name="pick"),
    path("<uuid:pk>/", views.CaseDetailView.as_view(), name="detail"),
    path("<uuid:pk>/log/<int:seq>/", views.ActDetailView.as_view(), name="act_detail"),
    path("<uuid:pk>/links/", views.CaseLinkView.as_view(), name="link"),
    path("<uuid:pk>/acts/<slug:code>/", views.ActFormView.as_view(), name="act"),
    path("<uuid:pk>/acts/<slug:code>/band/", views_band.ActBandView.as_view(), name="act_band"),
    path("<uuid:pk>/documents/<uuid:doc>/", views.DocumentPreviewView.as_view(), name="document"),
    path("<uuid:pk>/documents/<uuid:doc>/html/", views.DocumentHTMLView.as_view(), name="document_html"),
    path("<uuid:pk>/documents/<uuid:doc>/pdf/", views.DocumentPDFView.as_view(), name="document_pdf"),
    path("<uuid:pk>/dossier/", views_dossier.DossierView.as_view(), name="dossier"),
    path("<uuid:pk>/dossier/pdf/", views_dossier.DossierPDFView.as_view(), name="dossier_pdf"),
    path("<uuid:pk>/evidence/<uuid:evidence>/", views.EvidenceFileView.as_view(), name="evidence"),
]
