"""Excel and CSV downloads of a year's data for the development coordinator and officials."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.views import View
from django.views.generic import TemplateView

from projects.access import AllAdministrationsReaderMixin
from projects.models import ReportingYear, Submission
from reporting import exports

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


class _YearExportView(AllAdministrationsReaderMixin, View):
    def export(self, request, year: int) -> exports.YearExport:
        if not ReportingYear.objects.filter(year=year).exists():
            raise Http404
        return exports.year_export_data(year, preliminary=_preliminary(request))


class WorkbookDownloadView(_YearExportView):
    """The full-year workbook (.xlsx)."""

    def get(self, request, year):
        export = self.export(request, year)
        response = HttpResponse(exports.year_workbook(export), content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="{exports.workbook_filename(export)}"'
        )
        return response


class ProjectsCsvView(_YearExportView):
    """The year's project list as CSV for Swedish Excel, streamed while it is read."""

    def get(self, request, year):
        export = self.export(request, year)
        response = StreamingHttpResponse(
            exports.projects_csv_chunks(export), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{exports.csv_filename(export)}"'
        return response
