"""Signing out, at Entra ID too when the session came from single sign-on."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect

from projects.oidc import entra_logout_url


class SignOutView(auth_views.LogoutView):
    """Sign out; a single sign-on session is then signed out at Entra ID too."""

    def post(self, request, *args, **kwargs):
        # Read before Django's logout empties the session.
        provider_url = entra_logout_url(request) if settings.OIDC_ENABLED else None
        response = super().post(request, *args, **kwargs)
        return HttpResponseRedirect(provider_url) if provider_url else response
