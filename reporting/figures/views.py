"""The figures of a year, as a page and as JSON.

The development coordinator and officials see every administration; a coordinator sees the
same figures for their own administration only.
"""

from __future__ import annotations

import json

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from projects.access import figures_scope
from projects.models import ReportingYear
from projects.pagination import LongList
from projects.selectors import organisation_letterhead
from projects.selectors.years import reporting_year_or_none, submissions_awaiting_approval
from projects.years import is_plausible_year
from reporting.exports import rows as exports_rows
from reporting.exports.pages import (
    ExportFileDownloadView,
    ExportFileProgressView,
    ExportFileStatusView,
)
from reporting.exports.services import ExportInput, figure_rows_input
from reporting.figures import charts
from reporting.figures.links import figure_links, figure_url, payout_url, project_urls
from reporting.kept import kept_download, year_key
from reporting.labels import role_labels, state_labels
from reporting.rate_limit import RateLimitMixin
from reporting.selectors import (
    FIGURES,
    FigureRows,
    figure_rows,
    figures_with_status,
    year_figures,
    year_status,
    year_statuses,
)
from reporting.selectors.rows import (
    PRELIMINARY_PARAM,
    RowSlice,
    rows_url,
    slice_from_query,
    slice_is_of_year,
    slice_query,
    submission_of_code,
)

# The page's long lists. The tables per administration: a city of 1 300 administrations has 7
# pages; the totals under them and the charts' captions still count every administration.
ADMINISTRATION_PROJECTS = LongList(
    gettext_lazy("Sidor i tabellen över projekt per förvaltning"),
    per_page=200,
    param="forvaltningar",
    anchor="#administrations",
)
ADMINISTRATION_PAYOUTS = LongList(
    gettext_lazy("Sidor i tabellen över utbetalningar per förvaltning"),
    per_page=200,
    param="utbetalningar",
    anchor="#payouts-administrations",
)
YEAR_PROJECTS = LongList(
    gettext_lazy("Sidor i listan över årets projekt"), per_page=200, anchor="#projects"
)
FIGURE_ROWS = LongList(gettext_lazy("Sidor i listan över raderna"), per_page=500)


def _wants_preliminary(request) -> bool:
    return request.GET.get(PRELIMINARY_PARAM) == "1"


def figures_url(year: int, *, preliminary: bool = False, name: str = "reporting:figures") -> str:
    url = reverse(name, kwargs={"year": year})
    return f"{url}?{urlencode({PRELIMINARY_PARAM: 1})}" if preliminary else url


class FiguresIndexView(LoginRequiredMixin, View):
    """Send the reader to the chosen year, or to the latest closed year."""

    def get(self, request):
        figures_scope(request.user)
        chosen = request.GET.get("ar", "")
        if chosen.isdigit() and is_plausible_year(int(chosen)):
            year = int(chosen)
        else:
            years = ReportingYear.objects.order_by("-year")
            latest = years.filter(is_open=False).first() or years.first()
            if latest is None:
                raise Http404
            year = latest.year
        return redirect(figures_url(year, preliminary=_wants_preliminary(request)))


class FiguresView(LoginRequiredMixin, RateLimitMixin, TemplateView):
    """Tables and charts of a year's figures; preliminary figures on request."""

    template_name = "reporting/figures.html"
    rate_limit_group = "figures"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.kwargs["year"]
        administration = figures_scope(self.request.user)
        preliminary = _wants_preliminary(self.request)
        figures = year_figures(year, preliminary=preliminary, administration=administration)
        statuses = year_statuses([year, *(row.year for row in figures.trend)])
        status = statuses[year]
        # The years of the trend closed on part of the city, marked as the trend page does.
        incomplete_years = frozenset(y for y, shown in statuses.items() if shown.incomplete)
        pending = submissions_awaiting_approval(self.request.user, year)
        in_progress = status.is_open or pending
        organisation = organisation_letterhead(year)
        colour = organisation.colour_primary
        projects_page = ADMINISTRATION_PROJECTS.page(
            self.request, figures.projects_by_administration
        )
        payouts_page = ADMINISTRATION_PAYOUTS.page(self.request, figures.payouts_by_administration)
        context.update(
            organisation=organisation,
            figures=figures,
            year=year,
            status=status,
            # On what the figures rest, while not every administration is approved (the whole
            # city's: a coordinator's part rests on their own submission).
            basis=status if not status.complete and administration is None else None,
            links=figure_links(figures),
            preliminary=preliminary,
            years=list(ReportingYear.objects.order_by("-year").values_list("year", flat=True)),
            # The switch matters while the round runs or submissions still await approval.
            show_switch=preliminary or in_progress,
            approved_url=figures_url(year),
            preliminary_url=figures_url(year, preliminary=True),
            json_url=figures_url(year, preliminary=preliminary, name="reporting:figures_json"),
            administrations_chart=charts.payouts_by_administration_chart(
                figures, rows=payouts_page.object_list, colour=colour
            ),
            goals_chart=charts.payouts_by_council_goal_chart(figures, colour=colour),
            trend_chart=charts.trend_chart(figures, statuses, colour=colour),
            incomplete_years=sorted(incomplete_years),
            administration_rows=[
                (
                    row.administration,
                    row.amount_sek,
                    payout_url(figures, administration_code=row.code),
                )
                for row in payouts_page.object_list
            ],
            administration_payouts_pagination=payouts_page,
            goal_rows=[
                (
                    row.label,
                    row.amount_sek,
                    payout_url(figures, no_goal=True)
                    if row.no_goal
                    else payout_url(figures, goal=row.goal),
                )
                for row in figures.payouts_by_council_goal
            ],
            programme_rows=[
                (row.programme, row.amount_sek, payout_url(figures, programme=row.programme))
                for row in figures.payouts_by_programme
            ],
            administration_project_rows=[
                (row, *project_urls(figures, row.code)) for row in projects_page.object_list
            ],
            administration_projects_pagination=projects_page,
            trend_rows=[
                (
                    row,
                    # Marked as preliminary (open) or incomplete, as the chart marks it.
                    statuses.get(row.year),
                    figure_url(figures, "projekt", year=row.year),
                    figure_url(figures, "utbetalt", year=row.year),
                )
                for row in figures.trend
            ],
            project_pagination=YEAR_PROJECTS.page(self.request, figures.projects),
        )
        return context


class FiguresJsonView(LoginRequiredMixin, RateLimitMixin, View):
    """The same figures as ``report_summary`` prints, as JSON (a coordinator: their part), with
    the year's status as every page shows it."""

    rate_limit_group = "figures"
    limit_in_flight = True

    def get(self, request, year: int):
        preliminary = _wants_preliminary(request)
        administration = figures_scope(request.user)

        def content() -> tuple[str, bytes]:
            figures = year_figures(year, preliminary=preliminary, administration=administration)
            data = figures_with_status(figures, year_status(year))
            return "", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode(
                "utf-8"
            )

        scope = administration.pk if administration is not None else ""
        key = year_key("figures-json", year, preliminary, scope)
        return kept_download(request, key, content, content_type="application/json")


# --- the rows behind a figure ----------------------------------------------------------------


class _FigureRowsMixin(LoginRequiredMixin):
    """The rows of the figure the address names, within what the viewer may see.

    A coordinator sees the rows of their own administration: the whole-city figures' rows are
    narrowed to it, and another administration's rows are not found (404). So are a year
    without a reporting year, and a council goal or a programme the year's rows do not have."""

    def row_request(self) -> tuple[int, str, RowSlice, str]:
        """The year, figure and slice the address asks for, checked against what the viewer
        may see (sets ``scope``), and whose rows they are ("" for the whole city's)."""
        year = self.kwargs["year"]
        slug = self.kwargs["figure"]
        if slug not in FIGURES:
            raise Http404
        scope = self.scope = figures_scope(self.request.user)
        row_slice = slice_from_query(self.request.GET)
        if not slice_is_of_year(year, row_slice):
            raise Http404
        administration_name = ""
        if row_slice.administration_code:
            # The code the administration had that year: a closed year keeps its own codes.
            submission = submission_of_code(year, row_slice.administration_code)
            if submission is None or (
                scope is not None and submission.administration_id != scope.pk
            ):
                raise Http404
            administration_name = submission.administration_name
        # The submission found proves the year; without one, the year is looked up.
        elif reporting_year_or_none(year) is None:
            raise Http404
        return year, slug, row_slice, administration_name or (scope.name if scope else "")

    def figure_rows(self) -> tuple[FigureRows, str]:
        year, slug, row_slice, administration = self.row_request()
        rows = figure_rows(
            year,
            slug,
            preliminary=_wants_preliminary(self.request),
            administration=self.scope,
            row_slice=row_slice,
        )
        return rows, administration

    def title(self, rows: FigureRows, administration: str) -> str:
        return exports_rows.rows_title(
            rows.year, rows.figure.slug, row_slice=rows.row_slice, administration=administration
        )


class FigureRowsView(_FigureRowsMixin, RateLimitMixin, TemplateView):
    """The rows behind one figure, summing (or counting) visibly to it, with downloads."""

    template_name = "reporting/figure_rows.html"
    rate_limit_group = "rows"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows, administration = self.figure_rows()
        pagination = FIGURE_ROWS.page(self.request, rows.rows)
        roles, states = role_labels(), state_labels()
        files = {
            file_format: rows_url(
                rows.year,
                rows.figure.slug,
                preliminary=rows.preliminary,
                row_slice=rows.row_slice,
                file_format=file_format,
            )
            for file_format in ("csv", "xlsx-status")
        }
        context.update(
            rows=rows,
            title=self.title(rows, administration),
            # A coordinator's rows are their administration's part of the figure.
            own_part=self.scope.name if self.scope is not None else "",
            page_rows=[
                (row, roles.get(row.role, row.role), states.get(row.submission_state, ""))
                for row in pagination.object_list
            ],
            pagination=pagination,
            csv_url=files["csv"],
            xlsx_ask_url=files["xlsx-status"],
            figures_url=figures_url(rows.year, preliminary=rows.preliminary),
        )
        return context


class FigureRowsCsvView(_FigureRowsMixin, RateLimitMixin, View):
    """The rows behind one figure as CSV (the address in the figures JSON's ``rows_url``)."""

    rate_limit_group = "rows"
    limit_in_flight = True

    def get(self, request, year: int, figure: str):
        year, slug, row_slice, _administration = self.row_request()
        preliminary = _wants_preliminary(self.request)

        def content() -> tuple[str, bytes]:
            rows = figure_rows(
                year,
                slug,
                preliminary=preliminary,
                administration=self.scope,
                row_slice=row_slice,
            )
            return exports_rows.filename(rows, "csv"), exports_rows.rows_csv(rows)

        scope = self.scope.pk if self.scope is not None else ""
        key = year_key(
            "rows-csv", year, slug, sorted(slice_query(row_slice).items()), preliminary, scope
        )
        return kept_download(request, key, content, content_type="text/csv; charset=utf-8")


class _FigureRowsWorkbookMixin(_FigureRowsMixin):
    """The rows behind one figure as an Excel workbook made by the worker, kept per figure,
    slice and the viewer's part of the data (a coordinator's file is never another's)."""

    url_names = {
        "file": "reporting:figure_rows_xlsx",
        "status": "reporting:figure_rows_xlsx_status",
        "progress": "reporting:figure_rows_xlsx_progress",
    }

    def export_input(self) -> ExportInput:
        year, slug, row_slice, administration = self.row_request()
        return figure_rows_input(
            year,
            slug,
            preliminary=_wants_preliminary(self.request),
            scope=self.scope,
            row_slice=row_slice,
            administration=administration,
        )

    def heading(self, spec: ExportInput) -> str:
        return _("Raderna i Excel: %(title)s") % {"title": spec.title}

    def back_link(self, spec: ExportInput) -> tuple[str, str]:
        url = reverse("reporting:figure_rows", kwargs=self.kwargs)
        return (f"{url}?{spec.query}" if spec.query else url), _("Tillbaka till raderna")


class FigureRowsWorkbookView(_FigureRowsWorkbookMixin, ExportFileDownloadView):
    """The rows behind one figure as an Excel workbook (or the page saying it is being made)."""


class FigureRowsWorkbookStatusView(_FigureRowsWorkbookMixin, ExportFileStatusView):
    """The rows' workbook being made: "Filen skapas…", then the link."""


class FigureRowsWorkbookProgressView(_FigureRowsWorkbookMixin, ExportFileProgressView):
    """The rows' workbook's status box, polled."""
