"""Signing out (at Entra ID too when the session came from single sign-on), and keeping an
idle session alive on request."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect, JsonResponse
from django.utils import timezone
from django.views import View

from projects.middleware import LAST_SEEN_AT
from projects.oidc import entra_logout_url


def mark_active(request) -> None:
    # A changed session is saved with a new expiry (the middleware does the same at most once
    # a minute; here always, so the browser can count the idle time from this answer).
    request.session[LAST_SEEN_AT] = timezone.now().timestamp()


class SignOutView(auth_views.LogoutView):
    """Sign out; a single sign-on session is then signed out at Entra ID too."""

    def post(self, request, *args, **kwargs):
        # Read before Django's logout empties the session.
        provider_url = entra_logout_url(request) if settings.OIDC_ENABLED else None
        response = super().post(request, *args, **kwargs)
        return HttpResponseRedirect(provider_url) if provider_url else response


class SessionKeepAliveView(LoginRequiredMixin, View):
    """The "Fortsätt vara inloggad" button of the idle warning: the session's idle time starts
    again now. POST only, with the CSRF token, so that no link or image can keep a session up."""

    http_method_names = ["post"]

    def post(self, request):
        mark_active(request)
        return JsonResponse({"idle_seconds": settings.SESSION_COOKIE_AGE})
