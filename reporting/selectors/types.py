"""The result types of the year's figures: frozen dataclasses of codes and numbers.

Labels (a role, a fund family, "no goal") are properties read where the page, PDF or workbook
is rendered, in the language active there; the selectors never translate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext

from reporting.labels import fund_family_labels, role_labels

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def money(value) -> Decimal:
    """An amount or percentage with exactly two decimals; ``None`` (no rows) is zero."""
    return (value if value is not None else ZERO).quantize(CENT)


@dataclass(frozen=True)
class AdministrationProjects:
    administration: str
    total: int
    owner: int
    partner: int
    # The administration's short code: the key of its rows (``reporting.selectors.rows``).
    code: str = field(default="", compare=False)


@dataclass(frozen=True)
class AdministrationPayout:
    administration: str
    amount_sek: Decimal
    code: str = field(default="", compare=False)


@dataclass(frozen=True)
class GoalPayout:
    # The council goal's name; "" for the payouts of reports without a goal (``no_goal``).
    goal: str
    amount_sek: Decimal
    no_goal: bool = field(default=False, compare=False)

    @property
    def label(self) -> str:
        return gettext("Inget mål angivet") if self.no_goal else self.goal


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
    min_rate: Decimal
    max_rate: Decimal

    @property
    def label(self) -> str:
        return fund_family_labels().get(self.fund_family, self.fund_family)


@dataclass(frozen=True)
class YearTotals:
    year: int
    projects_total: int
    payouts_total_sek: Decimal
    projects_owner: int = 0
    projects_partner: int = 0


@dataclass(frozen=True)
class ProjectRow:
    """One project of the year, for the appendix table."""

    name: str
    acronym: str
    administration: str
    programme: str
    programme_short_name: str
    role: str
    total_budget_sek: Decimal
    own_budget_sek: Decimal
    eu_cofinancing_rate: Decimal
    payouts_sek: Decimal

    @property
    def role_label(self) -> str:
        return role_labels().get(self.role, self.role)


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
    # The council goal the project works towards, as named in its year ("" without one): the
    # memo tells the examples of one goal together. Not part of the figures' fingerprint.
    council_goal: str = field(default="", compare=False)


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
    # Read when used (reporting.selectors.projects.ProjectList): a page, or all in one query.
    projects: Sequence[ProjectRow]
    examples: list[ExampleProject]
    # Set when the figures are one administration's part (a coordinator's view); None for all.
    administration: str | None = None

    @property
    def has_data(self) -> bool:
        return self.projects_total > 0
