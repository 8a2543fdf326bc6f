"""URLs of the figures: the page, its JSON, and the rows behind each figure as a page, CSV and
XLSX (included from reporting/urls.py; the addresses are documented in docs/report-summary.md)."""

from django.urls import path

from reporting.figures import views

urlpatterns = [
    path("nyckeltal/", views.FiguresIndexView.as_view(), name="figures_index"),
    path("nyckeltal/<year:year>/", views.FiguresView.as_view(), name="figures"),
    path("nyckeltal/<year:year>/json/", views.FiguresJsonView.as_view(), name="figures_json"),
    # The rows behind a figure: the page, and the same rows as CSV and XLSX.
    path(
        "nyckeltal/<year:year>/rader/<slug:figure>/",
        views.FigureRowsView.as_view(),
        name="figure_rows",
    ),
    path(
        "nyckeltal/<year:year>/rader/<slug:figure>.csv",
        views.FigureRowsCsvView.as_view(),
        name="figure_rows_csv",
    ),
    path(
        "nyckeltal/<year:year>/rader/<slug:figure>.xlsx",
        views.FigureRowsWorkbookView.as_view(),
        name="figure_rows_xlsx",
    ),
    # The workbook is made by the worker: its status page, and the status box it polls.
    path(
        "nyckeltal/<year:year>/rader/<slug:figure>/excel/",
        views.FigureRowsWorkbookStatusView.as_view(),
        name="figure_rows_xlsx_status",
    ),
    path(
        "nyckeltal/<year:year>/rader/<slug:figure>/excel/filstatus/",
        views.FigureRowsWorkbookProgressView.as_view(),
        name="figure_rows_xlsx_progress",
    ),
]
