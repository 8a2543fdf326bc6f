from django.urls import path

from reporting.exports import views as views_exports

urlpatterns = [
    path("export/", views_exports.ExportIndexView.as_view(), name="export_index"),
    path(
        "export/<year:year>/excel/",
        views_exports.WorkbookDownloadView.as_view(),
        name="export_workbook",
    ),
    # The workbook is made by the worker: its status page, and the status box it polls.
    path(
        "export/<year:year>/excel/status/",
        views_exports.WorkbookStatusView.as_view(),
        name="export_workbook_status",
    ),
    path(
        "export/<year:year>/excel/filstatus/",
        views_exports.WorkbookProgressView.as_view(),
        name="export_workbook_progress",
    ),
    path(
        "export/<year:year>/projekt.csv",
        views_exports.ProjectsCsvView.as_view(),
        name="export_csv",
    ),
]
