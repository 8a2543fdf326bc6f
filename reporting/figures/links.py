"""The address of the rows behind each figure the figures page shows (the prefixes of the
addresses are built once per process by ``rows_url``)."""

from __future__ import annotations

from reporting.selectors import FIGURES
from reporting.selectors.rows import RowSlice, rows_url


def figure_url(figures, slug: str, *, year: int | None = None, **row_slice) -> str:
    """The rows page of one of ``figures``; an earlier year (the trend) counts approved only."""
    year = figures.year if year is None else year
    return rows_url(
        year,
        slug,
        preliminary=figures.preliminary and year == figures.year,
        row_slice=RowSlice(**row_slice),
    )


def payout_url(figures, **row_slice) -> str:
    return figure_url(figures, "utbetalt", **row_slice)


def project_urls(figures, code: str) -> tuple[str, str, str]:
    return tuple(
        figure_url(figures, slug, administration_code=code)
        for slug in ("projekt", "projektagare", "projektpartner")
    )


def figure_links(figures) -> dict[str, str]:
    """The rows page of each of the year's figures (and the previous year's), by slug."""
    links = {slug.replace("-", "_"): figure_url(figures, slug) for slug in FIGURES}
    if figures.previous_year is not None:
        previous = figures.previous_year.year
        for slug in ("projekt", "projektagare", "projektpartner", "utbetalt"):
            links[f"previous_{slug}"] = figure_url(figures, slug, year=previous)
    return links
