"""The rows behind a figure: the project reports a count counts and the payouts a sum adds up.

A figure is a measure (``FIGURES``: all projects, owners, partners, started, ended, several
administrations, payouts, the smallest or largest budget) for a year, narrowed to a slice
(``RowSlice``: an administration, a council goal or a programme). The rows are read with the
conditions the figures themselves are computed with (``reporting.selectors.figures``), so they
add up, or count, to exactly the figure; the total is the database's exact sum of the rows.

Two queries whatever the number of rows: the totals, then the rows (or a page of them).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Max, Q, QuerySet, Subquery
from django.urls import get_script_prefix, reverse
from django.utils.http import urlencode

from projects.models import Administration, ProjectReport, Submission
from projects.numbers import sum_sek
from reporting.selectors.figures import (
    ADMINISTRATION_CODE,
    GOAL_NAME,
    PROGRAMME_NAME,
    project_conditions,
    year_payouts,
    year_reports,
)
from reporting.selectors.types import money

PAYOUTS, PROJECTS, BUDGET = "payouts", "projects", "budget"


@dataclass(frozen=True)
class Figure:
    """A measure of the year: what its rows are and which condition narrows them."""

    slug: str
    kind: str  # PAYOUTS: a sum of payouts; PROJECTS: a count of reports; BUDGET: min or max
    condition: str = ""  # a key of ``project_conditions``, or "min"/"max" for BUDGET


# The address of each figure's rows (``/rapport/nyckeltal/<year>/rader/<slug>/``): stable
# words, documented in docs/report-summary.md.
FIGURES = {
    figure.slug: figure
    for figure in (
        Figure("projekt", PROJECTS),
        Figure("projektagare", PROJECTS, "owner"),
        Figure("projektpartner", PROJECTS, "partner"),
        Figure("startade", PROJECTS, "started"),
        Figure("avslutade", PROJECTS, "ended"),
        Figure("flera-forvaltningar", PROJECTS, "cross"),
        Figure("utbetalt", PAYOUTS),
        Figure("minsta-budget", BUDGET, "min"),
        Figure("storsta-budget", BUDGET, "max"),
    )
}


@dataclass(frozen=True)
class RowSlice:
    """A part of a figure: one administration (short code), council goal or programme."""

    administration_code: str = ""
    goal: str = ""
    no_goal: bool = False
    programme: str = ""

    def condition(self) -> Q:
        """The condition on a project report, by the keys the figures group by."""
        condition = Q()
        if self.administration_code:
            condition &= Q(**{ADMINISTRATION_CODE: self.administration_code})
        if self.no_goal:
            condition &= Q(council_goal__isnull=True)
        elif self.goal:
            condition &= Q(**{GOAL_NAME: self.goal})
        if self.programme:
            condition &= Q(**{PROGRAMME_NAME: self.programme})
        return condition


@dataclass(frozen=True)
class _ProjectRow:
    """The columns a payout row and a report row begin with (filled by _project_columns)."""

    administration: str
    administration_code: str
    project: str
    acronym: str
    programme: str
    council_goal: str
    role: str


@dataclass(frozen=True)
class PayoutRow(_ProjectRow):
    payment_date: datetime.date
    amount_sek: Decimal
    submission_state: str


@dataclass(frozen=True)
class ReportRow(_ProjectRow):
    start_date: datetime.date
    end_date: datetime.date
    total_budget_sek: Decimal
    submission_state: str


REPORT_NAMES = {
    "administration": F("submission__administration_name"),
    "administration_code": F(ADMINISTRATION_CODE),
    "programme_label": F(PROGRAMME_NAME),
    "goal_name": F(GOAL_NAME),
    "submission_state": F("submission__state"),
}


def _through_report(names: dict) -> dict:
    return {key: F(f"report__{value.name}") for key, value in names.items()}


class _Rows(Sequence):
    """The rows, read when used: all in one query, or one page (a slice) in one query.

    Its length is the count from the totals query, so a paginator needs no count query."""

    def __init__(self, queryset, count: int, to_row):
        self._queryset = queryset
        self._count = count
        self._to_row = to_row

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._to_row(row) for row in self._queryset[index]]
        return list(self)[index]

    def __iter__(self):
        if not self._count:
            return iter(())
        return (self._to_row(row) for row in self._queryset)


@dataclass(frozen=True)
class FigureRows:
    year: int
    figure: Figure
    preliminary: bool
    row_slice: RowSlice
    # The figure: a sum in kronor (payouts, a budget) or a count (projects).
    total: Decimal | int
    count: int
    rows: Sequence[PayoutRow] | Sequence[ReportRow]

    @property
    def is_sum(self) -> bool:
        return self.figure.kind != PROJECTS


def _project_columns(row, *, project: str) -> dict:
    """The columns a payout row and a report row share: who reported which project, where."""
    return {
        "administration": row.administration,
        "administration_code": row.administration_code,
        "project": project,
        "acronym": row.acronym,
        "programme": row.programme_label,
        "council_goal": row.goal_name or "",
        "role": row.role,
        "submission_state": row.submission_state,
    }


def _payout_row(row) -> PayoutRow:
    return PayoutRow(
        **_project_columns(row, project=row.project),
        payment_date=row.payment_date,
        amount_sek=money(row.amount_sek),
    )


def _report_row(row) -> ReportRow:
    return ReportRow(
        **_project_columns(row, project=row.name),
        start_date=row.start_date,
        end_date=row.end_date,
        total_budget_sek=money(row.total_budget_sek),
    )


def _payouts(year: int, reports: QuerySet[ProjectReport]) -> tuple[dict, QuerySet]:
    payouts = year_payouts(reports, year)
    totals = payouts.aggregate(total=sum_sek("amount_sek"), count=Count("pk"))
    queryset = (
        payouts.annotate(
            **_through_report(REPORT_NAMES),
            project=F("report__name"),
            acronym=F("report__acronym"),
            role=F("report__role"),
        )
        .values_list(
            "payment_date",
            "amount_sek",
            "project",
            "acronym",
            "role",
            *REPORT_NAMES,
            named=True,
        )
        .order_by("administration", "project", "payment_date", "pk")
    )
    return {"total": money(totals["total"]), "count": totals["count"]}, queryset


def _reports(reports: QuerySet[ProjectReport]) -> QuerySet:
    return (
        reports.annotate(**REPORT_NAMES)
        .values_list(
            "name",
            "acronym",
            "role",
            "start_date",
            "end_date",
            "total_budget_sek",
            *REPORT_NAMES,
            named=True,
        )
        .order_by("administration", "name", "pk")
    )


def figure_rows(
    year: int,
    slug: str,
    *,
    preliminary: bool = False,
    administration: Administration | None = None,
    row_slice: RowSlice | None = None,
) -> FigureRows:
    """The rows behind a figure of ``year`` (``slug`` in ``FIGURES``), within the viewer's
    ``administration`` (a coordinator's part; None for the whole city) and ``row_slice``.

    Raises ``KeyError`` for an unknown figure."""
    figure = FIGURES[slug]
    row_slice = row_slice or RowSlice()
    reports = year_reports(year, preliminary=preliminary, administration=administration).filter(
        row_slice.condition()
    )
    if figure.kind == PAYOUTS:
        totals, queryset = _payouts(year, reports)
        rows = _Rows(queryset, totals["count"], _payout_row)
        total = totals["total"]
    elif figure.kind == BUDGET:
        # The report(s) whose total budget is the year's smallest (largest): the one the figure
        # names and any other with the same budget.
        order = "total_budget_sek" if figure.condition == "min" else "-total_budget_sek"
        extreme = reports.order_by(order).values("total_budget_sek")[:1]
        chosen = reports.filter(total_budget_sek=Subquery(extreme))
        totals = chosen.aggregate(budget=Max("total_budget_sek"), count=Count("pk"))
        rows = _Rows(_reports(chosen), totals["count"], _report_row)
        total = money(totals["budget"])
    else:
        if figure.condition:
            reports = reports.filter(project_conditions(year)[figure.condition])
        count = reports.count()
        rows = _Rows(_reports(reports), count, _report_row)
        total = count
    return FigureRows(
        year=year,
        figure=figure,
        preliminary=preliminary,
        row_slice=row_slice,
        total=total,
        count=len(rows),
        rows=rows,
    )


# The query parameters of a rows address (documented in docs/report-summary.md).
PRELIMINARY_PARAM = "preliminar"
SLICE_PARAMS = {
    "administration_code": "forvaltning",
    "goal": "mal",
    "no_goal": "utan_mal",
    "programme": "program",
}
FORMATS = {
    "": "reporting:figure_rows",
    "csv": "reporting:figure_rows_csv",
    "xlsx": "reporting:figure_rows_xlsx",
    # The page the XLSX is asked for on (POST) and followed while the worker makes it.
    "xlsx-status": "reporting:figure_rows_xlsx_status",
}


def slice_from_query(query) -> RowSlice:
    """The slice a rows address asks for (``query``: a QueryDict or a plain dict)."""
    return RowSlice(
        administration_code=query.get(SLICE_PARAMS["administration_code"], "").strip(),
        goal=query.get(SLICE_PARAMS["goal"], "").strip(),
        no_goal=query.get(SLICE_PARAMS["no_goal"], "") == "1",
        programme=query.get(SLICE_PARAMS["programme"], "").strip(),
    )


def slice_is_of_year(year: int, row_slice: RowSlice) -> bool:
    """Whether the council goal and the programme ``row_slice`` names are ones ``year``'s rows
    have (by the names the rows keep): an address naming others is no part of the year's
    figures. A query for each name asked for; none without."""
    reports = ProjectReport.objects.filter(submission__reporting_year__year=year)
    names = {PROGRAMME_NAME: row_slice.programme}
    if not row_slice.no_goal:
        names[GOAL_NAME] = row_slice.goal
    return all(reports.filter(**{field: name}).exists() for field, name in names.items() if name)


def submission_of_code(year: int, administration_code: str) -> Submission | None:
    """The submission of ``year`` by the administration whose code that year was
    ``administration_code`` (a closed year keeps its own codes), with its administration's id
    and name that year; None when there is none."""
    return (
        Submission.objects.filter(
            reporting_year__year=year, administration_code=administration_code
        )
        .only("administration_id", "administration_name")
        .first()
    )


def slice_query(row_slice: RowSlice) -> dict[str, str]:
    """The query parameters of a slice, in a fixed order (the inverse of ``slice_from_query``)."""
    values = {
        "administration_code": row_slice.administration_code,
        "goal": "" if row_slice.no_goal else row_slice.goal,
        "no_goal": "1" if row_slice.no_goal else "",
        "programme": row_slice.programme,
    }
    return {SLICE_PARAMS[key]: value for key, value in values.items() if value}


@functools.lru_cache(maxsize=1024)
def _rows_path(name: str, year: int, slug: str, script_prefix: str) -> str:
    """The path of one figure's rows, reversed once per process (a figures page links a few
    thousand rows of a few dozen figures and years); the slice is only its query string."""
    return reverse(name, kwargs={"year": year, "figure": slug})


def rows_url(
    year: int,
    slug: str,
    *,
    preliminary: bool = False,
    row_slice: RowSlice | None = None,
    file_format: str = "",
) -> str:
    """The site-relative address of a figure's rows: the page, the file (``csv``, ``xlsx``), or
    the page the XLSX is asked for on (``xlsx-status``)."""
    url = _rows_path(FORMATS[file_format], year, slug, get_script_prefix())
    query = slice_query(row_slice or RowSlice())
    if preliminary:
        query[PRELIMINARY_PARAM] = "1"
    return f"{url}?{urlencode(query)}" if query else url
