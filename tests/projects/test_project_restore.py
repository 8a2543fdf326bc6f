"""Removing a project from a submission can be undone from the submission page."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from projects import services
from projects.models import Payout, Project, ProjectReport, Submission
from tests import factories
from tests.messages import message_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(administration):
    return factories.SubmissionFactory(administration=administration)


def remove(client, report):
    url = reverse("projects:project_remove", args=[report.submission_id, report.pk])
    response = client.post(url, {"version": report.version})
    assert response.status_code == 302
    return response


def restore_url(report_pk, submission):
    return reverse("projects:project_restore", args=[submission.pk, report_pk])


def test_removed_project_comes_back_as_it_was(coordinator_client, submission, other_administration):
    report = factories.ProjectReportFactory(
        submission=submission, name="Hamnens klimat", results="Tre workshoppar."
    )
    report.participating_administrations.set([other_administration])
    kept = factories.PayoutFactory(
        report=report, amount_sek=Decimal("125000.50"), payment_date=datetime.date(2024, 3, 1)
    )
    factories.PayoutFactory(
        report=report, amount_sek=Decimal("2000"), payment_date=datetime.date(2024, 9, 30)
    )
    # A payout removed earlier by a normal edit stays removed.
    dropped = factories.PayoutFactory(report=report, amount_sek=Decimal("999"))
    dropped.delete()
    project_pk = report.project_id
    remove(coordinator_client, report)
    assert not Project.objects.filter(pk=project_pk).exists()

    page = coordinator_client.get(submission.get_absolute_url()).content.decode()
    assert "”Hamnens klimat”" in page
    assert restore_url(report.pk, submission) in page

    response = coordinator_client.post(restore_url(report.pk, submission))
    assert response.status_code == 302
    restored = ProjectReport.objects.get(pk=report.pk)
    assert restored.submission == submission
    assert restored.project_id == project_pk
    assert (restored.name, restored.results) == ("Hamnens klimat", "Tre workshoppar.")
    assert list(restored.participating_administrations.all()) == [other_administration]
    assert sorted(restored.payouts.values_list("amount_sek", flat=True)) == [
        Decimal("2000.00"),
        Decimal("125000.50"),
    ]
    assert Payout.objects.get(pk=kept.pk).payment_date == datetime.date(2024, 3, 1)
    assert not Payout.objects.filter(pk=dropped.pk).exists()

    response = coordinator_client.get(submission.get_absolute_url())
    assert message_codes(response) == ["restored"]
    assert "Ångra borttagningen" not in response.content.decode()


def test_restore_keeps_a_project_reported_in_another_year(
    coordinator_client, submission, administration
):
    earlier = factories.ProjectReportFactory(
        submission=factories.SubmissionFactory(
            administration=administration,
            reporting_year=factories.ReportingYearFactory(year=submission.year - 1),
        )
    )
    report = factories.ProjectReportFactory(submission=submission, project=earlier.project)
    remove(coordinator_client, report)
    assert Project.objects.filter(pk=earlier.project_id).exists()
    coordinator_client.post(restore_url(report.pk, submission))
    assert ProjectReport.objects.get(pk=report.pk).project_id == earlier.project_id


def test_only_the_last_removal_of_this_session_can_be_undone(coordinator_client, submission):
    first = factories.ProjectReportFactory(submission=submission, name="Första")
    second = factories.ProjectReportFactory(submission=submission, name="Andra")
    remove(coordinator_client, first)
    remove(coordinator_client, second)
    coordinator_client.post(restore_url(first.pk, submission))
    assert not ProjectReport.objects.filter(pk=first.pk).exists()
    coordinator_client.post(restore_url(second.pk, submission))
    assert ProjectReport.objects.filter(pk=second.pk).exists()


def test_another_session_cannot_restore(client, coordinator, submission):
    report = factories.ProjectReportFactory(submission=submission)
    client.force_login(coordinator)
    remove(client, report)
    other = factories.CoordinatorFactory(administration=submission.administration)
    client.force_login(other)
    response = client.post(restore_url(report.pk, submission), follow=True)
    assert message_codes(response) == ["not_restorable"]
    assert not ProjectReport.objects.filter(pk=report.pk).exists()


def test_no_undo_once_the_submission_is_sent_in(coordinator_client, submission):
    report = factories.ProjectReportFactory(submission=submission, name="Skickat")
    remove(coordinator_client, report)
    Submission.objects.filter(pk=submission.pk).update(state=Submission.State.SUBMITTED)
    page = coordinator_client.get(submission.get_absolute_url()).content.decode()
    assert "Ångra borttagningen" not in page
    coordinator_client.post(restore_url(report.pk, submission))
    assert not ProjectReport.objects.filter(pk=report.pk).exists()


def test_other_administrations_coordinator_gets_no_restore(
    client, other_coordinator, coordinator, submission
):
    report = factories.ProjectReportFactory(submission=submission)
    client.force_login(coordinator)
    remove(client, report)
    client.force_login(other_coordinator)
    response = client.post(restore_url(report.pk, submission))
    assert response.status_code in (403, 404)
    assert not ProjectReport.objects.filter(pk=report.pk).exists()


def test_a_project_added_back_meanwhile_is_not_restored_twice(
    coordinator_client, submission, administration
):
    earlier = factories.ProjectReportFactory(
        submission=factories.SubmissionFactory(
            administration=administration,
            reporting_year=factories.ReportingYearFactory(year=submission.year - 1),
        ),
        name="Löper vidare",
        end_date=datetime.date(submission.year + 2, 6, 30),
    )
    report = factories.ProjectReportFactory(
        submission=submission, project=earlier.project, name="Löper vidare"
    )
    remove(coordinator_client, report)
    # Carried forward again before the undo.
    coordinator_client.post(
        reverse("projects:copy_forward", args=[submission.pk]), {"projects": [earlier.pk]}
    )
    response = coordinator_client.post(restore_url(report.pk, submission), follow=True)
    assert response.status_code == 200
    assert message_codes(response)[-1] == "not_restorable"
    assert submission.project_reports.count() == 1


def test_a_page_opened_before_the_removal_cannot_save_over_the_restored_project(
    coordinator_client, submission
):
    report = factories.ProjectReportFactory(submission=submission, name="Gammal flik")
    seen_version = report.version
    remove(coordinator_client, report)
    coordinator_client.post(restore_url(report.pk, submission))
    restored = ProjectReport.objects.get(pk=report.pk)
    assert restored.version > seen_version
    response = coordinator_client.post(
        reverse("projects:project_remove", args=[submission.pk, report.pk]),
        {"version": seen_version},
    )
    assert response.context["error_code"] == "stale"
    assert "medan du redigerade" in response.content.decode()
    assert ProjectReport.objects.filter(pk=report.pk).exists()


def test_restoring_takes_back_a_mark_as_ended_early(coordinator_client, submission, administration):
    earlier = factories.ProjectReportFactory(
        submission=factories.SubmissionFactory(
            administration=administration,
            reporting_year=factories.ReportingYearFactory(year=submission.year - 1),
        ),
        end_date=datetime.date(submission.year + 2, 6, 30),
    )
    report = factories.ProjectReportFactory(submission=submission, project=earlier.project)
    remove(coordinator_client, report)
    services.project_ending_mark(
        submission=submission,
        last_year_report_id=earlier.pk,
        ended_on=datetime.date(submission.year - 1, 11, 30),
        by=None,
    )
    coordinator_client.post(restore_url(report.pk, submission))
    assert ProjectReport.objects.filter(pk=report.pk).exists()
    assert not submission.project_endings.exists()
