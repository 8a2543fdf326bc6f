"""A per-user limit on the pages that read a whole year's data (the figures, the rows behind a
figure, the trend) and on asking for export files: generous for a person, a ceiling for a script.

Requests are counted per user, group of pages and minute in the cache every process shares
(settings.CACHES, in the database), up to ``settings.RATE_LIMIT_PER_MINUTE``; beyond it the
answer is 429 with a ``Retry-After`` until the minute is over. Two processes counting the same
user at the same instant may count one request fewer: a ceiling, not a meter.

The most expensive of them (figures JSON, CSV files, trend, asking for an Excel file) also
hold one of the user's ``settings.CONCURRENT_REQUESTS_PER_USER`` slots while they are answered
(a streamed file until its last byte is sent): a few people cannot occupy every web worker. A
slot is a key in the same cache, taken with ``add`` (one process wins it) and given back when
the server closes the response; one a killed process never gave back expires after
``IN_FLIGHT_SECONDS``. ``RATE_LIMIT_ENABLED=0`` switches both off."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.template.response import TemplateResponse

from reporting.server_slots import come_back_later, holding_a_server_slot

WINDOW_SECONDS = 60
# A slot not given back (a killed worker) is free again after this long: beyond gunicorn's
# --timeout, so a request still running never loses its slot.
IN_FLIGHT_SECONDS = 180
# What a refused request is told to wait: the others' answers take seconds at most.
IN_FLIGHT_RETRY_AFTER = 5

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


def in_flight_take(user) -> Callable[[], None] | None:
    """Take one of ``user``'s slots for a request in flight: the function that gives it back,
    or None when every slot is taken (a no-op giver when the limit is off)."""
    if not settings.RATE_LIMIT_ENABLED or not user.is_authenticated:
        return lambda: None
    for slot in range(settings.CONCURRENT_REQUESTS_PER_USER):
        key = f"in-flight:{user.pk}:{slot}"
        if cache.add(key, 1, timeout=IN_FLIGHT_SECONDS):
            return lambda key=key: cache.delete(key)
    return None


def too_many_requests(request, wait: int, *, in_flight: bool = False) -> TemplateResponse:
    """429: too many requests this minute, or too many at once (``in_flight``)."""
    return come_back_later(request, wait, status=429, in_flight=in_flight)


class RateLimitMixin:
    """Counts the view's requests of ``rate_limit_methods`` in ``rate_limit_group`` and answers
    429 beyond the limit, before the view reads anything; with ``limit_in_flight``, also while
    the user has every slot of requests in flight taken. After the access mixins: only a
    signed-in user with access is counted."""

    rate_limit_group = ""
    rate_limit_methods = ("GET",)
    limit_in_flight = False

    def dispatch(self, request, *args, **kwargs):
        if request.method not in self.rate_limit_methods:
            return super().dispatch(request, *args, **kwargs)
        wait = rate_limit_wait(request.user, self.rate_limit_group)
        if wait:
            return too_many_requests(request, wait)
        if not self.limit_in_flight:
            return super().dispatch(request, *args, **kwargs)
        give_back = in_flight_take(request.user)
        if give_back is None:
            return too_many_requests(request, IN_FLIGHT_RETRY_AFTER, in_flight=True)
        try:
            # Then one of the server's slots, whoever asks (reporting/server_slots.py).
            answer = partial(super().dispatch, request, *args, **kwargs)
            response = holding_a_server_slot(request, answer)
        except BaseException:
            give_back()
            raise
        # The server closes the response once it is sent (a streamed one after its last
        # chunk), also when the client goes away.
        response._resource_closers.append(give_back)
        return response
