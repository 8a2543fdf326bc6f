"""Narrative, copy forward, removing a project and submitting."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse

from projects import services
from projects.access import SUBMISSION_LOCKED
from projects.models import (
    Organisation,
    Payout,
    Project,
    ProjectReport,
    Submission,
    SubmissionComment,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(administration):
    return factories.SubmissionFactory(administration=administration)


def narrative_data(submission, **overrides):
    data = dict.fromkeys(Submission.NARRATIVE_FIELDS, "Inga.")
    data["version"] = submission.version
    return data | overrides


def complete(submission):
    Submission.objects.filter(pk=submission.pk).update(
        **dict.fromkeys(Submission.NARRATIVE_FIELDS, "Text.")
    )
    factories.PayoutFactory(report=factories.ProjectReportFactory(submission=submission))
    submission.refresh_from_db()


# --- Narrative ---------------------------------------------------------------------------------


def test_narrative_is_saved_with_history(coordinator_client, coordinator, submission):
    url = reverse("projects:narrative", args=[submission.pk])
    assert 'name="overview"' in coordinator_client.get(url).content.decode()
    response = coordinator_client.post(
        url, narrative_data(submission, overview="Vi deltog i tre projekt.")
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.overview == "Vi deltog i tre projekt."
    assert submission.version == 2
    assert submission.updated_by == coordinator
    assert submission.history.first().history_user == coordinator


def test_narrative_saved_by_someone_else_meanwhile_is_not_overwritten(
    coordinator_client, submission
):
    url = reverse("projects:narrative", args=[submission.pk])
    stale = narrative_data(submission, overview="Min text")
    Submission.objects.filter(pk=submission.pk).update(overview="Kollegans text", version=2)
    response = coordinator_client.post(url, stale)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Någon annan har ändrat inrapporteringen medan du redigerade. Ladda om sidan" in html
    submission.refresh_from_db()
    assert submission.overview == "Kollegans text"


# --- Copy forward ------------------------------------------------------------------------------


@pytest.fixture
def last_year(administration):
    previous = factories.SubmissionFactory(
        administration=administration, reporting_year=factories.ReportingYearFactory(year=2022)
    )
    running = factories.ProjectReportFactory(
        submission=previous,
        name="Pågående",
        end_date=datetime.date(2023, 1, 1),
        results="Förra årets resultat",
    )
    factories.PayoutFactory(report=running)
    ended = factories.ProjectReportFactory(
        submission=previous, name="Avslutat", end_date=datetime.date(2022, 12, 31)
    )
    return running, ended


def test_copy_forward_offers_only_projects_running_this_year(
    coordinator_client, submission, last_year
):
    running, ended = last_year
    url = reverse("projects:copy_forward", args=[submission.pk])
    html = coordinator_client.get(url).content.decode()
    assert "Pågående" in html
    assert "Avslutat" not in html
    response = coordinator_client.post(url, {"projects": [running.pk]})
    assert response.status_code == 302
    report = ProjectReport.objects.get(submission=submission)
    assert report.project == running.project  # the same project continues, not a new one
    assert (report.name, report.end_date) == (running.name, running.end_date)  # facts copied
    assert report.results == ""  # results never copied
    assert not report.payouts.exists()  # payouts never copied
    assert report.council_goal == running.council_goal  # still one of the year's goals
    assert Project.objects.count() == 2
    # Already included projects are no longer offered.
    assert "Pågående" not in coordinator_client.get(url).content.decode()


def test_copy_forward_refuses_a_project_that_ended(coordinator_client, submission, last_year):
    _running, ended = last_year
    url = reverse("projects:copy_forward", args=[submission.pk])
    response = coordinator_client.post(url, {"projects": [ended.pk]})
    assert response.status_code == 200
    assert "projects" in response.context["form"].errors
    assert not submission.project_reports.exists()


def test_copy_forward_does_not_offer_another_administrations_projects(
    coordinator_client, submission, other_administration
):
    other_previous = factories.SubmissionFactory(
        administration=other_administration,
        reporting_year=factories.ReportingYearFactory(year=2022),
    )
    factories.ProjectReportFactory(submission=other_previous, name="Grannens projekt")
    url = reverse("projects:copy_forward", args=[submission.pk])
    assert "Grannens projekt" not in coordinator_client.get(url).content.decode()


# --- Removing a project ------------------------------------------------------------------------


def test_remove_project_deletes_report_payouts_and_orphan_project(coordinator_client, submission):
    report = factories.ProjectReportFactory(submission=submission)
    factories.PayoutFactory.create_batch(2, report=report)
    url = reverse("projects:project_remove", args=[submission.pk, report.pk])
    assert "2 utbetalningar tas bort" in coordinator_client.get(url).content.decode()
    response = coordinator_client.post(url, {"version": report.version})
    assert response.status_code == 302
    assert not ProjectReport.objects.exists()
    assert not Payout.objects.exists()
    assert not Project.objects.exists()


def test_remove_keeps_a_project_reported_in_another_year(coordinator_client, submission, last_year):
    running, _ended = last_year
    report = factories.ProjectReportFactory(submission=submission, project=running.project)
    url = reverse("projects:project_remove", args=[submission.pk, report.pk])
    coordinator_client.post(url, {"version": report.version})
    assert not ProjectReport.objects.filter(submission=submission).exists()
    assert Project.objects.filter(pk=running.project.pk).exists()
    assert running.payouts.exists()


def test_remove_with_stale_version_is_refused(coordinator_client, submission):
    report = factories.ProjectReportFactory(submission=submission)
    url = reverse("projects:project_remove", args=[submission.pk, report.pk])
    response = coordinator_client.post(url, {"version": report.version + 1})
    assert response.status_code == 200
    assert "Någon annan har ändrat projektet" in response.content.decode()
    assert ProjectReport.objects.exists()


# --- Submit ------------------------------------------------------------------------------------


def test_submit_is_refused_while_something_is_missing(coordinator_client, submission):
    url = reverse("projects:submission_submit", args=[submission.pk])
    page = coordinator_client.get(url)
    assert any(finding.blocking for finding in page.context["findings"])
    response = coordinator_client.post(
        url, {"confirm_warnings": "on", "version": submission.version}
    )
    assert response.status_code == 200
    assert response.context["form"].has_error(NON_FIELD_ERRORS, "blocking_findings")
    # The refusal's wording, pinned here once.
    assert "Inrapporteringen kan inte skickas in förrän felen är rättade." in (
        response.content.decode()
    )
    submission.refresh_from_db()
    assert submission.state == Submission.State.DRAFT
    assert not mail.outbox


def test_submit_records_state_comment_and_mails_development_coordinators(
    coordinator_client,
    coordinator,
    submission,
    development_coordinator,
    django_capture_on_commit_callbacks,
):
    factories.DevelopmentCoordinatorFactory(email="inaktiv@malmo.se", is_active=False)
    complete(submission)
    url = reverse("projects:submission_submit", args=[submission.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url, {"version": submission.version})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == Submission.State.SUBMITTED
    assert submission.submitted_by == coordinator
    assert submission.submitted_at is not None
    assert (
        SubmissionComment.objects.get(submission=submission).kind
        == SubmissionComment.Kind.SUBMITTED
    )
    assert [m.to for m in mail.outbox] == [["utveckling@malmo.se"]]
    assert "Miljöförvaltningen har skickat in sin inrapportering för 2023" in mail.outbox[0].subject
    assert submission.get_absolute_url() in mail.outbox[0].body
    # Read only afterwards: the entry pages send the coordinator back with a message.
    response = coordinator_client.get(reverse("projects:project_create", args=[submission.pk]))
    assert response.status_code == 302
    response = coordinator_client.get(response.url)
    assert str(SUBMISSION_LOCKED) in [str(m) for m in response.context["messages"]]


def test_submit_with_warnings_needs_confirmation(coordinator_client, submission):
    complete(submission)
    ProjectReport.objects.update(eu_cofinancing_rate=Decimal("90"))
    url = reverse("projects:submission_submit", args=[submission.pk])
    response = coordinator_client.post(url, {"version": submission.version})
    assert response.status_code == 200
    assert response.context["confirm_missing"]
    assert 'id="confirm-warnings-error"' in response.content.decode()
    assert "cofinancing_outside_range" in {f.code for f in response.context["findings"]}
    submission.refresh_from_db()
    assert submission.state == Submission.State.DRAFT
    response = coordinator_client.post(
        url, {"confirm_warnings": "on", "version": submission.version}
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == Submission.State.SUBMITTED


def test_returned_submission_can_be_changed_and_submitted_again(coordinator, submission):
    complete(submission)
    Submission.objects.filter(pk=submission.pk).update(state=Submission.State.RETURNED)
    submission.refresh_from_db()
    services.submission_submit(
        submission=submission,
        by=coordinator,
        confirm_warnings=False,
        version=submission.version,
    )
    submission.refresh_from_db()
    assert submission.state == Submission.State.SUBMITTED


def test_service_refuses_to_submit_twice(coordinator, submission):
    complete(submission)
    services.submission_submit(
        submission=submission, by=coordinator, confirm_warnings=False, version=submission.version
    )
    submission.refresh_from_db()
    with pytest.raises(ValidationError):
        services.submission_submit(
            submission=submission,
            by=coordinator,
            confirm_warnings=False,
            version=submission.version,
        )
    assert SubmissionComment.objects.count() == 1


def test_submit_after_someone_changed_the_narrative_is_refused(coordinator_client, submission):
    complete(submission)
    url = reverse("projects:submission_submit", args=[submission.pk])
    seen = submission.version
    Submission.objects.filter(pk=submission.pk).update(
        overview="Ändrad av kollega", version=seen + 1
    )
    response = coordinator_client.post(url, {"version": seen})
    assert response.status_code == 200
    assert (
        "Någon annan har ändrat inrapporteringen medan du redigerade" in response.content.decode()
    )
    submission.refresh_from_db()
    assert submission.state == Submission.State.DRAFT


def test_submit_without_the_seen_version_is_refused(coordinator_client, submission):
    complete(submission)
    url = reverse("projects:submission_submit", args=[submission.pk])
    response = coordinator_client.post(url, {"confirm_warnings": "on"})
    assert response.status_code == 200
    assert "Sidan är inaktuell" in response.content.decode()
    submission.refresh_from_db()
    assert submission.state == Submission.State.DRAFT


def test_copy_forward_error_summary_links_to_the_first_checkbox(
    coordinator_client, submission, last_year
):
    url = reverse("projects:copy_forward", args=[submission.pk])
    response = coordinator_client.post(url, {})
    assert response.status_code == 200
    assert "projects" in response.context["form"].errors
    html = response.content.decode()
    assert 'href="#id_projects_0"' in html
    assert 'id="id_projects_0"' in html
    assert 'href="#"' not in html


def test_the_submit_step_names_the_organisations_own_office(coordinator_client, submission):
    Organisation.objects.update(office_name="Kommunledningskontoret")
    complete(submission)
    url = reverse("projects:submission_submit", args=[submission.pk])
    page = coordinator_client.get(url).content.decode()
    assert "Skicka in till kommunledningskontoret</button>" in page
    assert "om inte kommunledningskontoret skickar tillbaka den" in page
    response = coordinator_client.post(url, {"version": submission.version}, follow=True)
    shown = response.content.decode()
    assert "Inrapporteringen har skickats in till kommunledningskontoret." in shown
    assert "granskas av kommunledningskontoret" in shown
    assert "tadskontor" not in shown
    coordinator_client.cookies["django_language"] = "en"
    english = coordinator_client.get(response.request["PATH_INFO"]).content.decode()
    assert "is being reviewed by Kommunledningskontoret" in english
