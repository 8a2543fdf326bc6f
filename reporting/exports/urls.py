"""URLs of the year's exports: the workbook and the projects as CSV (included from
reporting/urls.py)."""

from django.urls import path

from projects.routes import routes
from reporting.exports import views

urlpatterns = [
    path("export/", views.ExportIndexView.as_view(), name="export_index"),
    *routes(
        "export/<year:year>/",
        [
            ("excel/", views.WorkbookDownloadView, "export_workbook"),
            # The workbook is made by the worker: its status page, and the status box it polls.
            ("excel/status/", views.WorkbookStatusView, "export_workbook_status"),
            ("excel/filstatus/", views.WorkbookProgressView, "export_workbook_progress"),
            ("projekt.csv", views.ProjectsCsvView, "export_csv"),
        ],
    ),
]
