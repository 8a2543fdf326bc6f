"""Excel and CSV downloads of a year's data for the development coordinator and officials.

The Excel files are made by the background worker (``services_exports``); the views here that
serve them and show their status are shared with the rows behind a figure (reporting/views.py).
A file is asked for with a POST only (the button on its page): a GET never queues anything.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from projects.access import AllAdministrationsReaderMixin
from projects.models import ReportingYear, Submission
from reporting.exports import workbook as exports
from reporting.exports.services import (
    ExportInput,
    export_file_bytes,
    export_file_current,
    export_file_request,
    year_workbook_input,
)
from reporting.models import ExportFile
from reporting.rate_limit import RateLimitMixin

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _preliminary(request) -> bool:
    return request.GET.get("preliminar") == "1"


class ExportIndexView(AllAdministrationsReaderMixin, TemplateView):
    """The years that can be downloaded, with how many submissions each export covers."""

    template_name = "reporting/excel_exports.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["years"] = list(
            ReportingYear.objects.annotate(
                submissions_total=Count("submissions"),
                submissions_approved=Count(
                    "submissions", filter=Q(submissions__state=Submission.State.APPROVED)
                ),
            ).order_by("-year")
        )
        return context


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


class ExportFileDownloadView(ExportFileMixin, View):
    """The file, when it is made for the data as it is now; else its status page, which says
    it is being made or offers to make it (a GET never asks for it)."""

    def get(self, request, **kwargs):
        spec = self.export_input()
        export = export_file_current(spec=spec)
        data = export_file_bytes(export) if export is not None and export.is_done else None
        if data is None:
            return redirect(self.export_url("status", spec))
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response


class ExportFileStatusView(ExportFileMixin, RateLimitMixin, TemplateView):
    """GET: the file's state, or the button that asks for it; POST: ask for it (again, after a
    failure), then the file if it is made already, else this page following it."""

    template_name = "reporting/export_file.html"
    rate_limit_group = "exports"
    rate_limit_methods = ("POST",)

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
            messages.error(request, error.messages[0])
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


class _YearExportMixin(AllAdministrationsReaderMixin):
    def checked_year(self) -> int:
        year = self.kwargs["year"]
        if not ReportingYear.objects.filter(year=year).exists():
            raise Http404
        return year


class _YearWorkbookMixin(_YearExportMixin):
    url_names = {
        "file": "reporting:export_workbook",
        "status": "reporting:export_workbook_status",
        "progress": "reporting:export_workbook_progress",
    }

    def export_input(self) -> ExportInput:
        return year_workbook_input(self.checked_year(), preliminary=_preliminary(self.request))

    def heading(self, spec: ExportInput) -> str:
        if spec.preliminary:
            return _("Årets uppgifter %(year)s i Excel, preliminärt") % {"year": spec.year}
        return _("Årets uppgifter %(year)s i Excel, godkända") % {"year": spec.year}

    def back_link(self, spec: ExportInput) -> tuple[str, str]:
        return reverse("reporting:export_index"), _("Tillbaka till Excel-exporten")


class WorkbookDownloadView(_YearWorkbookMixin, ExportFileDownloadView):
    """The full-year workbook (.xlsx), made by the worker."""


class WorkbookStatusView(_YearWorkbookMixin, ExportFileStatusView):
    """The full-year workbook being made: "Filen skapas…", then the link."""


class WorkbookProgressView(_YearWorkbookMixin, ExportFileProgressView):
    """The full-year workbook's status box, polled."""


class ProjectsCsvView(_YearExportMixin, RateLimitMixin, View):
    """The year's project list as CSV for Swedish Excel, streamed while it is read."""

    rate_limit_group = "exports"

    def get(self, request, year):
        export = exports.year_export_data(self.checked_year(), preliminary=_preliminary(request))
        response = StreamingHttpResponse(
            exports.projects_csv_chunks(export), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{exports.csv_filename(export)}"'
        return response
