"""A per-user limit on the pages that read a whole year's data (the figures, the rows behind a
figure, the trend) and on asking for export files: generous for a person, a ceiling for a script.

Requests are counted per user, group of pages and minute in the cache every process shares
(settings.CACHES, in the database), up to ``settings.RATE_LIMIT_PER_MINUTE``; beyond it the
answer is 429 with a ``Retry-After`` until the minute is over. Two processes counting the same
user at the same instant may count one request fewer: a ceiling, not a meter."""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.template.response import TemplateResponse

WINDOW_SECONDS = 60

# The clock the minutes are counted by, the same in every process (tests move it).
clock = time.time


def rate_limit_wait(user, group: str) -> int:
    """Count a request of ``user`` to ``group``: the seconds until it may ask again when it is
    over the limit (the request is then not counted), else 0."""
    if not settings.RATE_LIMIT_ENABLED or not user.is_authenticated:
        return 0
    now = clock()
    window = int(now // WINDOW_SECONDS)
    wait = max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
    key = f"rate-limit:{group}:{user.pk}:{window}"
    count = cache.get(key, 0) + 1
    if count > settings.RATE_LIMIT_PER_MINUTE:
        return wait
    # Kept a little beyond its minute: another process's clock may be a little behind.
    cache.set(key, count, timeout=wait + WINDOW_SECONDS)
    return 0


def too_many_requests(request, wait: int) -> TemplateResponse:
    """429 with the page that says how long to wait (in words and in ``Retry-After``)."""
    response = TemplateResponse(
        request, "reporting/rate_limited.html", {"seconds": wait}, status=429
    )
    response["Retry-After"] = str(wait)
    return response


class RateLimitMixin:
    """Counts the view's requests of ``rate_limit_methods`` in ``rate_limit_group`` and answers
    429 beyond the limit, before the view reads anything. After the access mixins: only a
    signed-in user with access is counted."""

    rate_limit_group = ""
    rate_limit_methods = ("GET",)

    def dispatch(self, request, *args, **kwargs):
        if request.method in self.rate_limit_methods:
            wait = rate_limit_wait(request.user, self.rate_limit_group)
            if wait:
                return too_many_requests(request, wait)
        return super().dispatch(request, *args, **kwargs)
