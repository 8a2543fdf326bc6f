"""The year's figures as plain JSON-ready data: the contract of docs/report-summary.md."""

from __future__ import annotations

from decimal import Decimal

from reporting.selectors.rows import RowSlice, rows_url
from reporting.selectors.status import YearStatus
from reporting.selectors.types import BudgetExtreme, YearFigures, money


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else str(money(value))


def _extreme(item: BudgetExtreme | None) -> dict | None:
    if item is None:
        return None
    return {
        "amount_sek": _amount(item.amount_sek),
        "programme": item.programme,
        "project": item.project,
    }


def status_codes(status: YearStatus) -> dict:
    """Where the year stands, as codes and counts: the open data's ``status``, and the start of
    the figures JSON's (docs/open-data.md, docs/report-summary.md)."""
    return {
        "state": status.state,
        "final": status.final,
        "administrations_reported": status.approved,
        "administrations_total": status.expected,
    }


def status_as_dict(status: YearStatus) -> dict:
    """The figures JSON's ``status``: the codes and counts, and the line the pages show."""
    return {
        **status_codes(status),
        "complete": status.complete,
        "mark": status.mark,
        "published_version": status.published_version,
        "label": status.label,
    }


def figures_with_status(figures: YearFigures, status: YearStatus) -> dict:
    """The figures JSON (the figures page's and ``report_summary``'s): the figures with the
    year's status after their header (year, preliminary, whose part)."""
    data = figures_as_dict(figures)
    header = {
        key: data.pop(key) for key in ("year", "preliminary", "administration") if key in data
    }
    return {**header, "status": status_as_dict(status), **data}


def figures_as_dict(figures: YearFigures) -> dict:
    """The figures as plain JSON-ready data (amounts as strings with two decimals).

    Each entry per administration, goal and programme carries ``rows_url``: the address of the
    rows behind it as CSV."""
    previous = figures.previous_year

    def csv_url(slug: str, **row_slice) -> str:
        return rows_url(
            figures.year,
            slug,
            preliminary=figures.preliminary,
            row_slice=RowSlice(**row_slice),
            file_format="csv",
        )

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
                "rows_url": csv_url("projekt", administration_code=r.code),
            }
            for r in figures.projects_by_administration
        ],
        "payouts_total_sek": _amount(figures.payouts_total_sek),
        "payouts_by_administration": [
            {
                "administration": r.administration,
                "amount_sek": _amount(r.amount_sek),
                "rows_url": csv_url("utbetalt", administration_code=r.code),
            }
            for r in figures.payouts_by_administration
        ],
        "payouts_by_council_goal": [
            {
                "goal": r.label,
                "amount_sek": _amount(r.amount_sek),
                "rows_url": csv_url("utbetalt", no_goal=True)
                if r.no_goal
                else csv_url("utbetalt", goal=r.goal),
            }
            for r in figures.payouts_by_council_goal
        ],
        "payouts_by_programme": [
            {
                "programme": r.programme,
                "short_name": r.short_name,
                "amount_sek": _amount(r.amount_sek),
                "rows_url": csv_url("utbetalt", programme=r.programme),
            }
            for r in figures.payouts_by_programme
        ],
        "budget_range": {
            "min": _extreme(figures.budget_range.min),
            "max": _extreme(figures.budget_range.max),
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
            "projects_owner": previous.projects_owner,
            "projects_partner": previous.projects_partner,
            "payouts_total_sek": _amount(previous.payouts_total_sek),
        },
        "trend": [
            {
                "year": r.year,
                "projects_total": r.projects_total,
                "projects_owner": r.projects_owner,
                "projects_partner": r.projects_partner,
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
                "own_budget_sek": _amount(r.own_budget_sek),
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
