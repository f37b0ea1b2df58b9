"""HTML pages of the item library (mounted at /items/)."""

from django.urls import path

from . import views

app_name = "items"
urlpatterns = [
    path("", views.ItemListView.as_view(), name="list"),
    path("export/", views.ItemExportView.as_view(), name="export"),
    path("import/", views.ItemImportView.as_view(), name="import"),
    path("import/template/", views.ItemImportTemplateView.as_view(), name="import_template"),
    path("<uuid:pk>/", views.ItemDetailView.as_view(), name="detail"),
    path("<uuid:pk>/status/<slug:act>/", views.ItemStatusView.as_view(), name="status"),
    path("<uuid:pk>/adjust/", views.AdjustmentSubmitView.as_view(), name="adjustment_submit"),
    path("adjustments/", views.AdjustmentListView.as_view(), name="adjustment_list"),
    path("adjustments/<uuid:pk>/", views.AdjustmentDetailView.as_view(), name="adjustment_detail"),
    path("adjustments/<uuid:pk>/<slug:act>/", views.AdjustmentActView.as_view(), name="adjustment_act"),
]
