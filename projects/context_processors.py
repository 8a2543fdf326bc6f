from django.conf import settings


def navigation(request):
    """Values the base layout needs on every page."""
    return {
        "LANGUAGES": settings.LANGUAGES,
        # How one signs in: the sign-in page and the lockout page (projects.lockout) show these.
        "oidc_enabled": settings.OIDC_ENABLED,
        "local_login_enabled": settings.LOCAL_LOGIN_ENABLED,
    }
