"""The pages of an Excel file the worker makes: its download, its status page with the button
that asks for it, and the status box the page polls. The year's workbook (``exports.views``)
and the rows behind a figure (``figures.views``) serve their files through these."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from reporting.downloads import made_file_response
from reporting.exports.requests import export_file_request
from reporting.exports.services import (
    ExportInput,
    export_file_current,
)
from reporting.models import ExportFile
from reporting.rate_limit import RateLimitMixin
from reporting.server_slots import ServerSlotMixin

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- Excel files made by the worker ----------------------------------------------------------


class ExportFileMixin:
    """An Excel file the worker makes, for the input the address asks for.

    Subclasses (after their access mixin) give ``export_input``, ``heading``, ``back_link`` and
    ``url_names``: the URL names of the file, its status page and the status box alone."""

    url_names: dict[str, str] = {}

    def export_input(self) -> ExportInput:
        raise NotImplementedError

    def heading(self, spec: ExportInput) -> str:
        raise NotImplementedError

    def back_link(self, spec: ExportInput) -> tuple[str, str]:
        """(address, words) of the page the file is asked for from."""
        raise NotImplementedError

    def export_url(self, which: str, spec: ExportInput) -> str:
        url = reverse(self.url_names[which], kwargs=self.kwargs)
        return f"{url}?{spec.query}" if spec.query else url

    def status_context(self, export: ExportFile | None, spec: ExportInput) -> dict:
        """What the status box shows (reporting/includes/memo_render_status.html): not asked
        for yet with the button that asks, pending, done with the link, or failed with the
        button that asks again."""
        return {
            "render": export,
            "state": export.state if export is not None else "none",
            "year": spec.year,
            "words": {
                "title": self.heading(spec),
                "none": _("Filen skapas när du ber om den. Det kan ta en stund."),
                "ask": _("Skapa Excel-filen"),
                "pending": _("Filen skapas…"),
                "done": _("Filen är klar."),
                "download": _("Ladda ner Excel-filen"),
                "failed": _("Excel-filen kunde inte skapas."),
            },
            "file_url": self.export_url("file", spec),
            "status_url": self.export_url("status", spec),
            "progress_url": self.export_url("progress", spec),
        }


class ExportFileDownloadView(ExportFileMixin, ServerSlotMixin, View):
    """The file, when it is made for the data as it is now; else its status page, which says
    it is being made or offers to make it (a GET never asks for it)."""

    def get(self, request, **kwargs):
        spec = self.export_input()
        export = export_file_current(spec=spec)
        if export is None or not export.is_done:
            return redirect(self.export_url("status", spec))
        return made_file_response(request, export, filename=export.filename, content_type=XLSX)


class ExportFileStatusView(ExportFileMixin, RateLimitMixin, TemplateView):
    """GET: the file's state, or the button that asks for it; POST: ask for it (again, after a
    failure), then the file if it is made already, else this page following it."""

    template_name = "reporting/export_file.html"
    rate_limit_group = "exports"
    rate_limit_methods = ("POST",)
    limit_in_flight = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        spec = self.export_input()
        export = export_file_current(spec=spec)
        back_url, back_words = self.back_link(spec)
        context.update(self.status_context(export, spec), back_url=back_url, back=back_words)
        return context

    def post(self, request, **kwargs):
        spec = self.export_input()
        try:
            export = export_file_request(spec=spec, user=request.user)
        except ValidationError as error:
            messages.error(
                request, error.messages[0], extra_tags=getattr(error, "code", None) or ""
            )
            return redirect(self.export_url("status", spec))
        return redirect(self.export_url("file" if export.is_done else "status", spec))


class ExportFileProgressView(ExportFileMixin, View):
    """The status box alone, for the page to poll: the latest request for the input (never
    asks for anything, and never reads the data)."""

    def get(self, request, **kwargs):
        spec = self.export_input()
        export = ExportFile.objects.latest_in(spec.family)
        response = TemplateResponse(
            request, "reporting/includes/memo_render_status.html", self.status_context(export, spec)
        )
        response["Cache-Control"] = "no-store"
        return response


# --- The year's data -------------------------------------------------------------------------
