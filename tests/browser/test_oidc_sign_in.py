"""Single sign-on against a real OpenID Connect provider (the npm package ``oidc-provider``,
started here from tests/oidc_provider/), in Chromium: the first sign-in of a new person, the
role given by the development coordinator, signing in again, and signing out at the provider;
an existing account's address, which signs in only once the development coordinator links it."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from projects.models import SingleSignOnIdentity, User
from projects.oidc import REFUSAL_MESSAGES
from projects.services import SingleSignOnRefused
from tests import factories
from tests.oidc import TENANT, oidc_enabled

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PROVIDER_DIR = Path(__file__).resolve().parents[1] / "oidc_provider"
CLIENT_ID = "malmo-intl-test"
CLIENT_SECRET = "malmo-intl-test-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def provider(live_server):
    """The provider on its own port (127.0.0.1, so its cookies are not the application's)."""
    node = shutil.which("node")
    installed = (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir()
    if node is None or not installed:
        message = (
            "the local OpenID Connect provider needs Node.js and `npm ci` in tests/oidc_provider"
        )
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    port = free_port()
    process = subprocess.Popen(
        [
            node,
            "provider.js",
            str(port),
            # mozilla-django-oidc's callback (its URLs exist only while OIDC_ENABLED is on).
            live_server.url + "/oidc/callback/",
            live_server.url + reverse("login"),
            # The tenant its ID tokens name ("tid"), as the settings expect.
            TENANT,
        ],
        cwd=PROVIDER_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if line.startswith("ready "):
                break
            if process.poll() is not None:
                pytest.fail(f"the provider did not start: {line}{process.stdout.read()}")
        else:
            pytest.fail("the provider did not start within 20 s")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def sso(provider, settings):
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    # As settings do for Entra ID: signing out is sent on to the provider.
    csp = {"DIRECTIVES": {**directives, "form-action": [*directives["form-action"], provider]}}
    with oidc_enabled(
        CONTENT_SECURITY_POLICY=csp,
        OIDC_RP_CLIENT_ID=CLIENT_ID,
        OIDC_RP_CLIENT_SECRET=CLIENT_SECRET,
        OIDC_OP_AUTHORIZATION_ENDPOINT=f"{provider}/auth",
        OIDC_OP_TOKEN_ENDPOINT=f"{provider}/token",
        OIDC_OP_USER_ENDPOINT=f"{provider}/me",
        OIDC_OP_JWKS_ENDPOINT=f"{provider}/jwks",
        OIDC_OP_LOGOUT_ENDPOINT=f"{provider}/session/end",
    ):
        yield provider


def sign_in_at_provider(page, email):
    page.goto("/konto/logga-in/")
    page.get_by_role("link", name=re.compile(r"^Logga in med ditt konto i ")).click()
    # The provider's own sign-in page (its development form: any password is accepted).
    page.wait_for_url("http://127.0.0.1:*/**")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill("provider-password")
    page.locator("button[type=submit]").click()


def sign_out(page, provider):
    page.get_by_role("button", name="Logga ut").click()
    # The provider asks whether to sign out there too (RP-initiated logout).
    page.wait_for_url(f"{provider}/**")
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url("**/konto/logga-in/**")


def sign_in_with_password(browser, live_server, user):
    """A second browser context, signed in with ``user``'s password."""
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    page = context.new_page()
    page.goto("/konto/logga-in/")
    page.get_by_label("E-postadress").fill(user.email)
    page.get_by_label("Lösenord").fill(factories.TEST_PASSWORD)
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.wait_for_url("**/")
    return context, page


def test_first_sign_in_role_from_the_development_coordinator_and_sign_out(
    page, browser, live_server, sso, axe_check
):
    administration = factories.AdministrationFactory(name="Miljöförvaltningen", short_code="MF")
    coordinator_of_development = factories.DevelopmentCoordinatorFactory(
        email="utveckling@malmo.se", full_name="Ulla Utveckling"
    )

    # 1. A first sign-in creates an account without a role, which sees only the notice.
    sign_in_at_provider(page, "Nadia.Ny@Malmo.se")
    expect(
        page.get_by_text("Du har ännu ingen behörighet, kontakta utvecklingssamordnaren")
    ).to_be_visible()
    axe_check(page, "oidc-no-role")
    person = User.objects.get(email__iexact="nadia.ny@malmo.se")
    assert person.role == "" or person.role is None
    assert person.full_name == "Nadia Ny"
    assert not person.has_usable_password()

    # 2. Signing out ends the session at the provider too: the next sign-in asks again.
    sign_out(page, sso)
    page.get_by_role("link", name=re.compile(r"^Logga in med ditt konto i ")).click()
    page.wait_for_url(f"{sso}/**")
    expect(page.locator("input[name=login]")).to_be_visible()

    # 3. The development coordinator gives the role and administration on the Users page.
    other, admin_page = sign_in_with_password(browser, live_server, coordinator_of_development)
    admin_page.goto(reverse("projects:users"))
    admin_page.get_by_role("row", name="nadia.ny@malmo.se").get_by_role("link").first.click()
    admin_page.get_by_label("Förvaltningssamordnare").check()
    admin_page.get_by_label("Förvaltning", exact=True).select_option(label=administration.name)
    admin_page.get_by_role("button", name="Spara roll").click()
    expect(admin_page.locator(".messages")).to_be_visible()
    other.close()
    person.refresh_from_db()
    assert person.role == User.Role.COORDINATOR and person.administration == administration

    # 4. Signing in again reaches the coordinator's start page.
    page.locator("input[name=login]").fill("nadia.ny@malmo.se")
    page.locator("input[name=password]").fill("provider-password")
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Välkommen, Nadia")
    expect(page.get_by_text("Du rapporterar för Miljöförvaltningen.")).to_be_visible()
    axe_check(page, "oidc-start-page")
    assert User.objects.filter(email__iexact="nadia.ny@malmo.se").count() == 1

    sign_out(page, sso)
    page.goto("/")
    page.wait_for_url("**/konto/logga-in/**")


def test_an_existing_accounts_address_signs_in_once_the_development_coordinator_links_it(
    page, browser, live_server, sso, axe_check
):
    official = factories.OfficialFactory(email="pia.pass@malmo.se", full_name="Pia Pass")
    coordinator_of_development = factories.DevelopmentCoordinatorFactory(
        email="utveckling@malmo.se", full_name="Ulla Utveckling"
    )

    # 1. The address belongs to a password account: refused, with the reason, and waiting.
    sign_in_at_provider(page, "pia.pass@malmo.se")
    page.wait_for_url("**/konto/logga-in/**")
    message = str(REFUSAL_MESSAGES[SingleSignOnRefused.LINK_PENDING])
    expect(page.locator(".messages")).to_contain_text(message)
    axe_check(page, "oidc-link-pending")
    assert SingleSignOnIdentity.objects.pending().get().user == official

    # 2. The development coordinator links it on the Users page.
    other, admin_page = sign_in_with_password(browser, live_server, coordinator_of_development)
    admin_page.goto(reverse("projects:users"))
    axe_check(admin_page, "users-link-pending")
    admin_page.get_by_role("button", name="Koppla inloggningen Pia Pass").click()
    expect(admin_page.locator(".messages")).to_contain_text("Pia Pass")
    expect(admin_page.get_by_role("button", name="Koppla inloggningen Pia Pass")).to_have_count(0)
    expect(admin_page.get_by_role("row", name="pia.pass@malmo.se")).to_contain_text(
        "av Ulla Utveckling"
    )
    axe_check(admin_page, "users-linked")
    other.close()

    # 3. The same person signs in to the account (still signed in at the provider).
    page.get_by_role("link", name=re.compile(r"^Logga in med ditt konto i ")).click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Välkommen, Pia")
    assert User.objects.count() == 2
