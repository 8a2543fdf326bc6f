"""Lockout of password sign-in: after 5 failures a growing wait, the Swedish message that says
until when, axes's own log, and the development coordinator's unlock page."""

import datetime
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.exceptions import NON_FIELD_ERRORS
from django.urls import reverse
from django.utils import timezone

from projects import lockout
from projects.audit import client_ip
from projects.models import LoginEvent
from tests import factories
from tests.factories import TEST_PASSWORD
from tests.messages import message_codes

pytestmark = pytest.mark.django_db

LOGIN = "/konto/logga-in/"
ADMIN_LOGIN = "/admin/login/"


def sign_in(client, email, password="fel-lösenord", url=LOGIN, **extra):
    return client.post(url, {"username": email, "password": password}, **extra)


def fail(client, email, times, url=LOGIN, **extra):
    return [sign_in(client, email, url=url, **extra) for _ in range(times)]


def summary(response) -> str:
    match = re.search(r'<div[^>]*id="error-summary".*?</div>', response.content.decode(), re.S)
    assert match, "no error summary on the page"
    return re.sub(r"\s+", " ", match.group(0))


def age_attempts(by: datetime.timedelta):
    """Move every recorded failure back in time, as if ``by`` had passed."""
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - by)


def test_four_failures_only_say_the_address_or_password_is_wrong(client, coordinator):
    for response in fail(client, coordinator.email, 4):
        assert response.status_code == 200
        assert response.context["form"].has_error(NON_FIELD_ERRORS, "invalid_login")
        assert summary(response)
    # The fifth attempt with the right password still gets in.
    assert sign_in(client, coordinator.email, TEST_PASSWORD).status_code == 302


def test_fifth_failure_locks_with_a_swedish_message_saying_when(client, coordinator):
    responses = fail(client, coordinator.email, 5)
    locked = responses[-1]
    assert locked.status_code == 429
    text = summary(locked)
    assert "Inloggningen är spärrad" in text
    assert "För många misslyckade inloggningsförsök" in text
    until = timezone.localtime(
        AccessAttempt.objects.get().attempt_time + datetime.timedelta(minutes=5)
    )
    until = until.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    assert f"Försök igen kl. {until:%H:%M}." in text
    # The form is still there, with the address filled in, next to the message.
    assert f'value="{coordinator.email}"' in locked.content.decode()


def test_right_password_is_refused_while_locked(client, coordinator):
    fail(client, coordinator.email, 5)
    response = sign_in(client, coordinator.email, TEST_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_user_name_is_counted_whatever_its_case(client, coordinator):
    for email in ("Samordnare@Malmo.se", "SAMORDNARE@malmo.se", "samordnare@MALMO.SE"):
        sign_in(client, email, REMOTE_ADDR=f"10.0.0.{len(email)}")
    fail(client, coordinator.email, 1, REMOTE_ADDR="10.0.1.1")
    response = sign_in(client, " samordnare@malmo.se", REMOTE_ADDR="10.0.1.2")
    assert response.status_code == 429


def test_an_address_is_locked_after_five_failures_for_different_users(client, coordinator):
    for n in range(5):
        sign_in(client, f"gissning{n}@malmo.se")
    response = sign_in(client, coordinator.email, TEST_PASSWORD)
    assert response.status_code == 429
    # The same user from another address is not locked.
    assert (
        sign_in(client, coordinator.email, TEST_PASSWORD, REMOTE_ADDR="10.9.9.9").status_code == 302
    )


def test_admin_login_is_locked_too_and_counts_with_the_application(client, coordinator):
    fail(client, coordinator.email, 3, url=ADMIN_LOGIN)
    fail(client, coordinator.email, 1)
    response = sign_in(client, coordinator.email, url=ADMIN_LOGIN)
    assert response.status_code == 429
    assert "Försök igen kl." in summary(response)
    assert sign_in(client, coordinator.email, TEST_PASSWORD).status_code == 429


def test_the_wait_doubles_with_each_failure_after_the_limit():
    assert [lockout.wait_after(n) for n in (1, 5, 6, 7, 8)] == [
        datetime.timedelta(minutes=minutes) for minutes in (5, 5, 10, 20, 40)
    ]
    assert lockout.wait_after(10_000) == datetime.timedelta(hours=24)


def test_a_failure_after_the_wait_locks_again_for_twice_as_long(client, coordinator):
    fail(client, coordinator.email, 5)
    age_attempts(datetime.timedelta(minutes=6))
    # The wait is over: the next failure is checked, and locks again at once, for 10 minutes.
    response = sign_in(client, coordinator.email)
    assert response.status_code == 429
    [lock] = [lock for lock in lockout.current_lockouts() if lock.parameter == "username"]
    assert lock.failures == 6
    assert lock.until - lock.since == datetime.timedelta(minutes=10)
    age_attempts(datetime.timedelta(minutes=10, seconds=1))
    assert sign_in(client, coordinator.email, TEST_PASSWORD).status_code == 302


def test_each_attempt_during_the_lock_makes_it_longer(client, coordinator):
    fail(client, coordinator.email, 5)
    age_attempts(datetime.timedelta(minutes=4))
    # Even the right password, one minute before the end, only lengthens the wait.
    assert sign_in(client, coordinator.email, TEST_PASSWORD).status_code == 429
    [lock] = [lock for lock in lockout.current_lockouts() if lock.parameter == "username"]
    assert lock.failures == 6
    assert lock.until - lock.since == datetime.timedelta(minutes=10)


def test_a_successful_sign_in_forgets_the_failures(client, coordinator):
    fail(client, coordinator.email, 4)
    assert sign_in(client, coordinator.email, TEST_PASSWORD).status_code == 302
    client.logout()
    for response in fail(client, coordinator.email, 4):
        assert response.status_code == 200


def test_failures_are_forgotten_a_day_after_the_last_one(client, coordinator):
    fail(client, coordinator.email, 4)
    age_attempts(datetime.timedelta(hours=24, minutes=1))
    assert sign_in(client, coordinator.email).status_code == 200
    assert AccessAttempt.objects.get().failures_since_start == 1


def test_axes_keeps_its_own_log_of_failed_locked_and_successful_sign_ins(client, coordinator):
    fail(client, coordinator.email, 6)
    failures = AccessFailureLog.objects.filter(username=coordinator.email)
    assert failures.count() == 6
    assert failures.filter(locked_out=True).count() == 2
    other = factories.OfficialFactory()
    sign_in(client, other.email, TEST_PASSWORD, REMOTE_ADDR="10.1.1.1")
    assert AccessLog.objects.filter(username=other.email).exists()


def test_forwarded_address_is_ignored_unless_a_proxy_is_trusted(client, coordinator, settings):
    # A client that invents X-Forwarded-For does not escape the lockout of its address.
    for n in range(5):
        sign_in(client, f"gissning{n}@malmo.se", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert sign_in(client, coordinator.email, TEST_PASSWORD).status_code == 429


def test_behind_a_trusted_proxy_the_address_the_proxy_saw_counts(rf, settings):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "198.51.100.7"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "203.0.113.9"
    garbage = rf.get("/", HTTP_X_FORWARDED_FOR="not-an-address", REMOTE_ADDR="10.0.0.1")
    assert client_ip(garbage) == "10.0.0.1"


# --- The development coordinator's page -------------------------------------------------------


def test_development_coordinator_sees_who_is_locked_since_when(
    client, coordinator, development_coordinator
):
    fail(client, coordinator.email, 5, REMOTE_ADDR="10.2.2.2")
    for n in range(5):
        sign_in(client, f"gissning{n}@malmo.se", REMOTE_ADDR="10.3.3.3")
    client.force_login(development_coordinator)
    response = client.get(reverse("projects:lockouts"))
    assert response.status_code == 200
    content = response.content.decode()
    assert coordinator.full_name in content and coordinator.email in content
    assert "IP-adressen 10.3.3.3" in content
    since = timezone.localtime(
        AccessAttempt.objects.filter(username=coordinator.email).get().attempt_time
    )
    assert f"{since:%Y-%m-%d %H:%M}" in content
    assert content.count("Lås upp") == 3  # the user, 10.2.2.2 and 10.3.3.3


def test_unlocking_lets_the_user_sign_in_at_once_and_is_recorded(
    client, coordinator, development_coordinator
):
    fail(client, coordinator.email, 5, REMOTE_ADDR="10.2.2.2")
    client.force_login(development_coordinator)
    response = client.post(
        reverse("projects:lockout_release"),
        {"parameter": "username", "value": coordinator.email},
        follow=True,
    )
    assert message_codes(response) == ["unlocked"]
    assert coordinator.email in response.content.decode()
    event = LoginEvent.objects.get(kind=LoginEvent.Kind.UNLOCKED)
    assert event.user == coordinator and event.changed_by == development_coordinator
    client.logout()
    response = sign_in(client, coordinator.email, TEST_PASSWORD, REMOTE_ADDR="10.4.4.4")
    assert response.status_code == 302


def test_unlocking_an_address(client, coordinator, development_coordinator):
    for n in range(5):
        sign_in(client, f"gissning{n}@malmo.se", REMOTE_ADDR="10.3.3.3")
    client.force_login(development_coordinator)
    client.post(
        reverse("projects:lockout_release"), {"parameter": "ip_address", "value": "10.3.3.3"}
    )
    assert lockout.current_lockouts() == []
    assert LoginEvent.objects.get(kind=LoginEvent.Kind.UNLOCKED).locked_ip_address == "10.3.3.3"
    client.logout()
    assert (
        sign_in(client, coordinator.email, TEST_PASSWORD, REMOTE_ADDR="10.3.3.3").status_code == 302
    )


@pytest.mark.parametrize("role", ["coordinator", "official"])
def test_others_may_neither_see_nor_lift_lockouts(client, request, role, other_coordinator):
    fail(client, other_coordinator.email, 5)
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("projects:lockouts")).status_code == 403
    release = {"parameter": "username", "value": other_coordinator.email}
    assert client.post(reverse("projects:lockout_release"), release).status_code == 403
    assert len(lockout.current_lockouts()) == 2


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("projects:lockouts"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_lockout_page_query_count_does_not_grow(
    client, development_coordinator, django_assert_num_queries
):
    def lock(count):
        for n in range(count):
            email = f"person{n}@malmo.se"
            factories.OfficialFactory(email=email)
            for _ in range(5):
                sign_in(client, email, REMOTE_ADDR=f"10.5.{n}.1")

    lock(2)
    client.force_login(development_coordinator)
    url = reverse("projects:lockouts")
    client.get(url)
    # session, user, the user's administration and the organisation's name (page header), two
    # groupings, the locked users
    with django_assert_num_queries(7):
        client.get(url)
    client.logout()
    lock(6)
    client.force_login(development_coordinator)
    client.get(url)
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.content.decode().count("Lås upp") == 12
