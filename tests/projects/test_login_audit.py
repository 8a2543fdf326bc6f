"""The sign-in record: sign-ins, failures, lockouts, sign-outs and role changes with user, UTC
time and address; the development coordinator's page that lists and filters them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import LoginEvent, User
from tests import factories
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/konto/logga-in/"


def sign_in(client, email, password=TEST_PASSWORD, **extra):
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


def test_successful_sign_in_is_recorded_with_user_utc_time_and_address(client, coordinator):
    before = timezone.now()
    assert sign_in(client, coordinator.email, REMOTE_ADDR="10.20.30.40").status_code == 302
    event = LoginEvent.objects.get()
    assert event.kind == LoginEvent.Kind.LOGIN
    assert event.user == coordinator and event.username == coordinator.email
    assert event.ip_address == "10.20.30.40"
    assert event.created_at.utcoffset() == datetime.timedelta(0)
    assert before <= event.created_at <= timezone.now()


def test_failed_sign_in_is_recorded_with_what_was_typed(client, coordinator):
    sign_in(client, "Samordnare@Malmo.se", "fel")
    sign_in(client, "okand@malmo.se", "fel")
    known, unknown = LoginEvent.objects.order_by("pk")
    assert (known.kind, known.user, known.username) == ("failed", coordinator, coordinator.email)
    assert (unknown.kind, unknown.user, unknown.username) == ("failed", None, "okand@malmo.se")
    assert unknown.ip_address == "127.0.0.1"


def test_locked_out_sign_in_is_recorded(client, coordinator):
    for _ in range(6):
        sign_in(client, coordinator.email, "fel")
    kinds = list(LoginEvent.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds.count("failed") == 6
    assert kinds.count("locked_out") == 2  # the fifth failure locks; the sixth hits the lock
    assert LoginEvent.objects.filter(kind="locked_out", user=coordinator).count() == 2


def test_sign_out_is_recorded(client, coordinator):
    sign_in(client, coordinator.email)
    client.post(reverse("logout"), REMOTE_ADDR="10.1.2.3")
    event = LoginEvent.objects.get(kind=LoginEvent.Kind.LOGOUT)
    assert event.user == coordinator and event.ip_address == "10.1.2.3"


def test_address_behind_a_trusted_proxy_is_recorded(client, coordinator, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    sign_in(client, coordinator.email, HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.20")
    assert LoginEvent.objects.get().ip_address == "198.51.100.20"


# --- Role changes -----------------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(email="admin@malmo.se", password=TEST_PASSWORD)


def admin_change_data(user, **changes):
    joined = timezone.localtime(user.date_joined)
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "title": user.title,
        "administration": user.administration_id or "",
        "role": user.role,
        "is_active": "on",
        "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
    }
    data.update(changes)
    return data


def test_role_change_in_the_admin_is_recorded_with_who_and_from_where(
    client, superuser, official, administration
):
    client.force_login(superuser)
    url = reverse("admin:projects_user_change", args=[official.pk])
    data = admin_change_data(official, role="coordinator", administration=administration.pk)
    response = client.post(url, data, REMOTE_ADDR="10.7.7.7")
    assert response.status_code == 302, response.content.decode()[:2000]
    event = LoginEvent.objects.get(kind=LoginEvent.Kind.ROLE_CHANGED)
    assert event.user == official and event.changed_by == superuser
    assert (event.old_role, event.new_role) == ("official", "coordinator")
    assert event.ip_address == "10.7.7.7"


def test_saving_without_changing_the_role_records_nothing(client, superuser, official):
    client.force_login(superuser)
    url = reverse("admin:projects_user_change", args=[official.pk])
    assert client.post(url, admin_change_data(official, title="Ny titel")).status_code == 302
    assert not LoginEvent.objects.filter(kind=LoginEvent.Kind.ROLE_CHANGED).exists()


def test_a_user_added_with_a_role_is_recorded_and_without_one_is_not(client, superuser):
    client.force_login(superuser)
    url = reverse("admin:projects_user_add")
    for email, role in (("ny@malmo.se", "official"), ("utan@malmo.se", "")):
        data = {
            "email": email,
            "full_name": "Ny Person",
            "administration": "",
            "role": role,
            "password1": "ett-langt-losenord-987",
            "password2": "ett-langt-losenord-987",
        }
        assert client.post(url, data).status_code == 302
    event = LoginEvent.objects.get(kind=LoginEvent.Kind.ROLE_CHANGED)
    assert event.user.email == "ny@malmo.se"
    assert (event.old_role, event.new_role) == ("", "official")
    assert User.objects.get(email="utan@malmo.se").role == ""


# --- The page ---------------------------------------------------------------------------------


def event(kind, user=None, when=None, **fields):
    return LoginEvent.objects.create(
        kind=kind,
        user=user,
        username=user.email if user else fields.pop("username", ""),
        ip_address="10.0.0.1",
        created_at=when or timezone.now(),
        **fields,
    )


def test_development_coordinator_lists_events_newest_first_in_utc(
    client, development_coordinator, coordinator, official
):
    event("login", coordinator, datetime.datetime(2024, 3, 5, 23, 30, tzinfo=datetime.UTC))
    event(
        "role_changed",
        official,
        datetime.datetime(2024, 3, 6, 8, 0, tzinfo=datetime.UTC),
        old_role="",
        new_role="official",
        changed_by=development_coordinator,
    )
    client.force_login(development_coordinator)
    response = client.get(reverse("projects:login_events"), {"user": "malmo.se"})
    content = response.content.decode()
    assert response.status_code == 200
    # UTC, not Swedish time (which would show 2024-03-06 00:30:00).
    assert "2024-03-05 23:30:00" in content
    assert content.index("2024-03-06 08:00:00") < content.index("2024-03-05 23:30:00")
    assert "Från ingen roll till Tjänsteperson (läsbehörighet)" in content
    assert development_coordinator.full_name in content


def test_events_filter_by_user_kind_and_date(
    client, development_coordinator, coordinator, official
):
    day = datetime.datetime(2024, 3, 5, 12, 0, tzinfo=datetime.UTC)
    event("login", coordinator, day)
    event("failed", coordinator, day - datetime.timedelta(days=1))
    event("login", official, day + datetime.timedelta(days=1))
    event("failed", None, day, username="okand@malmo.se")
    client.force_login(development_coordinator)
    url = reverse("projects:login_events")

    def listed(**query):
        response = client.get(url, query)
        assert response.status_code == 200
        return [(e.kind, e.username) for e in response.context["events"]]

    assert listed(user=coordinator.email) == [
        ("login", coordinator.email),
        ("failed", coordinator.email),
    ]
    assert listed(user=official.full_name.split()[0]) == [("login", official.email)]
    assert listed(kind="failed") == [("failed", "okand@malmo.se"), ("failed", coordinator.email)]
    # Same time: the later record first.
    assert listed(date_from="2024-03-05", date_to="2024-03-05") == [
        ("failed", "okand@malmo.se"),
        ("login", coordinator.email),
    ]
    assert listed(kind="login", date_from="2024-03-06", date_to="2024-12-31") == [
        ("login", official.email)
    ]


def test_a_wrong_date_range_is_shown_in_the_error_summary(client, development_coordinator):
    client.force_login(development_coordinator)
    response = client.get(
        reverse("projects:login_events"), {"date_from": "2024-03-06", "date_to": "2024-03-05"}
    )
    content = response.content.decode()
    assert 'id="error-summary"' in content
    assert "Slutdatumet ligger före startdatumet." in content
    assert 'href="#id_date_to"' in content


def test_events_are_paginated_and_the_filter_follows_the_pages(
    client, development_coordinator, coordinator
):
    for minute in range(55):
        event("login", coordinator, timezone.now() - datetime.timedelta(minutes=minute))
    client.force_login(development_coordinator)
    url = reverse("projects:login_events")
    query = {"user": coordinator.email, "kind": "login"}
    first = client.get(url, query)
    content = first.content.decode()
    assert len(first.context["events"]) == 50
    assert "Sida 1 av 2" in content
    assert 'href="?user=samordnare%40malmo.se&amp;kind=login&amp;page=2"' in content
    second = client.get(url, {**query, "page": 2})
    assert len(second.context["events"]) == 5
    assert 'href="?user=samordnare%40malmo.se&amp;kind=login&amp;page=1"' in (
        second.content.decode()
    )


@pytest.mark.parametrize("role", ["coordinator", "official"])
def test_others_cannot_read_the_record(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("projects:login_events")).status_code == 403


def test_record_page_query_count_does_not_grow(
    client, development_coordinator, django_assert_num_queries
):
    def add(count):
        for n in range(count):
            user = factories.OfficialFactory()
            event("role_changed", user, changed_by=development_coordinator, new_role="official")
            event("failed", None, username=f"okand{n}@malmo.se")

    add(2)
    client.force_login(development_coordinator)
    url = reverse("projects:login_events")
    client.get(url)
    # session, user, the user's administration, the organisation's name, count, the page of
    # events with their users
    with django_assert_num_queries(6):
        client.get(url)
    add(20)
    with django_assert_num_queries(6):
        response = client.get(url)
    assert len(response.context["events"]) == 45
