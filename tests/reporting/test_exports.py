"""The full-year workbook and CSV: contents, formats, formula injection and access."""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from projects.models import Submission
from projects.services.versions import year_data_changed
from reporting.exports import workbook as exports
from reporting.exports import year_csv
from reporting.selectors import year_figures
from tests import factories
from tests.reporting.people_csv import comma_decimal, people_csv_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_data(administration, other_administration):
    reporting_year = factories.ReportingYearFactory(year=2023)
    goal = reporting_year.council_goals.first()
    for n, admin in enumerate((administration, other_administration)):
        submission = factories.SubmissionFactory(
            administration=admin, reporting_year=reporting_year, state=Submission.State.APPROVED
        )
        for m in range(3):
            report = factories.ProjectReportFactory(
                submission=submission,
                name=f"Projekt {admin.short_code} {m}",
                council_goal=goal,
            )
            factories.PayoutFactory(report=report, amount_sek=Decimal("1000.50") * (n + m + 1))
            factories.PayoutFactory(
                report=report, amount_sek=Decimal("5"), payment_date=datetime.date(2022, 12, 1)
            )
    return reporting_year


def test_workbook_has_sheets_headers_formats_and_filters(year_data):
    export = exports.year_export_data(2023)
    workbook = load_workbook(io.BytesIO(exports.year_workbook(export)))
    assert workbook.sheetnames == [
        "Sammanfattning",
        "Projekt",
        "Utbetalningar",
        "Per förvaltning",
        "Per mål",
        "Per program",
    ]
    projects = workbook["Projekt"]
    assert projects["A1"].value == "Förvaltning" and projects["B1"].value == "Projektnamn"
    assert projects.freeze_panes == "A2"
    assert projects.auto_filter.ref == "A1:R7"
    assert projects["K2"].number_format == exports.MONEY_FORMAT
    assert projects["I2"].number_format == exports.DATE_FORMAT
    assert isinstance(projects["I2"].value, datetime.datetime)
    payouts = workbook["Utbetalningar"]
    assert payouts.max_row == 1 + 6 + 2  # header, 6 payouts dated 2023, a blank row, the sum
    assert payouts["E2"].number_format == exports.MONEY_FORMAT


def test_workbook_figures_match_the_selectors(year_data):
    export = exports.year_export_data(2023)
    figures = year_figures(2023)
    workbook = load_workbook(io.BytesIO(exports.year_workbook(export)))
    payouts = workbook["Utbetalningar"]
    amounts = [payouts.cell(row=r, column=5).value for r in range(2, 8)]
    assert sum(Decimal(str(a)) for a in amounts) == figures.payouts_total_sek
    per_admin = workbook["Per förvaltning"]
    rows = {
        per_admin.cell(row=r, column=1).value: Decimal(str(per_admin.cell(row=r, column=5).value))
        for r in range(2, 4)
    }
    assert rows == {row.administration: row.amount_sek for row in figures.payouts_by_administration}
    project_sum = sum(
        Decimal(str(workbook["Projekt"].cell(row=r, column=15).value)) for r in range(2, 8)
    )
    assert project_sum == figures.payouts_total_sek
    assert workbook["Per mål"]["A2"].value == "Utbildning och arbete"


def test_formula_injection_is_neutralised_in_workbook_and_csv(administration):
    reporting_year = factories.ReportingYearFactory(year=2023)
    submission = factories.SubmissionFactory(
        administration=administration, reporting_year=reporting_year, state="approved"
    )
    dangerous = [
        '=HYPERLINK("http://example.invalid","klicka")',
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
    ]
    for n, text in enumerate(dangerous):
        report = factories.ProjectReportFactory(
            submission=submission, name=f"{text} {n}", results=text
        )
        factories.PayoutFactory(report=report, note=text)
    export = exports.year_export_data(2023)
    data = exports.year_workbook(export)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    workbook = load_workbook(io.BytesIO(data))
    for sheet, column in (("Projekt", 2), ("Projekt", 18), ("Utbetalningar", 8)):
        for row in range(2, 2 + len(dangerous)):
            cell = workbook[sheet].cell(row=row, column=column)
            assert cell.data_type == "s"
            assert cell.value.startswith("'"), (sheet, row, cell.value)

    text = b"".join(year_csv.projects_csv_chunks(export)).decode("utf-8")
    assert text.startswith("\ufeffFörvaltning;Projektnamn;")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))
    assert len(rows) == 1 + len(dangerous)
    for row in rows[1:]:
        assert row[1].startswith("'") and row[17].startswith("'")


def test_csv_uses_semicolons_decimal_commas_and_bom(year_data):
    data = b"".join(year_csv.projects_csv_chunks(exports.year_export_data(2023)))
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert len(lines) == 7
    assert lines[0].split(";")[:2] == ["Förvaltning", "Projektnamn"]
    assert "1000000,00" in lines[1] and "2022-01-01" in lines[1]
    rows = people_csv_rows(data)
    paid = sorted(comma_decimal(row["Utbetalda EU-medel under året (kr)"]) for row in rows)
    assert paid == [
        Decimal(text) for text in ("1000.50", "2001.00", "2001.00", "3001.50", "3001.50", "4002.00")
    ]
    assert {row["Malmö stads roll"] for row in rows} <= {"Projektägare", "Projektpartner"}
    assert {row["Status för inrapporteringen"] for row in rows} == {"Godkänd"}
    assert {row["Föreslås som exempel"] for row in rows} <= {"Ja", "Nej"}
    assert all(comma_decimal(row["EU-medfinansiering (%)"]) > 0 for row in rows)


def test_csv_headings_and_labels_follow_the_reader_s_language(year_data):
    with translation.override("en"):
        data = b"".join(year_csv.projects_csv_chunks(exports.year_export_data(2023)))
    rows = people_csv_rows(data)
    assert list(rows[0])[:2] == ["Administration", "Project name"]
    assert {row["Submission status"] for row in rows} == {"Approved"}
    # Still for Excel set to Swedish: the decimal comma stays.
    assert "," in rows[0]["EU funds paid out during the year (SEK)"]


def test_preliminary_export_includes_drafts(year_data, administration):
    Submission.objects.filter(administration=administration).update(state="draft")
    assert len(list(exports.year_export_data(2023).projects)) == 3
    assert len(list(exports.year_export_data(2023, preliminary=True).projects)) == 6


@pytest.mark.parametrize(
    ("method", "name"), [("post", "export_workbook_status"), ("get", "export_csv")]
)
def test_official_and_development_coordinator_download(
    client, official, development_coordinator, year_data, method, name
):
    # The workbook is asked for with its button (made at once in the tests), then downloaded.
    for user in (official, development_coordinator):
        client.force_login(user)
        response = getattr(client, method)(reverse(f"reporting:{name}", args=[2023]), follow=True)
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]


def test_coordinator_may_not_download_and_anonymous_logs_in(client, coordinator, year_data):
    url = reverse("reporting:export_workbook", args=[2023])
    response = client.get(url)
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
    client.force_login(coordinator)
    assert client.get(url).status_code == 403
    assert client.get(reverse("reporting:export_index")).status_code == 403


def test_unknown_year_is_404(client, official):
    client.force_login(official)
    assert client.get(reverse("reporting:export_workbook", args=[1999])).status_code == 404


def test_export_index_query_count(client, official, django_assert_num_queries):
    for year in range(2015, 2024):
        factories.ReportingYearFactory(year=year)
    client.force_login(official)
    with django_assert_num_queries(4):  # session, user, years, the organisation's name
        response = client.get(reverse("reporting:export_index"))
    assert response.status_code == 200
    assert response.content.decode().count("?preliminar=1") == 2 * 9


def test_workbook_query_counts_are_constant(client, official, year_data, django_assert_num_queries):
    client.force_login(official)
    url = reverse("reporting:export_workbook", args=[2023])
    ask = reverse("reporting:export_workbook_status", args=[2023])
    # Making it (the worker's part): the figures' 3 queries (no examples), and one query each
    # for the projects, their other administrations and the payouts, whatever the rows, the
    # organisation the headings name and the year's status.
    with django_assert_num_queries(8):
        exports.year_workbook(exports.year_export_data(2023))
    # Serving it once asked for and made (at once in the tests, by the worker in production):
    # session, user, the year, the year's data version and the file's state, and on the first
    # download its bytes (one slice here), copied to the server's disk; then sent from there.
    client.post(ask)
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200
    for report in factories.ProjectReportFactory.create_batch(
        25, submission=Submission.objects.filter(state="approved").first()
    ):
        factories.PayoutFactory.create_batch(3, report=report)
    year_data_changed(years=[2023])  # as the services adding them do
    with django_assert_num_queries(8):
        exports.year_workbook(exports.year_export_data(2023))
    client.post(ask)  # the data changed: a new file
    with django_assert_num_queries(6):
        response = client.get(url)
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook["Projekt"].max_row == 1 + 6 + 25 + 2
    assert workbook["Utbetalningar"].max_row == 1 + 6 + 75 + 2


def test_workbook_is_written_row_by_row_in_write_only_mode(year_data, monkeypatch):
    from openpyxl import Workbook

    modes = []
    real = Workbook.__init__

    def remember(self, write_only=False, iso_dates=False):
        modes.append(write_only)
        real(self, write_only=write_only, iso_dates=iso_dates)

    monkeypatch.setattr(Workbook, "__init__", remember)
    data = exports.year_workbook(exports.year_export_data(2023))
    assert modes == [True]
    summary = load_workbook(io.BytesIO(data))["Sammanfattning"]
    assert summary["A1"].value == "Redovisning av internationellt arbete"
    assert summary["A1"].font.bold and summary["B5"].value == 6
    assert summary["A2"].value == "Årets status"


def test_csv_download_is_streamed_with_the_same_bytes(
    client, official, year_data, django_assert_num_queries
):
    client.force_login(official)
    response = client.get(reverse("reporting:export_csv", args=[2023]))
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="projekt-2023.csv"' in response["Content-Disposition"]
    # The rows are read while the response is sent: the projects and their partners; after the
    # last chunk the request gives back its slot of the user's requests in flight.
    with django_assert_num_queries(3):
        body = b"".join(response.streaming_content)
    assert body == b"".join(year_csv.projects_csv_chunks(exports.year_export_data(2023)))
    assert body.decode("utf-8-sig").count("\r\n") == 1 + 6


def test_csv_chunks_hold_a_bounded_number_of_rows(year_data):
    chunks = list(year_csv.projects_csv_chunks(exports.year_export_data(2023), rows_per_chunk=2))
    assert [chunk.decode("utf-8-sig").count("\r\n") for chunk in chunks] == [2, 2, 2, 1]
