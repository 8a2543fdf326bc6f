"""The rows behind the memo's figures: the editor's links and the workbook stored with each
published version, so that the archived version can be checked without the application."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from projects.models import Payout, ProjectReport, Submission
from reporting.memo.files import memo_publish
from reporting.memo.services import memo_create_draft, memo_refresh_figures
from reporting.models import PublishedMemo
from tests import factories as f
from tests.reporting.memo_helpers import approved_submission, build_two_years, make_publishable
from tests.reporting.people_csv import comma_decimal, people_csv_rows

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a href="([^"]+)" class="figure-rows-link">([^<]+)<span')


def workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def overview_rows(book) -> list[dict]:
    """The first sheet's figure rows, by heading."""
    rows = list(book["Siffror"].iter_rows(values_only=True))
    header = rows.index(
        (
            "Blad",
            "Avsnitt",
            "Siffra",
            "I tjänsteskrivelsen",
            "Radernas summa eller antal",
            "Antal rader",
        )
    )
    return [dict(zip(rows[header], row, strict=True)) for row in rows[header + 1 :]]


def sheet_total(sheet) -> tuple[Decimal | int, int]:
    """What a figure's sheet adds up to, counted from its rows (not its total line): the sum
    of the amount or budget column for sums, the number of rows for counts; and the count."""
    rows = list(sheet.iter_rows(values_only=True))
    header, data = rows[1], rows[2:-1]
    assert rows[-1][0] in ("Summa", "Antal")
    if rows[-1][0] == "Antal":
        return len(data), len(data)
    column = header.index("Belopp (kr)" if "Belopp (kr)" in header else "Total budget (kr)")
    if header[column] == "Total budget (kr)":
        # The smallest or largest budget: every row has it.
        values = {Decimal(str(row[column])) for row in data}
        assert len(values) == 1
        return values.pop(), len(data)
    return sum((Decimal(str(row[column])) for row in data), Decimal("0")), len(data)


def as_number(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def test_the_published_demo_2023_memo_stores_a_workbook_whose_sheets_add_up_to_the_memos_figures(
    demo_2023, development_coordinator
):
    published = memo_publish(memo=demo_2023, user=development_coordinator)
    stored = PublishedMemo.objects.get(pk=published.pk)
    assert stored.has_rows
    assert stored.verify()
    book = workbook(bytes(stored.rows))
    figures = overview_rows(book)
    snapshot = demo_2023.figures_snapshot

    # Every figure: the stated value, the rows' total and the rows on its own sheet agree.
    for figure in figures:
        counted, count = sheet_total(book[figure["Blad"]])
        assert as_number(counted) == as_number(figure["I tjänsteskrivelsen"]), figure
        assert as_number(figure["Radernas summa eller antal"]) == as_number(counted), figure
        assert figure["Antal rader"] == count

    # The figures the memo's text states, as its figures snapshot has them, are all there.
    by_name = {figure["Siffra"]: figure["I tjänsteskrivelsen"] for figure in figures}
    assert by_name["EU-projekt 2023"] == snapshot["projects"]["total"]
    assert by_name["EU-projekt som projektägare 2023"] == snapshot["projects"]["owner"]
    assert by_name["EU-projekt som projektpartner 2023"] == snapshot["projects"]["partner"]
    assert as_number(by_name["Utbetalda EU-medel 2023"]) == Decimal(snapshot["payouts_total_sek"])
    for row in snapshot["payouts_by_administration"]:
        name = f"Utbetalda EU-medel 2023 – {row['administration']}"
        assert as_number(by_name[name]) == Decimal(row["amount_sek"])
    for row in snapshot["payouts_by_council_goal"]:
        assert as_number(by_name[f"Utbetalda EU-medel 2023 – {row['goal']}"]) == Decimal(
            row["amount_sek"]
        )
    for row in snapshot["projects_by_administration"]:
        assert by_name[f"EU-projekt 2023 – {row['administration']}"] == row["total"]
    budget = snapshot["budget_range"]
    assert as_number(by_name["Minsta projektbudget 2023"]) == Decimal(budget["min"]["amount_sek"])
    assert as_number(by_name["Största projektbudget 2023"]) == Decimal(budget["max"]["amount_sek"])
    # The counts as the text states them.
    assert f"medverkan i {snapshot['projects']['total']} EU-projekt" in demo_2023.projects_text

    # The sum per administration is the database's: the payouts of approved 2023 reports.
    total = Payout.objects.filter(
        payment_date__year=2023,
        report__submission__state=Submission.State.APPROVED,
        report__submission__reporting_year__year=2023,
    ).aggregate(total=Sum("amount_sek"))["total"]
    assert as_number(by_name["Utbetalda EU-medel 2023"]) == as_number(total)


def test_a_comparison_with_the_previous_year_lists_that_years_rows_too(development_coordinator):
    build_two_years()
    memo = make_publishable(memo_create_draft(year=2023, user=development_coordinator))
    published = memo_publish(memo=memo, user=development_coordinator)
    book = workbook(bytes(published.rows))
    by_name = {figure["Siffra"]: figure for figure in overview_rows(book)}
    assert "Motsvarande siffror för 2022" in memo.payouts_by_administration_text
    previous = by_name["Utbetalda EU-medel 2022"]
    assert as_number(previous["I tjänsteskrivelsen"]) == Decimal("1000000.00")
    rows = list(book[previous["Blad"]].iter_rows(values_only=True))
    assert [row[2] for row in rows[2:-1]] == ["Gammalt projekt"]
    assert by_name["EU-projekt 2022"]["I tjänsteskrivelsen"] == 1
    # Owner and partner are told apart; administrations are told apart.
    assert by_name["EU-projekt som projektägare 2023"]["I tjänsteskrivelsen"] == 1
    assert as_number(
        by_name["Utbetalda EU-medel 2023 – Kulturförvaltningen"]["I tjänsteskrivelsen"]
    ) == Decimal("360000.00")
    culture = book[by_name["Utbetalda EU-medel 2023 – Kulturförvaltningen"]["Blad"]]
    assert [row[2] for row in list(culture.iter_rows(values_only=True))[2:-1]] == [
        "Läsning utan gränser"
    ]


def test_a_changed_workbook_no_longer_verifies_and_one_without_checksum_cannot_be_stored(
    development_coordinator,
):
    build_two_years()
    memo = make_publishable(memo_create_draft(year=2023, user=development_coordinator))
    published = memo_publish(memo=memo, user=development_coordinator)
    stored = PublishedMemo.objects.get(pk=published.pk)
    assert stored.rows_sha256 == PublishedMemo.checksum(bytes(stored.rows))
    stored.rows = bytes(stored.rows) + b"x"
    assert not stored.verify()
    with pytest.raises(IntegrityError), transaction.atomic():
        PublishedMemo.objects.bulk_create(
            [
                PublishedMemo(
                    memo=memo,
                    year=2023,
                    version=9,
                    pdf=b"%PDF",
                    size=4,
                    sha256="0" * 64,
                    rows=b"PK",
                    title="t",
                    published_by=development_coordinator,
                    published_by_name="x",
                )
            ]
        )


def older_version(memo, user) -> PublishedMemo:
    """A version published before the rows workbook was stored."""
    version = PublishedMemo(
        memo=memo,
        year=memo.year,
        version=1,
        pdf=b"%PDF-1.7 old",
        size=12,
        sha256="0" * 64,
        title=memo.title,
        published_by=user,
        published_by_name="Utvecklingssamordnaren",
        published_at=datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC),
    )
    version.save()
    return version


def test_the_year_page_links_the_workbook_of_each_version_that_has_one(
    client, development_coordinator, official, coordinator
):
    build_two_years()
    memo = make_publishable(memo_create_draft(year=2023, user=development_coordinator))
    older_version(memo, development_coordinator)
    published = memo_publish(memo=memo, user=development_coordinator)
    assert published.version == 2
    new_url = reverse("reporting:published_memo_rows", args=[2023, 2])
    old_url = reverse("reporting:published_memo_rows", args=[2023, 1])

    for user in (development_coordinator, official, coordinator):
        client.force_login(user)
        page = client.get(reverse("reporting:memo_year", args=[2023])).content.decode()
        assert f'href="{new_url}"' in page
        assert "Underlag (Excel), version 2" in page
        assert old_url not in page
        assert "Underlag (Excel), version 1" not in page
        response = client.get(new_url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert (
            "underlag-internationellt-arbete-2023-version-2.xlsx" in response["Content-Disposition"]
        )
        stored = bytes(PublishedMemo.objects.get(version=2).rows)
        # A coordinator's is cut down to their own administration's rows
        # (tests/reporting/test_published_rows_policy.py).
        assert (b"".join(response) == stored) is (user != coordinator)
        assert client.get(old_url).status_code == 404

    client.logout()
    assert client.get(new_url).status_code == 302


# --- the memo editor ---------------------------------------------------------------------


def panel(content: str) -> str:
    start = content.index('id="memo-figure-rows"')
    return content[start : content.index("</section>", start)]


def shown_number(text: str) -> Decimal:
    return Decimal(re.sub(r"\D", "", text))


def test_every_figure_in_the_editor_links_to_rows_that_add_up_to_it(
    client, development_coordinator
):
    build_two_years()
    memo_create_draft(year=2023, user=development_coordinator)
    client.force_login(development_coordinator)
    content = client.get(reverse("reporting:memo_edit", args=[2023])).content.decode()
    links = LINK.findall(panel(content))
    assert "Siffrorna bakom texten" in content
    # Projects, owners, partners, 2022's projects, smallest and largest budget, two
    # administrations; payouts, 2022's payouts, two administrations; two council goals.
    assert len(links) == 14
    shown = {}
    for url, value in links:
        url = url.replace("&amp;", "&")
        page = client.get(url)
        assert page.status_code == 200, url
        rows = page.context["rows"]
        assert shown_number(value) == (
            rows.total if not rows.is_sum else Decimal(int(rows.total))
        ), url
        # The rows themselves, counted or added up from the CSV of the same address.
        path, _, query = url.partition("?")
        lines = people_csv_rows(client.get(f"{path[:-1]}.csv?{query}").content)
        if rows.figure.kind == "payouts":
            assert sum(comma_decimal(line["Belopp (kr)"]) for line in lines) == rows.total
        elif rows.figure.kind == "projects":
            assert len(lines) == rows.total
        else:
            assert {comma_decimal(line["Total budget (kr)"]) for line in lines} == {rows.total}
        shown[url] = rows
    names = {
        (rows.figure.slug, rows.year, rows.row_slice.administration_code) for rows in shown.values()
    }
    assert ("utbetalt", 2023, "KUF") in names
    assert ("utbetalt", 2022, "") in names
    assert ("projekt", 2023, "MF") in names
    culture = next(
        rows
        for rows in shown.values()
        if rows.figure.slug == "utbetalt" and rows.row_slice.administration_code == "KUF"
    )
    assert [row.project for row in culture.rows] == ["Läsning utan gränser"]


def add_administrations(count: int, year: int = 2023) -> None:
    for number in range(count):
        administration = f.AdministrationFactory(
            name=f"Förvaltning {number}", short_code=f"F{number}"
        )
        goal = f.CouncilGoalFactory(name=f"Mål {number}", valid_from_year=2022, order=10 + number)
        report = f.ProjectReportFactory(
            submission=approved_submission(administration, year),
            name=f"Projekt {number}",
            role=ProjectReport.Role.OWNER if number % 2 else ProjectReport.Role.PARTNER,
            council_goal=goal,
        )
        f.PayoutFactory(report=report, amount_sek=Decimal("1000.00") + number)


def test_the_editor_panel_takes_the_same_queries_whatever_the_number_of_figures(
    client, development_coordinator, django_assert_num_queries
):
    build_two_years()
    memo = memo_create_draft(year=2023, user=development_coordinator)
    client.force_login(development_coordinator)
    url = reverse("reporting:memo_edit", args=[2023])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        response = client.get(url)
    small_links = len(LINK.findall(panel(response.content.decode())))

    add_administrations(12)
    memo_refresh_figures(memo=memo, user=development_coordinator)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(LINK.findall(panel(response.content.decode()))) == small_links + 36
