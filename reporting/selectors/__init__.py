"""The year's figures: one read-only computation that every report output uses.

``types`` holds the result dataclasses, ``figures`` the queries and ``serialise`` the JSON
form; everything is importable from ``reporting.selectors`` as before.
"""

from reporting.selectors.figures import year_figures, year_payouts, year_reports
from reporting.selectors.rows import FIGURES, FigureRows, RowSlice, figure_rows
from reporting.selectors.serialise import figures_as_dict, figures_with_status
from reporting.selectors.sources import (
    AdministrationSources,
    MemoSources,
    memo_sources,
    year_basis,
)
from reporting.selectors.status import YearBasis, YearStatus, year_status, year_statuses
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
    "FIGURES",
    "ZERO",
    "AdministrationPayout",
    "AdministrationProjects",
    "AdministrationSources",
    "BudgetExtreme",
    "BudgetRange",
    "ExampleProject",
    "FigureRows",
    "FundFamilyCofinancing",
    "GoalPayout",
    "MemoSources",
    "ProgrammePayout",
    "ProjectRow",
    "RowSlice",
    "YearBasis",
    "YearFigures",
    "YearStatus",
    "YearTotals",
    "figure_rows",
    "figures_as_dict",
    "figures_with_status",
    "memo_sources",
    "money",
    "year_basis",
    "year_figures",
    "year_payouts",
    "year_reports",
    "year_status",
    "year_statuses",
]
