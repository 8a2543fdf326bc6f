"""The year's status in every medium: the figures JSON, the open data, the year's workbook and
the charts over the years (the figures page's, the memo's, the trend page's). An open year with
one of two administrations approved reads differently from a closed, final year; closing and
publishing are seen at once, whatever was kept before."""

import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from PIL import Image

from projects.models import Administration, ReportingYear, Submission
from projects.selectors import year_data_version
from projects.services.review import reporting_year_close, reporting_year_reopen
from reporting.exports import workbook as exports
from reporting.figures import charts
from reporting.memo.docx_charts import chart_alt_text, chart_png
from reporting.memo.files import memo_publish
from reporting.memo.pdf import memo_charts
from reporting.memo.services import memo_create_draft
from reporting.models import Memo
from reporting.selectors import year_figures, year_statuses
from tests import factories as f
from tests.reporting.memo_helpers import make_publishable

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
APPROVED, SUBMITTED = Submission.State.APPROVED, Submission.State.SUBMITTED
OPEN_2024 = "Året pågår · Preliminära siffror · 1 av 2 förvaltningar godkända"
CLOSED_2023 = "Året är stängt · Slutliga siffror · 2 av 2 förvaltningar godkända"


@pytest.fixture
def years(db):
    """Only Alfa and Beta report. 2023 is closed with both approved; 2024 is open with Alfa
    approved and Beta submitted. Each approved submission has a project with a payout."""
    alfa = f.AdministrationFactory(name="Alfaförvaltningen", short_code="ALF")
    beta = f.AdministrationFactory(name="Betaförvaltningen", short_code="BET")
    Administration.objects.exclude(pk__in=[alfa.pk, beta.pk]).update(
        valid_to_year=F("valid_from_year")
    )
    for year, states in ((2023, (APPROVED, APPROVED)), (2024, (APPROVED, SUBMITTED))):
        reporting_year = f.ReportingYearFactory(year=year, is_open=True)
        for administration, state in zip((alfa, beta), states, strict=True):
            submission = f.SubmissionFactory(
                administration=administration, reporting_year=reporting_year, state=state
            )
            f.PayoutFactory(report=f.ProjectReportFactory(submission=submission))
    reporting_year_close(reporting_year=ReportingYear.objects.get(year=2023))
    statuses = year_statuses([2023, 2024])
    assert [statuses[2023].label, statuses[2024].label] == [CLOSED_2023, OPEN_2024]
    return {"alfa": alfa, "beta": beta}


def figures_json(client, year: int) -> dict:
    return json.loads(client.get(reverse("reporting:figures_json", kwargs={"year": year})).content)


def close(year: int) -> None:
    reporting_year_close(reporting_year=ReportingYear.objects.get(year=year))


# --- JSON ---------------------------------------------------------------------------------


def test_the_figures_json_states_the_years_status(client, official, years):
    client.force_login(official)
    assert figures_json(client, 2024)["status"] == {
        "state": "open",
        "final": False,
        "administrations_reported": 1,
        "administrations_total": 2,
        "complete": False,
        "mark": "preliminary",
        "published_version": None,
        "label": OPEN_2024,
    }
    closed = figures_json(client, 2023)
    assert closed["status"] == {
        "state": "closed",
        "final": True,
        "administrations_reported": 2,
        "administrations_total": 2,
        "complete": True,
        "mark": "",
        "published_version": None,
        "label": CLOSED_2023,
    }
    # After the header, before the figures.
    assert list(closed)[:4] == ["year", "preliminary", "status", "projects"]


def test_a_kept_json_shows_the_new_status_after_closing_and_publishing(
    client, development_coordinator, years
):
    client.force_login(development_coordinator)
    url = reverse("reporting:figures_json", kwargs={"year": 2024})
    first = client.get(url).content
    assert client.get(url).content == first  # kept
    assert json.loads(first)["status"]["state"] == "open"

    close(2024)
    status = figures_json(client, 2024)["status"]
    assert (status["state"], status["final"], status["complete"], status["mark"]) == (
        "closed",
        True,
        False,
        "incomplete",
    )
    assert (status["administrations_reported"], status["administrations_total"]) == (1, 2)

    assert figures_json(client, 2023)["status"]["state"] == "closed"  # kept now
    version = year_data_version(2023)
    memo = make_publishable(memo_create_draft(year=2023, user=development_coordinator))
    published = memo_publish(memo=memo, user=development_coordinator)
    assert year_data_version(2023) > version
    status = figures_json(client, 2023)["status"]
    assert (status["state"], status["published_version"]) == ("published", 1)
    assert status["label"].startswith("Året är stängt och redovisningen publicerad")
    # The version's rows workbook ("Underlag") says on what it was published.
    overview = load_workbook(io.BytesIO(bytes(published.rows))).worksheets[0]
    assert overview["A2"].value.endswith(" Slutliga siffror · 2 av 2 förvaltningar godkända.")


def test_the_open_data_states_the_status_as_codes_and_counts(
    client, settings, development_coordinator, years
):
    settings.PUBLIC_FIGURES = True
    memo = memo_create_draft(year=2023, user=development_coordinator)
    f.PublishedMemoFactory(
        memo=memo,
        published_by=development_coordinator,
        figures=Memo.objects.values_list("figures_snapshot", flat=True).get(pk=memo.pk),
    )
    url = reverse("open_data:year_json", kwargs={"year": 2023})
    page = client.get(reverse("open_data:year", kwargs={"year": 2023})).content.decode()
    assert 'data-state="published"' in page and "2 av 2 förvaltningar godkända" in page
    assert client.get(url).json()["status"] == {
        "state": "published",
        "final": True,
        "administrations_reported": 2,
        "administrations_total": 2,
    }
    # Opened again after publishing: the figures stay the version's, the status says the year
    # may change.
    reporting_year_reopen(
        reporting_year=ReportingYear.objects.get(year=2023),
        user=development_coordinator,
        reason="Rättelse",
    )
    status = client.get(url).json()["status"]
    assert (status["state"], status["final"]) == ("open", False)
    # The open page says it in the words of the application's pages.
    page = client.get(reverse("open_data:year", kwargs={"year": 2023})).content.decode()
    assert 'data-state="open"' in page and "Året pågår" in page


# --- the workbook -------------------------------------------------------------------------


def summary_rows(year: int) -> list[tuple]:
    data = exports.year_workbook(exports.year_export_data(year))
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def test_the_years_workbook_says_its_status_at_the_top_in_swedish(years):
    # Whatever language it was asked in.
    with translation.override("en"):
        open_rows = summary_rows(2024)
    assert open_rows[1] == ("Årets status", OPEN_2024)
    assert summary_rows(2023)[1] == ("Årets status", CLOSED_2023)

    close(2024)
    assert summary_rows(2024)[1] == (
        "Årets status",
        "Året är stängt · Slutliga siffror, ofullständiga · 1 av 2 förvaltningar godkända",
    )


# --- the charts ---------------------------------------------------------------------------


def columns(svg: str) -> dict[str, str]:
    """Each year's column's fill, by the year written under it."""
    root = ET.fromstring(svg)
    # The legend's swatches are 14 wide, the columns wider.
    bars = [rect for rect in root if rect.tag == f"{SVG}rect" and float(rect.get("width")) > 14]
    years = [t.text for t in root.iter(f"{SVG}text") if t.get("font-weight") == "bold"]
    return dict(zip(years, [bar.get("fill") for bar in bars], strict=True))


def legend(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-mark-legend"]


def description(svg: str) -> str:
    return ET.fromstring(svg).find(f"{SVG}desc").text


def figures_trend_chart(year: int) -> str:
    figures = year_figures(year)
    return charts.trend_chart(figures, year_statuses(row.year for row in figures.trend))


def test_the_figures_trend_chart_hatches_an_open_year_as_preliminary(years):
    svg = figures_trend_chart(2024)
    fills = columns(svg)
    assert fills["2023"] == charts.BAR_COLOUR
    assert fills["2024"] == "url(#chart-trend-2024-preliminary-0a3c78)"
    assert legend(svg) == ["Preliminärt"]
    assert description(svg).endswith(" Preliminärt (streckad stapel): 2024.")

    close(2024)
    svg = figures_trend_chart(2024)
    assert columns(svg)["2024 *"] == "url(#chart-trend-2024-incomplete-0a3c78)"
    assert legend(svg) == ["Ofullständigt"]
    assert description(svg).endswith(" Ofullständigt (streckad stapel): 2024.")


def test_a_closed_complete_year_is_not_marked(years):
    svg = figures_trend_chart(2023)
    assert legend(svg) == [] and "streckad" not in description(svg)
    assert "<pattern" not in svg


def test_the_memos_trend_chart_marks_the_year_and_its_word_file_paints_it(years):
    trend = memo_charts(year_figures(2024), colour="#0a3c78")[-1].svg
    assert columns(trend)["2024"].startswith("url(#chart-trend-2024-preliminary")
    assert legend(trend) == ["Preliminärt"]
    # In the Word file: the word under the column and in the text alternative, the column
    # striped (white and the bar's colour both inside it).
    assert "2024, 1 projekt, Preliminärt" in chart_alt_text(trend)
    root = ET.fromstring(trend)
    bar = [rect for rect in root if rect.tag == f"{SVG}rect"][-2]
    image = Image.open(io.BytesIO(chart_png(trend, scale=1))).convert("RGB")
    x, y = float(bar.get("x")), float(bar.get("y"))
    width, height = float(bar.get("width")), float(bar.get("height"))
    inside = image.crop((int(x) + 3, int(y) + 3, int(x + width) - 3, int(y + height) - 3))
    colours = {colour for _count, colour in inside.getcolors(maxcolors=10_000)}
    assert (255, 255, 255) in colours and (0x0A, 0x3C, 0x78) in colours


def test_the_trend_page_hatches_a_year_closed_on_part_of_the_city(client, official, years):
    close(2024)
    client.force_login(official)
    page = client.get(reverse("reporting:trend")).content.decode()
    [svg] = re.findall(r'<svg [^>]*id="chart-trend-payouts".*?</svg>', page, flags=re.S)
    fills = columns(svg)
    assert fills["2023"] == "#0a3c78"
    assert fills["2024"].startswith("url(#chart-trend-payouts-incomplete-")
    assert legend(svg) == ["Ofullständigt"]
    assert description(svg).endswith(" Ofullständigt (streckad stapel): 2024.")


def test_after_closing_the_json_and_the_charts_agree_with_the_pages(
    client, development_coordinator, years
):
    client.force_login(development_coordinator)
    close(2024)
    page = client.get(reverse("reporting:figures", kwargs={"year": 2024})).content.decode()
    status = figures_json(client, 2024)["status"]
    assert f'data-state="{status["state"]}"' in page and 'data-figures="final"' in page
    assert f'data-approved="{status["administrations_reported"]}"' in page
    assert f'data-expected="{status["administrations_total"]}"' in page
    # The page's trend table and chart say the same word.
    assert 'year-incomplete">Ofullständigt</span>' in page
    assert ">Ofullständigt</text>" in page
