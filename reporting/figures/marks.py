"""Years marked in a chart over the years: preliminary while open, incomplete when closed on
part of the city (``YearStatus.mark``). A marked column is hatched in its colour and outlined,
the legend names each mark in the words the trend's tables use, and the chart's text
alternative says which years carry it. SVG presentation attributes only, as in ``charts``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils.html import escape
from django.utils.translation import gettext as _

from reporting.selectors.status import INCOMPLETE_MARK, PRELIMINARY_MARK

# Each mark's stripes lean its own way, so the two are told apart in the chart too.
ANGLES = {PRELIMINARY_MARK: 45, INCOMPLETE_MARK: -45}
LEGEND_ROW = 24


def chart_marks(marks: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The marks (mark, word) the chart's columns carry, each once, preliminary first."""
    present = {mark: label for mark, label in marks if mark}
    return [(mark, present[mark]) for mark in ANGLES if mark in present]


def _pattern_id(chart_id: str, mark: str, colour: str) -> str:
    return f"{chart_id}-{mark}-{colour.lstrip('#')}"


def hatch_defs(chart_id: str, legend: Sequence[tuple[str, str]], colours: Iterable[str]) -> str:
    """The hatching of each of the chart's marks in each of its colours ("" when none)."""
    patterns = [
        f'<pattern id="{escape(_pattern_id(chart_id, mark, colour))}" '
        f'patternUnits="userSpaceOnUse" width="6" height="6" '
        f'patternTransform="rotate({ANGLES[mark]})">'
        f'<rect width="6" height="6" fill="#ffffff"/>'
        f'<rect width="3" height="6" fill="{escape(colour)}"/></pattern>'
        for mark, _label in legend
        for colour in dict.fromkeys(colours)
    ]
    return f"<defs>{''.join(patterns)}</defs>" if patterns else ""


def bar_paint(chart_id: str, mark: str, colour: str, *, gap: str = "") -> str:
    """A column's fill: its colour, or hatched in it and outlined when its year is marked.
    ``gap``: the outline of an unmarked column (stacked segments are parted by white)."""
    if not mark:
        stroke = f' stroke="{gap}" stroke-width="1"' if gap else ""
        return f'fill="{escape(colour)}"{stroke}'
    return (
        f'fill="url(#{escape(_pattern_id(chart_id, mark, colour))})" '
        f'stroke="{escape(colour)}" stroke-width="1.5"'
    )


def marks_legend(
    chart_id: str, legend: Sequence[tuple[str, str]], *, x: float, y: float, colour: str
) -> list[str]:
    """A legend row per mark, from ``y`` down: a hatched swatch and the mark's word."""
    parts = []
    for row, (mark, label) in enumerate(legend):
        top = y + row * LEGEND_ROW
        parts.append(
            f'<rect x="{x:.1f}" y="{top:.1f}" width="14" height="14" '
            f"{bar_paint(chart_id, mark, colour)}/>"
        )
        parts.append(
            f'<text x="{x + 20:.1f}" y="{top + 7:.1f}" dominant-baseline="middle" '
            f'class="chart-mark-legend">{escape(label)}</text>'
        )
    return parts


def marks_description(years: Iterable[tuple[object, str]]) -> str:
    """What the text alternative adds for the marked years ((year, word) pairs; "" when none):
    " Preliminärt (streckad stapel): 2024."."""
    by_label: dict[str, list[str]] = {}
    for year, label in years:
        if label:
            by_label.setdefault(label, []).append(str(year))
    return "".join(
        " "
        + _("%(mark)s (streckad stapel): %(years)s.") % {"mark": label, "years": ", ".join(marked)}
        for label, marked in by_label.items()
    )
