"""URLs of the council memo pages (included from reporting/urls.py)."""

from django.urls import path

from projects.routes import routes
from reporting.memo import file_views as files
from reporting.memo import views
from reporting.memo.wording_views import MemoRefreshWordingView, MemoWordingView

urlpatterns = [
    path("tjansteskrivelser/", views.MemoIndexView.as_view(), name="memo_index"),
    path("tjansteskrivelser/formuleringar/", MemoWordingView.as_view(), name="memo_wording"),
    *routes(
        "tjansteskrivelser/<year:year>/",
        [
            ("", views.MemoYearView, "memo_year"),
            ("skapa-utkast/", views.MemoCreateDraftView, "memo_create"),
            ("redigera/", views.MemoEditView, "memo_edit"),
            ("forhandsgranska/", views.MemoPreviewView, "memo_preview"),
            ("uppdatera-siffror/", views.MemoRefreshView, "memo_refresh"),
            ("uppdatera-formuleringar/", MemoRefreshWordingView, "memo_refresh_wording"),
            ("utkast.pdf", files.MemoDraftPdfView, "memo_pdf"),
            ("utkast.docx", files.MemoDraftDocxView, "memo_docx"),
            ("utkast-pdf/", files.MemoRenderStatusView.as_view(kind="pdf"), "memo_pdf_status"),
            ("utkast-word/", files.MemoRenderStatusView.as_view(kind="docx"), "memo_docx_status"),
            ("filstatus/", files.MemoRenderProgressView, "memo_render_progress"),
            ("publicera/", files.MemoPublishView, "memo_publish"),
        ],
    ),
    # The published versions.
    *routes(
        "tjansteskrivelser/<year:year>/version-<int:version>",
        [
            (".pdf", files.PublishedMemoDownloadView, "published_memo_download"),
            (".docx", files.PublishedMemoDocxView, "published_memo_docx"),
            ("-underlag.xlsx", files.PublishedMemoRowsView, "published_memo_rows"),
        ],
    ),
]
