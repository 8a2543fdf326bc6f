"""The Django admin never adds to, moves into, changes or removes an approved submission or a
closed year: the locks look at the row's submission and at the one it would be moved to."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from projects.admin import YEAR_HELP
from projects.models import CouncilGoal, ReportingYear
from tests import factories as f


@pytest.fixture
def superuser(db):
    return f.UserFactory(email="admin@malmo.se", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def goal(db):
    return f.CouncilGoalFactory(name="Utbildning och arbete", valid_from_year=2022, order=1)


@pytest.fixture
def open_year(goal):
    return f.ReportingYearFactory(year=2024, council_goals=[goal])


@pytest.fixture
def closed_year(goal):
    return f.ReportingYearFactory(year=2023, is_open=False, council_goals=[goal])


def url(model: str, view: str, *args) -> str:
    return reverse(f"admin:projects_{model}_{view}", args=args)


def has_save_button(response) -> bool:
    return 'name="_save"' in response.content.decode()


# --- The year -------------------------------------------------------------------------------


def year_data(reporting_year: ReportingYear, **changes) -> dict:
    return {
        "year": reporting_year.year,
        "deadline": reporting_year.deadline.isoformat(),
        "council_goals": [goal.pk for goal in reporting_year.council_goals.all()],
        **changes,
    }


def year_state(year: ReportingYear) -> tuple:
    year.refresh_from_db()
    return (
        year.year,
        year.deadline,
        year.is_open,
        year.opened_at,
        year.closed_at,
        list(year.council_goals.all()),
    )


def test_a_closed_year_is_shown_read_only_and_posts_change_nothing(admin_client, closed_year):
    other_goal = f.CouncilGoalFactory(name="Klimat", order=2)
    page = admin_client.get(url("reportingyear", "change", closed_year.pk))
    assert page.status_code == 200
    assert not has_save_button(page)
    before = year_state(closed_year)
    response = admin_client.post(
        url("reportingyear", "change", closed_year.pk),
        year_data(closed_year, deadline="2030-01-31", council_goals=[other_goal.pk], is_open="on"),
    )
    assert response.status_code == 403
    assert year_state(closed_year) == before


def test_an_open_years_deadline_and_goals_can_be_changed_but_not_its_state(admin_client, open_year):
    other_goal = f.CouncilGoalFactory(name="Klimat", order=2)
    opened_at = datetime.datetime(2024, 1, 2, 8, 0, tzinfo=datetime.UTC)
    ReportingYear.objects.filter(pk=open_year.pk).update(opened_at=opened_at)
    # is_open left out is what an unticked box posts: closing without a record.
    response = admin_client.post(
        url("reportingyear", "change", open_year.pk),
        year_data(
            open_year,
            year=2019,
            deadline="2025-03-31",
            council_goals=[other_goal.pk],
            opened_at_0="2020-01-01",
            opened_at_1="00:00:00",
            closed_at_0="2025-01-01",
            closed_at_1="00:00:00",
        ),
    )
    assert response.status_code == 302
    assert year_state(open_year) == (
        2024,
        datetime.date(2025, 3, 31),
        True,
        opened_at,
        None,
        [other_goal],
    )


def test_a_closed_year_cannot_be_ticked_open(admin_client, closed_year):
    admin_client.post(
        url("reportingyear", "change", closed_year.pk), year_data(closed_year, is_open="on")
    )
    closed_year.refresh_from_db()
    assert not closed_year.is_open


def test_no_year_can_be_added_or_deleted_in_the_admin(admin_client, open_year, closed_year):
    count = ReportingYear.objects.count()
    assert admin_client.post(url("reportingyear", "add"), {"year": 2030}).status_code == 403
    for year in (open_year, closed_year):
        deleted = admin_client.post(url("reportingyear", "delete", year.pk), {"post": "yes"})
        assert deleted.status_code == 403
    changelist = admin_client.get(url("reportingyear", "changelist"))
    assert "delete_selected" not in changelist.content.decode()
    admin_client.post(
        url("reportingyear", "changelist"),
        {"action": "delete_selected", "_selected_action": [open_year.pk], "post": "yes"},
    )
    assert ReportingYear.objects.count() == count


def test_the_year_admin_says_where_years_are_opened_and_closed(admin_client, open_year):
    for page in (
        admin_client.get(url("reportingyear", "changelist")),
        admin_client.get(url("reportingyear", "change", open_year.pk)),
    ):
        assert str(YEAR_HELP) in page.content.decode()


def test_a_council_goal_of_a_closed_year_cannot_be_deleted(admin_client, closed_year, goal):
    response = admin_client.post(url("councilgoal", "delete", goal.pk), {"post": "yes"})
    assert response.status_code == 403
    assert list(closed_year.council_goals.all()) == [goal]


def test_a_council_goal_of_open_years_only_can_be_deleted(admin_client):
    goal = f.CouncilGoalFactory(name="Klimat", order=2)
    f.ReportingYearFactory(year=2025, council_goals=[goal])
    response = admin_client.post(url("councilgoal", "delete", goal.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not CouncilGoal.objects.filter(pk=goal.pk).exists()
