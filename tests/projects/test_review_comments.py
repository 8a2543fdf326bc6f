"""Review that sees the submission: the warnings the coordinator confirmed, and comments on
the whole submission, a project or a payout, shown beside what they concern."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects import services
from projects.access import SubmissionLocked
from projects.models import ReportingYear, Submission, SubmissionComment
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted_with_warning(coordinator):
    """A 2024 submission sent in after confirming one warning: a 2023 project still running
    is not carried forward."""
    administration = coordinator.administration
    last = factories.SubmissionFactory(
        administration=administration,
        reporting_year=factories.ReportingYearFactory(year=2023),
        state=Submission.State.APPROVED,
    )
    factories.ProjectReportFactory(
        submission=last, name="Pågår till 2026", end_date=datetime.date(2026, 6, 30)
    )
    submission = factories.SubmissionFactory(
        administration=administration,
        reporting_year=factories.ReportingYearFactory(year=2024),
        **dict.fromkeys(Submission.NARRATIVE_FIELDS, "Inga."),
    )
    report = factories.ProjectReportFactory(submission=submission, name="Gröna tak")
    factories.PayoutFactory(
        report=report, payment_date=datetime.date(2024, 5, 2), amount_sek=Decimal("10000")
    )
    services.submission_submit(
        submission=submission, by=coordinator, confirm_warnings=True, version=submission.version
    )
    submission.refresh_from_db()
    return submission


def card(html: str, report) -> str:
    """The project's card on the submission page."""
    match = re.search(rf'<article[^>]*id="report-{report.pk}".*?</article>', html, re.S)
    assert match, f"no card for {report.name}"
    return match.group(0)


def test_the_submit_record_keeps_the_warnings_the_coordinator_confirmed(submitted_with_warning):
    record = submitted_with_warning.comments.get(kind=SubmissionComment.Kind.SUBMITTED)
    assert [warning["code"] for warning in record.confirmed_warnings] == [
        "running_not_carried_forward"
    ]
    assert "Pågår till 2026" in record.confirmed_warnings[0]["message"]


def test_the_reviewer_sees_the_confirmed_warnings(
    client, development_coordinator, submitted_with_warning
):
    client.force_login(development_coordinator)
    html = client.get(submitted_with_warning.get_absolute_url()).content.decode()
    section = re.search(r'<section[^>]*id="confirmed-warnings".*?</section>', html, re.S)
    assert section and "Pågår till 2026" in section.group(0)


def test_a_submission_without_warnings_says_none_were_confirmed(
    client, development_coordinator, coordinator
):
    submission = factories.SubmissionFactory(
        administration=coordinator.administration, state=Submission.State.SUBMITTED
    )
    factories.SubmissionCommentFactory(
        submission=submission, author=coordinator, kind=SubmissionComment.Kind.SUBMITTED, text=""
    )
    client.force_login(development_coordinator)
    html = client.get(submission.get_absolute_url()).content.decode()
    assert 'id="confirmed-warnings"' in html and "confirmed-warning-list" not in html


def test_comments_on_a_project_and_a_payout_reach_the_coordinator_beside_the_project(
    client, development_coordinator, coordinator, submitted_with_warning
):
    report = submitted_with_warning.project_reports.get()
    payout = report.payouts.get()
    other = factories.ProjectReportFactory(submission=submitted_with_warning, name="Annat projekt")
    client.force_login(development_coordinator)
    comment_url = reverse("projects:submission_comment", args=[submitted_with_warning.pk])
    response = client.post(comment_url, {"report": report.pk, "text": "Ange resultaten."})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#report-{report.pk}")
    client.post(comment_url, {"report": report.pk, "payout": payout.pk, "text": "Fel datum?"})
    client.post(comment_url, {"text": "Tack, i övrigt bra."})

    services.submission_return(
        submission=submitted_with_warning,
        user=development_coordinator,
        comment="Komplettera.",
        version=submitted_with_warning.version,
    )
    client.force_login(coordinator)
    html = client.get(submitted_with_warning.get_absolute_url()).content.decode()
    mine = card(html, report)
    assert "Ange resultaten." in mine and "Fel datum?" in mine
    assert "Om Gröna tak, utbetalning 2024-05-02, 10\u00a0000\u00a0kr:" in mine
    assert "Ange resultaten." not in card(html, other)
    assert "Tack, i övrigt bra." not in mine and "Tack, i övrigt bra." in html
    stored = {(c.report_id, c.payout_id, c.text) for c in submitted_with_warning.comments.all()}
    assert {
        (report.pk, None, "Ange resultaten."),
        (report.pk, payout.pk, "Fel datum?"),
        (None, None, "Tack, i övrigt bra."),
    } <= stored


def test_a_comment_on_a_project_of_another_submission_is_refused(
    development_coordinator, submitted_with_warning, other_administration
):
    foreign = factories.ProjectReportFactory(
        submission=factories.SubmissionFactory(
            administration=other_administration,
            reporting_year=submitted_with_warning.reporting_year,
        )
    )
    for target in (
        {"report_id": foreign.pk},
        {"payout_id": factories.PayoutFactory(report=foreign).pk},
    ):
        with pytest.raises(ValidationError) as refused:
            services.submission_comment_add(
                submission=submitted_with_warning, user=development_coordinator, text="Hm", **target
            )
        assert refused.value.code == "invalid_target"
    assert not submitted_with_warning.comments.filter(kind="comment").exists()


@pytest.mark.parametrize("lock", ["approved", "closed"])
def test_no_comment_is_added_to_locked_data(development_coordinator, submitted_with_warning, lock):
    if lock == "approved":
        Submission.objects.filter(pk=submitted_with_warning.pk).update(state="approved")
    else:
        ReportingYear.objects.filter(pk=submitted_with_warning.reporting_year_id).update(
            is_open=False
        )
    submitted_with_warning.refresh_from_db()
    report = submitted_with_warning.project_reports.get()
    with pytest.raises(SubmissionLocked) as refused:
        services.submission_comment_add(
            submission=submitted_with_warning,
            user=development_coordinator,
            text="För sent",
            report_id=report.pk,
        )
    assert refused.value.code == "locked"
    assert not submitted_with_warning.comments.filter(kind="comment").exists()


def test_only_the_reviewer_may_comment(client, coordinator, submitted_with_warning):
    client.force_login(coordinator)
    response = client.post(
        reverse("projects:submission_comment", args=[submitted_with_warning.pk]), {"text": "Jag"}
    )
    assert response.status_code == 403
    assert not submitted_with_warning.comments.filter(kind="comment").exists()


def test_an_empty_comment_is_not_saved(client, development_coordinator, submitted_with_warning):
    client.force_login(development_coordinator)
    response = client.post(
        reverse("projects:submission_comment", args=[submitted_with_warning.pk]), {"text": "  "}
    )
    assert response.status_code == 302
    assert not submitted_with_warning.comments.filter(kind="comment").exists()


def test_a_removed_project_leaves_its_comment_saying_what_it_was_about(
    development_coordinator, submitted_with_warning
):
    report = submitted_with_warning.project_reports.get()
    comment = services.submission_comment_add(
        submission=submitted_with_warning,
        user=development_coordinator,
        text="Stämmer budgeten?",
        report_id=report.pk,
    )
    report.delete()
    comment.refresh_from_db()
    assert (comment.report_id, comment.target_label) == (None, "Gröna tak")


def test_the_return_email_carries_the_comments_written_since_the_submit(
    development_coordinator,
    coordinator,
    submitted_with_warning,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    report = submitted_with_warning.project_reports.get()
    services.submission_comment_add(
        submission=submitted_with_warning,
        user=development_coordinator,
        text="Ange resultaten.",
        report_id=report.pk,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_return(
            submission=submitted_with_warning,
            user=development_coordinator,
            comment="Komplettera.",
            version=submitted_with_warning.version,
        )
    (message,) = mailoutbox
    assert "Om Gröna tak: Ange resultaten." in message.body
