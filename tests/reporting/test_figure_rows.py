"""The rows behind every figure: the page, the CSV and the workbook, and who sees which rows."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html as lxml_html
from openpyxl import load_workbook

from projects.models import Administration, ProjectReport, Submission
from projects.services.versions import year_data_changed
from reporting import kept
from reporting.selectors import FIGURES, RowSlice, figure_rows, figures_as_dict, year_figures
from tests import factories
from tests.reporting.people_csv import comma_decimal, people_csv_rows

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
ROWS_TABLE = "//table[contains(@class, 'figure-rows-table')]"


def number(text: str) -> Decimal:
    """A number as the pages write it: ``15 300 000``, ``1 000,50``."""
    return Decimal(text.replace(NBSP, "").replace(" ", "").replace(",", ".").strip())


def figure_links(page: str) -> list[tuple[str, Decimal]]:
    """Every figure on a page that links to its rows: (address, the number shown)."""
    tree = lxml_html.fromstring(page)
    links = []
    for link in tree.xpath("//a[contains(@class, 'figure-rows-link')]"):
        hidden = link.xpath(".//span[contains(@class, 'visually-hidden')]")
        assert hidden and "visa raderna bakom" in hidden[0].text_content()
        links.append((link.get("href"), number(link.text)))
    return links


def rows_of_page(page: str) -> tuple[str, list[Decimal]]:
    """The rows page's kind of figure and the last column of each row (amounts or budgets)."""
    tree = lxml_html.fromstring(page)
    cells = tree.xpath(f"{ROWS_TABLE}/tbody/tr/td[contains(@class, 'text-end')]")
    heading = tree.xpath(f"{ROWS_TABLE}/thead/tr/th")[-1].text_content()
    return heading, [number(cell.text_content()) for cell in cells]


# --- the demo year: every figure on the page, followed -------------------------------------


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def test_every_figure_on_the_demo_2023_page_links_to_rows_that_make_it(
    demo, client, development_coordinator
):
    client.force_login(development_coordinator)
    page = client.get(reverse("reporting:figures", kwargs={"year": 2023})).content.decode()
    links = figure_links(page)
    figures = year_figures(2023)
    # Every count and sum of the page: summary (this year and last), per administration,
    # goal and programme, the budget range and the trend.
    expected_links = (
        9  # summary: projects, owner, partner, started, ended, cross, payouts, min, max
        + 4  # the previous year's projects, owner, partner, payouts
        + 3 * len(figures.projects_by_administration)
        + 3  # the totals row of projects per administration
        + len(figures.payouts_by_administration)
        + len(figures.payouts_by_council_goal)
        + 2  # the two chart tables' totals
        + len(figures.payouts_by_programme)
        + 2 * len(figures.trend)
    )
    assert len(links) == expected_links
    assert figures.previous_year.projects_owner + figures.previous_year.projects_partner == 47
    seen = set()
    for url, shown in links:
        assert url.startswith("/rapport/nyckeltal/")
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        heading, values = rows_of_page(content)
        rows = response.context["rows"]
        if "/utbetalt/" in url:
            # The listed payouts add up to the figure (shown in whole kronor).
            assert sum(values) == rows.total, url
            assert round(rows.total) == shown, url
            assert heading == "Belopp (kr)"
        elif "budget" in url:
            assert values and set(values) == {shown}, url
        else:
            # One row per project report; their number is the figure.
            assert len(values) == shown == rows.total, url
        # The visible total on the page is the figure.
        assert "figure-rows-total" in content


def test_the_demo_figures_json_rows_urls_sum_to_each_entry(demo, client, development_coordinator):
    client.force_login(development_coordinator)
    data = client.get(reverse("reporting:figures_json", kwargs={"year": 2023})).json()
    assert data["payouts_by_administration"][0]["rows_url"].startswith(
        "/rapport/nyckeltal/2023/rader/utbetalt.csv?forvaltning="
    )
    for key in ("payouts_by_administration", "payouts_by_council_goal", "payouts_by_programme"):
        assert data[key]
        for entry in data[key]:
            rows = people_csv_rows(client.get(entry["rows_url"]).content)
            total = sum(comma_decimal(row["Belopp (kr)"]) for row in rows)
            assert f"{total:.2f}" == entry["amount_sek"], (key, entry)
            assert {row["Inrapporteringens status"] for row in rows} == {"Godkänd"}
    for entry in data["projects_by_administration"]:
        rows = people_csv_rows(client.get(entry["rows_url"]).content)
        assert len(rows) == entry["total"]
        assert sum(row["Roll"] == "Projektägare" for row in rows) == entry["owner"]
        assert {row["Förvaltning"] for row in rows} == {entry["administration"]}
    total = people_csv_rows(client.get("/rapport/nyckeltal/2023/rader/utbetalt.csv").content)
    amounts = [comma_decimal(row["Belopp (kr)"]) for row in total]
    assert f"{sum(amounts):.2f}" == data["payouts_total_sek"]


def test_report_summary_entries_carry_rows_url(demo):
    out = StringIO()
    call_command("report_summary", year=2023, stdout=out)
    import json

    data = json.loads(out.getvalue())
    for key in (
        "payouts_by_administration",
        "payouts_by_council_goal",
        "payouts_by_programme",
        "projects_by_administration",
    ):
        assert all(
            entry["rows_url"].startswith("/rapport/nyckeltal/2023/rader/") for entry in data[key]
        )
    assert data["previous_year"]["projects_owner"] + data["previous_year"]["projects_partner"] == 47


# --- a small world that tells rows apart -----------------------------------------------------


@pytest.fixture
def world(db):
    return build_world()


def build_world() -> dict:
    """Two administrations in 2023, approved; A's payouts either side of the year's ends, a
    report without a goal, B's owner and partner projects; a submitted (not approved) C."""
    year = factories.ReportingYearFactory(year=2023, is_open=True)
    goal = factories.CouncilGoalFactory(name="Utbildning och arbete", order=1)
    esf = factories.FundingProgrammeFactory(name="Europeiska socialfonden", short_name="ESF")
    erasmus = factories.FundingProgrammeFactory(name="Erasmus+", short_name="")
    a = factories.AdministrationFactory(name="Alfaförvaltningen", short_code="ALF")
    b = factories.AdministrationFactory(name="Betaförvaltningen", short_code="BET")
    c = factories.AdministrationFactory(name="Gammaförvaltningen", short_code="GAM")
    reports = {}
    for administration, state in ((a, "approved"), (b, "approved"), (c, "submitted")):
        submission = factories.SubmissionFactory(
            administration=administration, reporting_year=year, state=state
        )
        for index, (programme, role, with_goal) in enumerate(
            ((esf, "owner", True), (erasmus, "partner", False))
        ):
            report = factories.ProjectReportFactory(
                submission=submission,
                name=f"{administration.short_code}-projekt-{index}",
                programme=programme,
                role=role,
                council_goal=goal if with_goal else None,
                participating_administrations=[],
                total_budget_sek=Decimal(1_000_000 * (index + 1)),
                own_budget_sek=Decimal(100_000),
                start_date=datetime.date(2022, 1, 1),
                end_date=datetime.date(2024, 12, 31),
            )
            reports[(administration.short_code, index)] = report
            for payment_date, amount in (
                (datetime.date(2022, 12, 31), Decimal("7.00")),  # the year before: not counted
                (datetime.date(2023, 1, 1), Decimal("1000.25")),
                (datetime.date(2023, 12, 31), Decimal("2000.50")),
                (datetime.date(2024, 1, 1), Decimal("9.00")),  # the year after: not counted
            ):
                factories.PayoutFactory(report=report, payment_date=payment_date, amount_sek=amount)
    return {"a": a, "b": b, "c": c, "reports": reports}


def test_selector_rows_match_every_figure_of_the_year(world):
    figures = year_figures(2023)
    for slug, expected in (
        ("projekt", figures.projects_total),
        ("projektagare", figures.projects_owner),
        ("projektpartner", figures.projects_partner),
        ("startade", figures.projects_started),
        ("avslutade", figures.projects_ended),
        ("flera-forvaltningar", figures.projects_cross_administration),
        ("utbetalt", figures.payouts_total_sek),
        ("minsta-budget", figures.budget_range.min.amount_sek),
        ("storsta-budget", figures.budget_range.max.amount_sek),
    ):
        rows = figure_rows(2023, slug)
        assert rows.total == expected, slug
    payouts = figure_rows(2023, "utbetalt")
    assert payouts.total == Decimal("12003.00") == sum(row.amount_sek for row in payouts.rows)
    assert {row.payment_date.year for row in payouts.rows} == {2023}
    assert {row.administration for row in payouts.rows} == {
        "Alfaförvaltningen",
        "Betaförvaltningen",
    }
    for entry in figures.payouts_by_council_goal:
        part = RowSlice(no_goal=True) if entry.no_goal else RowSlice(goal=entry.goal)
        assert figure_rows(2023, "utbetalt", row_slice=part).total == entry.amount_sek
    assert sorted(entry.no_goal for entry in figures.payouts_by_council_goal) == [False, True]
    for entry in figures.payouts_by_programme:
        part = RowSlice(programme=entry.programme)
        assert figure_rows(2023, "utbetalt", row_slice=part).total == entry.amount_sek
    for entry in figures.projects_by_administration:
        part = RowSlice(administration_code=entry.code)
        assert figure_rows(2023, "projekt", row_slice=part).total == entry.total
        assert figure_rows(2023, "projektagare", row_slice=part).total == entry.owner


def test_preliminary_rows_include_the_submission_awaiting_approval(world):
    approved = figure_rows(2023, "projekt")
    preliminary = figure_rows(2023, "projekt", preliminary=True)
    assert approved.total == 4 and preliminary.total == 6
    states = {row.submission_state for row in preliminary.rows}
    assert states == {Submission.State.APPROVED, Submission.State.SUBMITTED}
    assert figure_rows(2023, "utbetalt", preliminary=True).total == (
        year_figures(2023, preliminary=True).payouts_total_sek
    )


def test_rows_page_shows_the_figure_total_and_download_links(
    world, client, development_coordinator
):
    client.force_login(development_coordinator)
    url = "/rapport/nyckeltal/2023/rader/utbetalt/?forvaltning=ALF"
    assert url == reverse("reporting:figure_rows", kwargs={"year": 2023, "figure": "utbetalt"}) + (
        "?forvaltning=ALF"
    )
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Utbetalda EU-medel 2023 – Alfaförvaltningen" in page
    assert f"Summan av 4 utbetalningar: <strong>6{NBSP}001,50 kr</strong>" in page
    assert 'href="/rapport/nyckeltal/2023/rader/utbetalt.csv?forvaltning=ALF"' in page
    assert 'action="/rapport/nyckeltal/2023/rader/utbetalt/excel/?forvaltning=ALF"' in page
    assert "BET-projekt" not in page
    assert "Godkänd" in page  # the submission's state


def test_amounts_on_english_pages_are_grouped_as_on_swedish_ones(
    world, client, development_coordinator
):
    client.force_login(development_coordinator)
    client.cookies["django_language"] = "en"
    rows_page = client.get("/rapport/nyckeltal/2023/rader/utbetalt/?forvaltning=ALF")
    page = rows_page.content.decode()
    # Grouped by a non-breaking space, a decimal point: never "6,001.50".
    assert f"6{NBSP}001.50" in page
    assert "6,001" not in page
    figures = client.get(reverse("reporting:figures", kwargs={"year": 2023})).content.decode()
    total = year_figures(2023).payouts_total_sek
    whole = f"{round(total):,}"
    assert "," in whole and whole not in figures
    assert whole.replace(",", NBSP) in figures


def test_rows_csv_is_for_swedish_excel(world, client, development_coordinator):
    client.force_login(development_coordinator)
    response = client.get("/rapport/nyckeltal/2023/rader/utbetalt.csv?forvaltning=BET")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="rader-2023-utbetalt-bet.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.splitlines()[0] == (
        "\ufeffKortnamn;Förvaltning;Projekt;Förkortning;Program eller fond;Kommunfullmäktigemål;"
        "Roll;Utbetalningsdatum;Belopp (kr);Inrapporteringens status"
    )
    rows = people_csv_rows(response.content)
    assert [(row["Projekt"], row["Utbetalningsdatum"], row["Belopp (kr)"]) for row in rows] == [
        ("BET-projekt-0", "2023-01-01", "1000,25"),
        ("BET-projekt-0", "2023-12-31", "2000,50"),
        ("BET-projekt-1", "2023-01-01", "1000,25"),
        ("BET-projekt-1", "2023-12-31", "2000,50"),
    ]
    assert {row["Inrapporteringens status"] for row in rows} == {"Godkänd"}
    assert rows[0]["Kommunfullmäktigemål"] == "Utbildning och arbete"
    assert rows[2]["Kommunfullmäktigemål"] == ""
    counts = people_csv_rows(client.get("/rapport/nyckeltal/2023/rader/projektpartner.csv").content)
    assert [(row["Projekt"], row["Roll"], row["Total budget (kr)"]) for row in counts] == [
        ("ALF-projekt-1", "Projektpartner", "2000000,00"),
        ("BET-projekt-1", "Projektpartner", "2000000,00"),
    ]


def test_rows_csv_follows_the_reader_s_language(world, client, development_coordinator):
    client.force_login(development_coordinator)
    client.cookies["django_language"] = "en"
    content = client.get("/rapport/nyckeltal/2023/rader/projektagare.csv").content
    rows = people_csv_rows(content)
    assert list(rows[0])[:2] == ["Short code", "Administration"]
    assert {row["Role"] for row in rows} == {"Project owner"}
    assert {row["Status of the submission"] for row in rows} == {"Approved"}
    # The decimal comma stays: the file is for Excel set to Swedish, whatever the page's language.
    assert all("," in row["Total budget (SEK)"] for row in rows)


def test_every_figure_s_rows_open_in_swedish_excel(world, client, development_coordinator):
    client.force_login(development_coordinator)
    amount_headings = {"Belopp (kr)", "Total budget (kr)"}
    for slug in FIGURES:
        content = client.get(f"/rapport/nyckeltal/2023/rader/{slug}.csv").content
        rows = people_csv_rows(content)
        headings = content.decode("utf-8-sig").splitlines()[0].split(";")
        assert {"Förvaltning", "Projekt", "Roll", "Inrapporteringens status"} <= set(headings)
        (amount_heading,) = set(headings) & amount_headings
        for row in rows:
            assert comma_decimal(row[amount_heading]) > 0, slug
            assert row["Roll"] in {"Projektägare", "Projektpartner"}, slug
            assert row["Inrapporteringens status"] == "Godkänd", slug
    # Both roles, and amounts with öre, are among the files' rows.
    owners = people_csv_rows(client.get("/rapport/nyckeltal/2023/rader/projektagare.csv").content)
    assert {row["Roll"] for row in owners} == {"Projektägare"}


def test_rows_workbook_has_numbers_dates_and_the_total(world, client, development_coordinator):
    client.force_login(development_coordinator)
    # Asked for as the page's button does; made at once in the tests, then downloaded.
    response = client.post("/rapport/nyckeltal/2023/rader/utbetalt/excel/?utan_mal=1", follow=True)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("Utbetalda EU-medel 2023 – Inget mål angivet",) + (None,) * 9
    assert values[1][7:9] == ("Utbetalningsdatum", "Belopp (kr)")
    body = values[2:-1]
    assert [row[2] for row in body] == ["ALF-projekt-1"] * 2 + ["BET-projekt-1"] * 2
    assert all(isinstance(row[8], int | float) for row in body)
    # openpyxl reads a date cell back as a naive datetime at midnight.
    assert body[0][7] == datetime.datetime(2023, 1, 1)  # noqa: DTZ001
    assert body[0][9] == "Godkänd"
    assert values[-1][0] == "Summa" and values[-1][8] == pytest.approx(6001.50)
    # What a person reads: dates as dates, amounts with öre, bold title, headings and total.
    rows = list(sheet.iter_rows())
    assert rows[2][7].number_format == "yyyy-mm-dd"
    assert rows[2][8].number_format == "#,##0.00"
    assert rows[2][2].number_format == "General"
    assert rows[0][0].font.b and all(cell.font.b for cell in rows[1][:10])
    assert rows[-1][0].font.b and rows[-1][8].number_format == "#,##0.00"
    assert sheet.column_dimensions["C"].width == 40


def test_unknown_figure_or_administration_is_not_found(world, client, development_coordinator):
    client.force_login(development_coordinator)
    assert client.get("/rapport/nyckeltal/2023/rader/okand/").status_code == 404
    assert client.get("/rapport/nyckeltal/2023/rader/projekt/?forvaltning=NOPE").status_code == 404
    assert client.get("/rapport/nyckeltal/1800/rader/projekt/").status_code == 404


def test_coordinator_sees_only_their_own_administrations_rows(world, client):
    coordinator_b = factories.CoordinatorFactory(email="b@malmo.se", administration=world["b"])
    client.force_login(coordinator_b)
    # Another administration's rows: not found, whichever format.
    for suffix in ("/", ".csv", ".xlsx"):
        url = f"/rapport/nyckeltal/2023/rader/utbetalt{suffix}?forvaltning=ALF"
        assert client.get(url).status_code == 404, suffix
    # The whole city's figure: narrowed to B's rows, as B's figures page is.
    page = client.get("/rapport/nyckeltal/2023/rader/projekt/").content.decode()
    assert "BET-projekt-0" in page and "ALF-projekt" not in page
    rows = people_csv_rows(client.get("/rapport/nyckeltal/2023/rader/utbetalt.csv").content)
    assert {row["Kortnamn"] for row in rows} == {"BET"}
    own = client.get("/rapport/nyckeltal/2023/rader/utbetalt/?forvaltning=BET")
    assert own.status_code == 200
    # B's figures page links only to rows B may see, and they add up to B's figures.
    data = client.get(reverse("reporting:figures_json", kwargs={"year": 2023})).json()
    for entry in data["payouts_by_council_goal"]:
        rows = people_csv_rows(client.get(entry["rows_url"]).content)
        assert {row["Kortnamn"] for row in rows} == {"BET"}
        assert (
            f"{sum(comma_decimal(row['Belopp (kr)']) for row in rows):.2f}" == entry["amount_sek"]
        )


def test_figures_page_of_a_year_in_progress_says_what_it_rests_on(
    world, client, development_coordinator
):
    factories.AdministrationFactory(name="Deltaförvaltningen", short_code="DEL")  # no submission
    client.force_login(development_coordinator)
    page = client.get(reverse("reporting:figures", kwargs={"year": 2023})).content.decode()
    # Expected: every administration of the year (the reference data's too), with or without
    # a submission; approved: A and B, not C (submitted) nor Delta (nothing yet).
    expected = Administration.objects.valid_in(2023).count()
    assert expected >= 4
    assert f"Bygger på 2 av {expected} förvaltningar, godkända." in page
    # A closed year whose submissions are all approved does not need the sentence.
    Submission.objects.filter(administration=world["c"]).update(state=Submission.State.APPROVED)
    year = world["a"].submissions.get().reporting_year
    year.is_open = False
    year.save()
    page = client.get(reverse("reporting:figures", kwargs={"year": 2023})).content.decode()
    assert "Bygger på" not in page


def test_previous_year_owner_and_partner_cells_are_filled(world, client, development_coordinator):
    next_year = factories.ReportingYearFactory(year=2024, is_open=True)
    submission = factories.SubmissionFactory(
        administration=world["a"], reporting_year=next_year, state=Submission.State.APPROVED
    )
    factories.ProjectReportFactory(submission=submission, role=ProjectReport.Role.OWNER)
    figures = year_figures(2024)
    assert (figures.previous_year.projects_owner, figures.previous_year.projects_partner) == (2, 2)
    assert figures_as_dict(figures)["previous_year"]["projects_owner"] == 2
    client.force_login(development_coordinator)
    page = client.get(reverse("reporting:figures", kwargs={"year": 2024})).content.decode()
    tree = lxml_html.fromstring(page)
    owner_row = [
        row
        for row in tree.xpath("//table[contains(@class, 'summary-table')]/tbody/tr")
        if row.xpath("th")[0].text_content().strip() == "varav som projektägare"
    ][0]
    cells = [cell.xpath("a")[0].text for cell in owner_row.xpath("td")]
    assert cells == ["1", "2"]
    assert owner_row.xpath("td/a")[1].get("href") == "/rapport/nyckeltal/2023/rader/projektagare/"


# --- query counts -------------------------------------------------------------------------


def add_payouts(administration: Administration, year: int, count: int) -> None:
    reporting_year = factories.ReportingYearFactory(year=year)
    submission = factories.SubmissionFactory(
        administration=administration, reporting_year=reporting_year, state="approved"
    )
    for index in range(count):
        report = factories.ProjectReportFactory(
            submission=submission, name=f"Extra {index}", participating_administrations=[]
        )
        factories.PayoutFactory(report=report, payment_date=datetime.date(year, 6, 1))


@pytest.mark.parametrize("figure", sorted(FIGURES))
def test_rows_page_queries_do_not_grow_with_the_rows(
    world, client, development_coordinator, django_assert_num_queries, figure
):
    client.force_login(development_coordinator)
    url = f"/rapport/nyckeltal/2023/rader/{figure}/?forvaltning=ALF"
    # The session, the user, the rate limit's count (a read, and a write in a savepoint: six
    # in a test's transaction), the administration asked for, the totals, the rows (none to
    # read for an empty figure); the page's navigation reads the user's administration once
    # more, and the organisation's name (page header). The CSV is computed once per data
    # version and kept (measured here when it is not kept yet: the version, the cache's look-up
    # and its write). The workbook is asked for on its status page and made by the worker (at
    # once in the tests), then served as stored: the same checks but the count, the data's
    # version, the file's state and its bytes.
    xlsx = url.replace("/?", ".xlsx?")
    ask = url.replace("/?", "/excel/?")
    client.post(ask)
    urls = [url, url.replace("/?", ".csv?"), xlsx]
    small = []
    for address in urls:
        kept.forget_all()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200
        small.append(len(queries))
    assert small[0] <= 13 and small[2] <= 7
    add_payouts(world["a"], 2023, 60)
    year_data_changed(years=[2023])  # as the services adding them do
    assert figure_rows(2023, "projekt", row_slice=RowSlice(administration_code="ALF")).total == 62
    client.post(ask)  # the data changed: a new file
    for address, expected in zip(urls, small, strict=True):
        kept.forget_all()
        with django_assert_num_queries(expected):
            assert client.get(address).status_code == 200


def test_rows_are_in_swedish_order_of_administration_then_project_then_date():
    """Created in another order than they are listed, so the listing's order shows."""
    year = factories.ReportingYearFactory(year=2023, is_open=True)
    east = factories.AdministrationFactory(name="Östra innerstadens förvaltning", short_code="OIF")
    labour = factories.AdministrationFactory(name="Arbetsmarknadsförvaltningen", short_code="AMF")

    def report(administration, name, start, payouts):
        created = factories.ProjectReportFactory(
            submission=factories.SubmissionFactory(
                administration=administration, reporting_year=year, state="approved"
            ),
            name=name,
            start_date=start,
            end_date=datetime.date(2025, 6, 30),
        )
        for day, amount in payouts:
            factories.PayoutFactory(report=created, payment_date=day, amount_sek=Decimal(amount))

    report(
        east,
        "Bro över sundet",
        datetime.date(2021, 3, 1),
        [
            (datetime.date(2023, 9, 1), "100"),
            (datetime.date(2023, 3, 1), "200"),
            (datetime.date(2023, 5, 1), "1"),
            (datetime.date(2023, 5, 1), "2"),
        ],
    )
    report(labour, "Öresundsjobb", datetime.date(2022, 2, 1), [(datetime.date(2023, 2, 1), "50")])
    labour_submission = Submission.objects.get(administration=labour)
    factories.PayoutFactory(
        report=factories.ProjectReportFactory(
            submission=labour_submission,
            name="Arbete åt alla",
            start_date=datetime.date(2023, 1, 1),
            end_date=datetime.date(2025, 6, 30),
        ),
        payment_date=datetime.date(2023, 12, 1),
        amount_sek=Decimal("10"),
    )
    payouts = figure_rows(2023, "utbetalt").rows
    assert [
        (row.administration, row.project, row.payment_date, row.amount_sek) for row in payouts
    ] == [
        (
            "Arbetsmarknadsförvaltningen",
            "Arbete åt alla",
            datetime.date(2023, 12, 1),
            Decimal("10.00"),
        ),
        (
            "Arbetsmarknadsförvaltningen",
            "Öresundsjobb",
            datetime.date(2023, 2, 1),
            Decimal("50.00"),
        ),
        (
            "Östra innerstadens förvaltning",
            "Bro över sundet",
            datetime.date(2023, 3, 1),
            Decimal("200.00"),
        ),
        (
            "Östra innerstadens förvaltning",
            "Bro över sundet",
            datetime.date(2023, 5, 1),
            Decimal("1.00"),
        ),
        (
            "Östra innerstadens förvaltning",
            "Bro över sundet",
            datetime.date(2023, 5, 1),
            Decimal("2.00"),
        ),
        (
            "Östra innerstadens förvaltning",
            "Bro över sundet",
            datetime.date(2023, 9, 1),
            Decimal("100.00"),
        ),
    ]
    reports = figure_rows(2023, "projekt").rows
    assert [(row.project, row.start_date, row.end_date) for row in reports] == [
        ("Arbete åt alla", datetime.date(2023, 1, 1), datetime.date(2025, 6, 30)),
        ("Öresundsjobb", datetime.date(2022, 2, 1), datetime.date(2025, 6, 30)),
        ("Bro över sundet", datetime.date(2021, 3, 1), datetime.date(2025, 6, 30)),
    ]


def test_a_slice_of_two_keys_is_the_rows_that_have_both(world):
    """An administration's part of a goal or a programme: neither key overrides the other."""
    both = figure_rows(
        2023,
        "utbetalt",
        row_slice=RowSlice(administration_code="ALF", goal="Utbildning och arbete"),
    )
    assert {(row.administration, row.project) for row in both.rows} == {
        ("Alfaförvaltningen", "ALF-projekt-0")
    }
    assert both.total == Decimal("3000.75")
    without_goal = figure_rows(
        2023, "projekt", row_slice=RowSlice(administration_code="BET", no_goal=True)
    )
    assert [row.project for row in without_goal.rows] == ["BET-projekt-1"]
    programme = figure_rows(
        2023, "utbetalt", row_slice=RowSlice(administration_code="BET", programme="Erasmus+")
    )
    assert {row.project for row in programme.rows} == {"BET-projekt-1"}
    assert programme.total == Decimal("3000.75")


def test_rows_say_what_they_were_asked_for_and_read_one_by_index(world):
    preliminary = figure_rows(2023, "projekt", preliminary=True)
    approved = figure_rows(2023, "projekt")
    assert (preliminary.preliminary, approved.preliminary) == (True, False)
    everything = list(preliminary.rows)
    assert [preliminary.rows[0], preliminary.rows[-1]] == [everything[0], everything[-1]]
    assert preliminary.rows[1:3] == everything[1:3]


def test_the_figures_json_links_preliminary_rows_only_for_preliminary_figures(world):
    for preliminary in (True, False):
        data = figures_as_dict(year_figures(2023, preliminary=preliminary))
        urls = [entry["rows_url"] for entry in data["payouts_by_administration"]]
        urls += [entry["rows_url"] for entry in data["projects_by_administration"]]
        assert urls
        assert all(("preliminar=1" in url) is preliminary for url in urls), urls
