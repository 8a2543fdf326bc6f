"""Single sign-on with Entra ID: accounts found by e-mail address, new ones without a role,
inactive ones refused, the sign-in page's choices, and sign-out at Entra ID too.

Entra ID itself is not contacted: the token exchange, the token check and the userinfo call
are replaced by their answers."""

from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import NoReverseMatch, reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from projects.models import LoginEvent, User
from projects.oidc import OIDCBackend
from tests.factories import TEST_PASSWORD
from tests.oidc import ENTRA, oidc_enabled

pytestmark = pytest.mark.django_db

BUTTON = "Logga in med ditt Malmö stad-konto"


@pytest.fixture
def oidc():
    with oidc_enabled():
        yield


def sso_sign_in(client, *, id_token_claims, userinfo=None):
    """Go through /oidc/authenticate/ and the callback, with Entra ID's answers given."""
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302 and start.url.startswith(f"{ENTRA}/oauth2/v2.0/authorize?")
    state = parse_qs(urlsplit(start.url).query)["state"][0]
    with (
        mock.patch.object(
            OIDCBackend, "get_token", return_value={"id_token": "id", "access_token": "at"}
        ),
        mock.patch.object(OIDCBackend, "verify_token", return_value=id_token_claims),
        mock.patch.object(OIDCAuthenticationBackend, "get_userinfo", return_value=userinfo or {}),
    ):
        return client.get(reverse("oidc_authentication_callback"), {"code": "c", "state": state})


def test_an_unknown_address_gets_an_account_without_role_that_sees_the_no_permission_page(
    client, oidc
):
    response = sso_sign_in(
        client,
        id_token_claims={"sub": "s1", "name": "Nina Ny", "preferred_username": "nina.ny@malmo.se"},
        userinfo={"sub": "s1", "email": "Nina.Ny@malmo.se"},
    )
    assert response.status_code == 302 and response.url == reverse("projects:home")
    user = User.objects.get()
    assert (user.email, user.full_name, user.role) == ("nina.ny@malmo.se", "Nina Ny", "")
    assert not user.has_usable_password()
    home = client.get(reverse("projects:home"))
    assert home.status_code == 403
    assert "projects/no_role.html" in [t.name for t in home.templates]
    assert "Du har ännu ingen behörighet" in home.content.decode()
    event = LoginEvent.objects.get()
    assert (event.kind, event.user) == (LoginEvent.Kind.LOGIN, user)


def test_an_existing_user_is_found_by_address_in_another_case_and_keeps_the_role(
    client, oidc, coordinator
):
    response = sso_sign_in(
        client,
        id_token_claims={"sub": "s2", "name": "Sam Ordnare"},
        userinfo={"email": "SAMORDNARE@Malmo.se"},
    )
    assert response.status_code == 302
    assert User.objects.count() == 1
    coordinator.refresh_from_db()
    assert coordinator.role == User.Role.COORDINATOR
    assert coordinator.full_name == "Sam Ordnare"
    assert client.session[SESSION_KEY] == str(coordinator.pk)
    assert client.get(reverse("projects:home")).status_code == 200
    assert LoginEvent.objects.get().user == coordinator


def test_the_address_can_come_from_the_claim_the_settings_name(client, coordinator):
    with oidc_enabled(OIDC_EMAIL_CLAIM="upn"):
        sso_sign_in(
            client,
            id_token_claims={"sub": "s3", "upn": "Samordnare@malmo.se"},
            userinfo={"email": "someone.else@example.com"},
        )
    assert client.session[SESSION_KEY] == str(coordinator.pk)
    assert User.objects.count() == 1


def test_an_inactive_user_is_refused_and_the_refusal_recorded(client, oidc, coordinator):
    coordinator.is_active = False
    coordinator.save()
    response = sso_sign_in(
        client, id_token_claims={"sub": "s4"}, userinfo={"email": "samordnare@malmo.se"}
    )
    assert response.status_code == 302 and response.url == reverse("login")
    assert SESSION_KEY not in client.session
    assert client.get(reverse("projects:home")).url.startswith(reverse("login"))
    assert list(LoginEvent.objects.values_list("kind", flat=True)) == [LoginEvent.Kind.FAILED]


def test_without_an_address_nobody_is_signed_in_or_created(client, oidc):
    response = sso_sign_in(client, id_token_claims={"sub": "s5", "name": "Utan Adress"})
    assert response.url == reverse("login")
    assert not User.objects.exists()
    assert SESSION_KEY not in client.session


def test_the_sign_in_page_offers_single_sign_on_only_when_it_is_on(client):
    page = client.get(reverse("login")).content.decode()
    assert BUTTON not in page and 'name="password"' in page
    with pytest.raises(NoReverseMatch):
        reverse("oidc_authentication_init")
    assert client.get("/oidc/authenticate/").status_code == 404
    with oidc_enabled():
        page = client.get(reverse("login"), {"next": "/rapport/"}).content.decode()
        assert BUTTON in page and 'name="password"' in page
        assert 'href="/oidc/authenticate/?next=/rapport/"' in page


def test_the_password_form_is_gone_and_no_password_works_when_local_sign_in_is_off(
    client, coordinator
):
    with oidc_enabled(
        LOCAL_LOGIN_ENABLED=False,
        AUTHENTICATION_BACKENDS=[
            "axes.backends.AxesStandaloneBackend",
            "projects.oidc.OIDCBackend",
        ],
    ):
        page = client.get(reverse("login")).content.decode()
        assert BUTTON in page
        assert 'name="password"' not in page
        client.post(reverse("login"), {"username": coordinator.email, "password": TEST_PASSWORD})
        assert SESSION_KEY not in client.session


def test_the_english_sign_in_page_translates_the_button(client):
    with oidc_enabled():
        page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Log in with your City of Malmö account" in page


def test_signing_out_of_a_single_sign_on_session_signs_out_at_entra_id(client, oidc, coordinator):
    sso_sign_in(client, id_token_claims={"sub": "s6"}, userinfo={"email": coordinator.email})
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    url = urlsplit(response.url)
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{ENTRA}/oauth2/v2.0/logout"
    assert parse_qs(url.query) == {
        "client_id": ["test-client-id"],
        "post_logout_redirect_uri": ["http://testserver/konto/logga-in/"],
    }
    assert SESSION_KEY not in client.session
    assert LoginEvent.objects.filter(kind=LoginEvent.Kind.LOGOUT, user=coordinator).exists()


def test_the_libraries_own_sign_out_url_also_ends_at_entra_id(client, oidc, coordinator):
    sso_sign_in(client, id_token_claims={"sub": "s7"}, userinfo={"email": coordinator.email})
    response = client.post(reverse("oidc_logout"))
    assert response.url.startswith(f"{ENTRA}/oauth2/v2.0/logout?client_id=test-client-id&")
    assert "post_logout_redirect_uri=http" in response.url
    assert SESSION_KEY not in client.session


def test_a_password_session_signs_out_locally_even_with_single_sign_on_on(
    client, oidc, coordinator
):
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(reverse("logout"))
    assert response.url == reverse("login")


def test_only_an_account_with_a_password_is_offered_a_password_change(client, oidc, official):
    client.force_login(official, backend="django.contrib.auth.backends.ModelBackend")
    assert reverse("password_change") in client.get(reverse("projects:home")).content.decode()
    client.logout()
    sso_sign_in(client, id_token_claims={"sub": "s8"}, userinfo={"email": "ny@malmo.se"})
    User.objects.filter(email="ny@malmo.se").update(role=User.Role.OFFICIAL)
    assert reverse("password_change") not in client.get(reverse("projects:home")).content.decode()


def test_a_locked_address_cannot_sign_in_with_single_sign_on_either(client, coordinator):
    # Overridden inside the OIDC settings, not with pytest-django's ``settings`` fixture: that
    # one is restored after this override ends and would bring the OIDC settings back.
    with oidc_enabled(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        for _ in range(5):
            client.post(reverse("login"), {"username": "okand@malmo.se", "password": "fel"})
        response = sso_sign_in(
            client, id_token_claims={"sub": "s9"}, userinfo={"email": coordinator.email}
        )
        assert response.status_code == 429
        assert BUTTON in response.content.decode()
        assert SESSION_KEY not in client.session
