"""URLs of the council memo pages (included from reporting/urls.py)."""

from django.urls import path

from reporting import views_memo as views

urlpatterns = [
    path("tjansteskrivelser/", views.MemoIndexView.as_view(), name="memo_index"),
    path("tjansteskrivelser/<int:year>/", views.MemoYearView.as_view(), name="memo_year"),
    path(
        "tjansteskrivelser/<int:year>/skapa-utkast/",
        views.MemoCreateDraftView.as_view(),
        name="memo_create",
    ),
    path("tjansteskrivelser/<int:year>/redigera/", views.MemoEditView.as_view(), name="memo_edit"),
    path(
        "tjansteskrivelser/<int:year>/forhandsgranska/",
        views.MemoPreviewView.as_view(),
        name="memo_preview",
    ),
    path(
        "tjansteskrivelser/<int:year>/uppdatera-siffror/",
        views.MemoRefreshView.as_view(),
        name="memo_refresh",
    ),
    path(
        "tjansteskrivelser/<int:year>/utkast.pdf", views.MemoDraftPdfView.as_view(), name="memo_pdf"
    ),
    path(
        "tjansteskrivelser/<int:year>/utkast.docx",
        views.MemoDraftDocxView.as_view(),
        name="memo_docx",
    ),
    path(
        "tjansteskrivelser/<int:year>/utkast-pdf/",
        views.MemoRenderStatusView.as_view(kind="pdf"),
        name="memo_pdf_status",
    ),
    path(
        "tjansteskrivelser/<int:year>/utkast-word/",
        views.MemoRenderStatusView.as_view(kind="docx"),
        name="memo_docx_status",
    ),
    path(
        "tjansteskrivelser/<int:year>/filstatus/",
        views.MemoRenderProgressView.as_view(),
        name="memo_render_progress",
    ),
    path(
        "tjansteskrivelser/<int:year>/publicera/",
        views.MemoPublishView.as_view(),
        name="memo_publish",
    ),
    path(
        "tjansteskrivelser/<int:year>/version-<int:version>.pdf",
        views.PublishedMemoDownloadView.as_view(),
        name="published_memo_download",
    ),
    path(
        "tjansteskrivelser/<int:year>/version-<int:version>.docx",
        views.PublishedMemoDocxView.as_view(),
        name="published_memo_docx",
    ),
    path(
        "tjansteskrivelser/<int:year>/version-<int:version>-underlag.xlsx",
        views.PublishedMemoRowsView.as_view(),
        name="published_memo_rows",
    ),
]
