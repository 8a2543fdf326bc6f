"""Marking one of last year's running projects as ended early: the continuity check stops asking
for it, the date must lie before the year and after the project's start, and it can be undone."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects import services, validation
from projects.models import ProjectEnding, Submission
from tests import factories
from tests.messages import message_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds(administration, other_administration):
    """A's 2023 submission with two projects running into 2024; B has one of its own."""
    y2023 = factories.ReportingYearFactory(year=2023)
    y2024 = factories.ReportingYearFactory(year=2024)
    last = factories.SubmissionFactory(administration=administration, reporting_year=y2023)
    stopped = factories.ProjectReportFactory(
        submission=last,
        name="Stoppat projekt",
        start_date=datetime.date(2022, 3, 1),
        end_date=datetime.date(2025, 6, 30),
    )
    running = factories.ProjectReportFactory(
        submission=last, name="Fortsätter", end_date=datetime.date(2026, 6, 30)
    )
    other_last = factories.SubmissionFactory(
        administration=other_administration, reporting_year=y2023
    )
    others = factories.ProjectReportFactory(
        submission=other_last, name="B:s projekt", end_date=datetime.date(2026, 1, 1)
    )
    current = factories.SubmissionFactory(administration=administration, reporting_year=y2024)
    return current, stopped, running, others


def running_warning(submission) -> str:
    found = [
        finding.message
        for finding in validation.check_submission(submission)
        if finding.code == "running_not_carried_forward"
    ]
    return found[0] if found else ""


def test_marked_project_is_no_longer_asked_for(coordinator_client, rounds):
    current, stopped, running, _others = rounds
    assert "Fortsätter, Stoppat projekt" in running_warning(current)

    url = reverse("projects:project_ending", args=[current.pk, stopped.pk])
    copy_page = coordinator_client.get(reverse("projects:copy_forward", args=[current.pk]))
    assert url in copy_page.content.decode()
    assert "2025-06-30" in coordinator_client.get(url).content.decode()
    response = coordinator_client.post(
        url, {"ended_on": "2023-09-30", "note": "Partnern drog sig ur."}, follow=True
    )
    assert response.redirect_chain == [(current.get_absolute_url(), 302)]
    assert message_codes(response) == ["ending_marked"]
    assert "”Stoppat projekt”" in response.content.decode()

    ending = ProjectEnding.objects.get()
    assert (ending.submission, ending.project_id) == (current, stopped.project_id)
    assert ending.ended_on == datetime.date(2023, 9, 30)
    assert ending.planned_end_date == datetime.date(2025, 6, 30)
    assert ending.note == "Partnern drog sig ur."
    warning = running_warning(current)
    assert warning.startswith("1 av ")
    assert "Fortsätter" in warning and "Stoppat projekt" not in warning
    # Not offered for copying forward any more.
    copy_page = coordinator_client.get(reverse("projects:copy_forward", args=[current.pk]))
    assert "Stoppat projekt" not in copy_page.content.decode()

    page = coordinator_client.get(current.get_absolute_url()).content.decode()
    assert "Avslutades 2023-09-30 (planerat slutdatum 2025-06-30)" in page
    assert "Partnern drog sig ur." in page


def test_ending_in_the_year_itself_is_refused_next_to_the_field(coordinator_client, rounds):
    current, stopped, _running, _others = rounds
    url = reverse("projects:project_ending", args=[current.pk, stopped.pk])
    # 1 January 2024 is in the year: the project is carried forward with a new end date instead.
    response = coordinator_client.post(url, {"ended_on": "2024-01-01"})
    assert response.status_code == 200
    assert response.context["form"].has_error("ended_on", "ran_into_year")
    assert 'href="#id_ended_on"' in response.content.decode()
    assert not ProjectEnding.objects.exists()
    # The last day of 2023 is accepted.
    response = coordinator_client.post(url, {"ended_on": "2023-12-31"})
    assert response.status_code == 302
    assert ProjectEnding.objects.get().ended_on == datetime.date(2023, 12, 31)


def test_ending_before_the_start_is_refused(rounds, coordinator):
    current, stopped, _running, _others = rounds
    with pytest.raises(ValidationError) as refused:
        services.project_ending_mark(
            submission=current,
            last_year_report_id=stopped.pk,
            ended_on=datetime.date(2022, 2, 28),
            by=coordinator,
        )
    assert "före sitt startdatum 2022-03-01" in str(refused.value)
    services.project_ending_mark(
        submission=current,
        last_year_report_id=stopped.pk,
        ended_on=datetime.date(2022, 3, 1),
        by=coordinator,
    )
    assert ProjectEnding.objects.count() == 1


def test_only_own_running_projects_can_be_marked(coordinator_client, rounds):
    current, _stopped, _running, others = rounds
    url = reverse("projects:project_ending", args=[current.pk, others.pk])
    assert coordinator_client.get(url).status_code == 404
    with pytest.raises(ValidationError):
        services.project_ending_mark(
            submission=current,
            last_year_report_id=others.pk,
            ended_on=datetime.date(2023, 5, 1),
            by=None,
        )
    assert not ProjectEnding.objects.exists()


def test_marking_can_be_undone(coordinator_client, rounds):
    current, stopped, _running, _others = rounds
    ending = services.project_ending_mark(
        submission=current,
        last_year_report_id=stopped.pk,
        ended_on=datetime.date(2023, 6, 1),
        by=None,
    )
    response = coordinator_client.post(
        reverse("projects:project_ending_undo", args=[current.pk, ending.pk]), follow=True
    )
    assert message_codes(response) == ["ending_undone"]
    assert not ProjectEnding.objects.exists()
    assert "Stoppat projekt" in running_warning(current)


def test_no_marking_once_submitted(coordinator_client, rounds):
    current, stopped, _running, _others = rounds
    Submission.objects.filter(pk=current.pk).update(state=Submission.State.SUBMITTED)
    url = reverse("projects:project_ending", args=[current.pk, stopped.pk])
    response = coordinator_client.post(url, {"ended_on": "2023-06-01"})
    assert response.status_code == 302  # back to the submission, with the refusal
    assert not ProjectEnding.objects.exists()
