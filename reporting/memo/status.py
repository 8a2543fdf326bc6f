"""What more than one memo view module shows: the status box of a file the worker makes."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from reporting.models import Memo, MemoRender


def render_words(kind: str) -> dict:
    """What the status of a file being made is called on the pages, per kind."""
    return {
        MemoRender.Kind.PDF: {
            "title": _("Utkastet som PDF"),
            "pending": _("PDF:en skapas…"),
            "done": _("PDF:en är klar."),
            "download": _("Ladda ner utkastet som PDF"),
            "failed": _("PDF:en kunde inte skapas."),
        },
        MemoRender.Kind.DOCX: {
            "title": _("Utkastet som Word"),
            "pending": _("Word-filen skapas…"),
            "done": _("Word-filen är klar."),
            "download": _("Ladda ner utkastet som Word"),
            "failed": _("Word-filen kunde inte skapas."),
        },
        MemoRender.Kind.PUBLISH: {
            "title": _("Publicering"),
            "pending": _("Versionen publiceras…"),
            "done": _("Versionen är publicerad."),
            "download": "",
            "failed": _("Versionen kunde inte publiceras."),
        },
    }[kind]


RENDER_URLS = {
    MemoRender.Kind.PDF: {
        "status_url": "reporting:memo_pdf_status",
        "file_url": "reporting:memo_pdf",
    },
    MemoRender.Kind.DOCX: {
        "status_url": "reporting:memo_docx_status",
        "file_url": "reporting:memo_docx",
    },
}


def render_status_context(render: MemoRender | None, kind: str, year: int) -> dict:
    """What the status box shows: pending (with the address it polls), done, or failed."""
    if render is None:
        state = "none"
    elif render.is_done:
        state = "done"
    elif render.can_retry:
        state = "failed"
    else:
        state = "pending"
    context = {
        "render": render,
        "kind": kind,
        "state": state,
        "year": year,
        "words": render_words(kind),
        "progress_url": reverse("reporting:memo_render_progress", args=[year]) + f"?kind={kind}",
    }
    if kind in RENDER_URLS:
        context["status_url"] = reverse(RENDER_URLS[kind]["status_url"], args=[year])
        context["file_url"] = reverse(RENDER_URLS[kind]["file_url"], args=[year])
    return context


def publish_status_context(memo: Memo) -> dict | None:
    """The status box of a publication waiting for the worker, or of the last one that failed."""
    publish = MemoRender.objects.latest_for(memo, MemoRender.Kind.PUBLISH)
    if publish is None or publish.is_done:
        return None
    return render_status_context(publish, MemoRender.Kind.PUBLISH, memo.year)
