"""Switching single sign-on on in a test: the settings, and the URLs that exist only then."""

import importlib
from contextlib import contextmanager

from django.test import override_settings
from django.urls import clear_url_caches

TENANT = "00000000-aaaa-bbbb-cccc-000000000000"
ENTRA = f"https://login.microsoftonline.com/{TENANT}"

OIDC_SETTINGS = {
    "OIDC_ENABLED": True,
    "OIDC_TENANT_ID": TENANT,
    "OIDC_RP_CLIENT_ID": "test-client-id",
    "OIDC_RP_CLIENT_SECRET": "test-client-secret",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{ENTRA}/oauth2/v2.0/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": f"{ENTRA}/oauth2/v2.0/token",
    "OIDC_OP_JWKS_ENDPOINT": f"{ENTRA}/discovery/v2.0/keys",
    "OIDC_OP_LOGOUT_ENDPOINT": f"{ENTRA}/oauth2/v2.0/logout",
    "AUTHENTICATION_BACKENDS": [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
        "projects.oidc.OIDCBackend",
    ],
}


def reload_urls():
    """Build the root URLconf again: it includes /oidc/ only while OIDC_ENABLED is on."""
    import malmo_intl.urls

    importlib.reload(malmo_intl.urls)
    clear_url_caches()


@contextmanager
def oidc_enabled(**overrides):
    try:
        with override_settings(**{**OIDC_SETTINGS, **overrides}):
            reload_urls()
            yield
    finally:
        reload_urls()
