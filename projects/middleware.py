"""Middleware for signed-in users: how long a session lasts, and nothing for an account without
a role."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.access import has_role

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"
# The session's idle expiry slides on activity, but at most once a minute: one write a minute
# instead of one per request.
TOUCH_INTERVAL_SECONDS = 60


def session_untouched(view):
    """Marks a view whose requests leave the session as it is: a file every page asks for beside
    its own request (the site's colours, a logo). Such a request reads the session as it was
    when it began; touching the idle clock would save that copy whole, possibly over what the
    page's own request had just written (a draft removed after its save coming back)."""
    view.session_untouched = True
    return view


def mark_signed_in(request) -> None:
    """Start the session's clocks; called when the user signs in."""
    now = timezone.now().timestamp()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now


class SessionLifetimeMiddleware:
    """End a session ``SESSION_MAX_AGE`` seconds after sign-in, however active; keep it alive
    ``SESSION_COOKIE_AGE`` seconds after the latest request (the idle limit)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "session_untouched", False):
            return None
        if request.user.is_authenticated:
            session = request.session
            now = timezone.now().timestamp()
            signed_in_at = session.get(SIGNED_IN_AT)
            if signed_in_at is None:
                # A session from before this rule: its clock starts now.
                mark_signed_in(request)
            elif now - signed_in_at > settings.SESSION_MAX_AGE:
                logout(request)
                messages.info(
                    request,
                    _(
                        "Du har varit inloggad längre än %(hours)s timmar i sträck. "
                        "Logga in igen för att fortsätta."
                    )
                    % {"hours": settings.SESSION_MAX_AGE // 3600},
                    extra_tags="session_expired",
                )
                return redirect_to_login(request.get_full_path())
            elif now - session.get(LAST_SEEN_AT, 0) >= TOUCH_INTERVAL_SECONDS:
                # A changed session is saved with a new expiry: the idle time starts again.
                session[LAST_SEEN_AT] = now
        return None


class RoleRequiredMiddleware:
    """A signed-in account nobody has given a role sees one page that says so, and nothing else.

    It can still sign out, change its password and switch language; Django's admin decides
    for itself whom it lets in (staff only)."""

    OPEN_URL_NAMES = {
        "login",
        "logout",
        "password_change",
        "password_change_done",
        "set_language",
        # The site's colours, which the page saying there is no role uses too.
        "organisation_stylesheet",
        # Single sign-on (only when OIDC_ENABLED is on).
        "oidc_authentication_init",
        "oidc_authentication_callback",
        "oidc_logout",
    }
    # Pages open to anyone (the published years' figures, when the setting allows them).
    OPEN_NAMESPACES = {"open_data"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or has_role(user):
            return None
        match = request.resolver_match
        if match.url_name in self.OPEN_URL_NAMES or match.namespace in self.OPEN_NAMESPACES:
            return None
        if user.is_staff and match.namespace == "admin":
            return None
        return render(request, "projects/no_role.html", status=403)
