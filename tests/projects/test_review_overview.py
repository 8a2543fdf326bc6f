import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from projects import services
from projects.models import Administration, CouncilGoal, Payout, ProjectReport, Submission
from tests import factories

pytestmark = pytest.mark.django_db


def open_year(year=2023, deadline=datetime.date(2024, 2, 28), user=None):
    return services.reporting_year_open(
        year=year, deadline=deadline, council_goals=CouncilGoal.objects.valid_in(year), user=user
    )


def submission_of(reporting_year, name) -> Submission:
    return reporting_year.submissions.get(administration__name=name)


def fill(submission, projects: int, payouts_each: int) -> None:
    for _ in range(projects):
        report = factories.ProjectReportFactory(submission=submission)
        for _ in range(payouts_each):
            factories.PayoutFactory(report=report)


@pytest.fixture
def round_2023(db):
    """A year past its deadline with administrations in every state."""
    year = open_year(deadline=datetime.date(2024, 2, 28))
    draft = submission_of(year, "Kulturförvaltningen")
    draft.overview = "Vi har börjat skriva."
    draft.save()
    fill(submission_of(year, "Miljöförvaltningen"), projects=2, payouts_each=3)
    submitted = submission_of(year, "Miljöförvaltningen")
    submitted.state = Submission.State.SUBMITTED
    submitted.save()
    for name, state in [
        ("Fritidsförvaltningen", Submission.State.RETURNED),
        ("Grundskoleförvaltningen", Submission.State.APPROVED),
    ]:
        submission = submission_of(year, name)
        fill(submission, projects=1, payouts_each=1)
        submission.state = state
        submission.save()
    return year


def rows_by_name(response) -> dict:
    """The rows the page shows, with their last change."""
    return {str(row.submission.administration): row for row in response.context["rows"]}


def test_overview_shows_every_administration_with_its_state(
    client, development_coordinator, round_2023
):
    client.force_login(development_coordinator)
    response = client.get(reverse("projects:overview", kwargs={"year": 2023}))
    assert response.status_code == 200
    rows = rows_by_name(response)
    assert set(rows) == set(Administration.objects.valid_in(2023).values_list("name", flat=True))
    assert rows["Förskoleförvaltningen"].progress_label == "Inte påbörjad"
    assert rows["Kulturförvaltningen"].progress_label == "Utkast"
    assert rows["Miljöförvaltningen"].progress_label == "Inskickad"
    assert rows["Fritidsförvaltningen"].progress_label == "Återskickad för komplettering"
    assert rows["Grundskoleförvaltningen"].progress_label == "Godkänd"
    assert (rows["Miljöförvaltningen"].project_count, rows["Miljöförvaltningen"].payout_count) == (
        2,
        6,
    )
    assert rows["Förskoleförvaltningen"].project_count == 0
    content = response.content.decode()
    detail = submission_of(round_2023, "Miljöförvaltningen").get_absolute_url()
    assert f'href="{detail}"' in content
    assert "<caption>" in content and 'scope="col"' in content


def test_overdue_after_the_deadline_only_for_unsubmitted(
    client, development_coordinator, round_2023
):
    client.force_login(development_coordinator)
    response = client.get(reverse("projects:overview", kwargs={"year": 2023}))
    overdue = {name for name, row in rows_by_name(response).items() if row.is_overdue}
    assert "Förskoleförvaltningen" in overdue
    assert "Kulturförvaltningen" in overdue
    assert "Fritidsförvaltningen" in overdue
    assert "Miljöförvaltningen" not in overdue
    assert "Grundskoleförvaltningen" not in overdue


def test_nothing_is_overdue_before_the_deadline(client, development_coordinator):
    # The view asks timezone.localdate() (Stockholm), not the machine's date.
    open_year(year=2023, deadline=timezone.localdate() + datetime.timedelta(days=1))
    client.force_login(development_coordinator)
    response = client.get(reverse("projects:overview", kwargs={"year": 2023}))
    assert not any(row.is_overdue for row in response.context["overview"].rows)
    assert response.context["overview"].overdue_count == 0


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("not_started", None),
        ("draft", {"Kulturförvaltningen"}),
        ("submitted", {"Miljöförvaltningen"}),
        ("returned", {"Fritidsförvaltningen"}),
        ("approved", {"Grundskoleförvaltningen"}),
    ],
)
def test_overview_filters_by_state(client, official, round_2023, status, expected):
    client.force_login(official)
    response = client.get(reverse("projects:overview", kwargs={"year": 2023}), {"status": status})
    names = set(rows_by_name(response))
    if expected is None:
        assert len(names) == Administration.objects.valid_in(2023).count() - 4
        assert "Förskoleförvaltningen" in names
    else:
        assert names == expected
    assert f'<option value="{status}" selected>' in response.content.decode()


def test_unknown_filter_shows_everyone(client, official, round_2023):
    client.force_login(official)
    response = client.get(reverse("projects:overview", kwargs={"year": 2023}), {"status": "x"})
    assert len(response.context["overview"].rows) == round_2023.submissions.count()


def test_last_change_and_by_whom(client, development_coordinator, coordinator):
    year = open_year()
    submission = submission_of(year, "Miljöförvaltningen")
    fill(submission, projects=1, payouts_each=1)
    # The newest change is a payout saved by the coordinator.
    payout = Payout.objects.get(report__submission=submission)
    payout.amount_sek = 5
    payout._history_user = coordinator
    payout.save()
    client.force_login(development_coordinator)
    response = client.get(reverse("projects:overview", kwargs={"year": 2023}))
    row = rows_by_name(response)["Miljöförvaltningen"]
    assert row.last_changed_by == coordinator
    assert row.last_changed_at == Payout.history.filter(id=payout.pk).latest().history_date
    assert coordinator.get_full_name() in response.content.decode()


def test_administration_without_submission_is_pointed_out(client, development_coordinator):
    open_year()
    factories.AdministrationFactory(name="Nybildad förvaltning", valid_from_year=2023)
    client.force_login(development_coordinator)
    response = client.get(reverse("projects:overview", kwargs={"year": 2023}))
    assert [str(a) for a in response.context["overview"].missing] == ["Nybildad förvaltning"]
    assert "Nybildad förvaltning" in response.content.decode()


def test_overview_query_count_does_not_grow_with_rows(
    client, development_coordinator, coordinator, django_assert_num_queries
):
    year = open_year(user=development_coordinator)
    assert year.submissions.count() == 13
    url = reverse("projects:overview", kwargs={"year": 2023})
    client.force_login(development_coordinator)
    with CaptureQueriesContext(connection) as empty_round:
        client.get(url)
    # The page's own work: year, submissions with counts, missing administrations, the last
    # change in each of the three history tables, their users, the year's events; the rest is
    # the layout's (session, user, header, the organisation's name).
    assert len(empty_round) <= 12

    for submission in year.submissions.all():
        fill(submission, projects=6, payouts_each=5)
        submission.updated_by = coordinator
        submission.save()
    with django_assert_num_queries(len(empty_round)):
        response = client.get(url)
    rows = response.context["rows"]
    assert len(rows) == 13
    assert sum(row.project_count for row in rows) == 13 * 6
    assert sum(row.payout_count for row in rows) == 13 * 6 * 5
    assert {row.last_changed_by for row in rows} == {coordinator}


def add_history(submission, user, *, payouts: int) -> None:
    """A project with ``payouts`` payouts and their history records, written in bulk."""
    report = factories.ProjectReportFactory(submission=submission)
    bulk_create_with_history(
        [
            Payout(report=report, payment_date=datetime.date(2023, 5, 1), amount_sek=n)
            for n in range(payouts)
        ],
        Payout,
        default_user=user,
    )


def test_last_change_query_count_is_the_same_with_a_hundred_times_the_history(
    client, development_coordinator, coordinator, official, django_assert_num_queries
):
    year = open_year(user=development_coordinator)
    url = reverse("projects:overview", kwargs={"year": 2023})
    for submission in year.submissions.all():
        add_history(submission, development_coordinator, payouts=3)
    client.force_login(official)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for submission in year.submissions.all():
        add_history(submission, coordinator, payouts=300)
    with django_assert_num_queries(len(small)):
        response = client.get(url)
    rows = response.context["rows"]
    assert {row.last_changed_by for row in rows} == {coordinator}
    newest = Payout.history.filter(report__submission__reporting_year=year).latest()
    assert max(row.last_changed_at for row in rows) == newest.history_date


def test_a_removed_project_counts_as_the_last_change(client, development_coordinator, coordinator):
    year = open_year()
    submission = submission_of(year, "Miljöförvaltningen")
    fill(submission, projects=1, payouts_each=2)
    report = submission.project_reports.get()
    report._history_user = coordinator
    report.delete()
    client.force_login(development_coordinator)
    row = rows_by_name(client.get(reverse("projects:overview", kwargs={"year": 2023})))[
        "Miljöförvaltningen"
    ]
    assert row.last_changed_by == coordinator
    assert row.last_changed_at == ProjectReport.history.filter(history_type="-").get().history_date


def test_many_administrations_are_shown_a_page_at_a_time(client, official, monkeypatch):
    from projects.views import review

    monkeypatch.setattr(review, "OVERVIEW_PAGE_SIZE", 5)
    open_year()
    url = reverse("projects:overview", kwargs={"year": 2023})
    client.force_login(official)
    first = client.get(url)
    names = sorted(Administration.objects.valid_in(2023).values_list("name", flat=True))
    assert [str(r.submission.administration) for r in first.context["rows"]] == names[:5]
    html = first.content.decode()
    assert 'aria-label="Sidor i översikten"' in html
    assert "Visar 1–5 av 13" in html
    assert "13 förvaltningar, 2023" in html  # the caption counts them all
    assert 'href="?sida=2#overview-table" rel="next"' in html
    last = client.get(url, {"sida": 3})
    assert [str(r.submission.administration) for r in last.context["rows"]] == names[10:]
    assert "Visar 11–13 av 13" in last.content.decode()
    # A filter stays when turning pages.
    filtered = client.get(url, {"status": "not_started"}).content.decode()
    assert 'href="?status=not_started&amp;sida=2#overview-table"' in filtered
    # A page that does not exist shows the first.
    assert client.get(url, {"sida": "x"}).context["pagination"].page.number == 1
