"""Who gets which rows of a published version's "Underlag (Excel)" (docs/roles.md): the
development coordinator and officials the whole stored workbook, a coordinator their own
administration's rows only, cut out when downloaded, so every version ever published is
covered."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from projects.models import Submission, User
from reporting.exports.rows import ROWS_WIDTHS
from reporting.memo.files import memo_publish
from reporting.memo.services import memo_create_draft
from reporting.models import PublishedMemo
from tests import factories as f
from tests.reporting.memo_helpers import build_two_years, make_publishable

pytestmark = pytest.mark.django_db

# The projects of build_two_years, by whose they are.
ENVIRONMENT_PROJECTS = {"Klimatsmart stad", "Gammalt projekt"}  # 2023 and 2022
CULTURE_PROJECTS = {"Läsning utan gränser"}
# The environment administration's name in 2022, before it was renamed.
OLD_NAME = "Miljö- och hälsoskyddsförvaltningen"


@pytest.fixture
def published(development_coordinator):
    """2023 published twice; the environment administration had another name in 2022, so the
    2022 rows the 2023 memo compares with carry that name."""
    world = build_two_years()
    Submission.objects.filter(
        administration=world["environment"], reporting_year__year=2022
    ).update(administration_name=OLD_NAME)
    memo = make_publishable(memo_create_draft(year=2023, user=development_coordinator))
    memo_publish(memo=memo, user=development_coordinator)
    memo_publish(memo=memo, user=development_coordinator)
    return world


def coordinator_of(administration) -> User:
    return f.CoordinatorFactory(
        email=f"{administration.short_code}@malmo.se", administration=administration
    )


def url(version: int = 2) -> str:
    return reverse("reporting:published_memo_rows", args=[2023, version])


def download(client, user, version: int = 2) -> bytes:
    client.force_login(user)
    response = client.get(url(version))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "underlag-internationellt-arbete-2023-version-" in response["Content-Disposition"]
    return b"".join(response)


def sheets(data: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def projects_in(data: bytes) -> set[str]:
    """The project of every row on the figures' sheets (the third column, after the headings)."""
    return {
        row[2]
        for title, rows in sheets(data).items()
        if title != "Siffror"
        for row in rows[2:]
        if row[0] not in ("Summa", "Antal")
    }


def test_a_coordinator_downloads_their_own_administrations_rows_and_none_of_anothers(
    client, published
):
    culture = download(client, coordinator_of(published["culture"]))
    environment = download(client, coordinator_of(published["environment"]))
    # Each has rows, and each only their own: the 2022 row under the name of that year too.
    assert projects_in(culture) == CULTURE_PROJECTS
    assert projects_in(environment) == ENVIRONMENT_PROJECTS
    names = {
        row[1]
        for title, rows in sheets(environment).items()
        if title != "Siffror"
        for row in rows[2:]
    }
    assert names == {"Miljöförvaltningen", OLD_NAME}


def test_a_coordinators_workbook_keeps_each_sheets_title_and_headings_but_not_the_citys_totals(
    client, published
):
    whole = sheets(bytes(PublishedMemo.objects.get(year=2023, version=2).rows))
    data = download(client, coordinator_of(published["culture"]))
    part = sheets(data)
    # The same sheets, in the same order.
    assert list(part) == list(whole)
    # The overview: the title and the version's line, then a note instead of the city's table.
    assert part["Siffror"][:2] == [row[:1] for row in whole["Siffror"][:2]]
    assert part["Siffror"][2:] == [
        (None,),
        (
            "Bara raderna för Kulturförvaltningen. Siffrorna i tjänsteskrivelsen gäller hela "
            "staden och står i PDF:en; bladen här har därför ingen summarad.",
        ),
    ]
    for title, rows in part.items():
        if title == "Siffror":
            continue
        assert rows[:2] == whole[title][:2], title
        assert all(row[0] not in ("Summa", "Antal") for row in rows), title
        assert all(row[1] == "Kulturförvaltningen" for row in rows[2:]), title
    # Amounts stay numbers with their format, columns their widths.
    book = load_workbook(io.BytesIO(data))
    sheet = next(
        sheet
        for sheet in book.worksheets[1:]
        if sheet.max_row > 2 and sheet["H2"].value == "Utbetalningsdatum"
    )
    assert sheet["I3"].value == 360000 and sheet["I3"].number_format == "#,##0.00"
    assert sheet.column_dimensions["C"].width == ROWS_WIDTHS[2]


def test_the_development_coordinator_and_officials_download_the_stored_workbook(
    client, published, development_coordinator, official
):
    stored = bytes(PublishedMemo.objects.get(year=2023, version=2).rows)
    for user in (development_coordinator, official):
        data = download(client, user)
        assert data == stored
        assert projects_in(data) == ENVIRONMENT_PROJECTS | CULTURE_PROJECTS


def test_an_earlier_version_is_cut_out_for_a_coordinator_too(client, published):
    data = download(client, coordinator_of(published["culture"]), version=1)
    assert data != bytes(PublishedMemo.objects.get(year=2023, version=1).rows)
    assert projects_in(data) == CULTURE_PROJECTS
