"""The coordinator's Excel pages: access, upload, preview and confirm."""

import html
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.excel import layout
from projects.models import Payout, Submission
from tests import factories
from tests.projects.excel_helpers import (
    filled_submission,
    open_template,
    save,
    set_cell,
    template_for,
)

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def submission(administration):
    return filled_submission(administration, projects=2, payouts_per_project=1)


def upload(client, submission, data, name="mall.xlsx"):
    return client.post(
        reverse("projects:excel_upload", args=[submission.pk]),
        {"file": SimpleUploadedFile(name, data, content_type=XLSX)},
    )


def hidden_input(body: str, name: str) -> str:
    """The value of a hidden field in the page, as the browser would send it."""
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', body)
    assert match, f"no hidden field {name}"
    return html.unescape(match.group(1))


def test_coordinator_downloads_prefilled_template(client, coordinator, submission):
    client.force_login(coordinator)
    response = client.get(reverse("projects:excel_template", args=[submission.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "mall-MF-2023.xlsx" in response["Content-Disposition"]
    workbook = open_template(response.content)
    assert workbook.sheetnames == [
        "Instruktioner",
        "Projekt",
        "Utbetalningar",
        "Listor",
        "Mallinfo",
    ]
    assert workbook["Mallinfo"].sheet_state == "veryHidden"
    assert workbook["Listor"].sheet_state == "hidden"
    projects = workbook["Projekt"]
    assert projects.protection.sheet and projects.freeze_panes == "A2"
    assert projects["A1"].protection.locked and not projects["A2"].protection.locked
    validations = {
        str(dv.sqref).split(":")[0]: dv for dv in projects.data_validations.dataValidation
    }
    assert projects["C1"].value == "Ta med i år" and projects["C2"].value == "Ja"
    assert validations["C2"].formula1.startswith("'Listor'!$E$2:$E$")  # Ja/Nej
    assert validations["F2"].type == "list"
    assert validations["F2"].formula1.startswith("'Listor'!$A$2:$A$")
    assert validations["N2"].type == "date"
    assert validations["P2"].type == "decimal"
    listed = [row[0] for row in workbook["Listor"].iter_rows(min_row=2, values_only=True)]
    assert "Europeiska socialfonden (ESF/ESF+)" in listed
    meta = dict(workbook["Mallinfo"].iter_rows(values_only=True))
    assert (meta["Mallversion"], meta["År"], meta["Förvaltning"]) == ("2", 2023, "MF")
    assert projects["D2"].value.startswith("Projekt 0")


@pytest.mark.parametrize("name", ["excel_template", "excel_upload", "excel_preview"])
def test_other_administrations_coordinator_gets_404(client, other_coordinator, submission, name):
    client.force_login(other_coordinator)
    assert client.get(reverse(f"projects:{name}", args=[submission.pk])).status_code == 404


@pytest.mark.parametrize("name", ["excel_template", "excel_upload"])
def test_official_and_development_coordinator_cannot_upload(
    client, official, development_coordinator, submission, name
):
    for user in (official, development_coordinator):
        client.force_login(user)
        assert client.get(reverse(f"projects:{name}", args=[submission.pk])).status_code == 403
    client.force_login(official)
    assert upload(client, submission, template_for(submission)).status_code == 403


def test_anonymous_is_sent_to_login(client, submission):
    response = client.get(reverse("projects:excel_upload", args=[submission.pk]))
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


def test_submitted_submission_takes_no_upload(client, coordinator, submission):
    Submission.objects.filter(pk=submission.pk).update(state=Submission.State.SUBMITTED)
    client.force_login(coordinator)
    assert upload(client, submission, template_for(submission)).status_code == 403


def test_refused_file_shows_swedish_message_and_saves_nothing(
    client, coordinator, submission, media_root
):
    client.force_login(coordinator)
    response = upload(client, submission, b"Namn;Belopp\n", name="lista.xlsx")
    assert response.status_code == 400
    assert response.context["form"].has_error("file", "not_xlsx")
    assert (
        not list((media_root / "imports").glob("*")) if (media_root / "imports").exists() else True
    )


def test_upload_preview_then_confirm_saves_everything(client, coordinator, submission, media_root):
    client.force_login(coordinator)
    workbook = open_template(template_for(submission))
    set_cell(workbook, layout.SHEET_PAYOUTS, 2, "amount_sek", "99 999,50")
    response = upload(client, submission, save(workbook))
    assert response.status_code == 302
    preview_url = response["Location"]
    token = re.search(r"\?t=(.+)$", preview_url).group(1)

    preview = client.get(preview_url)
    body = preview.content.decode()
    assert preview.status_code == 200
    assert "Ändras:" in body and "belopp (kr)" in body
    assert not Payout.objects.filter(amount_sek=Decimal("99999.50")).exists()
    # The confirm form sends the token alone: the versions the preview showed stay on the server.
    assert hidden_input(body, "t") == token
    assert 'name="seen_versions"' not in body

    response = client.post(
        reverse("projects:excel_preview", args=[submission.pk]),
        {"t": token, "confirm_warnings": "1"},
    )
    assert response.status_code == 302
    assert response["Location"] == submission.get_absolute_url()
    assert Payout.objects.filter(
        report__submission=submission, amount_sek=Decimal("99999.50")
    ).exists()
    assert list((media_root / "imports").glob("*.xlsx")) == []


def test_preview_lists_errors_by_sheet_row_and_column(client, coordinator, submission):
    client.force_login(coordinator)
    workbook = open_template(template_for(submission))
    set_cell(workbook, layout.SHEET_PAYOUTS, 3, "payment_date", "2022-12-30")
    response = client.get(upload(client, submission, save(workbook))["Location"])
    body = response.content.decode()
    [error] = response.context["plan"].errors
    assert (error.sheet, error.row, error.column, error.code) == (
        "Utbetalningar",
        3,
        "D",
        "payout_outside_year",
    )
    assert f"{error.location}: {error.message}" in body
    assert "Bekräfta och spara" not in body


def test_token_of_another_user_is_not_accepted(client, coordinator, submission, administration):
    from tests import factories

    client.force_login(coordinator)
    location = upload(client, submission, template_for(submission))["Location"]
    colleague = factories.CoordinatorFactory(administration=administration)
    client.force_login(colleague)
    response = client.get(location)
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:excel_upload", args=[submission.pk])


def test_preview_query_count_does_not_grow_with_rows(
    client, coordinator, administration, other_administration, django_assert_num_queries
):
    """The duplicate check is read once for all rows: 2 and 20 project rows cost the same, on
    the upload (which plans the import) and on the preview (which shows the kept plan)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = filled_submission(other_administration, projects=2, payouts_per_project=1)
    small_coordinator = factories.CoordinatorFactory(administration=other_administration)
    client.force_login(small_coordinator)
    small_data = template_for(small)
    upload(client, small, small_data)  # the first request fills Django's caches
    upload_queries = []
    with connection.execute_wrapper(
        lambda execute, *args: upload_queries.append(1) or execute(*args)
    ):
        location = upload(client, small, small_data)["Location"]
    with CaptureQueriesContext(connection) as baseline:
        assert client.get(location).status_code == 200
    # Counted from the indexes: the log itself may be reset when the request finishes.
    upload_count = len(upload_queries)
    baseline_count = baseline.final_queries - baseline.initial_queries
    assert upload_count > 10

    submission = filled_submission(administration, projects=20, payouts_per_project=3)
    client.force_login(coordinator)
    data = template_for(submission)
    upload(client, submission, data)
    with django_assert_num_queries(upload_count):
        location = upload(client, submission, data)["Location"]
    with django_assert_num_queries(baseline_count):
        assert client.get(location).status_code == 200


def test_file_over_10_mb_is_refused_before_reading(client, coordinator, submission):
    client.force_login(coordinator)
    response = upload(client, submission, b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024))
    assert response.status_code == 400
    assert response.context["form"].has_error("file", "too_large")


def test_template_of_another_year_is_refused_on_upload(client, coordinator, submission):
    from tests import factories

    other_year = factories.SubmissionFactory(
        administration=submission.administration,
        reporting_year=factories.ReportingYearFactory(year=2024),
    )
    client.force_login(coordinator)
    response = upload(client, other_year, template_for(submission))
    assert response.status_code == 400
    assert "Mallen gäller år 2023, men inrapporteringen gäller 2024." in response.content.decode()


def _preview_and_confirm(client, submission, data) -> str:
    """Upload ``data``, read the preview, confirm it; returns the preview's text."""
    preview_url = upload(client, submission, data)["Location"]
    body = client.get(preview_url).content.decode()
    token = re.search(r"\?t=(.+)$", preview_url).group(1)
    response = client.post(
        reverse("projects:excel_preview", args=[submission.pk]),
        {"t": token, "confirm_warnings": "1"},
    )
    assert response.status_code == 302, response.content.decode()
    return body


def test_uploading_the_same_filled_template_again_changes_nothing(
    client, coordinator, administration
):
    """Downloaded empty, filled without keys, imported, then uploaded again: each project is
    "Ingen ändring", never both added and removed, and nothing is doubled."""
    submission = factories.SubmissionFactory(administration=administration)
    programme = factories.FundingProgrammeFactory()
    client.force_login(coordinator)
    template = client.get(reverse("projects:excel_template", args=[submission.pk])).content
    workbook = open_template(template)
    for row, (key, name) in enumerate([("NY1", "Grön hamn"), ("", "Blå stad")], start=2):
        for column, value in {
            "key": key,
            "name": name,
            "programme": programme.name,
            "role": "Projektägare",
            "start_date": "2023-01-01",
            "end_date": "2024-12-31",
            "total_budget_sek": "1 000 000",
            "own_budget_sek": "500 000",
            "eu_cofinancing_rate": "50",
            "council_goal": "Utbildning och arbete",
            "results": "Resultat.",
        }.items():
            set_cell(workbook, layout.SHEET_PROJECTS, row, column, value or None)
    payouts = [
        {"project_key": "NY1", "payment_date": "2023-03-01", "amount_sek": "10 000"},
        {"project_key": "NY1", "payment_date": "2023-03-01", "amount_sek": "10 000"},
        {"project_name": "Blå stad", "payment_date": "2023-05-01", "amount_sek": "20 000"},
    ]
    for row, payout in enumerate(payouts, start=2):
        for column, value in payout.items():
            set_cell(workbook, layout.SHEET_PAYOUTS, row, column, value)
    data = save(workbook)

    first = _preview_and_confirm(client, submission, data)
    assert first.count("Nytt projekt läggs till") == 2
    assert submission.project_reports.count() == 2
    assert Payout.objects.filter(report__submission=submission).count() == 3

    again = _preview_and_confirm(client, submission, data)
    assert "Nytt projekt läggs till" not in again
    assert "Tas bort" not in again
    assert "Ny utbetalning" not in again
    assert again.count("Ingen ändring") == 2
    assert "Filen innehåller inga ändringar jämfört med inrapporteringen." in again
    assert sorted(submission.project_reports.values_list("name", flat=True)) == [
        "Blå stad",
        "Grön hamn",
    ]
    assert Payout.objects.filter(report__submission=submission).count() == 3


def test_untouched_template_preview_says_nothing_is_imported_and_offers_no_confirm(
    client, coordinator, administration
):
    filled_submission(administration, year=2022, projects=2, payouts_per_project=0)
    submission = factories.SubmissionFactory(
        administration=administration, reporting_year=factories.ReportingYearFactory(year=2023)
    )
    client.force_login(coordinator)
    body = client.get(upload(client, submission, template_for(submission))["Location"]).content
    body = body.decode()
    assert 'id="nothing-to-import"' in body
    assert body.count("<li>Rad ") == 2  # the two rows left out, by row and name
    assert "Bekräfta och spara" not in body


def test_unticked_warning_box_shows_an_error_summary_and_saves_nothing(
    client, coordinator, submission
):
    client.force_login(coordinator)
    workbook = open_template(template_for(submission))
    set_cell(workbook, layout.SHEET_PROJECTS, 2, "eu_cofinancing_rate", "95")
    location = upload(client, submission, save(workbook))["Location"]
    token = re.search(r"\?t=(.+)$", location).group(1)
    body = client.get(location).content.decode()
    assert 'name="confirm_warnings"' in body and " required" not in body

    response = client.post(reverse("projects:excel_preview", args=[submission.pk]), {"t": token})
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="error-summary"' in body and 'href="#confirm_warnings"' in body
    assert 'aria-invalid="true"' in body
    assert not submission.project_reports.filter(eu_cofinancing_rate=95).exists()
