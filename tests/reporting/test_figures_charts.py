"""SVG charts are pure functions: data in, accessible SVG markup out."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from reporting.figures import charts
from reporting.selectors import BudgetRange, GoalPayout, YearFigures, YearTotals

SVG = "{http://www.w3.org/2000/svg}"


def bar_widths(svg: str) -> list[float]:
    root = ET.fromstring(svg)
    return [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")]


def test_bar_chart_is_an_accessible_image_with_escaped_text():
    svg = charts.horizontal_bar_chart(
        [("Förvaltning <A> & co", Decimal("200.00")), ("B", Decimal("50.00"))],
        charts.ChartSpec(chart_id="test-chart", title="Titel & mer", description="Beskrivning"),
    )
    root = ET.fromstring(svg)  # well-formed XML
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "test-chart-title test-chart-desc"
    assert root.find(f"{SVG}title").text == "Titel & mer"
    assert root.find(f"{SVG}desc").text == "Beskrivning"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Förvaltning <A> & co" in texts
    assert "200\u00a0kr" in texts and "50\u00a0kr" in texts
    assert "style=" not in svg and "<script" not in svg


def test_bars_are_proportional_to_the_amounts():
    widths = bar_widths(
        charts.horizontal_bar_chart(
            [("A", Decimal("300")), ("B", Decimal("150")), ("C", Decimal("0"))],
            charts.ChartSpec(chart_id="c", title="t", description="d"),
        )
    )
    assert widths[0] > 0
    assert widths[1] == widths[0] / 2
    assert widths[2] == 0


def test_empty_chart_still_renders():
    svg = charts.horizontal_bar_chart(
        [], charts.ChartSpec(chart_id="empty", title="t", description="d")
    )
    assert ET.fromstring(svg).get("role") == "img"


def test_figures_charts_use_the_years_figures():
    figures = YearFigures(
        year=2023,
        preliminary=False,
        projects_total=3,
        projects_owner=1,
        projects_partner=2,
        projects_started=0,
        projects_ended=0,
        projects_cross_administration=0,
        projects_by_administration=[],
        payouts_total_sek=Decimal("30.00"),
        payouts_by_administration=[],
        payouts_by_council_goal=[GoalPayout("Utbildning och arbete", Decimal("30.00"))],
        payouts_by_programme=[],
        budget_range=BudgetRange(None, None),
        cofinancing_by_fund_family=[],
        previous_year=YearTotals(2022, 2, Decimal("10.00")),
        trend=[YearTotals(2022, 2, Decimal("10.00")), YearTotals(2023, 3, Decimal("30.00"))],
        projects=[],
        examples=[],
    )
    goals = charts.payouts_by_council_goal_chart(figures)
    assert "Utbildning och arbete" in goals and 'id="chart-goals-2023"' in goals
    trend = charts.trend_chart(figures)
    root = ET.fromstring(trend)
    assert root.find(f"{SVG}title").text.endswith("2023")
    assert [t.text for t in root.iter(f"{SVG}text") if re.fullmatch(r"\d{4}", t.text or "")] == [
        "2022",
        "2023",
    ]
    heights = [float(rect.get("height")) for rect in root.iter(f"{SVG}rect")]
    assert heights[1] == pytest.approx(3 * heights[0], abs=0.2)
    assert "3 projekt" in trend
