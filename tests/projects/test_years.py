import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects import access, services
from projects.models import Administration, CouncilGoal, ReportingYear, Submission
from tests import factories

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_opening_a_year_gives_every_existing_administration_a_draft(development_coordinator):
    factories.AdministrationFactory(name="Nedlagd förvaltning", valid_to_year=2021)
    factories.AdministrationFactory(name="Ny förvaltning", valid_from_year=2025)
    expected = set(Administration.objects.valid_in(2023).values_list("pk", flat=True))
    goals = list(CouncilGoal.objects.valid_in(2023))

    year = services.reporting_year_open(
        year=2023,
        deadline=datetime.date(2024, 2, 28),
        council_goals=goals,
        user=development_coordinator,
    )

    assert year.is_open and year.opened_at is not None
    assert year.deadline == datetime.date(2024, 2, 28)
    assert set(year.council_goals.all()) == set(goals)
    submissions = Submission.objects.filter(reporting_year=year)
    assert set(submissions.values_list("administration_id", flat=True)) == expected
    assert not submissions.filter(administration__name="Nedlagd förvaltning").exists()
    assert set(submissions.values_list("state", flat=True)) == {Submission.State.DRAFT}


def test_opening_an_open_year_again_changes_deadline_and_goals_and_keeps_existing_work(
    development_coordinator,
):
    goals = list(CouncilGoal.objects.valid_in(2023))
    year = services.reporting_year_open(
        year=2023, deadline=datetime.date(2024, 2, 28), council_goals=goals
    )
    submitted = year.submissions.first()
    submitted.state = Submission.State.SUBMITTED
    submitted.save()
    count = year.submissions.count()

    again = services.reporting_year_open(
        year=2023, deadline=datetime.date(2024, 3, 15), council_goals=goals[:1]
    )

    assert again.pk == year.pk and again.is_open
    assert again.submissions.count() == count
    submitted.refresh_from_db()
    assert submitted.state == Submission.State.SUBMITTED
    assert again.deadline == datetime.date(2024, 3, 15)
    assert list(again.council_goals.all()) == goals[:1]
    assert list(again.events.values_list("kind", flat=True)) == ["opened"]


def test_a_closed_year_is_not_opened_by_the_open_service_and_keeps_its_goals(
    development_coordinator,
):
    goals = list(CouncilGoal.objects.valid_in(2023))
    year = services.reporting_year_open(
        year=2023, deadline=datetime.date(2024, 2, 28), council_goals=goals
    )
    services.reporting_year_close(reporting_year=year, user=development_coordinator)

    with pytest.raises(ValidationError) as refused:
        services.reporting_year_open(
            year=2023, deadline=datetime.date(2024, 3, 15), council_goals=goals[:1]
        )

    assert refused.value.code == "closed"
    year.refresh_from_db()
    assert not year.is_open
    assert year.deadline == datetime.date(2024, 2, 28)
    assert list(year.council_goals.all()) == goals


def test_opening_refuses_council_goals_not_valid_that_year():
    old_goal = factories.CouncilGoalFactory(
        name="Gammalt mål", valid_from_year=2015, valid_to_year=2018
    )
    with pytest.raises(ValidationError, match="Gammalt mål"):
        services.reporting_year_open(year=2023, deadline=None, council_goals=[old_goal])
    assert not ReportingYear.objects.filter(year=2023).exists()


def test_open_form_preselects_the_goals_valid_that_year(client, development_coordinator):
    factories.CouncilGoalFactory(name="Gammalt mål", valid_from_year=2015, valid_to_year=2018)
    client.force_login(development_coordinator)
    response = client.get(reverse("projects:year_open") + "?year=2023")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["year"] == 2023
    assert set(form.initial["council_goals"]) == set(CouncilGoal.objects.valid_in(2023))
    content = response.content.decode()
    assert "Gammalt mål (2015–2018)" in content
    assert 'type="date"' in content


def test_open_form_creates_the_year_and_redirects_to_the_overview(client, development_coordinator):
    client.force_login(development_coordinator)
    goals = CouncilGoal.objects.valid_in(2023)
    response = client.post(
        reverse("projects:year_open"),
        {
            "year": "2023",
            "deadline": "2024-02-28",
            "council_goals": [g.pk for g in goals],
            "confirmed": "True",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("projects:overview", kwargs={"year": 2023})
    year = ReportingYear.objects.get(year=2023)
    assert year.is_open
    assert year.submissions.count() == Administration.objects.valid_in(2023).count()
    assert "Redovisningsåret 2023 är öppet" in messages_of(response)[0]


def test_open_form_shows_swedish_errors_next_to_the_fields(client, development_coordinator):
    old_goal = factories.CouncilGoalFactory(
        name="Gammalt mål", valid_from_year=2015, valid_to_year=2018
    )
    client.force_login(development_coordinator)
    response = client.post(
        reverse("projects:year_open"),
        {"year": "2023", "deadline": "2022-12-31", "council_goals": [old_goal.pk]},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("council_goals", "goal_not_valid")
    assert "Gammalt mål" in form.errors["council_goals"][0]
    assert form.has_error("deadline", "deadline_within_year")
    assert 'id="error-summary"' in response.content.decode()
    assert not ReportingYear.objects.filter(year=2023).exists()


def test_closing_a_year_locks_entry(client, development_coordinator, coordinator):
    submission = factories.SubmissionFactory(administration=coordinator.administration)
    assert access.can_edit_submission(coordinator, submission)
    client.force_login(development_coordinator)
    response = client.post(reverse("projects:year_close", kwargs={"year": 2023}))
    assert response.status_code == 302
    assert "stängt" in messages_of(response)[0]
    submission.refresh_from_db()
    assert not submission.reporting_year.is_open
    assert submission.reporting_year.closed_at is not None
    assert not access.can_edit_submission(coordinator, submission)


def test_closing_asks_for_confirmation_first(client, development_coordinator):
    factories.ReportingYearFactory(year=2023)
    client.force_login(development_coordinator)
    response = client.get(reverse("projects:year_close", kwargs={"year": 2023}))
    assert response.status_code == 200
    assert "Stänga redovisningsåret 2023?" in response.content.decode()
    assert ReportingYear.objects.get(year=2023).is_open


def test_year_list_shows_progress_per_year(client, official, django_assert_num_queries):
    for year in range(2015, 2025):
        reporting_year = factories.ReportingYearFactory(year=year, is_open=year == 2024)
        for administration in Administration.objects.all()[:5]:
            factories.SubmissionFactory(
                administration=administration,
                reporting_year=reporting_year,
                state=Submission.State.APPROVED,
            )
    client.force_login(official)
    # session, user, years with counts, the organisation's name (page header)
    with django_assert_num_queries(4):
        response = client.get(reverse("projects:year_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Öppen" in content and "Stängd" in content
    assert "Stäng 2024" not in content  # officials only read
    assert len(response.context["years"]) == 10
    assert response.context["years"][0].approved_count == 5


def test_current_overview_goes_to_the_open_year(client, development_coordinator):
    factories.ReportingYearFactory(year=2024, is_open=False)
    factories.ReportingYearFactory(year=2023, is_open=True)
    client.force_login(development_coordinator)
    response = client.get(reverse("projects:overview_current"))
    assert response.url == reverse("projects:overview", kwargs={"year": 2023})


def test_current_overview_without_years_goes_to_the_year_list(client, development_coordinator):
    client.force_login(development_coordinator)
    response = client.get(reverse("projects:overview_current"))
    assert response.url == reverse("projects:year_list")


# --- Access ---------------------------------------------------------------------------------

READ_URLS = [
    ("projects:year_list", {}),
    ("projects:overview", {"year": 2023}),
    ("projects:overview_current", {}),
]
CHANGE_URLS = [
    ("get", "projects:year_open", {}),
    ("post", "projects:year_open", {}),
    ("get", "projects:year_close", {"year": 2023}),
    ("post", "projects:year_close", {"year": 2023}),
    ("get", "projects:reminders_send", {"year": 2023}),
    ("post", "projects:reminders_send", {"year": 2023}),
    ("get", "projects:year_delete", {"year": 2023}),
    ("post", "projects:year_delete", {"year": 2023}),
]


@pytest.fixture
def year_2023(db):
    return factories.ReportingYearFactory(year=2023)


@pytest.mark.parametrize(("name", "kwargs"), READ_URLS)
def test_anonymous_visitor_is_sent_to_login_from_read_pages(client, year_2023, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("method", "name", "kwargs"), CHANGE_URLS)
def test_anonymous_visitor_is_sent_to_login_from_changes(client, year_2023, method, name, kwargs):
    response = getattr(client, method)(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert ReportingYear.objects.get(year=2023).is_open


@pytest.mark.parametrize(("name", "kwargs"), READ_URLS)
def test_coordinator_gets_403_on_city_office_pages(client, coordinator, year_2023, name, kwargs):
    client.force_login(coordinator)
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 403


@pytest.mark.parametrize(("method", "name", "kwargs"), CHANGE_URLS)
def test_coordinator_and_official_cannot_change_years(
    client, coordinator, official, year_2023, mailoutbox, method, name, kwargs
):
    factories.CoordinatorFactory(
        administration=factories.SubmissionFactory(reporting_year=year_2023).administration
    )
    for user in (coordinator, official):
        client.force_login(user)
        response = getattr(client, method)(
            reverse(name, kwargs=kwargs), {"year": "2024", "deadline": "2025-02-28"}
        )
        assert response.status_code == 403
    assert ReportingYear.objects.get(year=2023).is_open
    assert not ReportingYear.objects.filter(year=2024).exists()
    assert mailoutbox == []


@pytest.mark.parametrize(("name", "kwargs"), READ_URLS)
def test_official_reads_years_and_overview(client, official, year_2023, name, kwargs):
    client.force_login(official)
    response = client.get(reverse(name, kwargs=kwargs), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "2023" in html
    # Reading only: none of the development coordinator's buttons.
    for change in ("Öppna ett redovisningsår", "Stäng 2023", "Skicka påminnelse"):
        assert change not in html


@pytest.mark.parametrize(
    ("name", "kwargs", "change"),
    [
        ("projects:year_list", {}, "Öppna ett redovisningsår"),
        ("projects:overview", {"year": 2023}, "Stäng 2023"),
        ("projects:overview", {"year": 2023}, "Skicka påminnelse"),
    ],
)
def test_the_development_coordinator_gets_the_buttons_officials_do_not(
    client, development_coordinator, year_2023, name, kwargs, change
):
    client.force_login(development_coordinator)
    assert change in client.get(reverse(name, kwargs=kwargs)).content.decode()


def test_unknown_year_answers_404(client, development_coordinator):
    client.force_login(development_coordinator)
    assert client.get(reverse("projects:overview", kwargs={"year": 2031})).status_code == 404
    assert client.post(reverse("projects:year_close", kwargs={"year": 2031})).status_code == 404


def test_home_and_navigation_lead_the_city_office_to_the_open_year(
    client, development_coordinator, official, coordinator
):
    factories.ReportingYearFactory(year=2023, is_open=True)
    overview = reverse("projects:overview", kwargs={"year": 2023})
    client.force_login(development_coordinator)
    content = client.get(reverse("projects:home")).content.decode()
    assert f'<a href="{overview}">Se hur förvaltningarna ligger till 2023</a>' in content
    assert reverse("projects:year_open") in content
    assert reverse("projects:year_list") in content
    assert reverse("projects:overview_current") in content
    client.force_login(official)
    content = client.get(reverse("projects:home")).content.decode()
    assert overview in content
    assert reverse("projects:year_open") not in content
    client.force_login(coordinator)
    content = client.get(reverse("projects:home")).content.decode()
    assert overview not in content
    assert reverse("projects:year_list") not in content


@pytest.mark.parametrize("deadline", ["2025-01-15", "2025-12-31"])
def test_open_form_refuses_a_deadline_inside_the_reporting_year(
    client, development_coordinator, deadline
):
    client.force_login(development_coordinator)
    goals = CouncilGoal.objects.valid_in(2025)
    response = client.post(
        reverse("projects:year_open"),
        {"year": "2025", "deadline": deadline, "council_goals": [g.pk for g in goals]},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["deadline"]
    assert response.context["form"].has_error("deadline", "deadline_within_year")
    assert 'href="#id_deadline"' in response.content.decode()
    assert not ReportingYear.objects.filter(year=2025).exists()


def test_open_form_accepts_the_first_day_after_the_reporting_year(client, development_coordinator):
    client.force_login(development_coordinator)
    goals = CouncilGoal.objects.valid_in(2025)
    response = client.post(
        reverse("projects:year_open"),
        {
            "year": "2025",
            "deadline": "2026-01-01",
            "council_goals": [g.pk for g in goals],
            "confirmed": "True",
        },
    )
    assert response.status_code == 302
    assert ReportingYear.objects.get(year=2025).deadline == datetime.date(2026, 1, 1)


def test_service_refuses_a_deadline_inside_the_reporting_year():
    goals = list(CouncilGoal.objects.valid_in(2025))
    with pytest.raises(ValidationError) as error:
        services.reporting_year_open(
            year=2025, deadline=datetime.date(2025, 1, 15), council_goals=goals
        )
    assert "efter redovisningsårets slut" in str(error.value)
    assert not ReportingYear.objects.filter(year=2025).exists()


def test_the_year_opening_check_is_one_rule_for_form_service_and_admin(db):
    from projects.validation import check_year_opening

    old_goal = factories.CouncilGoalFactory(
        name="Gammalt", valid_from_year=2015, valid_to_year=2018
    )
    new_goal = factories.CouncilGoalFactory(name="Nytt", valid_from_year=2023)
    ended_goal = factories.CouncilGoalFactory(name="Avslutat", valid_to_year=2022)
    assert (
        check_year_opening(year=2023, deadline=datetime.date(2024, 1, 1), council_goals=[new_goal])
        == []
    )
    last_day = check_year_opening(
        year=2023,
        deadline=datetime.date(2023, 12, 31),
        council_goals=[old_goal, new_goal, ended_goal],
    )
    assert [(f.field, f.code, f.blocking) for f in last_day] == [
        ("council_goals", "goal_not_valid", True),
        ("deadline", "deadline_within_year", True),
    ]
    # Every goal not valid that year is named, in the order given; a valid one is not.
    assert last_day[0].message.endswith(": Gammalt, Avslutat.")
    assert "Nytt" not in last_day[0].message
    with pytest.raises(ValidationError) as refused:
        services.reporting_year_open(
            year=2023, deadline=datetime.date(2023, 12, 31), council_goals=[new_goal]
        )
    assert refused.value.error_dict["deadline"][0].code == "deadline_within_year"
    assert not ReportingYear.objects.filter(year=2023).exists()
