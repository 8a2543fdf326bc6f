"""The year's figures: one read-only computation that every report output uses.

All sums are computed by the database (``aggregate``/``annotate``) as exact ``Decimal``; the
number of queries is constant, whatever the number of projects or payouts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from projects.collation import sort_key
from projects.models import (
    Administration,
    FundingProgramme,
    Payout,
    ProjectReport,
    Submission,
)
from projects.numbers import sum_sek

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class AdministrationProjects:
    administration: str
    total: int
    owner: int
    partner: int


@dataclass(frozen=True)
class AdministrationPayout:
    administration: str
    amount_sek: Decimal


@dataclass(frozen=True)
class GoalPayout:
    goal: str
    amount_sek: Decimal


@dataclass(frozen=True)
class ProgrammePayout:
    programme: str
    short_name: str
    amount_sek: Decimal


@dataclass(frozen=True)
class BudgetExtreme:
    amount_sek: Decimal
    programme: str
    project: str


@dataclass(frozen=True)
class BudgetRange:
    min: BudgetExtreme | None
    max: BudgetExtreme | None


@dataclass(frozen=True)
class FundFamilyCofinancing:
    fund_family: str
    label: str
    min_rate: Decimal
    max_rate: Decimal


@dataclass(frozen=True)
class YearTotals:
    year: int
    projects_total: int
    payouts_total_sek: Decimal


@dataclass(frozen=True)
class ProjectRow:
    """One project of the year, for the appendix table."""

    name: str
    acronym: str
    administration: str
    programme: str
    programme_short_name: str
    role: str
    role_label: str
    total_budget_sek: Decimal
    malmo_budget_sek: Decimal
    eu_cofinancing_rate: Decimal
    payouts_sek: Decimal


@dataclass(frozen=True)
class ExampleProject:
    """A project report its administration suggested as an example for the memo."""

    project: str
    acronym: str
    administration: str
    programme: str
    programme_short_name: str
    role: str
    description: str
    results: str
    participating_administrations: tuple[str, ...]


@dataclass(frozen=True)
class YearFigures:
    year: int
    preliminary: bool
    projects_total: int
    projects_owner: int
    projects_partner: int
    projects_started: int
    projects_ended: int
    projects_cross_administration: int
    projects_by_administration: list[AdministrationProjects]
    payouts_total_sek: Decimal
    payouts_by_administration: list[AdministrationPayout]
    payouts_by_council_goal: list[GoalPayout]
    payouts_by_programme: list[ProgrammePayout]
    budget_range: BudgetRange
    cofinancing_by_fund_family: list[FundFamilyCofinancing]
    previous_year: YearTotals | None
    trend: list[YearTotals]
    projects: list[ProjectRow]
    examples: list[ExampleProject]
    # Set when the figures are one administration's part (a coordinator's view); None for all.
    administration: str | None = None

    @property
    def has_data(self) -> bool:
        return self.projects_total > 0


def _money(value) -> Decimal:
    return (value if value is not None else ZERO).quantize(CENT)


def _sum_sek(field: str = "amount_sek"):
    return sum_sek(field)


def _counted(
    year: int, *, preliminary: bool, administration: Administration | None, prefix: str = ""
) -> Q:
    """The condition on a project report (reached through ``prefix``) to count for a year."""
    condition = Q(**{f"{prefix}submission__reporting_year__year": year})
    if not preliminary:
        condition &= Q(**{f"{prefix}submission__state": Submission.State.APPROVED})
    if administration is not None:
        condition &= Q(**{f"{prefix}submission__administration": administration})
    return condition


def year_reports(
    year: int, *, preliminary: bool = False, administration: Administration | None = None
) -> QuerySet[ProjectReport]:
    """The project reports that count for a year: approved submissions, or all when preliminary."""
    return ProjectReport.objects.filter(
        _counted(year, preliminary=preliminary, administration=administration)
    )


def year_payouts(reports: QuerySet[ProjectReport], year: int) -> QuerySet[Payout]:
    """Payouts of those reports dated within the calendar year."""
    return Payout.objects.filter(report__in=reports.values("pk")).dated_in(year)


def _cross_administration():
    """True when another Malmö administration than the reporting one takes part in the project."""
    through = ProjectReport.participating_administrations.through
    return Exists(
        through.objects.filter(projectreport_id=OuterRef("pk")).exclude(
            administration_id=OuterRef("submission__administration_id")
        )
    )


def _trend(
    year: int, *, preliminary: bool, administration: Administration | None
) -> list[YearTotals]:
    """Totals for every year up to ``year`` with data (earlier years always approved only)."""

    def counted(prefix: str) -> Q:
        condition = Q(**{f"{prefix}submission__state": Submission.State.APPROVED})
        if preliminary:
            condition |= Q(**{f"{prefix}submission__reporting_year__year": year})
        condition &= Q(**{f"{prefix}submission__reporting_year__year__lte": year})
        if administration is not None:
            condition &= Q(**{f"{prefix}submission__administration": administration})
        return condition

    counts = dict(
        ProjectReport.objects.filter(counted(""))
        .values("submission__reporting_year__year")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("submission__reporting_year__year", "n")
    )
    sums = dict(
        Payout.objects.filter(counted("report__"))
        .filter(payment_date__year=F("report__submission__reporting_year__year"))
        .values("report__submission__reporting_year__year")
        .annotate(total=_sum_sek())
        .order_by()
        .values_list("report__submission__reporting_year__year", "total")
    )
    return [
        YearTotals(year=y, projects_total=counts[y], payouts_total_sek=_money(sums.get(y)))
        for y in sorted(counts)
    ]


def _budget_extreme(reports: QuerySet[ProjectReport], order: str) -> BudgetExtreme | None:
    row = (
        reports.order_by(order, "name")
        .values("total_budget_sek", "name", "programme__name")
        .first()
    )
    if row is None:
        return None
    return BudgetExtreme(
        amount_sek=_money(row["total_budget_sek"]),
        programme=row["programme__name"],
        project=row["name"],
    )


def year_figures(
    year: int, *, preliminary: bool = False, administration: Administration | None = None
) -> YearFigures:
    """All figures of a year; approved submissions only unless ``preliminary``.

    With ``administration``, only that administration's part (its own submission's projects)."""
    reports = year_reports(year, preliminary=preliminary, administration=administration)
    first_day, last_day = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    owner = Q(role=ProjectReport.Role.OWNER)
    partner = Q(role=ProjectReport.Role.PARTNER)

    counts = reports.aggregate(
        total=Count("pk"),
        owner=Count("pk", filter=owner),
        partner=Count("pk", filter=partner),
        started=Count("pk", filter=Q(start_date__range=(first_day, last_day))),
        ended=Count("pk", filter=Q(end_date__range=(first_day, last_day))),
        cross=Count("pk", filter=_cross_administration()),
    )
    by_administration = [
        AdministrationProjects(
            administration=row["submission__administration__name"],
            total=row["total"],
            owner=row["owner"],
            partner=row["partner"],
        )
        for row in reports.values("submission__administration__name")
        .annotate(
            total=Count("pk"),
            owner=Count("pk", filter=owner),
            partner=Count("pk", filter=partner),
        )
        .order_by("-total", "submission__administration__name")
    ]

    # Joined directly rather than through ``report__in``: the same rows, faster on large years.
    payouts = Payout.objects.filter(
        _counted(year, preliminary=preliminary, administration=administration, prefix="report__")
    ).dated_in(year)
    payouts_total = payouts.aggregate(total=_sum_sek())["total"]
    payouts_by_administration = [
        AdministrationPayout(administration=row["name"], amount_sek=_money(row["amount"]))
        for row in payouts.values(name=F("report__submission__administration__name"))
        .annotate(amount=_sum_sek())
        .order_by("-amount", "name")
    ]
    payouts_by_goal = _goal_rows(payouts, _("Inget mål angivet"))
    payouts_by_programme = [
        ProgrammePayout(
            programme=row["name"],
            short_name=row["short_name"] or row["name"],
            amount_sek=_money(row["amount"]),
        )
        for row in payouts.values(
            name=F("report__programme__name"),
            short_name=F("report__programme__short_name"),
        )
        .annotate(amount=_sum_sek())
        .order_by("-amount", "name")
    ]

    family_labels = dict(FundingProgramme.FundFamily.choices)
    cofinancing = [
        FundFamilyCofinancing(
            fund_family=row["family"],
            label=str(family_labels.get(row["family"], row["family"])),
            min_rate=_money(row["low"]),
            max_rate=_money(row["high"]),
        )
        for row in reports.values(family=F("programme__fund_family"))
        .annotate(low=Min("eu_cofinancing_rate"), high=Max("eu_cofinancing_rate"))
        .order_by()
    ]
    # In the order the fund families are declared (structural funds first), not alphabetically.
    family_order = {family: index for index, family in enumerate(family_labels)}
    cofinancing.sort(key=lambda row: (family_order.get(row.fund_family, 99), row.fund_family))

    trend = _trend(year, preliminary=preliminary, administration=administration)
    previous = next((row for row in trend if row.year == year - 1), None)

    project_rows = _project_rows(reports, first_day, last_day)
    examples = _examples(reports)

    return YearFigures(
        year=year,
        preliminary=preliminary,
        projects_total=counts["total"],
        projects_owner=counts["owner"],
        projects_partner=counts["partner"],
        projects_started=counts["started"],
        projects_ended=counts["ended"],
        projects_cross_administration=counts["cross"],
        projects_by_administration=by_administration,
        payouts_total_sek=_money(payouts_total),
        payouts_by_administration=payouts_by_administration,
        payouts_by_council_goal=payouts_by_goal,
        payouts_by_programme=payouts_by_programme,
        budget_range=BudgetRange(
            min=_budget_extreme(reports, "total_budget_sek"),
            max=_budget_extreme(reports, "-total_budget_sek"),
        ),
        cofinancing_by_fund_family=cofinancing,
        previous_year=previous,
        trend=trend,
        projects=project_rows,
        examples=examples,
        administration=None if administration is None else administration.name,
    )


# Plain ``values()`` rows: the appendix lists every project, so no model instances are built.
_PROJECT_FIELDS = ("name", "acronym", "role")
_PROJECT_ALIASES = {
    "administration": F("submission__administration__name"),
    "programme_name": F("programme__name"),
    "programme_short": F("programme__short_name"),
}


def _project_rows(
    reports: QuerySet[ProjectReport], first_day: datetime.date, last_day: datetime.date
) -> list[ProjectRow]:
    role_labels = {value: str(label) for value, label in ProjectReport.Role.choices}
    rows = (
        reports.values(
            *_PROJECT_FIELDS,
            "total_budget_sek",
            "malmo_budget_sek",
            "eu_cofinancing_rate",
            **_PROJECT_ALIASES,
        )
        .annotate(
            paid=sum_sek(
                "payouts__amount_sek",
                filter=Q(payouts__payment_date__range=(first_day, last_day)),
            )
        )
        .order_by("administration", "name", "pk")
    )
    return [
        ProjectRow(
            name=row["name"],
            acronym=row["acronym"],
            administration=row["administration"],
            programme=row["programme_name"],
            programme_short_name=row["programme_short"] or row["programme_name"],
            role=row["role"],
            role_label=role_labels.get(row["role"], row["role"]),
            total_budget_sek=_money(row["total_budget_sek"]),
            malmo_budget_sek=_money(row["malmo_budget_sek"]),
            eu_cofinancing_rate=_money(row["eu_cofinancing_rate"]),
            payouts_sek=_money(row["paid"]),
        )
        for row in rows
    ]


def _examples(reports: QuerySet[ProjectReport]) -> list[ExampleProject]:
    suggested = reports.filter(suggested_as_example=True)
    rows = list(
        suggested.values(
            *_PROJECT_FIELDS,
            "pk",
            "description",
            "results",
            **_PROJECT_ALIASES,
        ).order_by("administration", "name", "pk")
    )
    if not rows:
        return []
    participants: dict[int, list[str]] = {}
    through = ProjectReport.participating_administrations.through
    for report_id, name in (
        through.objects.filter(projectreport_id__in=suggested.values("pk"))
        .order_by("administration__name")
        .values_list("projectreport_id", "administration__name")
    ):
        participants.setdefault(report_id, []).append(name)
    return [
        ExampleProject(
            project=row["name"],
            acronym=row["acronym"],
            administration=row["administration"],
            programme=row["programme_name"],
            programme_short_name=row["programme_short"] or row["programme_name"],
            role=row["role"],
            description=row["description"],
            results=row["results"],
            participating_administrations=tuple(participants.get(row["pk"], ())),
        )
        for row in rows
    ]


def _goal_rows(payouts: QuerySet[Payout], no_goal: str) -> list[GoalPayout]:
    # A report without a goal gets a readable label; sorting happens after labelling.
    rows = [
        GoalPayout(goal=row["name"] or no_goal, amount_sek=_money(row["amount"]))
        for row in payouts.values(name=F("report__council_goal__name"))
        .annotate(amount=_sum_sek())
        .order_by()
    ]
    return sorted(rows, key=lambda row: (-row.amount_sek, sort_key(row.goal)))


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else str(_money(value))


def figures_as_dict(figures: YearFigures) -> dict:
    """The figures as plain JSON-ready data (amounts as strings with two decimals)."""

    def extreme(item: BudgetExtreme | None):
        if item is None:
            return None
        return {
            "amount_sek": _amount(item.amount_sek),
            "programme": item.programme,
            "project": item.project,
        }

    previous = figures.previous_year
    # "administration" appears only in one administration's part, so the full figures keep
    # exactly the documented keys (stored memo snapshots hash them).
    scope = {} if figures.administration is None else {"administration": figures.administration}
    return {
        "year": figures.year,
        "preliminary": figures.preliminary,
        **scope,
        "projects": {
            "total": figures.projects_total,
            "owner": figures.projects_owner,
            "partner": figures.projects_partner,
            "started": figures.projects_started,
            "ended": figures.projects_ended,
            "cross_administration": figures.projects_cross_administration,
        },
        "projects_by_administration": [
            {
                "administration": r.administration,
                "total": r.total,
                "owner": r.owner,
                "partner": r.partner,
            }
            for r in figures.projects_by_administration
        ],
        "payouts_total_sek": _amount(figures.payouts_total_sek),
        "payouts_by_administration": [
            {"administration": r.administration, "amount_sek": _amount(r.amount_sek)}
            for r in figures.payouts_by_administration
        ],
        "payouts_by_council_goal": [
            {"goal": r.goal, "amount_sek": _amount(r.amount_sek)}
            for r in figures.payouts_by_council_goal
        ],
        "payouts_by_programme": [
            {
                "programme": r.programme,
                "short_name": r.short_name,
                "amount_sek": _amount(r.amount_sek),
            }
            for r in figures.payouts_by_programme
        ],
        "budget_range": {
            "min": extreme(figures.budget_range.min),
            "max": extreme(figures.budget_range.max),
        },
        "cofinancing_by_fund_family": [
            {
                "fund_family": r.fund_family,
                "label": r.label,
                "min_rate": _amount(r.min_rate),
                "max_rate": _amount(r.max_rate),
            }
            for r in figures.cofinancing_by_fund_family
        ],
        "previous_year": None
        if previous is None
        else {
            "year": previous.year,
            "projects_total": previous.projects_total,
            "payouts_total_sek": _amount(previous.payouts_total_sek),
        },
        "trend": [
            {
                "year": r.year,
                "projects_total": r.projects_total,
                "payouts_total_sek": _amount(r.payouts_total_sek),
            }
            for r in figures.trend
        ],
        "project_list": [
            {
                "name": r.name,
                "acronym": r.acronym,
                "administration": r.administration,
                "programme": r.programme,
                "role": r.role,
                "total_budget_sek": _amount(r.total_budget_sek),
                "malmo_budget_sek": _amount(r.malmo_budget_sek),
                "eu_cofinancing_rate": _amount(r.eu_cofinancing_rate),
                "payouts_sek": _amount(r.payouts_sek),
            }
            for r in figures.projects
        ],
        "examples": [
            {
                "project": r.project,
                "acronym": r.acronym,
                "administration": r.administration,
                "programme": r.programme,
                "description": r.description,
                "results": r.results,
                "participating_administrations": list(r.participating_administrations),
            }
            for r in figures.examples
        ],
    }
