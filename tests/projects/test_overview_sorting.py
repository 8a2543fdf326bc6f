"""The year's overview: sorted and searched on the server, with the payouts in kronor."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects import services
from projects.models import CouncilGoal, Submission
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_2023(development_coordinator):
    """Two administrations whose Swedish order differs from the code point order (Å before Ä),
    with different states, numbers of projects and sums of payouts (with öre)."""
    factories.AdministrationFactory(name="Äppelförvaltningen", short_code="ÄPF")
    factories.AdministrationFactory(name="Åsförvaltningen", short_code="ÅSF")
    year = services.reporting_year_open(
        year=2023,
        deadline=datetime.date(2024, 2, 28),
        council_goals=CouncilGoal.objects.valid_in(2023),
        user=development_coordinator,
    )
    apple = year.submissions.get(administration__name="Äppelförvaltningen")
    for amount in ("1000000.00", "250000.00"):
        factories.PayoutFactory(
            report=factories.ProjectReportFactory(submission=apple), amount_sek=Decimal(amount)
        )
    apple.state = Submission.State.SUBMITTED
    apple.save()
    ridge = year.submissions.get(administration__name="Åsförvaltningen")
    report = factories.ProjectReportFactory(submission=ridge)
    factories.PayoutFactory(report=report, amount_sek=Decimal("40000.50"))
    factories.ProjectReportFactory(submission=ridge)
    factories.ProjectReportFactory(submission=ridge)
    return year


def names(response) -> list[str]:
    return [str(row.submission.administration) for row in response.context["rows"]]


def get(client, user, **params):
    client.force_login(user)
    return client.get(reverse("projects:overview", kwargs={"year": 2023}), params)


def test_overview_is_in_swedish_alphabetical_order_by_default(client, round_2023, official):
    shown = names(get(client, official))
    assert shown[-2:] == ["Åsförvaltningen", "Äppelförvaltningen"]
    assert shown.index("Arbetsmarknads- och socialförvaltningen") == 0


def test_overview_sorts_by_name_descending(client, round_2023, official):
    shown = names(get(client, official, sort="-name"))
    assert shown[:2] == ["Äppelförvaltningen", "Åsförvaltningen"]


def test_overview_sorts_by_payouts_largest_first_and_shows_kronor(client, round_2023, official):
    response = get(client, official, sort="-payouts")
    assert names(response)[:2] == ["Äppelförvaltningen", "Åsförvaltningen"]
    html = response.content.decode()
    assert "1\u00a0250\u00a0000\u00a0kr" in html
    assert "40\u00a0000,50\u00a0kr" in html
    assert "1\u00a0250\u00a0000,00" not in html
    # The sorted column says so to screen readers; the others offer a link to sort by them.
    assert (
        'aria-sort="descending"><a class="sort-link" href="?sort=payouts#overview-table">' in html
    )
    assert 'href="?sort=name#overview-table"' in html


def test_overview_sorts_by_projects_and_ties_keep_swedish_name_order(client, round_2023, official):
    shown = names(get(client, official, sort="-projects"))
    assert shown[:2] == ["Åsförvaltningen", "Äppelförvaltningen"]
    ascending = names(get(client, official, sort="projects"))
    # The administrations without projects come first, in Swedish order among themselves.
    assert ascending[-2:] == ["Äppelförvaltningen", "Åsförvaltningen"]
    assert ascending[:2] == [
        "Arbetsmarknads- och socialförvaltningen",
        "Fastighets- och gatukontoret",
    ]


def test_overview_sorts_by_state(client, round_2023, official):
    shown = names(get(client, official, sort="-progress"))
    assert shown[0] == "Äppelförvaltningen"  # the only submitted one
    assert names(get(client, official, sort="progress"))[-1] == "Äppelförvaltningen"


def test_overview_search_keeps_matching_administrations_whatever_the_case(
    client, round_2023, official
):
    response = get(client, official, q="  ÅSFÖR ")
    assert names(response) == ["Åsförvaltningen"]
    html = response.content.decode()
    assert 'value="ÅSFÖR"' in html
    # Sorting keeps the search, and the search form keeps the order.
    response = get(client, official, q="förvaltningen", sort="-payouts")
    assert names(response)[:2] == ["Äppelförvaltningen", "Åsförvaltningen"]
    assert "Kulturförvaltningen" in names(response)
    assert "Stadskontoret" not in names(response)
    assert 'name="sort" value="-payouts"' in response.content.decode()
    assert "q=f%C3%B6rvaltningen&amp;sort=payouts" in response.content.decode()


def test_overview_search_without_match_says_so(client, round_2023, official):
    response = get(client, official, q="Finns inte")
    assert names(response) == []
    assert "Inga förvaltningar matchar sökningen." in response.content.decode()


def test_overview_ignores_an_unknown_sort(client, round_2023, official):
    response = get(client, official, sort="password")
    assert response.status_code == 200
    assert response.context["overview"].sort == "name"
    assert names(response)[-1] == "Äppelförvaltningen"


def test_overview_query_count_is_constant_when_sorted_and_searched(
    client, round_2023, official, django_assert_num_queries
):
    client.force_login(official)
    url = reverse("projects:overview", kwargs={"year": 2023})
    params = {"sort": "-payouts", "q": "förvaltning"}
    client.get(url, params)  # the session and the per-process caches are warm from here on
    with CaptureQueriesContext(connection) as few:
        client.get(url, params)
    for submission in round_2023.submissions.all():
        for _ in range(4):
            report = factories.ProjectReportFactory(submission=submission)
            factories.PayoutFactory(report=report)
            factories.PayoutFactory(report=report)
        submission.updated_by = official  # who changed it last is shown: one users query
        submission.save()
    with django_assert_num_queries(len(few)):
        response = client.get(url, params)
    assert sum(row.payout_count for row in response.context["rows"]) >= 12 * 8
