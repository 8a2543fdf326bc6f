"""Sessions end after 30 minutes without a request and 12 hours after sign-in at the latest."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from projects.models import LoginEvent
from tests.factories import TEST_PASSWORD
from tests.messages import message_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, official):
    start = timezone.now()
    response = client.post(
        reverse("login"), {"username": official.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    return start


def get_home_at(client, moment):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        return client.get(reverse("projects:home"))


def is_sent_to_login(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_defaults_are_30_minutes_idle_and_12_hours_in_all(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_MAX_AGE == 12 * 60 * 60


def test_sign_in_starts_the_session_clock(client, signed_in):
    assert signed_in.timestamp() <= client.session[SIGNED_IN_AT] <= timezone.now().timestamp()
    assert client.session.get_expiry_age() == 30 * 60


def test_session_ends_after_30_idle_minutes(client, signed_in):
    assert get_home_at(client, signed_in + datetime.timedelta(minutes=29)).status_code == 200
    # 29 + 31 minutes after sign-in, but only 31 minutes after the last request.
    assert is_sent_to_login(get_home_at(client, signed_in + datetime.timedelta(minutes=60)))


def test_activity_keeps_the_session_alive(client, signed_in):
    for minutes in range(20, 200, 20):
        moment = signed_in + datetime.timedelta(minutes=minutes)
        assert get_home_at(client, moment).status_code == 200, minutes


def test_session_ends_12_hours_after_sign_in_however_active(client, signed_in):
    for minutes in range(25, 12 * 60, 25):  # a request every 25 minutes, the last at 11:40
        assert (
            get_home_at(client, signed_in + datetime.timedelta(minutes=minutes)).status_code == 200
        )
    response = get_home_at(client, signed_in + datetime.timedelta(hours=12, minutes=1))
    assert is_sent_to_login(response)
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert message_codes(page) == ["session_expired"]
    assert LoginEvent.objects.filter(kind=LoginEvent.Kind.LOGOUT).count() == 1


def test_limits_follow_the_settings(client, signed_in, settings):
    settings.SESSION_MAX_AGE = 60 * 60
    assert get_home_at(client, signed_in + datetime.timedelta(minutes=30)).status_code == 200
    assert get_home_at(client, signed_in + datetime.timedelta(minutes=59)).status_code == 200
    assert is_sent_to_login(get_home_at(client, signed_in + datetime.timedelta(minutes=61)))


def test_the_session_is_written_at_most_once_a_minute(client, signed_in):
    client.get(reverse("projects:home"))
    last_seen = client.session[LAST_SEEN_AT]
    client.get(reverse("projects:home"))
    assert client.session[LAST_SEEN_AT] == last_seen
    later = get_home_at(client, signed_in + datetime.timedelta(minutes=2))
    assert later.status_code == 200
    assert client.session[LAST_SEEN_AT] > last_seen


# --- The idle warning's "Fortsätt vara inloggad" -------------------------------------------------


def post_keepalive_at(client, moment):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        return client.post(reverse("session_keepalive"))


def test_keepalive_starts_the_idle_time_again(client, signed_in):
    response = post_keepalive_at(client, signed_in + datetime.timedelta(minutes=26))
    assert response.status_code == 200
    assert response.json() == {"idle_seconds": 30 * 60}
    # 26 + 29 minutes: 55 minutes after the last page, but 29 after the button.
    assert get_home_at(client, signed_in + datetime.timedelta(minutes=55)).status_code == 200


def test_keepalive_saves_the_session_even_within_the_touch_interval(client, signed_in):
    """The browser counts the idle time from the button's answer, so it must hold exactly."""
    client.get(reverse("projects:home"))
    before = client.session[LAST_SEEN_AT]
    post_keepalive_at(client, signed_in + datetime.timedelta(seconds=20))
    assert client.session[LAST_SEEN_AT] > before


def test_keepalive_cannot_revive_an_ended_session(client, signed_in):
    assert is_sent_to_login(get_home_at(client, signed_in + datetime.timedelta(minutes=31)))
    response = post_keepalive_at(client, signed_in + datetime.timedelta(minutes=32))
    assert is_sent_to_login(response)


def test_keepalive_does_not_stretch_the_12_hour_limit(client, signed_in):
    for minutes in range(25, 12 * 60, 25):
        moment = signed_in + datetime.timedelta(minutes=minutes)
        assert post_keepalive_at(client, moment).status_code == 200
    response = post_keepalive_at(client, signed_in + datetime.timedelta(hours=12, minutes=1))
    assert is_sent_to_login(response)


def test_keepalive_takes_no_get(client, signed_in):
    assert client.get(reverse("session_keepalive")).status_code == 405


def test_keepalive_needs_the_csrf_token(official):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(official)
    assert strict.post(reverse("session_keepalive")).status_code == 403


def test_entry_forms_carry_the_session_guard(client, coordinator):
    from tests import factories

    submission = factories.SubmissionFactory(administration=coordinator.administration)
    client.force_login(coordinator)
    page = client.get(submission.get_absolute_url() + "berattelse/").content.decode()
    assert 'id="narrative-form" data-keep-text' in page
    assert 'data-keepalive-url="/konto/fortsatt-inloggad/"' in page
    assert 'data-idle-seconds="1800"' in page and 'data-warn-seconds="300"' in page
    assert "Du loggas ut om 5 minuter på grund av inaktivitet." in page
    assert "js/session.js" in page
    # Signed-out pages load neither the script nor the warning.
    client.logout()
    login_page = client.get(reverse("login")).content.decode()
    assert "session.js" not in login_page and "session-guard" not in login_page


@pytest.mark.parametrize("asked", ["stylesheet", "logo"])
def test_files_asked_for_beside_the_page_leave_the_session_alone(
    client, signed_in, settings, asked
):
    """The site's colours and the logo are asked for beside each page's own request: a copy of
    the session they saved (the idle clock's touch) could overwrite what the page wrote."""
    client.get(reverse("projects:home"))
    last_seen = client.session[LAST_SEEN_AT]
    url = reverse("projects:organisation_stylesheet")
    if asked == "logo":
        url = reverse("projects:organisation_logo", args=["0" * 64])  # 404 or 403: no matter
    with mock.patch(
        "django.utils.timezone.now", return_value=signed_in + datetime.timedelta(minutes=10)
    ):
        response = client.get(url)
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert client.session[LAST_SEEN_AT] == last_seen
    # A page ten minutes on still slides the idle clock.
    assert get_home_at(client, signed_in + datetime.timedelta(minutes=10)).status_code == 200
    assert client.session[LAST_SEEN_AT] > last_seen
