"""One status of a year, computed in one place: open, closed or published; final or
preliminary; on how many administrations. The figures page, the memo pages and the trend show
the same."""

import re

import pytest
from django.urls import reverse

from projects.models import Administration, Submission
from projects.services.review import reporting_year_close
from reporting.memo.services import memo_create_draft
from reporting.models import PublishedMemo
from reporting.selectors import year_status, year_statuses
from reporting.selectors.status import CLOSED, NOT_OPENED, OPEN, PUBLISHED
from reporting.selectors.trend import trend
from tests import factories as f

pytestmark = pytest.mark.django_db

APPROVED, SUBMITTED, DRAFT = (
    Submission.State.APPROVED,
    Submission.State.SUBMITTED,
    Submission.State.DRAFT,
)


@pytest.fixture
def year_2024(db):
    """2024 open: two administrations approved (with projects), a third still a draft; every
    other administration of the year has not started."""
    reporting_year = f.ReportingYearFactory(year=2024, is_open=True)
    submissions = {}
    for name, code, state in (
        ("Alfaförvaltningen", "ALF", APPROVED),
        ("Betaförvaltningen", "BET", APPROVED),
        ("Gammaförvaltningen", "GAM", DRAFT),
    ):
        submissions[code] = f.SubmissionFactory(
            administration=f.AdministrationFactory(name=name, short_code=code),
            reporting_year=reporting_year,
            state=state,
        )
        f.PayoutFactory(report=f.ProjectReportFactory(submission=submissions[code]))
    return {"year": reporting_year, "submissions": submissions}


def _page_status(html: str) -> dict:
    """The status a page shows, read from its status line."""
    tag = re.search(r'<p class="year-status"[^>]*>', html).group(0)
    return dict(re.findall(r'data-(state|figures|complete|approved|expected)="([^"]*)"', tag))


def test_an_open_year_is_preliminary_on_all_administrations_of_the_year(year_2024):
    status = year_status(2024)
    expected = Administration.objects.valid_in(2024).count()
    assert (status.state, status.approved, status.expected) == (OPEN, 2, expected)
    assert status.preliminary and not status.final and not status.complete


def test_a_closed_year_is_final_and_says_when_it_rests_on_part_of_the_city(year_2024):
    reporting_year_close(reporting_year=year_2024["year"])
    status = year_status(2024)
    # Closed, the year rests on the submissions it holds: the three opened here.
    assert (status.state, status.approved, status.expected) == (CLOSED, 2, 3)
    assert status.final and status.incomplete

    Submission.objects.filter(state=DRAFT).update(state=APPROVED)
    status = year_status(2024)
    assert status.final and status.complete and not status.incomplete


def test_a_year_with_a_published_memo_is_published_and_one_never_opened_says_so(year_2024):
    reporting_year_close(reporting_year=year_2024["year"])
    f.ReportingYearFactory(year=2023, is_open=False)

    user = f.DevelopmentCoordinatorFactory()
    memo = memo_create_draft(year=2024, user=user)
    PublishedMemo.of_pdf(memo, b"%PDF-1.7", version=1, user=user).save()
    statuses = year_statuses([2022, 2023, 2024])
    assert [statuses[year].state for year in (2022, 2023, 2024)] == [NOT_OPENED, CLOSED, PUBLISHED]
    assert statuses[2024].published_version == 1
    assert statuses[2024].final


@pytest.mark.parametrize("years", [1, 6])
def test_statuses_take_one_query_however_many_years(db, django_assert_num_queries, years):
    for offset in range(years):
        reporting_year = f.ReportingYearFactory(year=2020 + offset, is_open=offset % 2 == 0)
        f.SubmissionFactory(reporting_year=reporting_year, state=APPROVED)
    with django_assert_num_queries(1):
        statuses = year_statuses()
    assert len(statuses) == years


def test_after_closing_the_figures_page_memo_editor_and_trend_agree_on_the_status(
    year_2024, client, development_coordinator
):
    memo_create_draft(year=2024, user=development_coordinator)
    client.force_login(development_coordinator)
    figures_url = reverse("reporting:figures", kwargs={"year": 2024})
    edit_url = reverse("reporting:memo_edit", args=[2024])
    year_url = reverse("reporting:memo_year", args=[2024])
    before = _page_status(client.get(figures_url).content.decode())
    assert before["state"] == "open" and before["figures"] == "preliminary"

    reporting_year_close(reporting_year=year_2024["year"])
    shown = [
        _page_status(client.get(url).content.decode()) for url in (figures_url, edit_url, year_url)
    ]
    closed = {"state": "closed", "figures": "final", "complete": "no", "approved": "2"}
    for status in shown:
        assert {key: status[key] for key in closed} == closed
        assert status["expected"] == "3"
    figures_page = client.get(figures_url).content.decode()
    assert "Året pågår" not in figures_page
    # The figures page's own trend marks the year as the trend page does, chart and table.
    assert 'class="badge text-bg-warning year-incomplete"' in figures_page
    assert 'id="figures-trend-incomplete"' in figures_page
    assert ">2024 *<" in figures_page
    editor = client.get(edit_url).content.decode()
    assert "är preliminära" not in editor

    # The trend shows 2024 now, marked as incomplete, on the same basis.
    [row] = [row for row in trend().years if row.year == 2024]
    assert row.incomplete and row.status == year_status(2024)
    page = client.get(reverse("reporting:trend")).content.decode()
    assert 'class="badge text-bg-warning year-incomplete"' in page
    assert 'id="trend-incomplete"' in page
    assert "2 av 3 förvaltningar godkända" in page


def test_a_complete_closed_year_is_not_marked_on_the_trend(year_2024, client, official):
    Submission.objects.filter(state=DRAFT).update(state=APPROVED)
    reporting_year_close(reporting_year=year_2024["year"])
    client.force_login(official)
    page = client.get(reverse("reporting:trend")).content.decode()
    assert "year-incomplete" not in page
    assert "3 av 3 förvaltningar godkända" in page
