"""Charts of the long view, drawn on the server as SVG like ``reporting.figures.charts``.

Stacked columns, one per year, with a legend; every segment has a ``<title>`` with its exact
value, and the page shows the same data as a table. No scripts, no inline styles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reporting.figures.charts import AXIS_COLOUR, BAR_COLOUR, ChartSpec, _open_svg
from reporting.figures.marks import LEGEND_ROW, bar_paint, chart_marks, hatch_defs, marks_legend

# Each at least 3:1 against white (WCAG 1.4.11); neighbours are told apart by a white gap too.
PALETTE = (
    BAR_COLOUR,
    "#b3261e",
    "#1b6e2a",
    "#6a1b9a",
    "#8a4b00",
    "#00695c",
    "#ad1457",
    "#37474f",
    "#283593",
    "#5d4037",
)


def palette(colour: str = BAR_COLOUR) -> tuple[str, ...]:
    """The series' colours: the organisation's ``colour`` first (at least 4.5:1 against white,
    checked when it is set), then the others, none twice."""
    return (colour, *(other for other in PALETTE[1:] if other.lower() != colour.lower()))


# Entered years (historical totals) are drawn in grey with a dashed outline.
ENTERED_COLOUR = "#6b6b6b"


@dataclass(frozen=True)
class Column:
    label: str  # the year
    sub_label: str  # "Inlagd" for an entered year, the word of its mark, else empty
    values: tuple[Decimal | None, ...]  # one per series; None: no value for that series
    top_label: str  # the column's total, formatted
    entered: bool = False
    # The year's mark (``YearStatus.mark``): its segments are hatched, and its word
    # (``sub_label``) is in the legend.
    mark: str = ""


def stacked_column_chart(
    columns: Sequence[Column],
    series: Sequence[str],
    spec: ChartSpec,
    *,
    entered_label: str = "",
) -> SafeString:
    """Stacked columns (one per year) of ``series``, with a legend under the chart.

    An entered column has one value, drawn grey and named ``entered_label`` in the legend; a
    marked column is hatched, its mark named in the legend by its word."""
    top, bottom, side, plot_height = 28, 48, 20, 220
    colours = palette(spec.colour)
    legend = [(name, colours[position % len(colours)]) for position, name in enumerate(series)]
    if any(column.entered for column in columns):
        legend.append((entered_label, ENTERED_COLOUR))
    marks = chart_marks((column.mark, column.sub_label) for column in columns)
    legend_columns = 2
    legend_rows = (len(legend) + legend_columns - 1) // legend_columns if len(legend) > 1 else 0
    legend_top = top + plot_height + bottom
    marks_top = legend_top + legend_rows * LEGEND_ROW
    height = marks_top + len(marks) * LEGEND_ROW + 8
    count = max(len(columns), 1)
    slot = (spec.width - 2 * side) / count
    column_width = min(90.0, slot * 0.6)
    maximum = max(
        (sum((value or Decimal(0) for value in column.values), Decimal(0)) for column in columns),
        default=Decimal(0),
    )
    baseline = top + plot_height
    parts = _open_svg(spec, height)
    parts.append(hatch_defs(spec.chart_id, marks, (*colours[: len(series)], AXIS_COLOUR)))
    parts.append(
        f'<line x1="{side}" y1="{baseline}" x2="{spec.width - side}" y2="{baseline}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"/>'
    )
    for index, column in enumerate(columns):
        centre = side + slot * index + slot / 2
        left = centre - column_width / 2
        y = float(baseline)
        for position, value in enumerate(column.values):
            if not value or maximum <= 0:
                continue
            length = float(value / maximum) * plot_height
            y -= length
            if column.entered:
                colour, name = ENTERED_COLOUR, entered_label
            else:
                colour, name = colours[position % len(colours)], series[position]
            marked = f" ({column.sub_label})" if column.mark else ""
            paint = bar_paint(spec.chart_id, column.mark, colour, gap="#ffffff")
            parts.append(
                f'<rect x="{left:.1f}" y="{y:.1f}" width="{column_width:.1f}" '
                f'height="{length:.1f}" {paint}>'
                f"<title>{escape(f'{column.label}{marked}, {name}: {spec.value_label(value)}')}"
                "</title></rect>"
            )
        parts.append(
            f'<text x="{centre:.1f}" y="{y - 8:.1f}" text-anchor="middle">'
            f"{escape(column.top_label)}</text>"
        )
        parts.append(
            f'<text x="{centre:.1f}" y="{baseline + 20}" text-anchor="middle" '
            f'font-weight="bold">{escape(column.label)}</text>'
        )
        if column.sub_label:
            parts.append(
                f'<text x="{centre:.1f}" y="{baseline + 38}" text-anchor="middle">'
                f"{escape(column.sub_label)}</text>"
            )
    if legend_rows:
        legend_width = (spec.width - 2 * side) / legend_columns
        for position, (name, colour) in enumerate(legend):
            x = side + (position % legend_columns) * legend_width
            y = legend_top + (position // legend_columns) * 24
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="14" height="14" fill="{colour}"/>')
            parts.append(
                f'<text x="{x + 20:.1f}" y="{y + 7}" dominant-baseline="middle">'
                f"{escape(name)}</text>"
            )
    parts += marks_legend(spec.chart_id, marks, x=side, y=marks_top, colour=AXIS_COLOUR)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
