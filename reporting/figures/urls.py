"""URLs of the figures: the page, its JSON, and the rows behind each figure as a page, CSV and
XLSX (included from reporting/urls.py; the addresses are documented in docs/report-summary.md)."""

from django.urls import path

from projects.routes import routes
from reporting.figures import views

urlpatterns = [
    path("nyckeltal/", views.FiguresIndexView.as_view(), name="figures_index"),
    *routes(
        "nyckeltal/<year:year>/",
        [
            ("", views.FiguresView, "figures"),
            ("json/", views.FiguresJsonView, "figures_json"),
        ],
    ),
    # The rows behind a figure: the page, and the same rows as CSV and XLSX; the workbook is
    # made by the worker: its status page, and the status box it polls.
    *routes(
        "nyckeltal/<year:year>/rader/<slug:figure>",
        [
            ("/", views.FigureRowsView, "figure_rows"),
            (".csv", views.FigureRowsCsvView, "figure_rows_csv"),
            (".xlsx", views.FigureRowsWorkbookView, "figure_rows_xlsx"),
            ("/excel/", views.FigureRowsWorkbookStatusView, "figure_rows_xlsx_status"),
            (
                "/excel/filstatus/",
                views.FigureRowsWorkbookProgressView,
                "figure_rows_xlsx_progress",
            ),
        ],
    ),
]
