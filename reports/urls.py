from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_new, name="new"),
    path("scan/", views.scan_text, name="scan"),
    path("import/", views.report_import, name="import"),
    path("export.csv", views.report_export, name="export"),
    path("<uuid:report_id>/", views.report_detail, name="detail"),
    path("<uuid:report_id>/receipt/", views.report_receipt, name="receipt"),
    path("<uuid:report_id>/status/", views.report_status, name="status"),
]
