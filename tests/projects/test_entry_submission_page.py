"""The submission page: completeness, what is missing, projects with payouts, narrative."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Submission
from tests import factories
from tests.messages import message_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(administration):
    return factories.SubmissionFactory(administration=administration)


def detail_url(submission):
    return reverse("projects:submission_detail", args=[submission.pk])


def test_empty_submission_lists_what_is_missing(client, coordinator, submission):
    client.force_login(coordinator)
    response = client.get(detail_url(submission))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Inrapportering 2023: Miljöförvaltningen" in html
    states = {s.key: s.state for s in response.context["sections"]}
    assert states == {"projects": "warnings", "payouts": "complete", "narrative": "missing"}
    found = {
        (f.section, f.code) for s in response.context["sections"] for f in s.blocking + s.warnings
    }
    assert ("projects", "no_projects") in found
    assert ("narrative", "required") in found
    # Each finding is shown, linked to where it is fixed.
    for finding in response.context["blocking_findings"] + response.context["warning_findings"]:
        assert finding.message in html
    assert reverse("projects:project_create", args=[submission.pk]) in html


def test_projects_and_payouts_are_shown_with_swedish_amounts(client, coordinator, submission):
    report = factories.ProjectReportFactory(
        submission=submission,
        name="Grön stad",
        total_budget_sek=Decimal("1250000"),
    )
    factories.PayoutFactory(
        report=report, amount_sek=Decimal("1234.5"), payment_date=datetime.date(2023, 2, 1)
    )
    factories.PayoutFactory(
        report=report, amount_sek=Decimal("100"), payment_date=datetime.date(2023, 8, 1)
    )
    client.force_login(coordinator)
    html = client.get(detail_url(submission)).content.decode()
    assert "Grön stad" in html
    assert "1\u00a0250\u00a0000\u00a0kr" in html  # whole kronor: no ",00"
    assert "000,00" not in html
    assert "1\u00a0234,50" in html  # öre shown when there are some
    assert '<td class="text-end" data-label="Belopp (kr)">100</td>' in html
    assert "1\u00a0334,50" in html  # sum of the two payouts
    assert "totalt 1\u00a0334,50 kr" in html
    assert "2023-08-01" in html
    assert "Utbetalningar under året, Grön stad" in html  # table caption


def test_complete_submission_can_be_submitted(client, coordinator, submission):
    Submission.objects.filter(pk=submission.pk).update(
        **dict.fromkeys(Submission.NARRATIVE_FIELDS, "Text.")
    )
    factories.PayoutFactory(report=factories.ProjectReportFactory(submission=submission))
    client.force_login(coordinator)
    response = client.get(detail_url(submission))
    assert not response.context["blocking_findings"] and not response.context["warning_findings"]
    assert {s.state for s in response.context["sections"]} == {"complete"}


@pytest.mark.parametrize("reader", ["development_coordinator", "official"])
def test_city_office_sees_the_page_read_only(client, request, submission, reader):
    factories.ProjectReportFactory(submission=submission, name="Grön stad")
    client.force_login(request.getfixturevalue(reader))
    response = client.get(detail_url(submission))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Grön stad" in html
    assert reverse("projects:project_create", args=[submission.pk]) not in html
    assert "Skicka in" not in html


def test_submitted_submission_is_read_only_for_the_coordinator(client, coordinator, submission):
    Submission.objects.filter(pk=submission.pk).update(state=Submission.State.SUBMITTED)
    client.force_login(coordinator)
    html = client.get(detail_url(submission)).content.decode()
    assert "Inrapporteringen är inskickad och granskas av stadskontoret" in html
    assert reverse("projects:project_create", args=[submission.pk]) not in html


def test_review_comments_are_shown(client, coordinator, submission):
    factories.SubmissionCommentFactory(submission=submission, text="Komplettera budgeten.")
    client.force_login(coordinator)
    assert "Komplettera budgeten." in client.get(detail_url(submission)).content.decode()


def test_query_count_does_not_grow_with_projects_and_payouts(
    client, coordinator, submission, django_assert_num_queries
):
    client.force_login(coordinator)
    report = factories.ProjectReportFactory(submission=submission)
    factories.PayoutFactory(report=report)
    client.get(detail_url(submission))  # warm up per-process caches (content types)
    with CaptureQueriesContext(connection) as one_project:
        assert client.get(detail_url(submission)).status_code == 200
    # Session, user, submission, reports, payouts, totals, the checks, copy-forward candidates,
    # comments, a page of the change history (9) and the page layout: a fixed number.
    assert len(one_project) <= MAX_QUERIES
    for _ in range(49):
        factories.PayoutFactory.create_batch(
            4, report=factories.ProjectReportFactory(submission=submission)
        )
    factories.PayoutFactory.create_batch(3, report=report)  # 50 projects, 200 payouts
    # The history page reads each table that has a record on it: here, as with one project,
    # all three (the narrative is the newest change).
    submission.overview = "Skrivet sist."
    submission.save()
    with django_assert_num_queries(len(one_project)):
        response = client.get(detail_url(submission))
    assert len(response.context["reports"]) == 50
    assert response.context["payout_count"] == 200


# One of them reads the projects marked as ended early, one the EU records that share a
# project's acronym or name.
MAX_QUERIES = 24


def test_many_projects_are_shown_a_page_at_a_time(
    client, coordinator, submission, monkeypatch, django_assert_num_queries
):
    from projects.views import entry

    monkeypatch.setattr(entry, "REPORTS_PER_PAGE", 3)
    for number in range(7):
        report = factories.ProjectReportFactory(submission=submission, name=f"Projekt {number}")
        factories.PayoutFactory(report=report, amount_sek=Decimal("10"))
    client.force_login(coordinator)
    client.get(detail_url(submission))
    with CaptureQueriesContext(connection) as first_page:
        first = client.get(detail_url(submission))
    assert [report.name for report in first.context["reports"]] == [
        "Projekt 0",
        "Projekt 1",
        "Projekt 2",
    ]
    html = first.content.decode()
    # The totals and the checks cover every project, not only the page's.
    assert "7 projekt, " in html and "totalt 70 kr." in html
    assert first.context["payout_count"] == 7
    assert 'aria-label="Sidor i projektlistan"' in html
    assert "Visar 1–3 av 7" in html
    with django_assert_num_queries(len(first_page)):
        last = client.get(detail_url(submission) + "?sida=3")
    assert [report.name for report in last.context["reports"]] == ["Projekt 6"]
    assert '<a class="page-link" href="?sida=2#projects" rel="prev">' in last.content.decode()


def test_coordinator_lands_on_the_open_years_submission(client, coordinator, submission):
    factories.SubmissionFactory(
        administration=submission.administration,
        reporting_year=factories.ReportingYearFactory(year=2022, is_open=False),
    )
    client.force_login(coordinator)
    html = client.get(reverse("projects:home")).content.decode()
    assert f'href="{detail_url(submission)}"' in html
    response = client.get(reverse("projects:my_submission"))
    assert response.status_code == 302
    assert response.url == detail_url(submission)
    assert "Vår inrapportering" in client.get(response.url).content.decode()


def test_my_submission_without_open_year_goes_home(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("projects:my_submission"), follow=True)
    assert response.redirect_chain == [(reverse("projects:home"), 302)]
    assert message_codes(response) == ["no_open_year"]


def _top_of_page(html: str) -> str:
    """The part of the page above the completeness section, where the coordinator lands."""
    return html.split('id="completeness-heading"', 1)[0]


def test_returned_submission_shows_the_latest_return_comment_at_the_top(
    client, coordinator, development_coordinator, submission
):
    from projects import services

    submission.state = Submission.State.SUBMITTED
    submission.save()
    factories.SubmissionCommentFactory(
        submission=submission,
        kind="returned",
        text="Gammal kommentar.",
        created_at=datetime.datetime(2024, 1, 10, 9, 0, tzinfo=datetime.UTC),
    )
    services.submission_return(
        submission=submission,
        user=development_coordinator,
        comment="Komplettera budgeten.",
        version=submission.version,
    )
    client.force_login(coordinator)
    top = _top_of_page(client.get(detail_url(submission)).content.decode())
    assert 'data-kind="returned"' in top
    assert 'class="alert alert-warning return-note"' in top
    assert "Komplettera budgeten." in top
    assert "Gammal kommentar." not in top
    assert development_coordinator.get_full_name() in top


def test_reopened_submission_shows_the_reason_at_the_top(
    client, coordinator, development_coordinator, submission
):
    from projects import services

    submission.state = Submission.State.APPROVED
    submission.save()
    services.submission_reopen(
        submission=submission,
        user=development_coordinator,
        reason="Fel belopp i projekt A.",
        version=submission.version,
    )
    client.force_login(coordinator)
    top = _top_of_page(client.get(detail_url(submission)).content.decode())
    assert 'data-kind="reopened"' in top
    assert "Fel belopp i projekt A." in top


def test_draft_submission_has_no_return_notice(client, coordinator, submission):
    factories.SubmissionCommentFactory(submission=submission, kind="returned", text="Gammal.")
    client.force_login(coordinator)
    html = client.get(detail_url(submission)).content.decode()
    assert "return-note" not in html


def test_return_notice_query_count_does_not_grow_with_comments(
    client, coordinator, submission, django_assert_num_queries
):
    submission.state = Submission.State.RETURNED
    submission.save()
    factories.SubmissionCommentFactory(submission=submission, kind="returned", text="Första.")
    client.force_login(coordinator)
    client.get(detail_url(submission))
    with CaptureQueriesContext(connection) as one_comment:
        client.get(detail_url(submission))
    factories.SubmissionCommentFactory.create_batch(
        10, submission=submission, kind="returned", text="Senare."
    )
    with django_assert_num_queries(len(one_comment)):
        response = client.get(detail_url(submission))
    assert response.context["return_note"].text == "Senare."


@pytest.mark.parametrize(
    ("older_state", "newer_state", "expected"),
    [
        ("returned", "draft", "older"),
        ("draft", "submitted", "older"),
        ("returned", "returned", "newer"),
        ("submitted", "approved", "newer"),
    ],
)
def test_my_submission_prefers_the_one_that_needs_action(
    client, coordinator, administration, older_state, newer_state, expected
):
    older = factories.SubmissionFactory(
        administration=administration,
        reporting_year=factories.ReportingYearFactory(year=2023),
        state=older_state,
    )
    newer = factories.SubmissionFactory(
        administration=administration,
        reporting_year=factories.ReportingYearFactory(year=2024),
        state=newer_state,
    )
    target = older if expected == "older" else newer
    client.force_login(coordinator)
    response = client.get(reverse("projects:my_submission"))
    assert response.status_code == 302
    assert response.url == detail_url(target)
    home = client.get(reverse("projects:home")).content.decode()
    assert f"Gå till inrapporteringen för {target.year}" in home


def test_completeness_counts_payouts_in_singular_and_plural(client, coordinator, submission):
    report = factories.ProjectReportFactory(submission=submission)
    factories.PayoutFactory(report=report)
    client.force_login(coordinator)
    assert "1 utbetalning<" in client.get(detail_url(submission)).content.decode()
    factories.PayoutFactory(report=report)
    assert "2 utbetalningar<" in client.get(detail_url(submission)).content.decode()


def test_completeness_counts_projects_in_english_singular_and_plural(
    client, coordinator, submission
):
    client.cookies["django_language"] = "en"
    factories.ProjectReportFactory(submission=submission)
    client.force_login(coordinator)
    assert "1 project<" in client.get(detail_url(submission)).content.decode()
    factories.ProjectReportFactory(submission=submission)
    assert "2 projects<" in client.get(detail_url(submission)).content.decode()
