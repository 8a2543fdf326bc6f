"""The confirm holds the coordinator to the versions the preview showed, as the server kept them:
nothing the browser sends can make a newer edit by a colleague look already seen."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects import services
from projects.excel import layout, pending
from projects.models import Payout, ProjectReport
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
NEW_AMOUNT = Decimal("77777.75")


@pytest.fixture
def submission(administration):
    return filled_submission(administration, projects=2, payouts_per_project=1)


@pytest.fixture
def colleague(administration):
    return factories.CoordinatorFactory(administration=administration)


def first_report(submission) -> ProjectReport:
    return submission.project_reports.order_by("pk").first()


def previewed(client, submission) -> str:
    """Upload a file that changes a payout and open its preview; returns the token."""
    workbook = open_template(template_for(submission))
    set_cell(workbook, layout.SHEET_PAYOUTS, 2, "amount_sek", "77 777,75")
    response = client.post(
        reverse("projects:excel_upload", args=[submission.pk]),
        {"file": SimpleUploadedFile("mall.xlsx", save(workbook), content_type=XLSX)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Ändras:" in client.get(response["Location"]).content.decode()
    return re.search(r"\?t=(.+)$", response["Location"]).group(1)


def colleague_edits(submission, colleague) -> ProjectReport:
    """A colleague saves new results for the first project, through the entry service."""
    report = first_report(submission)
    return services.project_report_save(
        submission=submission,
        report=report,
        values={"results": "Kollegans resultat."},
        version=report.version,
        by=colleague,
    )


def forged_versions(submission) -> str:
    """The current versions, in the form the confirm used to send them."""
    return ",".join(
        f"{pk}:{version}"
        for pk, version in submission.project_reports.order_by("pk").values_list("pk", "version")
    )


def confirm(client, submission, token, **extra):
    return client.post(
        reverse("projects:excel_preview", args=[submission.pk]),
        {"t": token, "confirm_warnings": "1", **extra},
    )


def test_forged_current_versions_cannot_overwrite_a_colleagues_edit(
    client, coordinator, colleague, submission
):
    client.force_login(coordinator)
    token = previewed(client, submission)
    edited = colleague_edits(submission, colleague)

    response = confirm(client, submission, token, seen_versions=forged_versions(submission))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("projects:excel_preview", args=[submission.pk]))
    page = client.get(response["Location"]).content.decode()
    assert "Sedan du förhandsgranskade filen har någon annan ändrat" in page
    assert f"{edited.name} (ändrat)" in page
    edited.refresh_from_db()
    assert edited.results == "Kollegans resultat."
    assert not Payout.objects.filter(amount_sek=NEW_AMOUNT).exists()


def test_the_service_checks_the_kept_plans_versions_not_the_callers(
    client, coordinator, colleague, submission
):
    client.force_login(coordinator)
    token = previewed(client, submission)
    found = pending.load(token, submission_id=submission.pk, user_id=coordinator.pk)
    plan = pending.kept_plan(found, submission=submission)
    edited = colleague_edits(submission, colleague)

    with pytest.raises(ValidationError) as refused:
        services.submission_import_workbook(
            submission=submission,
            data=found.data,
            checksum=found.checksum,
            plan=plan,
            by=coordinator,
        )
    assert refused.value.code == "stale"
    assert f"{edited.name} (ändrat)" in refused.value.messages[0]
    edited.refresh_from_db()
    assert edited.results == "Kollegans resultat."
    assert not Payout.objects.filter(amount_sek=NEW_AMOUNT).exists()


def test_a_project_removed_or_added_since_the_preview_is_named_and_nothing_is_written(
    client, coordinator, colleague, submission
):
    client.force_login(coordinator)
    token = previewed(client, submission)
    removed = submission.project_reports.order_by("pk").last()
    services.project_report_remove(report=removed, version=removed.version, by=colleague)
    added = factories.ProjectReportFactory(submission=submission, name="Sent tillagt")

    page = client.get(confirm(client, submission, token)["Location"]).content.decode()

    assert "Sent tillagt (tillagt)" in page
    assert "1 projekt borttaget" in page
    assert ProjectReport.objects.filter(pk=added.pk).exists()
    assert not Payout.objects.filter(amount_sek=NEW_AMOUNT).exists()


def test_after_the_refusal_the_new_preview_is_what_the_confirm_writes(
    client, coordinator, colleague, submission
):
    client.force_login(coordinator)
    token = previewed(client, submission)
    edited = colleague_edits(submission, colleague)
    page = client.get(confirm(client, submission, token)["Location"]).content.decode()
    # The new preview shows that the file would put back the results the colleague changed.
    assert "Årets uppgifter ändras (mål, resultat eller exempel)" in page

    response = confirm(client, submission, token)

    assert response["Location"] == submission.get_absolute_url()
    edited.refresh_from_db()
    assert edited.results == "Resultat 0"
    assert Payout.objects.filter(amount_sek=NEW_AMOUNT).exists()
