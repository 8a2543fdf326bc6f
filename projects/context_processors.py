from django.conf import settings
from django.utils.functional import SimpleLazyObject

from projects.selectors import organisation_letterhead


def navigation(request):
    """Values the base layout needs on every page."""
    return {
        "LANGUAGES": settings.LANGUAGES,
        # How one signs in: the sign-in page and the lockout page (projects.lockout) show these.
        "oidc_enabled": settings.OIDC_ENABLED,
        "local_login_enabled": settings.LOCAL_LOGIN_ENABLED,
        # The organisation's name in the title, header and footer: read once, when a page
        # shows it (a view that knows the year's organisation passes its own).
        "organisation": SimpleLazyObject(organisation_letterhead),
    }
