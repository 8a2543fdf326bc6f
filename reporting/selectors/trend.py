"""The long view: every closed year the application holds, and the historical totals entered
from old memos for the years before it.

Four queries whatever the number of years, projects or payouts:

1. the reporting years with their status (``reporting.selectors.status``);
2. the approved project reports of the closed years, counted per year (owner, partner);
3. the same reports' payouts dated within the report's year, summed per year, administration,
   council goal and fund family (the programmes' grouping in the reference data);
4. the historical totals.

Per-dimension series are these groups' subtotals added up (exact ``Decimal`` sums from the
database). Years whose round is still open are left out (they are listed in ``in_progress``):
their figures change until the year is closed. Returns codes and numbers; the page applies words.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Max, Q, QuerySet

from projects.collation import sort_key
from projects.models import FundingProgramme, ProjectReport, Submission
from projects.numbers import sum_sek
from reporting.models import HistoricalTotal
from reporting.selectors.status import YearStatus, year_statuses
from reporting.selectors.types import ZERO, money

YEAR = "submission__reporting_year__year"


@dataclass(frozen=True)
class TrendYear:
    """One year of the long view: computed from the submissions, or entered from an old memo."""

    year: int
    entered: bool
    projects_total: int
    projects_owner: int | None
    projects_partner: int | None
    # None: the old memo gives no amount (``payouts_wording`` may say how it put it).
    payouts_total_sek: Decimal | None
    payouts_wording: str = ""
    source: str = ""
    note: str = ""
    # A computed year's status: closed, and on how many administrations (None when entered).
    status: YearStatus | None = None

    @property
    def incomplete(self) -> bool:
        """Closed without every administration approved: marked wherever the year is shown."""
        return self.status is not None and self.status.incomplete


@dataclass(frozen=True)
class TrendSeries:
    """One administration, council goal or fund family: its payouts per computed year."""

    key: str
    amounts: tuple[Decimal, ...]  # in the order of ``Trend.computed_years``
    total_sek: Decimal


@dataclass(frozen=True)
class Trend:
    years: list[TrendYear]  # entered and computed, oldest first
    computed_years: list[int]
    in_progress: list[int]
    # Entered years the application now also holds data for: not shown, the computed win.
    overridden: list[int]
    payouts_by_administration: list[TrendSeries]
    payouts_by_council_goal: list[TrendSeries]
    payouts_by_fund_family: list[TrendSeries]  # key: FundingProgramme.FundFamily code

    @property
    def has_data(self) -> bool:
        return bool(self.years)


def _counted() -> QuerySet[ProjectReport]:
    """The counted reports of closed years: the figures as they stand once a year is closed."""
    return ProjectReport.objects.counted().filter(submission__reporting_year__is_open=False)


def _project_counts() -> dict[int, dict]:
    """Query 2: projects per closed year, as owner and as partner."""
    rows = (
        _counted()
        .values(YEAR)
        .annotate(
            total=Count("pk"),
            owner=Count("pk", filter=Q(role=ProjectReport.Role.OWNER)),
            partner=Count("pk", filter=Q(role=ProjectReport.Role.PARTNER)),
        )
        .order_by()
    )
    return {row[YEAR]: row for row in rows}


def _payout_groups() -> list[dict]:
    """Query 3: payouts within their report's year per year, administration, goal and family."""
    in_year = Q(payouts__payment_date__year=F(YEAR))
    return list(
        _counted()
        .values(YEAR, "submission__administration_id", "council_goal_id", "fund_family")
        .annotate(
            administration=Max("submission__administration_name"),
            goal=Max("council_goal_name"),
            amount=sum_sek("payouts__amount_sek", filter=in_year),
            payout_count=Count("payouts", filter=in_year),
        )
        .filter(payout_count__gt=0)
        .order_by()
    )


def _series(groups: list[dict], key, years: list[int], order) -> list[TrendSeries]:
    """The groups' amounts added up per ``key(group)`` and year, in ``order`` of the series."""
    column = {year: index for index, year in enumerate(years)}
    sums: dict[str, list[Decimal]] = {}
    for group in groups:
        if group[YEAR] not in column:
            continue
        amounts = sums.setdefault(key(group), [ZERO] * len(years))
        amounts[column[group[YEAR]]] += group["amount"]
    series = [
        TrendSeries(
            key=name,
            amounts=tuple(money(amount) for amount in amounts),
            total_sek=money(sum(amounts, ZERO)),
        )
        for name, amounts in sums.items()
    ]
    return sorted(series, key=order)


# The fund families in the order they are declared (structural funds first).
FAMILY_ORDER = {family: index for index, family in enumerate(FundingProgramme.FundFamily.values)}
# A report without a council goal: the page gives it a readable label.
NO_GOAL = ""


def trend() -> Trend:
    """Every closed year with data and every historical total, oldest first."""
    statuses = year_statuses()
    held_years = [status for status in statuses.values() if status.submissions]
    computed = [status.year for status in held_years if status.final]
    in_progress = [status.year for status in held_years if status.is_open]
    held = set(computed) | set(in_progress)
    counts = _project_counts()
    groups = _payout_groups()
    paid = dict.fromkeys(computed, ZERO)
    for group in groups:
        if group[YEAR] in paid:
            paid[group[YEAR]] += group["amount"]

    rows = [
        TrendYear(
            year=year,
            entered=False,
            projects_total=counts.get(year, {}).get("total", 0),
            projects_owner=counts.get(year, {}).get("owner", 0),
            projects_partner=counts.get(year, {}).get("partner", 0),
            payouts_total_sek=money(paid[year]),
            status=statuses[year],
        )
        for year in computed
    ]
    overridden = []
    for total in HistoricalTotal.objects.order_by("year"):
        if total.year in held:
            overridden.append(total.year)
            continue
        rows.append(
            TrendYear(
                year=total.year,
                entered=True,
                projects_total=total.project_count,
                projects_owner=total.owner_count,
                projects_partner=total.partner_count,
                payouts_total_sek=None if total.payouts_sek is None else money(total.payouts_sek),
                payouts_wording=total.payouts_wording,
                source=total.source,
                note=total.note,
            )
        )
    rows.sort(key=lambda row: row.year)

    def largest_first(series: TrendSeries):
        return (-series.total_sek, sort_key(series.key))

    return Trend(
        years=rows,
        computed_years=computed,
        in_progress=in_progress,
        overridden=overridden,
        payouts_by_administration=_series(
            groups, lambda group: group["administration"], computed, largest_first
        ),
        payouts_by_council_goal=_series(
            groups, lambda group: group["goal"] or NO_GOAL, computed, largest_first
        ),
        payouts_by_fund_family=_series(
            groups,
            lambda group: group["fund_family"],
            computed,
            lambda series: (FAMILY_ORDER.get(series.key, 99), series.key),
        ),
    )


def years_with_reporting_data(years: list[int]) -> set[int]:
    """Which of ``years`` the application holds submissions for (one query)."""
    return set(
        Submission.objects.filter(reporting_year__year__in=years)
        .values_list("reporting_year__year", flat=True)
        .distinct()
    )
