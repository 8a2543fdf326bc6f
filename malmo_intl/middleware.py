"""Security headers that neither Django 5.2 nor django-csp set.

The Content-Security-Policy itself comes from django-csp (``CONTENT_SECURITY_POLICY`` in settings).
"""

from django.conf import settings
from django.utils.cache import patch_cache_control


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; ``Cache-Control: no-store`` on a signed-in user's.

    Pages and downloads of a signed-in user hold data that a shared computer's browser cache or
    a proxy must not keep. A view that sets its own Cache-Control (the admin does) keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True)
        return response
