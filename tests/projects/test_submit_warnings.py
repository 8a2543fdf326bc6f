"""Data quality before submit: last year's running projects, carried-forward projects without
payouts or results, links from each finding to its field, focus, and the deadline."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from projects import services, validation
from projects.models import Submission
from projects.numbers import format_sek
from tests import factories

pytestmark = pytest.mark.django_db


def complete_narrative(submission):
    Submission.objects.filter(pk=submission.pk).update(
        **dict.fromkeys(Submission.NARRATIVE_FIELDS, "Inga.")
    )
    submission.refresh_from_db()


@pytest.fixture
def years(db):
    return factories.ReportingYearFactory(year=2023), factories.ReportingYearFactory(year=2024)


@pytest.fixture
def grundskola(years, administration, other_administration):
    """Administration A's 2023 projects ending either side of 1 January 2024; B has its own."""
    y2023, y2024 = years
    last = factories.SubmissionFactory(administration=administration, reporting_year=y2023)
    ended = {}
    for name, end in (
        ("Avslutat 31 december", datetime.date(2023, 12, 31)),
        ("Slutar 1 januari", datetime.date(2024, 1, 1)),
        ("Pågår till 2026", datetime.date(2026, 6, 30)),
        ("Tas med", datetime.date(2025, 6, 30)),
    ):
        ended[name] = factories.ProjectReportFactory(submission=last, name=name, end_date=end)
    other_last = factories.SubmissionFactory(
        administration=other_administration, reporting_year=y2023
    )
    factories.ProjectReportFactory(
        submission=other_last, name="Annan förvaltnings projekt", end_date=datetime.date(2026, 1, 1)
    )
    factories.SubmissionFactory(administration=other_administration, reporting_year=y2024)
    current = factories.SubmissionFactory(administration=administration, reporting_year=y2024)
    complete_narrative(current)
    return current, ended


def codes(findings) -> list[str]:
    return [finding.code for finding in findings]


def test_running_projects_not_carried_forward_are_named(grundskola):
    submission, last_year = grundskola
    services.projects_copy_forward(submission=submission, reports=[last_year["Tas med"]], by=None)
    findings = [
        finding
        for finding in validation.check_submission(submission)
        if finding.code == "running_not_carried_forward"
    ]
    assert len(findings) == 1
    # The running ones, named in Swedish order.
    assert ": Pågår till 2026, Slutar 1 januari." in findings[0].message
    assert not findings[0].blocking
    # Ended on 31 December: not running; another administration's project: not A's business.
    assert "Avslutat 31 december" not in findings[0].message
    assert "Annan förvaltnings projekt" not in findings[0].message


def test_other_administration_gets_only_its_own_running_projects(grundskola, other_administration):
    submission = Submission.objects.get(
        administration=other_administration, reporting_year__year=2024
    )
    messages = [finding.message for finding in validation.check_submission(submission)]
    running = [message for message in messages if "pågår fortfarande" in message]
    assert running == [
        "1 av förvaltningens projekt från 2023 pågår fortfarande men finns inte med i 2024: "
        "Annan förvaltnings projekt. Ta med det från förra året, eller markera det som "
        "avslutat i förtid."
    ]


def test_no_running_warning_when_all_are_carried_forward(grundskola):
    submission, last_year = grundskola
    services.projects_copy_forward(
        submission=submission,
        reports=[last_year[name] for name in ("Slutar 1 januari", "Pågår till 2026", "Tas med")],
        by=None,
    )
    assert "running_not_carried_forward" not in codes(validation.check_submission(submission))


def test_carried_forward_project_without_payouts_or_results_is_warned(grundskola):
    submission, last_year = grundskola
    (carried,) = services.projects_copy_forward(
        submission=submission, reports=[last_year["Tas med"]], by=None
    )
    factories.ProjectReportFactory(submission=submission, name="Nytt i år", results="")
    empty = [
        finding
        for finding in validation.check_submission(submission)
        if finding.code == "carried_forward_empty"
    ]
    assert len(empty) == 1 and not empty[0].blocking
    assert empty[0].report_id == carried.pk and empty[0].field == "results"

    carried.results = "Två workshoppar."
    carried.save()
    assert "carried_forward_empty" not in codes(validation.check_submission(submission))
    carried.results = ""
    carried.save()
    factories.PayoutFactory(report=carried)
    assert "carried_forward_empty" not in codes(validation.check_submission(submission))


def test_submit_needs_the_warnings_confirmed(client, coordinator, grundskola):
    submission, last_year = grundskola
    (carried,) = services.projects_copy_forward(
        submission=submission, reports=[last_year["Tas med"]], by=None
    )
    carried.refresh_from_db()
    submission.refresh_from_db()
    client.force_login(coordinator)
    url = reverse("projects:submission_submit", args=[submission.pk])
    response = client.post(url, {"version": submission.version})
    content = response.content.decode()
    assert response.status_code == 200
    assert {f.code for f in response.context["findings"]} == {
        "running_not_carried_forward",
        "carried_forward_empty",
    }
    # The warning box takes the focus (entry.js) and says what is missing next to the box.
    assert 'id="warnings" tabindex="-1" data-autofocus' in content
    assert "Bekräfta att du har kontrollerat varningarna innan du skickar in." in content
    assert 'id="error-summary"' not in content
    copy_forward = reverse("projects:copy_forward", args=[submission.pk])
    assert f'<a href="{copy_forward}">' in content
    results = reverse("projects:project_update", args=[submission.pk, carried.pk])
    assert f'<a href="{results}#id_results">Tas med: ' in content
    submission.refresh_from_db()
    assert submission.state == Submission.State.DRAFT

    response = client.post(url, {"version": submission.version, "confirm_warnings": "on"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == Submission.State.SUBMITTED


def test_get_of_the_submit_page_does_not_take_the_focus(client, coordinator, grundskola):
    submission, _last_year = grundskola
    client.force_login(coordinator)
    content = client.get(
        reverse("projects:submission_submit", args=[submission.pk])
    ).content.decode()
    assert 'id="warnings" tabindex="-1"' in content
    assert "data-autofocus" not in content


def test_each_blocking_item_links_to_the_field_that_fixes_it(client, coordinator, administration):
    submission = factories.SubmissionFactory(administration=administration)
    report = factories.ProjectReportFactory(submission=submission, council_goal=None)
    factories.PayoutFactory(report=report, payment_date=datetime.date(2023, 3, 1))
    factories.PayoutFactory(report=report, payment_date=datetime.date(2022, 6, 1))
    client.force_login(coordinator)
    content = client.get(
        reverse("projects:submission_submit", args=[submission.pk])
    ).content.decode()
    project = reverse("projects:project_update", args=[submission.pk, report.pk])
    narrative = reverse("projects:narrative", args=[submission.pk])
    assert f'<a href="{project}#id_council_goal">' in content
    # The second payout (by date the first row of the form) is outside the year.
    assert f'<a href="{project}#id_payouts-0-payment_date">' in content
    assert f'<a href="{project}#id_payouts-1-payment_date">' not in content
    assert f'<a href="{narrative}#id_overview">' in content


def test_payouts_above_share_say_which_years_they_add(coordinator, administration, years):
    y2023, y2024 = years
    last = factories.SubmissionFactory(administration=administration, reporting_year=y2023)
    earlier = factories.ProjectReportFactory(
        submission=last, own_budget_sek=Decimal("700000"), end_date=datetime.date(2025, 1, 1)
    )
    factories.PayoutFactory(report=earlier, amount_sek=Decimal("270000"))
    submission = factories.SubmissionFactory(administration=administration, reporting_year=y2024)
    report = factories.ProjectReportFactory(
        submission=submission, project=earlier.project, own_budget_sek=Decimal("700000")
    )
    factories.PayoutFactory(report=report, amount_sek=Decimal("550000"))
    messages = [finding.message for finding in validation.check_submission(submission)]
    all_years, this_year = format_sek(Decimal("820000")), format_sek(Decimal("550000"))
    expected = f"alla år: {all_years}, varav 2024: {this_year}"
    assert any(expected in message for message in messages)


@pytest.mark.parametrize(("days_ago", "passed"), [(0, False), (1, True)])
def test_coordinator_sees_the_deadline_and_whether_it_has_passed(
    client, coordinator, administration, days_ago, passed
):
    today = timezone.localdate()
    year = factories.ReportingYearFactory(
        year=today.year - 1, deadline=today - datetime.timedelta(days=days_ago)
    )
    submission = factories.SubmissionFactory(administration=administration, reporting_year=year)
    client.force_login(coordinator)
    deadline = f"Sista dag för inrapportering: {year.deadline:%Y-%m-%d}"
    for url in (
        reverse("projects:home"),
        submission.get_absolute_url(),
        reverse("projects:submission_submit", args=[submission.pk]),
    ):
        content = client.get(url).content.decode()
        assert deadline in content, url
        assert ("deadline-passed" in content) is passed, url


def test_submitted_report_does_not_say_the_deadline_has_passed(client, coordinator, administration):
    today = timezone.localdate()
    year = factories.ReportingYearFactory(
        year=today.year - 1, deadline=today - datetime.timedelta(days=5)
    )
    submission = factories.SubmissionFactory(
        administration=administration, reporting_year=year, state=Submission.State.SUBMITTED
    )
    client.force_login(coordinator)
    for url in (reverse("projects:home"), submission.get_absolute_url()):
        assert "deadline-passed" not in client.get(url).content.decode()


def test_link_to_a_radio_group_reaches_its_first_option(client, coordinator, administration):
    submission = factories.SubmissionFactory(administration=administration)
    report = factories.ProjectReportFactory(submission=submission, role="")
    client.force_login(coordinator)
    content = client.get(
        reverse("projects:submission_submit", args=[submission.pk])
    ).content.decode()
    project = reverse("projects:project_update", args=[submission.pk, report.pk])
    assert f'<a href="{project}#id_role_0">' in content
    assert 'id="id_role_0"' in client.get(project).content.decode()
