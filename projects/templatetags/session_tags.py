"""What the browser needs to warn before an idle session ends (static/js/session.js)."""

from django import template
from django.conf import settings

from projects.middleware import TOUCH_INTERVAL_SECONDS

register = template.Library()

# The warning comes this long before the idle end.
WARNING_SECONDS = 5 * 60


@register.simple_tag
def session_timing() -> dict:
    """Idle limit, warning lead and the middleware's touch interval, in seconds."""
    return {
        "idle": settings.SESSION_COOKIE_AGE,
        "warn": min(WARNING_SECONDS, settings.SESSION_COOKIE_AGE // 2),
        "touch": TOUCH_INTERVAL_SECONDS,
        "warn_minutes": min(WARNING_SECONDS, settings.SESSION_COOKIE_AGE // 2) // 60,
    }
