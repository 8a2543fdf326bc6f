"""URLs of the council memo pages (included from reporting/urls.py)."""

from django.urls import path

from reporting.memo import file_views as files
from reporting.memo import views

urlpatterns = [
    path("tjansteskrivelser/", views.MemoIndexView.as_view(), name="memo_index"),
    path("tjansteskrivelser/<year:year>/", views.MemoYearView.as_view(), name="memo_year"),
    path(
        "tjansteskrivelser/<year:year>/skapa-utkast/",
        views.MemoCreateDraftView.as_view(),
        name="memo_create",
    ),
    path("tjansteskrivelser/<year:year>/redigera/", views.MemoEditView.as_view(), name="memo_edit"),
    path(
        "tjansteskrivelser/<year:year>/forhandsgranska/",
        views.MemoPreviewView.as_view(),
        name="memo_preview",
    ),
    path(
        "tjansteskrivelser/<year:year>/uppdatera-siffror/",
        views.MemoRefreshView.as_view(),
        name="memo_refresh",
    ),
    path(
        "tjansteskrivelser/<year:year>/utkast.pdf",
        files.MemoDraftPdfView.as_view(),
        name="memo_pdf",
    ),
    path(
        "tjansteskrivelser/<year:year>/utkast.docx",
        files.MemoDraftDocxView.as_view(),
        name="memo_docx",
    ),
    path(
        "tjansteskrivelser/<year:year>/utkast-pdf/",
        files.MemoRenderStatusView.as_view(kind="pdf"),
        name="memo_pdf_status",
    ),
    path(
        "tjansteskrivelser/<year:year>/utkast-word/",
        files.MemoRenderStatusView.as_view(kind="docx"),
        name="memo_docx_status",
    ),
    path(
        "tjansteskrivelser/<year:year>/filstatus/",
        files.MemoRenderProgressView.as_view(),
        name="memo_render_progress",
    ),
    path(
        "tjansteskrivelser/<year:year>/publicera/",
        files.MemoPublishView.as_view(),
        name="memo_publish",
    ),
    path(
        "tjansteskrivelser/<year:year>/version-<int:version>.pdf",
        files.PublishedMemoDownloadView.as_view(),
        name="published_memo_download",
    ),
    path(
        "tjansteskrivelser/<year:year>/version-<int:version>.docx",
        files.PublishedMemoDocxView.as_view(),
        name="published_memo_docx",
    ),
    path(
        "tjansteskrivelser/<year:year>/version-<int:version>-underlag.xlsx",
        files.PublishedMemoRowsView.as_view(),
        name="published_memo_rows",
    ),
]
