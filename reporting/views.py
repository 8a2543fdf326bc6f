"""The figures of a year, as a page and as JSON.

The development coordinator and officials see every administration; a coordinator sees the
same figures for their own administration only.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from projects.access import can_view_all_administrations
from projects.models import Administration, ReportingYear, Submission
from projects.pagination import paginate
from reporting import charts
from reporting.selectors import figures_as_dict, year_figures

PRELIMINARY_PARAM = "preliminar"
MIN_YEAR, MAX_YEAR = 2000, 2100
PROJECTS_PER_PAGE = 200


def _wants_preliminary(request) -> bool:
    return request.GET.get(PRELIMINARY_PARAM) == "1"


def _checked_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    return year


def figures_scope(user) -> Administration | None:
    """None for every administration's figures, or the coordinator's own administration."""
    if can_view_all_administrations(user):
        return None
    if user.is_coordinator and user.administration_id is not None:
        return user.administration
    raise PermissionDenied


def figures_url(year: int, *, preliminary: bool = False, name: str = "reporting:figures") -> str:
    url = reverse(name, kwargs={"year": year})
    return f"{url}?{urlencode({PRELIMINARY_PARAM: 1})}" if preliminary else url


class FiguresIndexView(LoginRequiredMixin, View):
    """Send the reader to the chosen year, or to the latest closed year."""

    def get(self, request):
        figures_scope(request.user)
        chosen = request.GET.get("ar", "")
        if chosen.isdigit() and MIN_YEAR <= int(chosen) <= MAX_YEAR:
            year = int(chosen)
        else:
            years = ReportingYear.objects.order_by("-year")
            latest = years.filter(is_open=False).first() or years.first()
            if latest is None:
                raise Http404
            year = latest.year
        return redirect(figures_url(year, preliminary=_wants_preliminary(request)))


class FiguresView(LoginRequiredMixin, TemplateView):
    """Tables and charts of a year's figures; preliminary figures on request."""

    template_name = "reporting/figures.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = _checked_year(self.kwargs["year"])
        administration = figures_scope(self.request.user)
        preliminary = _wants_preliminary(self.request)
        figures = year_figures(year, preliminary=preliminary, administration=administration)
        reporting_year = ReportingYear.objects.filter(year=year).first()
        pending = (
            Submission.objects.visible_to(self.request.user)
            .for_year(year)
            .exclude(state=Submission.State.APPROVED)
            .exists()
        )
        context.update(
            figures=figures,
            year=year,
            reporting_year=reporting_year,
            preliminary=preliminary,
            years=list(ReportingYear.objects.order_by("-year").values_list("year", flat=True)),
            # The switch matters while the round runs or submissions still await approval.
            show_switch=preliminary
            or pending
            or (reporting_year is not None and reporting_year.is_open),
            approved_url=figures_url(year),
            preliminary_url=figures_url(year, preliminary=True),
            json_url=figures_url(year, preliminary=preliminary, name="reporting:figures_json"),
            administrations_chart=charts.payouts_by_administration_chart(figures),
            goals_chart=charts.payouts_by_council_goal_chart(figures),
            trend_chart=charts.trend_chart(figures),
            administration_rows=[
                (row.administration, row.amount_sek) for row in figures.payouts_by_administration
            ],
            goal_rows=[(row.goal, row.amount_sek) for row in figures.payouts_by_council_goal],
            project_pagination=paginate(
                self.request,
                figures.projects,
                per_page=PROJECTS_PER_PAGE,
                label=_("Sidor i listan över årets projekt"),
                anchor="#projects",
            ),
        )
        return context


class FiguresJsonView(LoginRequiredMixin, View):
    """The same figures as ``report_summary`` prints, as JSON (a coordinator: their part)."""

    def get(self, request, year: int):
        figures = year_figures(
            _checked_year(year),
            preliminary=_wants_preliminary(request),
            administration=figures_scope(request.user),
        )
        return JsonResponse(
            figures_as_dict(figures), json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
