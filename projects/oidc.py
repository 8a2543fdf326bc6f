"""Single sign-on with the city's Entra ID through OpenID Connect (mozilla-django-oidc).

Used only when ``OIDC_ENABLED`` is on (settings add the backend and the /oidc/ URLs).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.shortcuts import resolve_url
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from projects.audit import normalized_username
from projects.models import User

BACKEND_PATH = "projects.oidc.OIDCBackend"


class OIDCBackend(OIDCAuthenticationBackend):
    """Finds the account by its work e-mail address, whatever the case.

    An address nobody has added yet gets a new account without a role: it sees the
    no-permission page until the development coordinator gives it one."""

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

    def describe_user_by_claims(self, claims):
        return f"e-mail {self.email_of(claims)}"

    def verify_claims(self, claims):
        return "@" in self.email_of(claims)

    def filter_users_by_claims(self, claims):
        email = self.email_of(claims)
        return User.objects.filter(email__iexact=email) if email else User.objects.none()

    def create_user(self, claims):
        # No password: the account signs in through Entra ID only.
        return User.objects.create_user(email=self.email_of(claims), full_name=self.name_of(claims))

    def update_user(self, user, claims):
        name = self.name_of(claims)
        if name and name != user.full_name:
            user.full_name = name
            user.save(update_fields=["full_name"])
        return user

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
