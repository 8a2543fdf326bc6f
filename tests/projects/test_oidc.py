"""Single sign-on with Entra ID: accounts bound to the tenant and object id of the verified ID
token, new ones without a role, an existing account's address linked only once the development
coordinator confirms it, inactive accounts and other tenants refused, the sign-in page's
choices, and sign-out at Entra ID too.

Entra ID itself is not contacted: the token exchange, the token check and the userinfo call
are replaced by their answers."""

from io import StringIO
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.management import CommandError, call_command
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from projects.models import LoginEvent, SingleSignOnIdentity, User
from projects.oidc import REFUSAL_MESSAGES, OIDCBackend
from projects.services import SingleSignOnRefused
from tests.factories import TEST_PASSWORD
from tests.messages import message_codes
from tests.oidc import ENTRA, TENANT, oidc_enabled

pytestmark = pytest.mark.django_db

BUTTON = "Logga in med ditt konto i Malmö stad"

# Object ids of people in Entra ID.
NINA = "0b7f2a44-1c9e-4d1b-9a51-3f0e8c6d2a10"
SAM = "5d3c9e12-7a4b-4f6e-8c21-9b0a1e2f3c4d"
STRANGER = "e9a8b7c6-d5e4-4f3a-9b2c-1d0e9f8a7b6c"
OTHER_TENANT = "99999999-8888-4777-8666-555555555555"


@pytest.fixture
def oidc():
    with oidc_enabled():
        yield


def id_token(oid, *, tid=TENANT, **claims):
    """The claims of a verified ID token from Entra ID for the person ``oid``."""
    return {"sub": f"sub-{oid}", "tid": tid, "oid": oid, **claims}


def link(user, oid, *, tid=TENANT) -> SingleSignOnIdentity:
    """``user``'s account as linked to the Entra ID person ``oid`` by an earlier sign-in."""
    now = timezone.now()
    return SingleSignOnIdentity.objects.create(
        user=user, tenant_id=tid, object_id=oid, requested_at=now, linked_at=now
    )


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


def refused_with(client, response, code) -> None:
    """The sign-in ended on the sign-in page, nobody signed in, with the message for ``code``."""
    assert response.status_code == 302 and response.url == reverse("login")
    assert SESSION_KEY not in client.session
    page = client.get(response.url).content.decode()
    assert str(REFUSAL_MESSAGES[code]) in page
    assert client.get(reverse("projects:home")).url.startswith(reverse("login"))


def test_an_unknown_person_gets_an_account_without_role_linked_to_the_identity(client, oidc):
    response = sso_sign_in(
        client,
        id_token_claims=id_token(NINA, name="Nina Ny", preferred_username="nina.ny@malmo.se"),
        userinfo={"sub": "s1", "email": "Nina.Ny@malmo.se"},
    )
    assert response.status_code == 302 and response.url == reverse("projects:home")
    user = User.objects.get()
    assert (user.email, user.full_name, user.role) == ("nina.ny@malmo.se", "Nina Ny", "")
    assert not user.has_usable_password()
    identity = SingleSignOnIdentity.objects.get()
    assert (identity.user, str(identity.tenant_id), str(identity.object_id)) == (user, TENANT, NINA)
    assert identity.is_linked and identity.linked_by is None
    home = client.get(reverse("projects:home"))
    assert home.status_code == 403
    assert "projects/no_role.html" in [t.name for t in home.templates]
    event = LoginEvent.objects.get()
    assert (event.kind, event.user) == (LoginEvent.Kind.LOGIN, user)


def test_the_same_object_id_with_a_changed_address_reaches_the_same_account(client, oidc):
    sso_sign_in(client, id_token_claims=id_token(NINA), userinfo={"email": "nina.ny@malmo.se"})
    nina = User.objects.get()
    client.logout()
    response = sso_sign_in(
        client,
        id_token_claims=id_token(NINA, name="Nina Gift"),
        userinfo={"email": "nina.gift@malmo.se"},
    )
    assert response.url == reverse("projects:home")
    assert client.session[SESSION_KEY] == str(nina.pk)
    assert User.objects.count() == 1
    nina.refresh_from_db()
    # The name follows Entra ID; the address stays the account's.
    assert (nina.email, nina.full_name) == ("nina.ny@malmo.se", "Nina Gift")


def test_a_linked_person_keeps_the_role_whatever_address_the_claims_now_say(
    client, oidc, coordinator, development_coordinator
):
    link(coordinator, SAM)
    # Even an address that belongs to another account does not move the person there.
    response = sso_sign_in(
        client,
        id_token_claims=id_token(SAM, name="Sam Ordnare"),
        userinfo={"email": development_coordinator.email.upper()},
    )
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(coordinator.pk)
    coordinator.refresh_from_db()
    assert (coordinator.role, coordinator.full_name) == (User.Role.COORDINATOR, "Sam Ordnare")
    assert client.get(reverse("projects:home")).status_code == 200
    assert LoginEvent.objects.get().user == coordinator


def test_another_person_with_an_existing_accounts_address_waits_for_the_development_coordinator(
    client, oidc, coordinator
):
    response = sso_sign_in(
        client,
        id_token_claims=id_token(STRANGER, name="Inte Sam"),
        userinfo={"email": "SAMORDNARE@malmo.se"},
    )
    refused_with(client, response, SingleSignOnRefused.LINK_PENDING)
    waiting = SingleSignOnIdentity.objects.get()
    assert (waiting.user, str(waiting.object_id), waiting.is_linked) == (
        coordinator,
        STRANGER,
        False,
    )
    assert (waiting.email, waiting.name) == ("samordnare@malmo.se", "Inte Sam")
    coordinator.refresh_from_db()
    assert coordinator.full_name != "Inte Sam"
    assert list(LoginEvent.objects.values_list("kind", flat=True)) == [LoginEvent.Kind.FAILED]
    # Asking again changes nothing but the time of the request.
    sso_sign_in(client, id_token_claims=id_token(STRANGER), userinfo={"email": coordinator.email})
    assert SESSION_KEY not in client.session
    assert SingleSignOnIdentity.objects.get().pk == waiting.pk
    assert User.objects.count() == 1


def test_an_account_linked_to_another_person_is_not_taken_over_by_its_address(
    client, oidc, coordinator
):
    link(coordinator, SAM)
    response = sso_sign_in(
        client, id_token_claims=id_token(STRANGER), userinfo={"email": coordinator.email}
    )
    refused_with(client, response, SingleSignOnRefused.LINK_PENDING)
    assert SingleSignOnIdentity.objects.pending().get().user == coordinator
    assert SingleSignOnIdentity.objects.linked().get().object_id.hex == SAM.replace("-", "")


def test_once_the_development_coordinator_confirms_the_person_signs_in_to_the_account(
    client, oidc, coordinator, development_coordinator
):
    sso_sign_in(client, id_token_claims=id_token(SAM), userinfo={"email": coordinator.email})
    waiting = SingleSignOnIdentity.objects.get()
    client.force_login(development_coordinator)
    users_page = client.get(reverse("projects:users")).content.decode()
    assert "Koppla inloggningen" in users_page and SAM in users_page
    response = client.post(reverse("projects:sso_link_confirm", args=[waiting.pk]))
    assert response.status_code == 302 and response.url == reverse("projects:users")
    waiting.refresh_from_db()
    assert waiting.is_linked and waiting.linked_by == development_coordinator
    event = LoginEvent.objects.get(kind=LoginEvent.Kind.SSO_LINKED)
    assert (event.user, event.changed_by) == (coordinator, development_coordinator)
    users_page = client.get(reverse("projects:users")).content.decode()
    assert "Koppla inloggningen" not in users_page
    assert SAM in users_page and TENANT in users_page
    assert development_coordinator.get_full_name() in users_page
    client.logout()

    response = sso_sign_in(
        client, id_token_claims=id_token(SAM), userinfo={"email": coordinator.email}
    )
    assert response.url == reverse("projects:home")
    assert client.session[SESSION_KEY] == str(coordinator.pk)


def test_a_link_confirmed_twice_is_confirmed_once(client, coordinator, development_coordinator):
    waiting = SingleSignOnIdentity.objects.create(user=coordinator, tenant_id=TENANT, object_id=SAM)
    client.force_login(development_coordinator)
    url = reverse("projects:sso_link_confirm", args=[waiting.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert message_codes(response)[-1] == "already_linked"
    assert LoginEvent.objects.filter(kind=LoginEvent.Kind.SSO_LINKED).count() == 1


@pytest.mark.parametrize("who", ["coordinator", "official"])
def test_only_the_development_coordinator_confirms_a_link(client, who, coordinator, official):
    waiting = SingleSignOnIdentity.objects.create(
        user=coordinator, tenant_id=TENANT, object_id=STRANGER
    )
    client.force_login({"coordinator": coordinator, "official": official}[who])
    response = client.post(reverse("projects:sso_link_confirm", args=[waiting.pk]))
    assert response.status_code == 403
    waiting.refresh_from_db()
    assert not waiting.is_linked
    assert not LoginEvent.objects.filter(kind=LoginEvent.Kind.SSO_LINKED).exists()


def test_a_token_from_another_tenant_is_refused(client, oidc):
    response = sso_sign_in(
        client,
        id_token_claims=id_token(NINA, tid=OTHER_TENANT),
        userinfo={"email": "nina.ny@malmo.se"},
    )
    refused_with(client, response, SingleSignOnRefused.OTHER_TENANT)
    assert not User.objects.exists()
    assert not SingleSignOnIdentity.objects.exists()


def test_the_identity_is_read_from_the_id_token_never_from_userinfo(client, oidc, coordinator):
    link(coordinator, SAM)
    # An ID token without the identity is refused, whatever userinfo says.
    response = sso_sign_in(
        client,
        id_token_claims={"sub": "s1"},
        userinfo={"tid": TENANT, "oid": SAM, "email": coordinator.email},
    )
    assert response.url == reverse("login")
    assert SESSION_KEY not in client.session
    # And the ID token's identity counts, not the one userinfo claims.
    sso_sign_in(
        client,
        id_token_claims=id_token(STRANGER),
        userinfo={"tid": TENANT, "oid": SAM, "email": "ny@malmo.se"},
    )
    stranger = User.objects.get(email="ny@malmo.se")
    assert client.session[SESSION_KEY] == str(stranger.pk)
    assert str(SingleSignOnIdentity.objects.get(user=stranger).object_id) == STRANGER


def test_the_address_can_come_from_the_claim_the_settings_name(client):
    with oidc_enabled(OIDC_EMAIL_CLAIM="upn"):
        sso_sign_in(
            client,
            id_token_claims=id_token(NINA, upn="Nina.Ny@malmo.se"),
            userinfo={"email": "someone.else@example.com"},
        )
    assert User.objects.get().email == "nina.ny@malmo.se"


def test_an_inactive_user_is_refused_and_the_refusal_recorded(client, oidc, coordinator):
    link(coordinator, SAM)
    coordinator.is_active = False
    coordinator.save()
    response = sso_sign_in(
        client, id_token_claims=id_token(SAM), userinfo={"email": "samordnare@malmo.se"}
    )
    assert response.status_code == 302 and response.url == reverse("login")
    assert SESSION_KEY not in client.session
    assert client.get(reverse("projects:home")).url.startswith(reverse("login"))
    assert list(LoginEvent.objects.values_list("kind", flat=True)) == [LoginEvent.Kind.FAILED]


def test_without_an_address_a_new_person_is_neither_signed_in_nor_created(client, oidc):
    response = sso_sign_in(client, id_token_claims=id_token(NINA, name="Utan Adress"))
    assert response.url == reverse("login")
    assert not User.objects.exists()
    assert not SingleSignOnIdentity.objects.exists()
    assert SESSION_KEY not in client.session


def test_a_linked_person_needs_no_address(client, oidc, coordinator):
    link(coordinator, SAM)
    sso_sign_in(client, id_token_claims=id_token(SAM))
    assert client.session[SESSION_KEY] == str(coordinator.pk)


def test_the_refusal_messages(settings):
    assert {code: str(message) for code, message in REFUSAL_MESSAGES.items()} == {
        "link_pending": "Det finns redan ett konto med din e-postadress, men det är inte "
        "kopplat till ditt organisationskonto. Utvecklingssamordnaren måste bekräfta kopplingen "
        "innan du kan logga in på det här sättet. Kontakta utvecklingssamordnaren.",
        "other_tenant": "Inloggningen nekades: kontot hör inte till organisationens katalog "
        "i Entra ID.",
    }


def test_the_command_line_confirms_a_link_when_nobody_can_sign_in_to_do_it(development_coordinator):
    waiting = SingleSignOnIdentity.objects.create(
        user=development_coordinator, tenant_id=TENANT, object_id=SAM
    )
    with pytest.raises(CommandError, match="Inget konto"):
        call_command("confirm_sign_in_link", "okand@malmo.se")
    out = StringIO()
    call_command("confirm_sign_in_link", "Utveckling@malmo.se", stdout=out)
    assert SAM in out.getvalue()
    waiting.refresh_from_db()
    assert waiting.is_linked and waiting.linked_by is None
    event = LoginEvent.objects.get(kind=LoginEvent.Kind.SSO_LINKED)
    assert (event.user, event.changed_by) == (development_coordinator, None)
    with pytest.raises(CommandError, match="Ingen inloggning väntar"):
        call_command("confirm_sign_in_link", development_coordinator.email)


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
    assert "Log in with your Malmö stad account" in page


def test_signing_out_of_a_single_sign_on_session_signs_out_at_entra_id(client, oidc, coordinator):
    link(coordinator, SAM)
    sso_sign_in(client, id_token_claims=id_token(SAM))
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
    link(coordinator, SAM)
    sso_sign_in(client, id_token_claims=id_token(SAM))
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
    sso_sign_in(client, id_token_claims=id_token(NINA), userinfo={"email": "ny@malmo.se"})
    User.objects.filter(email="ny@malmo.se").update(role=User.Role.OFFICIAL)
    assert reverse("password_change") not in client.get(reverse("projects:home")).content.decode()


def test_a_locked_address_cannot_sign_in_with_single_sign_on_either(client, coordinator):
    # Overridden inside the OIDC settings, not with pytest-django's ``settings`` fixture: that
    # one is restored after this override ends and would bring the OIDC settings back.
    with oidc_enabled(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        for _ in range(5):
            client.post(reverse("login"), {"username": "okand@malmo.se", "password": "fel"})
        link(coordinator, SAM)
        response = sso_sign_in(client, id_token_claims=id_token(SAM))
        assert response.status_code == 429
        assert BUTTON in response.content.decode()
        assert SESSION_KEY not in client.session
