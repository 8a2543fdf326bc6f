"""The long view over the years, and the development coordinator's historical totals."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from projects.access import AllAdministrationsReaderMixin, DevelopmentCoordinatorRequiredMixin
from projects.pagination import paginate
from projects.selectors import organisation_letterhead
from projects.text import count_projects
from reporting.figures.charts import ChartSpec, _amount_label
from reporting.figures.marks import marks_description
from reporting.kept import all_years_key, kept
from reporting.labels import fund_family_labels
from reporting.models import HistoricalTotal
from reporting.rate_limit import RateLimitMixin
from reporting.selectors.trend import NO_GOAL, Trend, trend, years_with_reporting_data
from reporting.trend.charts import Column, stacked_column_chart
from reporting.trend.forms import HistoricalTotalForm
from reporting.trend.services import historical_total_delete, historical_total_save


def entered_label() -> str:
    return _("Inlagd uppgift från tjänsteskrivelse, inte beräknad")


def _sub_label(row) -> str:
    """Under a year's column: entered from an old memo, or the word of its mark (closed on
    part of the city: "Ofullständigt", as the table says)."""
    if row.entered:
        return _("Inlagd")
    return row.status.mark_label if row.status is not None else ""


def _mark(row) -> str:
    return row.status.mark if row.status is not None else ""


def _marked_description(data: Trend, text: str) -> str:
    """A chart's text alternative, with the years it marks and how."""
    return text + marks_description(
        (row.year, row.status.mark_label) for row in data.years if row.status is not None
    )


def _incomplete_years(data: Trend) -> list[int]:
    return [row.year for row in data.years if row.incomplete]


def _count_text(value) -> str:
    return count_projects(value)


def _projects_chart(data: Trend, colour: str):
    columns = [
        Column(
            label=str(row.year),
            sub_label=_sub_label(row),
            values=(row.projects_total,)
            if row.entered
            else (row.projects_owner, row.projects_partner),
            top_label=str(row.projects_total),
            entered=row.entered,
            mark=_mark(row),
        )
        for row in data.years
    ]
    return stacked_column_chart(
        columns,
        [_("Som projektägare"), _("Som projektpartner")],
        ChartSpec(
            chart_id="chart-trend-projects",
            title=_("Antal EU-projekt per år"),
            description=_marked_description(
                data,
                _(
                    "Staplat stapeldiagram med en stapel per år: projekt som projektägare och som "
                    "projektpartner. Inlagda år är grå och visar bara totalen. Samma uppgifter "
                    "finns i tabellen under diagrammet."
                ),
            ),
            value_label=_count_text,
            colour=colour,
        ),
        entered_label=entered_label(),
    )


def _payouts_chart(data: Trend, colour: str):
    columns = [
        Column(
            label=str(row.year),
            sub_label=_sub_label(row),
            values=(row.payouts_total_sek,),
            top_label=(
                row.payouts_wording or "–"
                if row.payouts_total_sek is None
                else _amount_label(row.payouts_total_sek)
            ),
            entered=row.entered,
            mark=_mark(row),
        )
        for row in data.years
    ]
    return stacked_column_chart(
        columns,
        [_("Utbetalda EU-medel")],
        ChartSpec(
            chart_id="chart-trend-payouts",
            title=_("Utbetalda EU-medel per år"),
            description=_marked_description(
                data,
                _(
                    "Stapeldiagram med en stapel per år för utbetalda EU-medel. Inlagda år är "
                    "grå; ett inlagt år utan belopp har ingen stapel. Samma uppgifter finns i "
                    "tabellen under diagrammet."
                ),
            ),
            colour=colour,
        ),
        entered_label=entered_label(),
    )


def _series_chart(
    data: Trend, series, labels: list[str], *, chart_id: str, title: str, colour: str
):
    rows = {row.year: row for row in data.years if not row.entered}
    columns = [
        Column(
            label=str(year),
            sub_label=_sub_label(rows[year]),
            values=tuple(item.amounts[index] for item in series),
            top_label="",
            mark=_mark(rows[year]),
        )
        for index, year in enumerate(data.computed_years)
    ]
    return stacked_column_chart(
        columns,
        labels,
        ChartSpec(
            chart_id=chart_id,
            title=title,
            description=_marked_description(
                data,
                _(
                    "Staplat stapeldiagram med en stapel per år och en färg per grupp, med "
                    "förklaring under diagrammet. Samma uppgifter finns i tabellen under "
                    "diagrammet."
                ),
            ),
            colour=colour,
        ),
    )


# Rows of a breakdown's table on a page (a city of 1 300 administrations: 7 pages); the chart
# above it shows every one.
BREAKDOWN_ROWS_PER_PAGE = 200
# The page of each breakdown's table is asked for in its own parameter.
BREAKDOWN_PAGE_PARAMS = {"administrations": "forvaltningar", "goals": "mal", "families": "fonder"}


@dataclass(frozen=True)
class _Breakdown:
    """One dimension of the payouts: its rows' labels and its chart of every row."""

    slug: str
    title: str
    heading: str
    series: list
    labels: list[str]
    chart: SafeString


@dataclass(frozen=True)
class _TrendPage:
    """What the trend page shows whoever asks, kept per set of the years' data versions, the
    language and the organisation's colour: the charts are rendered once, not per request."""

    trend: Trend
    projects_chart: SafeString
    payouts_chart: SafeString
    breakdowns: list[_Breakdown]


def _trend_page(colour: str) -> _TrendPage:
    data = trend()
    families = fund_family_labels()
    no_goal = _("Inget mål angivet")
    breakdowns = []
    for series, label, slug, title, heading in (
        (
            data.payouts_by_administration,
            str,
            "administrations",
            _("Utbetalda EU-medel per förvaltning och år"),
            _("Förvaltning"),
        ),
        (
            data.payouts_by_council_goal,
            lambda key: no_goal if key == NO_GOAL else key,
            "goals",
            _("Utbetalda EU-medel per kommunfullmäktigemål och år"),
            _("Kommunfullmäktigemål"),
        ),
        (
            data.payouts_by_fund_family,
            lambda key: families.get(key, key),
            "families",
            _("Utbetalda EU-medel per fondfamilj och år"),
            _("Fondfamilj"),
        ),
    ):
        labels = [label(item.key) for item in series]
        chart = _series_chart(
            data, series, labels, chart_id=f"chart-trend-{slug}", title=title, colour=colour
        )
        breakdowns.append(_Breakdown(slug, title, heading, series, labels, chart))
    return _TrendPage(
        trend=data,
        projects_chart=_projects_chart(data, colour),
        payouts_chart=_payouts_chart(data, colour),
        breakdowns=breakdowns,
    )


def _breakdown(request, key: str, data: Trend, breakdown: _Breakdown) -> dict:
    """A chart and a page of its table for one dimension; the page is asked for in
    ``?<slug>=``. The table's rows (label, amounts per year, total) are drawn once per page and
    state of the years (``key``); the page links, which keep the rest of the query, per request."""
    pagination = paginate(
        request,
        list(zip(breakdown.labels, breakdown.series, strict=True)),
        per_page=BREAKDOWN_ROWS_PER_PAGE,
        label=_("Sidor i tabellen: %(title)s") % {"title": breakdown.title},
        param=BREAKDOWN_PAGE_PARAMS[breakdown.slug],
        anchor=f"#trend-{breakdown.slug}",
    )

    def draw() -> str:
        rows = [(name, item.amounts, item.total_sek) for name, item in pagination.object_list]
        context = {
            "breakdown": {"title": breakdown.title, "heading": breakdown.heading, "rows": rows},
            "trend": data,
            "breakdown_columns": len(data.computed_years) + 2,
            "region": f"trend-{breakdown.slug}-caption",
        }
        return render_to_string("reporting/includes/trend_breakdown_table.html", context)

    table = kept(f"{key}:{breakdown.slug}:{pagination.page.number}", draw)
    return {
        "chart": breakdown.chart,
        "title": breakdown.title,
        "slug": breakdown.slug,
        # Drawn from the escaping template just above, kept as its text.
        "table": mark_safe(table),  # noqa: S308
        "pagination": pagination,
    }


class TrendView(AllAdministrationsReaderMixin, RateLimitMixin, TemplateView):
    """Every closed year and the historical totals: projects and payouts, charts and tables."""

    template_name = "reporting/trend.html"
    rate_limit_group = "trend"
    limit_in_flight = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The charts in the organisation's colour (its letterhead as it is now); the page's
        # header reads the same, so once.
        organisation = organisation_letterhead()
        # Read and drawn once per set of the years' data versions (and historical totals).
        key = all_years_key("trend-page", organisation.colour_primary)
        page = kept(key, lambda: _trend_page(organisation.colour_primary))
        data = page.trend
        context.update(
            organisation=organisation,
            trend=data,
            incomplete_years=_incomplete_years(data),
            entered_label=entered_label(),
            projects_chart=page.projects_chart,
            payouts_chart=page.payouts_chart,
            breakdowns=[
                _breakdown(self.request, key, data, breakdown) for breakdown in page.breakdowns
            ],
            can_enter=self.request.user.is_development_coordinator,
        )
        return context


class HistoricalTotalListView(DevelopmentCoordinatorRequiredMixin, ListView):
    """The entered totals, each with a link to change or remove it."""

    template_name = "reporting/historical_list.html"
    context_object_name = "totals"

    def get_queryset(self):
        return HistoricalTotal.objects.select_related("entered_by").order_by("-year")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["overridden"] = years_with_reporting_data(
            [total.year for total in context["totals"]]
        )
        context["entered_label"] = entered_label()
        return context


class HistoricalTotalFormView(DevelopmentCoordinatorRequiredMixin, FormView):
    """Enter a year's totals from an old memo, or change them."""

    template_name = "reporting/historical_form.html"
    form_class = HistoricalTotalForm

    @cached_property
    def total(self) -> HistoricalTotal | None:
        # Looked up after the permission check (a 403 never says whether the year exists).
        if "year" not in self.kwargs:
            return None
        return get_object_or_404(HistoricalTotal, year=self.kwargs["year"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.total}

    def get_context_data(self, **kwargs):
        return super().get_context_data(total=self.total, **kwargs)

    def form_valid(self, form):
        try:
            total = historical_total_save(
                user=self.request.user, instance=self.total, **form.service_arguments()
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Uppgiften för %(year)s är sparad.") % {"year": total.year}
        )
        return redirect("reporting:historical_list")


class HistoricalTotalDeleteView(DevelopmentCoordinatorRequiredMixin, View):
    """Ask before removing a year's historical total; remove it on POST."""

    def get(self, request, year: int):
        total = get_object_or_404(HistoricalTotal, year=year)
        return render(request, "reporting/historical_confirm_delete.html", {"total": total})

    def post(self, request, year: int):
        total = get_object_or_404(HistoricalTotal, year=year)
        historical_total_delete(total=total)
        messages.success(request, _("Uppgiften för %(year)s är borttagen.") % {"year": year})
        return redirect(reverse("reporting:historical_list"))
