"""Lockout, the development coordinator's sign-in pages, the no-role page and the admin in real
Chromium: readable, accessible (axe) and without Content-Security-Policy violations."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from projects.models import User
from tests import factories
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def try_password(page, email, password):
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()


def test_lockout_message_is_announced_next_to_the_form(page, axe_check):
    user = factories.CoordinatorFactory(email="samordnare@malmo.se")
    page.goto("/konto/logga-in/")
    for _ in range(5):
        try_password(page, user.email, "fel-lösenord")
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Inloggningen är spärrad")
    expect(summary).to_contain_text("Försök igen kl.")
    expect(summary).to_be_focused()
    expect(page.get_by_label("E-postadress")).to_have_value(user.email)
    axe_check(page, "login-locked")


def test_development_coordinator_unlocks_a_user(page, login, axe_check):
    locked = factories.CoordinatorFactory(email="samordnare@malmo.se", full_name="Sara Samordnare")
    # The failures come from another address, so the coordinator's own address stays open.
    intruder = Client()
    for _ in range(5):
        intruder.post(
            "/konto/logga-in/",
            {"username": locked.email, "password": "fel-lösenord"},
            REMOTE_ADDR="10.9.9.9",
        )

    login(factories.DevelopmentCoordinatorFactory(email="utveckling@malmo.se"))
    page.get_by_role("link", name="Inloggningar", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggningar")
    axe_check(page, "login-events")
    page.get_by_role("link", name="Spärrade inloggningar").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spärrade inloggningar")
    expect(page.get_by_role("row", name="Sara Samordnare")).to_be_visible()
    axe_check(page, "lockouts")
    page.get_by_role("row", name="Sara Samordnare").get_by_role("button", name="Lås upp").click()
    expect(page.locator(".messages")).to_contain_text("Spärren för samordnare@malmo.se är hävd.")
    expect(page.get_by_role("row", name="Sara Samordnare")).to_have_count(0)


def test_roleless_user_sees_only_the_no_permission_page(page, axe_check):
    User.objects.create_user(email="ny@malmo.se", password=TEST_PASSWORD)
    page.goto("/konto/logga-in/")
    try_password(page, "ny@malmo.se", TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ingen behörighet ännu")
    expect(page.get_by_text("Du har ännu ingen behörighet, kontakta utvecklingssamordnaren."))
    expect(page.get_by_role("navigation", name="Huvudmeny")).to_have_count(0)
    axe_check(page, "no-role")


def test_admin_pages_run_under_the_strict_policy(page):
    User.objects.create_superuser(email="admin@malmo.se", password=TEST_PASSWORD)
    official = factories.OfficialFactory()
    # Years are added in the application; an open year's change form has the goals widget.
    open_year = factories.ReportingYearFactory(year=2024, is_open=True)
    page.goto("/admin/login/")
    page.get_by_label("E-postadress").fill("admin@malmo.se")
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/admin/")
    for url in (
        "/admin/",
        "/admin/projects/user/",
        f"/admin/projects/user/{official.pk}/change/",
        "/admin/projects/user/add/",
        f"/admin/projects/reportingyear/{open_year.pk}/change/",
        "/admin/projects/submission/",
        "/admin/projects/loginevent/",
        "/admin/axes/accessattempt/",
    ):
        response = page.goto(url)
        assert response.status == 200, url
        assert "unsafe-inline" not in response.headers["content-security-policy"], url
    # The page fixture fails the test on any CSP violation reported by the browser.
