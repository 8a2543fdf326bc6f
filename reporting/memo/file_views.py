"""The council memo's files: the draft PDF and Word file made by the worker (with their status
pages), publishing a version, and downloading what was published."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models.functions import Length
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from projects.access import DevelopmentCoordinatorRequiredMixin, figures_scope
from projects.form_tokens import FormTokenMixin
from reporting.downloads import made_file_response, stored_file_response
from reporting.exports import rows as exports_rows
from reporting.memo.checklist import publish_checklist
from reporting.memo.docx import (
    DOCX_CONTENT_TYPE,
    draft_docx_filename,
    published_docx_filename,
    published_memo_docx,
)
from reporting.memo.files import memo_render_key, memo_rows_file_part
from reporting.memo.forms import PublishForm
from reporting.memo.requests import memo_publish_request, memo_render_request
from reporting.memo.selectors import next_version
from reporting.memo.status import RENDER_URLS, publish_status_context, render_status_context
from reporting.models import Memo, MemoRender, PublishedMemo
from reporting.server_slots import ServerSlotMixin

# The memo's columns its draft files' key is made of (MemoRender.key_for).
MEMO_KEY_FIELDS = ("pk", "year", "revision", "updated_at")


def docx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


class MemoDraftFileView(DevelopmentCoordinatorRequiredMixin, ServerSlotMixin, View):
    """The current draft as a file: served from storage when made, else made by the worker
    while the status page says so (asking again never makes it twice)."""

    kind = MemoRender.Kind.PDF

    def get(self, request, year):
        # Only what names the draft (its key): not its texts and figures at the time of the
        # draft, a large row at 100x.
        memo = get_object_or_404(Memo.objects.only(*MEMO_KEY_FIELDS), year=year)
        # A file made for the memo and data as they are now is served without a write: the key
        # is the memo's revision and the year's data version, nothing computed.
        render = MemoRender.objects.current(memo, self.kind, memo_render_key(memo)[0])
        if render is None:
            render = memo_render_request(memo=memo, kind=self.kind, user=request.user)
            if not render.is_done:
                return redirect(RENDER_URLS[self.kind]["status_url"], year=year)
        if self.kind == MemoRender.Kind.PDF:
            filename = f"utkast-redovisning-internationellt-arbete-{year}.pdf"
            content_type = "application/pdf"
        else:
            filename, content_type = draft_docx_filename(year), DOCX_CONTENT_TYPE
        return made_file_response(request, render, filename=filename, content_type=content_type)


class MemoDraftPdfView(MemoDraftFileView):
    """The current draft as PDF, to read before publishing."""

    kind = MemoRender.Kind.PDF


class MemoDraftDocxView(MemoDraftFileView):
    """The current draft as a Word document, for the city's case management system."""

    kind = MemoRender.Kind.DOCX


class MemoRenderStatusView(DevelopmentCoordinatorRequiredMixin, TemplateView):
    """GET: the draft file's state (asked for if it is not yet); POST: ask again after a
    failure."""

    template_name = "reporting/memo_render.html"
    kind = MemoRender.Kind.PDF

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        memo = get_object_or_404(Memo.objects.only(*MEMO_KEY_FIELDS), year=self.kwargs["year"])
        render = memo_render_request(memo=memo, kind=self.kind, user=self.request.user)
        context.update(render_status_context(render, self.kind, memo.year))
        return context

    def post(self, request, year):
        memo = get_object_or_404(Memo.objects.only(*MEMO_KEY_FIELDS), year=year)
        memo_render_request(memo=memo, kind=self.kind, user=request.user, retry=True)
        return redirect(RENDER_URLS[self.kind]["status_url"], year=year)


class MemoRenderProgressView(DevelopmentCoordinatorRequiredMixin, View):
    """The status box alone, for the page to poll: the latest request of one kind (never asks
    for anything, and never computes the figures)."""

    def get(self, request, year):
        memo = get_object_or_404(Memo.objects.only("pk", "year"), year=year)
        kind = request.GET.get("kind", MemoRender.Kind.PDF)
        if kind not in MemoRender.Kind.values:
            raise Http404
        render = MemoRender.objects.latest_for(memo, kind)
        context = render_status_context(render, kind, year)
        response = TemplateResponse(request, "reporting/includes/memo_render_status.html", context)
        response["Cache-Control"] = "no-store"
        return response


class MemoPublishView(FormTokenMixin, DevelopmentCoordinatorRequiredMixin, TemplateView):
    """GET: the checklist before publishing (the administrations approved and not, figures
    changed, empty sections, what is missing); POST: publish the version, on part of the city
    only when that was chosen."""

    template_name = "reporting/memo_publish_confirm.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        memo = get_object_or_404(Memo, year=self.kwargs["year"])
        checklist = kwargs.get("checklist") or publish_checklist(memo)
        context.update(
            memo=memo,
            year=memo.year,
            next_version=next_version(memo.year),
            checklist=checklist,
            status=checklist.status,
            problems=checklist.problems,
            figures_changed=checklist.figures_changed,
            form=kwargs.get("form") or PublishForm(incomplete=checklist.incomplete),
            publish_status=publish_status_context(memo),
        )
        return context

    def post(self, request, year):
        memo = get_object_or_404(Memo, year=year)
        checklist = publish_checklist(memo)
        form = PublishForm(request.POST, incomplete=checklist.incomplete)
        if not form.is_valid():
            context = self.get_context_data(form=form, checklist=checklist)
            return self.render_to_response(context, status=400)
        try:
            publish = memo_publish_request(
                memo=memo, user=request.user, incomplete_accepted=form.accepts_incomplete
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("reporting:memo_publish", year=year)
        if publish.is_done:
            messages.success(
                request,
                _("Version %(version)s är publicerad.") % {"version": publish.published.version},
            )
        elif publish.status == MemoRender.Status.FAILED:
            messages.error(request, publish.error)
            return redirect("reporting:memo_publish", year=year)
        else:
            messages.info(
                request,
                _("Tjänsteskrivelsen publiceras. Den nya versionen visas här när den är klar."),
            )
        return redirect(self.form_token.saved(reverse("reporting:memo_year", args=[year])))


# A published version's stored files: the column, its size (the Word file's and the rows'
# annotated by the view), its checksum and its type.
PUBLISHED_FILES = {
    "pdf": ("size", "sha256", "application/pdf"),
    "docx": ("docx_size", "docx_sha256", DOCX_CONTENT_TYPE),
    "rows": ("rows_size", "rows_sha256", exports_rows.XLSX),
}


def _published_file(request, published: PublishedMemo, field: str, filename: str):
    """One of a published version's files byte for byte as published, its checksum its ETag."""
    size, checksum, content_type = PUBLISHED_FILES[field]
    return stored_file_response(
        request,
        model=PublishedMemo,
        pk=published.pk,
        field=field,
        size=getattr(published, size),
        filename=filename,
        content_type=content_type,
        etag=getattr(published, checksum),
        last_modified=published.published_at,
    )


class PublishedMemoDownloadView(LoginRequiredMixin, ServerSlotMixin, View):
    """A published version exactly as it was published."""

    def get(self, request, year, version):
        published = (
            PublishedMemo.objects.defer("pdf", "docx", "rows")
            .filter(year=year, version=version)
            .first()
        )
        if published is None:
            raise Http404
        return _published_file(request, published, "pdf", published.filename)


class PublishedMemoDocxView(LoginRequiredMixin, ServerSlotMixin, View):
    """A published version as a Word document: the file stored with its PDF when publishing
    (for older versions, written again while the content still gives the same PDF)."""

    def get(self, request, year, version):
        published = (
            PublishedMemo.objects.defer("pdf", "docx", "rows")
            .annotate(docx_size=Length("docx"))
            .filter(year=year, version=version)
            .first()
        )
        if published is None:
            raise Http404
        if published.has_docx:
            return _published_file(request, published, "docx", published_docx_filename(published))
        data = published_memo_docx(published)
        if data is None:
            messages.error(
                request,
                _(
                    "Word-filen för version %(version)s kan inte skapas längre: "
                    "tjänsteskrivelsen eller siffrorna har ändrats sedan versionen publicerades. "
                    "Versionens PDF finns kvar oförändrad."
                )
                % {"version": published.version},
                extra_tags="docx-unavailable",
            )
            return redirect("reporting:memo_year", year=year)
        return docx_response(data, published_docx_filename(published))


class PublishedMemoRowsView(LoginRequiredMixin, ServerSlotMixin, View):
    """The rows behind the figures of a published version, as stored when it was published
    (versions published before the workbook was stored have none): the whole workbook for
    the City Office and officials, a coordinator's own administration's rows only."""

    def get(self, request, year, version):
        # Whose rows the reader may have, by the rule of the figures and rows pages, before
        # the version is looked up: a refusal never says whether the version exists.
        administration = figures_scope(request.user)
        published = (
            PublishedMemo.objects.defer("pdf", "docx", "rows")
            .annotate(rows_size=Length("rows"))
            .filter(year=year, version=version, rows__isnull=False)
            .first()
        )
        if published is None:
            raise Http404
        if administration is None:
            return _published_file(request, published, "rows", published.rows_filename)
        data = memo_rows_file_part(published, administration=administration)
        response = HttpResponse(data, content_type=exports_rows.XLSX)
        response["Content-Disposition"] = f'attachment; filename="{published.rows_filename}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
