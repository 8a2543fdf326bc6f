"""The year's figures: one read-only computation that every report output uses.

At most four queries, whatever the number of projects or payouts:

1. the counted project reports of every year up to the year, grouped by year, administration
   and programme: counts (conditional aggregation), co-financing rates and budgets;
2. the same reports with their payouts dated within the report's year, grouped by year,
   administration, council goal and programme: the sums;
3. the few reports the figures name: the suggested examples and the smallest and largest
   budget (not run for a year without projects);
4. the other administrations taking part in the examples (not run without examples).

The year's totals and its rows per administration, goal, programme and fund family, and the
trend over the years, are these groups' subtotals added up (exact ``Decimal`` sums from the
database, ``projects.numbers.sum_sek``, over a few dozen groups whatever the data). The project
list for the appendix is read only when it is used: a page of it, or all of it in one query.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import (
    Count,
    F,
    Max,
    Min,
    Q,
    QuerySet,
)

from projects.collation import sort_key
from projects.models import (
    Administration,
    FundingProgramme,
    Payout,
    ProjectReport,
)
from projects.numbers import sum_sek
from reporting.selectors.projects import ProjectList, featured
from reporting.selectors.types import (
    ZERO,
    AdministrationPayout,
    AdministrationProjects,
    BudgetRange,
    FundFamilyCofinancing,
    GoalPayout,
    ProgrammePayout,
    YearFigures,
    YearTotals,
    money,
)

YEAR = "submission__reporting_year__year"


def year_reports(
    year: int, *, preliminary: bool = False, administration: Administration | None = None
) -> QuerySet[ProjectReport]:
    """The project reports that count for a year: approved submissions, or all when preliminary."""
    reports = ProjectReport.objects.for_year(year).counted(
        preliminary_in=year if preliminary else None
    )
    if administration is not None:
        reports = reports.filter(submission__administration=administration)
    return reports


def year_payouts(reports: QuerySet[ProjectReport], year: int) -> QuerySet[Payout]:
    """Payouts of those reports dated within the calendar year."""
    return Payout.objects.filter(report__in=reports.values("pk")).dated_in(year)


def _counted_up_to(
    year: int, *, preliminary: bool, administration: Administration | None
) -> QuerySet[ProjectReport]:
    """Reports of every year up to ``year`` for the trend: earlier years always approved only.

    For ``year`` itself these are exactly ``year_reports``."""
    reports = ProjectReport.objects.filter(**{f"{YEAR}__lte": year}).counted(
        preliminary_in=year if preliminary else None
    )
    if administration is not None:
        reports = reports.filter(submission__administration=administration)
    return reports


def _cross_administration(year: int) -> Q:
    """The year's reports in which another administration than the reporting one takes
    part: one uncorrelated subquery the database reads once (and hashes), not one per report."""
    through = ProjectReport.participating_administrations.through
    return Q(
        pk__in=through.objects.filter(**{f"projectreport__{YEAR}": year})
        .exclude(administration_id=F("projectreport__submission__administration_id"))
        .values("projectreport_id")
    )


def project_conditions(year: int) -> dict[str, Q]:
    """The conditions of the year's partial counts (owner, partner, started, ended, cross):
    the figures count with them and their rows (``reporting.selectors.rows``) filter by them."""
    first_day, last_day = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return {
        "owner": Q(role=ProjectReport.Role.OWNER),
        "partner": Q(role=ProjectReport.Role.PARTNER),
        "started": Q(start_date__range=(first_day, last_day)),
        "ended": Q(end_date__range=(first_day, last_day)),
        "cross": _cross_administration(year),
    }


# What the figures per administration, goal and programme are keyed by, as paths from a
# project report: rows are filtered by the same keys (an administration's short code is as
# unique as its name, and shorter in an address).
ADMINISTRATION_CODE = "submission__administration_code"
GOAL_NAME = "council_goal_name"
PROGRAMME_NAME = "programme_name"


def _group_names(**names: str) -> dict:
    """Names of a group's administration, goal or programme, which all its rows share.

    The groups are keyed by ids, which the database groups much faster than names in Swedish
    order; each name is then the (only) value in its group."""
    return {alias: Max(path) for alias, path in names.items()}


def _report_groups(year: int, **scope) -> list[dict]:
    """Query 1: project counts, rates and budgets per year, administration and programme."""
    conditions = project_conditions(year)
    this_year = Q(**{YEAR: year})
    return list(
        _counted_up_to(year, **scope)
        .values(YEAR, "submission__administration_id", "programme_id")
        .annotate(
            **_group_names(
                administration="submission__administration_name",
                code=ADMINISTRATION_CODE,
            ),
            family=Max("fund_family"),
            total=Count("pk"),
            owner=Count("pk", filter=conditions["owner"]),
            partner=Count("pk", filter=conditions["partner"]),
            # Read for the year's own groups only, so earlier years skip the checks.
            started=Count("pk", filter=this_year & conditions["started"]),
            ended=Count("pk", filter=this_year & conditions["ended"]),
            cross=Count("pk", filter=this_year & conditions["cross"]),
            low=Min("eu_cofinancing_rate"),
            high=Max("eu_cofinancing_rate"),
            smallest=Min("total_budget_sek"),
            largest=Max("total_budget_sek"),
        )
        .order_by()
    )


def _payout_groups(year: int, **scope) -> list[dict]:
    """Query 2: payouts within their report's year per year, administration, goal, programme."""
    # A condition on the aggregate, not on the join: a join on the payment year would let the
    # planner match every payout with every year before it joins the payout's own report.
    in_year = Q(payouts__payment_date__year=F(YEAR))
    return list(
        _counted_up_to(year, **scope)
        .values(YEAR, "submission__administration_id", "council_goal_id", "programme_id")
        .annotate(
            **_group_names(
                administration="submission__administration_name",
                code=ADMINISTRATION_CODE,
                goal=GOAL_NAME,
                programme_name=PROGRAMME_NAME,
                programme_short="programme_short_name",
            ),
            amount=sum_sek("payouts__amount_sek", filter=in_year),
            payout_count=Count("payouts", filter=in_year),
        )
        .filter(payout_count__gt=0)
        .order_by()
    )


def _add_up(groups: list[dict], key, fields: tuple[str, ...]) -> dict:
    """The group subtotals ``fields`` added up per ``key(group)`` (exact for ``Decimal``)."""
    totals: dict = {}
    for group in groups:
        into = totals.setdefault(key(group), dict.fromkeys(fields, 0))
        for field in fields:
            into[field] += group[field]
    return totals


def _largest_first(totals: dict, field: str, name=lambda key: key) -> list[tuple]:
    """(key, subtotals) by ``field`` descending, then by the Swedish order of ``name(key)``."""
    return sorted(totals.items(), key=lambda item: (-item[1][field], sort_key(name(item[0]))))


def _trend(report_groups: list[dict], payout_groups: list[dict]) -> list[YearTotals]:
    """Totals for every year with counted projects, oldest first."""
    counts = _add_up(report_groups, lambda group: group[YEAR], ("total", "owner", "partner"))
    amounts = _add_up(payout_groups, lambda group: group[YEAR], ("amount",))
    return [
        YearTotals(
            year=year,
            projects_total=counts[year]["total"],
            payouts_total_sek=money(amounts.get(year, {}).get("amount")),
            projects_owner=counts[year]["owner"],
            projects_partner=counts[year]["partner"],
        )
        for year in sorted(counts)
    ]


def _cofinancing(report_groups: list[dict]) -> list[FundFamilyCofinancing]:
    rates: dict[str, tuple[Decimal, Decimal]] = {}
    for group in report_groups:
        low, high = rates.get(group["family"], (group["low"], group["high"]))
        rates[group["family"]] = (min(low, group["low"]), max(high, group["high"]))
    # In the order the fund families are declared (structural funds first), not alphabetically.
    family_order = {family: index for index, family in enumerate(FundingProgramme.FundFamily)}
    return [
        FundFamilyCofinancing(
            fund_family=family,
            min_rate=money(low),
            max_rate=money(high),
        )
        for family, (low, high) in sorted(
            rates.items(), key=lambda item: (family_order.get(item[0], 99), item[0])
        )
    ]


COUNTS = ("total", "owner", "partner", "started", "ended", "cross")


def year_figures(
    year: int, *, preliminary: bool = False, administration: Administration | None = None
) -> YearFigures:
    """All figures of a year; approved submissions only unless ``preliminary``.

    With ``administration``, only that administration's part (its own submission's projects)."""
    scope = {"preliminary": preliminary, "administration": administration}
    report_groups = _report_groups(year, **scope)
    payout_groups = _payout_groups(year, **scope)
    trend = _trend(report_groups, payout_groups)
    # The year's own groups; for ``year`` the trend's condition is exactly ``year_reports``.
    report_groups = [group for group in report_groups if group[YEAR] == year]
    payout_groups = [group for group in payout_groups if group[YEAR] == year]

    counts = _add_up(report_groups, lambda group: year, COUNTS).get(year, dict.fromkeys(COUNTS, 0))
    paid = _add_up(payout_groups, lambda group: year, ("amount",)).get(year, {"amount": ZERO})
    by_administration = _add_up(
        report_groups, lambda group: group["administration"], ("total", "owner", "partner")
    )
    paid_by_administration = _add_up(
        payout_groups, lambda group: group["administration"], ("amount",)
    )
    codes = {group["administration"]: group["code"] for group in report_groups + payout_groups}
    # Payouts of reports without a goal are one group ("": its label is the page's business).
    paid_by_goal = _add_up(payout_groups, lambda group: group["goal"] or "", ("amount",))
    paid_by_programme = _add_up(
        payout_groups,
        lambda group: (
            group["programme_name"],
            group["programme_short"] or group["programme_name"],
        ),
        ("amount",),
    )

    reports = year_reports(year, **scope)
    examples, smallest, largest = featured(
        reports,
        smallest=min((group["smallest"] for group in report_groups), default=None),
        largest=max((group["largest"] for group in report_groups), default=None),
    )
    return YearFigures(
        year=year,
        preliminary=preliminary,
        projects_total=counts["total"],
        projects_owner=counts["owner"],
        projects_partner=counts["partner"],
        projects_started=counts["started"],
        projects_ended=counts["ended"],
        projects_cross_administration=counts["cross"],
        projects_by_administration=[
            AdministrationProjects(administration=name, **row, code=codes[name])
            for name, row in _largest_first(by_administration, "total")
        ],
        payouts_total_sek=money(paid["amount"]),
        payouts_by_administration=[
            AdministrationPayout(
                administration=name, amount_sek=money(row["amount"]), code=codes[name]
            )
            for name, row in _largest_first(paid_by_administration, "amount")
        ],
        payouts_by_council_goal=[
            GoalPayout(goal=goal, amount_sek=money(row["amount"]), no_goal=not goal)
            # Largest first; the payouts without a goal after any goal with the same amount.
            for goal, row in sorted(
                paid_by_goal.items(),
                key=lambda item: (-item[1]["amount"], not item[0], sort_key(item[0])),
            )
        ],
        payouts_by_programme=[
            ProgrammePayout(programme=name, short_name=short, amount_sek=money(row["amount"]))
            for (name, short), row in _largest_first(
                paid_by_programme, "amount", name=lambda key: key[0]
            )
        ],
        budget_range=BudgetRange(min=smallest, max=largest),
        cofinancing_by_fund_family=_cofinancing(report_groups),
        previous_year=next((row for row in trend if row.year == year - 1), None),
        trend=trend,
        projects=ProjectList(reports, year, counts["total"]),
        examples=examples,
        administration=None if administration is None else administration.name,
    )
