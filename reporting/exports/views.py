"""Excel and CSV downloads of a year's data for the development coordinator and officials.

The Excel files are made by the background worker (``services_exports``); the views here that
serve them and show their status are shared with the rows behind a figure (reporting/views.py).
A file is asked for with a POST only (the button on its page): a GET never queues anything.
"""

from __future__ import annotations

from django.http import Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from projects.access import AllAdministrationsReaderMixin
from projects.selectors.years import reporting_year_or_none, years_with_submission_counts
from reporting.exports import workbook as exports
from reporting.exports import year_csv
from reporting.exports.pages import (
    ExportFileDownloadView,
    ExportFileProgressView,
    ExportFileStatusView,
)
from reporting.exports.services import (
    ExportInput,
    year_workbook_input,
)
from reporting.rate_limit import RateLimitMixin


def _preliminary(request) -> bool:
    return request.GET.get("preliminar") == "1"


class ExportIndexView(AllAdministrationsReaderMixin, TemplateView):
    """The years that can be downloaded, with how many submissions each export covers."""

    template_name = "reporting/excel_exports.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["years"] = list(years_with_submission_counts())
        return context


# --- Excel files made by the worker ----------------------------------------------------------


class _YearExportMixin(AllAdministrationsReaderMixin):
    def checked_year(self) -> int:
        year = self.kwargs["year"]
        if reporting_year_or_none(year) is None:
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
    limit_in_flight = True

    def get(self, request, year):
        export = exports.year_export_data(self.checked_year(), preliminary=_preliminary(request))
        response = StreamingHttpResponse(
            year_csv.projects_csv_chunks(export), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{year_csv.csv_filename(export)}"'
        return response
