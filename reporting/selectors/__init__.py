"""The year's figures: one read-only computation that every report output uses.

``types`` holds the result dataclasses, ``figures`` the queries and ``serialise`` the JSON
form; everything is importable from ``reporting.selectors`` as before.
"""

from reporting.selectors.figures import year_figures, year_payouts, year_reports
from reporting.selectors.serialise import figures_as_dict
from reporting.selectors.types import (
    CENT,
    ZERO,
    AdministrationPayout,
    AdministrationProjects,
    BudgetExtreme,
    BudgetRange,
    ExampleProject,
    FundFamilyCofinancing,
    GoalPayout,
    ProgrammePayout,
    ProjectRow,
    YearFigures,
    YearTotals,
    money,
)

__all__ = [
    "CENT",
    "ZERO",
    "AdministrationPayout",
    "AdministrationProjects",
    "BudgetExtreme",
    "BudgetRange",
    "ExampleProject",
    "FundFamilyCofinancing",
    "GoalPayout",
    "ProgrammePayout",
    "ProjectRow",
    "YearFigures",
    "YearTotals",
    "figures_as_dict",
    "money",
    "year_figures",
    "year_payouts",
    "year_reports",
]
