"""Charts drawn on the server as SVG markup, for the figures page and the printed memo.

Pure functions: data in, an SVG string out (no JavaScript, no inline styles, only presentation
attributes, so the markup works under a strict Content-Security-Policy and in WeasyPrint). Each
chart is ``role="img"`` with a ``<title>`` and ``<desc>``; the page shows the same data as a table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.text import count_projects
from reporting.figures.marks import (
    LEGEND_ROW,
    bar_paint,
    chart_marks,
    hatch_defs,
    marks_description,
    marks_legend,
)
from reporting.formatting import table_amount
from reporting.labels import once_per_language
from reporting.selectors.status import INCOMPLETE_MARK, YearStatus

# The bars take the organisation's primary colour (checked for contrast against white when it
# is set); this one when none is given.
BAR_COLOUR = "#0a3c78"
TEXT_COLOUR = "#212529"
AXIS_COLOUR = "#6c757d"
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"


@once_per_language
def _unit() -> str:
    return _("kr")


def _amount_label(value: Decimal) -> str:
    # A non-breaking space keeps the unit with the number.
    return f"{table_amount(value)}\u00a0{_unit()}"


def _scale(value: Decimal, maximum: Decimal, length: float) -> float:
    if maximum <= 0 or value <= 0:
        return 0.0
    return float(value / maximum) * length


@dataclass(frozen=True)
class ChartSpec:
    """What every chart is given: its id (unique on the page), the title and description a
    screen reader reads, how a value is written, its width and its colour."""

    chart_id: str
    title: str
    description: str
    value_label: Callable[[Decimal], str] = _amount_label
    width: int = 760
    colour: str = BAR_COLOUR


def _open_svg(spec: ChartSpec, height: int) -> list[str]:
    ident = escape(spec.chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{ident}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" viewBox="0 0 {spec.width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" font-family="{FONT}" '
        f'font-size="13" fill="{TEXT_COLOUR}">',
        f'<title id="{ident}-title">{escape(spec.title)}</title>',
        f'<desc id="{ident}-desc">{escape(spec.description)}</desc>',
    ]


def horizontal_bar_chart(
    rows: Sequence[tuple[str, Decimal]], spec: ChartSpec, *, label_width: int = 320
) -> SafeString:
    """One horizontal bar per row (label, amount), in the order given, labelled with its value."""
    row_height, bar_height, top, value_space = 30, 18, 8, 130
    height = top * 2 + max(len(rows), 1) * row_height
    bar_area = spec.width - label_width - value_space
    maximum = max((amount for _, amount in rows), default=Decimal(0))
    parts = _open_svg(spec, height)
    axis_x = label_width + 8
    parts.append(
        f'<line x1="{axis_x}" y1="{top}" x2="{axis_x}" y2="{height - top}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"/>'
    )
    for index, (label, amount) in enumerate(rows):
        y = top + index * row_height
        middle = y + row_height / 2
        bar = _scale(amount, maximum, bar_area)
        parts.append(
            f'<text x="{label_width}" y="{middle:.1f}" text-anchor="end" '
            f'dominant-baseline="middle">{escape(label)}</text>'
        )
        parts.append(
            f'<rect x="{axis_x}" y="{middle - bar_height / 2:.1f}" width="{bar:.1f}" '
            f'height="{bar_height}" fill="{escape(spec.colour)}"/>'
        )
        parts.append(
            f'<text x="{axis_x + bar + 6:.1f}" y="{middle:.1f}" '
            f'dominant-baseline="middle">{escape(spec.value_label(amount))}</text>'
        )
    if not rows:
        parts.append(f'<text x="{axis_x + 8}" y="{height / 2:.1f}">–</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def column_chart(
    columns: Sequence[tuple[str, Decimal, str]],
    spec: ChartSpec,
    *,
    height: int = 300,
    marks: Sequence[tuple[str, str]] = (),
) -> SafeString:
    """Vertical columns (label, amount, sub-label) for a trend over years, values on top.

    ``marks``: for each column, the mark of its year and its word (``YearStatus.mark`` and
    ``mark_label``; empty for none): a marked column is hatched, its word under it and in the
    legend (the caller says it in ``description``: ``marks_description``)."""
    marks = list(marks) or [("", "")] * len(columns)
    legend = chart_marks(marks)
    top, bottom, side = 28, 48 + (18 if legend else 0), 20
    plot_height = height - top - bottom
    height += len(legend) * LEGEND_ROW
    count = max(len(columns), 1)
    slot = (spec.width - 2 * side) / count
    column_width = min(90.0, slot * 0.6)
    maximum = max((amount for _, amount, _ in columns), default=Decimal(0))
    baseline = top + plot_height
    parts = _open_svg(spec, height)
    parts.append(hatch_defs(spec.chart_id, legend, [spec.colour]))
    parts.append(
        f'<line x1="{side}" y1="{baseline}" x2="{spec.width - side}" y2="{baseline}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"/>'
    )
    for index, ((label, amount, sub_label), (mark, mark_label)) in enumerate(
        zip(columns, marks, strict=True)
    ):
        centre = side + slot * index + slot / 2
        column = _scale(amount, maximum, plot_height)
        parts.append(
            f'<rect x="{centre - column_width / 2:.1f}" y="{baseline - column:.1f}" '
            f'width="{column_width:.1f}" height="{column:.1f}" '
            f"{bar_paint(spec.chart_id, mark, spec.colour)}/>"
        )
        parts.append(
            f'<text x="{centre:.1f}" y="{baseline - column - 8:.1f}" '
            f'text-anchor="middle">{escape(spec.value_label(amount))}</text>'
        )
        parts.append(
            f'<text x="{centre:.1f}" y="{baseline + 20}" text-anchor="middle" '
            f'font-weight="bold">{escape(label)}</text>'
        )
        for line, text in enumerate((sub_label, mark_label), start=2):
            if text:
                parts.append(
                    f'<text x="{centre:.1f}" y="{baseline + 2 + 18 * line}" '
                    f'text-anchor="middle">{escape(text)}</text>'
                )
    parts += marks_legend(spec.chart_id, legend, x=side, y=baseline + bottom, colour=spec.colour)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


# The bar charts of the year's payouts per administration and per council goal, by the slug of
# their id: (title with the year, description).
PAYOUT_CHARTS = {
    "administrations": (
        gettext_lazy("Utbetalda EU-medel %(year)s per förvaltning"),
        gettext_lazy(
            "Stapeldiagram med en stapel per förvaltning, störst belopp först. "
            "Samma uppgifter finns i tabellen under diagrammet."
        ),
    ),
    "goals": (
        gettext_lazy("Utbetalda EU-medel %(year)s per kommunfullmäktigemål"),
        gettext_lazy(
            "Stapeldiagram med en stapel per kommunfullmäktigemål, störst belopp först. "
            "Samma uppgifter finns i tabellen under diagrammet."
        ),
    ),
}


def _payouts_chart(figures, slug: str, rows: list[tuple[str, Decimal]], colour: str) -> SafeString:
    title, description = PAYOUT_CHARTS[slug]
    return horizontal_bar_chart(
        rows,
        ChartSpec(
            chart_id=f"chart-{slug}-{figures.year}",
            title=title % {"year": figures.year},
            description=str(description),
            colour=colour,
        ),
    )


def payouts_by_administration_chart(
    figures, *, rows: Sequence | None = None, colour: str = BAR_COLOUR
) -> SafeString:
    """Bar chart of the year's payouts per administration, largest first: of ``rows`` (a
    page of ``figures.payouts_by_administration``) when given, else of every administration."""
    if rows is None:
        rows = figures.payouts_by_administration
    rows = [(row.administration, row.amount_sek) for row in rows]
    return _payouts_chart(figures, "administrations", rows, colour)


def payouts_by_council_goal_chart(figures, *, colour: str = BAR_COLOUR) -> SafeString:
    """Bar chart of the year's payouts per city council goal."""
    rows = [(row.label, row.amount_sek) for row in figures.payouts_by_council_goal]
    return _payouts_chart(figures, "goals", rows, colour)


def trend_chart(
    figures, statuses: Mapping[int, YearStatus] | None = None, *, colour: str = BAR_COLOUR
) -> SafeString:
    """Column chart of payouts per year, with the number of projects under each year; a year
    whose ``statuses`` mark it (preliminary while open, incomplete when closed on part of the
    city) is hatched and named, an incomplete one also with the asterisk of the page's note."""
    statuses = statuses or {}
    marks = [
        (status.mark, status.mark_label) if status is not None else ("", "")
        for status in (statuses.get(row.year) for row in figures.trend)
    ]
    return column_chart(
        [
            (
                f"{row.year} *" if mark == INCOMPLETE_MARK else str(row.year),
                row.payouts_total_sek,
                count_projects(row.projects_total),
            )
            for row, (mark, _label) in zip(figures.trend, marks, strict=True)
        ],
        ChartSpec(
            chart_id=f"chart-trend-{figures.year}",
            title=_("Utbetalda EU-medel och antal projekt per år till och med %(year)s")
            % {"year": figures.year},
            description=_(
                "Stapeldiagram med en stapel per år för utbetalda EU-medel; under varje år står "
                "antalet projekt. Samma uppgifter finns i tabellen under diagrammet."
            )
            + marks_description(
                (row.year, label) for row, (_mark, label) in zip(figures.trend, marks, strict=True)
            ),
            colour=colour,
        ),
        marks=marks,
    )
