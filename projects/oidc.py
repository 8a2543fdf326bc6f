"""Single sign-on with the city's Entra ID through OpenID Connect (mozilla-django-oidc).

Used only when ``OIDC_ENABLED`` is on (settings add the backend and the /oidc/ URLs).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import resolve_url
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from projects.audit import normalized_username
from projects.services.single_sign_on import SingleSignOnRefused, single_sign_on_sign_in

BACKEND_PATH = "projects.oidc.OIDCBackend"

# What the sign-in page says when a single sign-on is refused for one of these reasons.
REFUSAL_MESSAGES = {
    SingleSignOnRefused.LINK_PENDING: _(
        "Det finns redan ett konto med din e-postadress, men det är inte kopplat till ditt "
        "organisationskonto. Utvecklingssamordnaren måste bekräfta kopplingen innan du kan "
        "logga in på det här sättet. Kontakta utvecklingssamordnaren."
    ),
    SingleSignOnRefused.OTHER_TENANT: _(
        "Inloggningen nekades: kontot hör inte till organisationens katalog i Entra ID."
    ),
}


class OIDCBackend(OIDCAuthenticationBackend):
    """Finds the account by the person's Entra ID tenant and object id (``tid``, ``oid``).

    The rules are ``projects.services.single_sign_on``'s: a new person gets an account without
    a role (the no-permission page until the development coordinator gives one), and an
    e-mail address that an account has already links only once the development coordinator
    confirms it."""

    def get_userinfo(self, access_token, id_token, payload):
        # The verified ID token carries preferred_username/upn, Graph's userinfo the e-mail.
        return {**payload, **super().get_userinfo(access_token, id_token, payload)}

    @staticmethod
    def email_of(claims) -> str:
        return normalized_username(claims.get(settings.OIDC_EMAIL_CLAIM))

    @staticmethod
    def name_of(claims) -> str:
        name = claims.get(settings.OIDC_NAME_CLAIM)
        return name.strip()[:200] if isinstance(name, str) else ""

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        try:
            return single_sign_on_sign_in(
                # Only from the verified ID token (``payload``): the userinfo endpoint's answer
                # is not signed, and could otherwise name anyone.
                tenant_id=payload.get("tid"),
                object_id=payload.get("oid"),
                email=self.email_of(claims),
                name=self.name_of(claims),
            )
        except SingleSignOnRefused as refusal:
            if refusal.code in REFUSAL_MESSAGES:
                messages.error(self.request, REFUSAL_MESSAGES[refusal.code])
            # mozilla-django-oidc turns this into a refused sign-in (and logs it).
            raise SuspiciousOperation(f"single sign-on refused: {refusal.code}") from refusal

    def authenticate(self, request, **kwargs):
        user = super().authenticate(request, **kwargs)
        # Returning None makes Django send user_login_failed: the refusal is recorded.
        return user if user is not None and self.user_can_authenticate(user) else None


def entra_logout_url(request) -> str | None:
    """Entra ID's end-session URL for a single sign-on session (so the city account is signed
    out too), coming back to the sign-in page; None for a password session."""
    if request.session.get(BACKEND_SESSION_KEY) != BACKEND_PATH:
        return None
    back = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
    # client_id tells the provider which registered return addresses apply (OpenID Connect
    # RP-Initiated Logout asks for it when no id_token_hint is sent).
    query = urlencode({"client_id": settings.OIDC_RP_CLIENT_ID, "post_logout_redirect_uri": back})
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{query}"


def provider_logout_url(request) -> str:
    """Where mozilla-django-oidc's sign-out ends (``OIDC_OP_LOGOUT_URL_METHOD``)."""
    return entra_logout_url(request) or resolve_url(settings.LOGOUT_REDIRECT_URL)
