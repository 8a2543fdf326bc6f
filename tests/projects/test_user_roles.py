"""The development coordinator gives role-less accounts a role, on a page of the application."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import LoginEvent, SingleSignOnIdentity, User
from tests import factories


@pytest.fixture
def newcomer(db):
    """An account created by a first sign-in: no role, no administration."""
    return User.objects.create_user(email="ny.person@malmo.se", full_name="Ny Person")


def test_people_without_a_role_come_first(client, development_coordinator, newcomer, coordinator):
    client.force_login(development_coordinator)
    page = client.get(reverse("projects:users")).content.decode()
    assert "1 person väntar på en roll." in page
    assert page.index("ny.person@malmo.se") < page.index(coordinator.email)


def test_a_role_and_administration_are_given_and_recorded(
    client, development_coordinator, newcomer, administration
):
    client.force_login(development_coordinator)
    url = reverse("projects:user_role", kwargs={"user_pk": newcomer.pk})
    response = client.post(url, {"role": "coordinator", "administration": administration.pk})
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert (newcomer.role, newcomer.administration) == ("coordinator", administration)
    event = LoginEvent.objects.get(kind=LoginEvent.Kind.ROLE_CHANGED, user=newcomer)
    assert (event.old_role, event.new_role, event.changed_by) == (
        "",
        "coordinator",
        development_coordinator,
    )
    # The newcomer now sees their administration's submission instead of the no-role page.
    client.force_login(newcomer)
    assert client.get(reverse("projects:home")).status_code == 200


def test_a_coordinator_needs_an_administration(client, development_coordinator, newcomer):
    client.force_login(development_coordinator)
    url = reverse("projects:user_role", kwargs={"user_pk": newcomer.pk})
    response = client.post(url, {"role": "coordinator", "administration": ""})
    assert response.status_code == 400
    assert response.context["form"].has_error("administration", "administration_required")
    newcomer.refresh_from_db()
    assert newcomer.role == ""
    assert not LoginEvent.objects.filter(kind=LoginEvent.Kind.ROLE_CHANGED).exists()


def test_no_one_changes_their_own_role(client, development_coordinator):
    client.force_login(development_coordinator)
    url = reverse("projects:user_role", kwargs={"user_pk": development_coordinator.pk})
    response = client.post(url, {"role": "official", "administration": ""})
    assert response.status_code == 400
    development_coordinator.refresh_from_db()
    assert development_coordinator.role == User.Role.DEVELOPMENT_COORDINATOR


def test_only_the_development_coordinator_may_give_roles(client, official, newcomer):
    for user in (official, factories.CoordinatorFactory(email="k@malmo.se")):
        client.force_login(user)
        url = reverse("projects:user_role", kwargs={"user_pk": newcomer.pk})
        assert client.post(url, {"role": "official"}).status_code == 403
    newcomer.refresh_from_db()
    assert newcomer.role == ""


@pytest.mark.parametrize("who", ["anonymous", "coordinator", "official"])
def test_who_may_not_give_roles_cannot_tell_which_accounts_exist(
    client, who, coordinator, official, newcomer
):
    if who != "anonymous":
        client.force_login({"coordinator": coordinator, "official": official}[who])
    missing = max(User.objects.values_list("pk", flat=True)) + 1
    answers = set()
    for pk in (newcomer.pk, missing):
        url = reverse("projects:user_role", kwargs={"user_pk": pk})
        for method in (client.get, client.post):
            response = method(url)
            answers.add((response.status_code, response.get("Location", "").split("?")[0]))
    # One answer whether the account exists or not: sign in first, or refused.
    assert len(answers) == 1
    assert answers.pop()[0] == (302 if who == "anonymous" else 403)


def test_reopening_a_missing_year_answers_like_an_existing_one_without_the_right(
    client, coordinator
):
    from projects.models import ReportingYear

    ReportingYear.objects.create(year=2023, is_open=False)
    client.force_login(coordinator)
    for year in (2023, 2031):
        url = reverse("projects:year_reopen", kwargs={"year": year})
        assert client.get(url).status_code == 403


def test_the_users_page_shows_links_and_waiting_sign_ins_in_a_fixed_number_of_queries(
    client, development_coordinator, django_assert_num_queries
):
    tenant = "00000000-aaaa-bbbb-cccc-000000000000"
    now = timezone.now()
    for n in range(12):
        person = factories.OfficialFactory(email=f"person{n}@malmo.se", full_name=f"Person {n}")
        SingleSignOnIdentity.objects.create(
            user=person,
            tenant_id=tenant,
            object_id=uuid.UUID(int=n + 1),
            linked_at=now,
            linked_by=development_coordinator if n % 2 else None,
        )
        SingleSignOnIdentity.objects.create(
            user=person, tenant_id=tenant, object_id=uuid.UUID(int=n + 100), email=person.email
        )
    client.force_login(development_coordinator)
    with django_assert_num_queries(9):
        page = client.get(reverse("projects:users")).content.decode()
    assert page.count(">Koppla inloggningen<") == 12
    assert str(uuid.UUID(int=12)) in page and str(uuid.UUID(int=111)) in page
    assert page.count("vid första inloggningen") == 6
