from django.urls import path

from . import views

app_name = "disclosure"

urlpatterns = [
    path("", views.index, name="index"),
    path("results/", views.results, name="results"),
    path("results/<str:pk>/", views.result_detail, name="result"),
    path("withdrawn/", views.withdrawn, name="withdrawn"),
    path("statistics/", views.statistics, name="statistics"),
    path("bodies/", views.bodies, name="bodies"),
    path("bodies/<str:pk>/", views.body_detail, name="body"),
    path("officers/", views.officers, name="officers"),
    path("items/", views.items, name="items"),
    path("inspection/", views.inspection, name="inspection"),
    path("procedures/", views.procedures, name="procedures"),
    path("benchmarks/", views.benchmarks, name="benchmarks"),
    path("benchmarks/<str:pk>/", views.benchmark_detail, name="benchmark"),
    path("feed/", views.feed, name="feed"),
    path("export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("export.json", views.export, {"fmt": "json"}, name="export_json"),
    path("report/xzcf.csv", views.report, {"fmt": "csv"}, name="report_csv"),
    path("report/xzcf.json", views.report, {"fmt": "json"}, name="report_json"),
    path("report/xzcf.xlsx", views.report, {"fmt": "xlsx"}, name="report_xlsx"),
    path("inspection-plans/", views.inspection_plans, name="inspection_plans"),
    path("inspection-plans/<uuid:pk>/", views.inspection_plan, name="inspection_plan"),
    path("inspection-draws/<uuid:pk>/", views.inspection_draw, name="inspection_draw"),
]
