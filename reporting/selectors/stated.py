"""The figures the memo's figure sections state, each with what finds its rows."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reporting.selectors.rows import FigureRows, RowSlice, figure_rows, rows_url

# The figure sections of the memo (fields of ``Memo``) a stated figure belongs to.
PROJECTS_SECTION = "projects_text"
PAYOUTS_SECTION = "payouts_by_administration_text"
GOALS_SECTION = "payouts_by_goal_text"


@dataclass(frozen=True)
class StatedFigure:
    """A figure the memo's figure sections state (``reporting.memo.drafting``), with what
    finds its rows.

    ``part``: the administration or council goal the figure is for, as the figures name it
    ("" for the whole city)."""

    section: str
    slug: str
    year: int
    preliminary: bool
    value: Decimal | int
    row_slice: RowSlice = RowSlice()
    part: str = ""

    @property
    def url(self) -> str:
        return rows_url(
            self.year, self.slug, preliminary=self.preliminary, row_slice=self.row_slice
        )

    def rows(self) -> FigureRows:
        """The rows behind the figure, for the whole city (two queries)."""
        return figure_rows(
            self.year, self.slug, preliminary=self.preliminary, row_slice=self.row_slice
        )


def stated_figures(figures, *, compare: bool = True) -> list[StatedFigure]:
    """Every figure the memo's three figure sections state, in the order the text states them.

    ``figures``: the whole city's ``YearFigures``; ``compare``: whether the texts compare the
    year with the previous one (not while the year's basis is incomplete). No query."""
    year, preliminary = figures.year, figures.preliminary
    previous = figures.previous_year if compare else None

    def stated(section, slug, value, *, part="", on_year=year, **row_slice):
        return StatedFigure(
            section=section,
            slug=slug,
            year=on_year,
            # An earlier year counts approved submissions only (as the trend does).
            preliminary=preliminary and on_year == year,
            value=value,
            row_slice=RowSlice(**row_slice),
            part=part,
        )

    def of_administration(row) -> dict:
        # An administration's part: named as the figures name it, its rows found by its code.
        return {"part": row.administration, "administration_code": row.code}

    result = [
        stated(PROJECTS_SECTION, "projekt", figures.projects_total),
        stated(PROJECTS_SECTION, "projektagare", figures.projects_owner),
        stated(PROJECTS_SECTION, "projektpartner", figures.projects_partner),
    ]
    if previous is not None:
        result.append(
            stated(PROJECTS_SECTION, "projekt", previous.projects_total, on_year=previous.year)
        )
    low, high = figures.budget_range.min, figures.budget_range.max
    if low is not None and high is not None:
        result.append(stated(PROJECTS_SECTION, "minsta-budget", low.amount_sek))
        result.append(stated(PROJECTS_SECTION, "storsta-budget", high.amount_sek))
        result += [
            stated(PROJECTS_SECTION, "projekt", row.total, **of_administration(row))
            for row in figures.projects_by_administration
        ]
    result.append(stated(PAYOUTS_SECTION, "utbetalt", figures.payouts_total_sek))
    if previous is not None:
        result.append(
            stated(PAYOUTS_SECTION, "utbetalt", previous.payouts_total_sek, on_year=previous.year)
        )
    result += [
        stated(PAYOUTS_SECTION, "utbetalt", row.amount_sek, **of_administration(row))
        for row in figures.payouts_by_administration
    ]
    result += [
        stated(
            GOALS_SECTION,
            "utbetalt",
            row.amount_sek,
            part=row.label,
            no_goal=row.no_goal,
            goal=row.goal,
        )
        for row in figures.payouts_by_council_goal
    ]
    return result
