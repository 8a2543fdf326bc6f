"""A bound on the expensive answers one server gives at once, whoever asks (a bulkhead): the
figures JSON, the CSV files, the trend page, asking for an Excel file and the downloads of
stored files take one of ``settings.EXPENSIVE_REQUESTS_PER_SERVER`` slots while they are
answered and sent. The others wait for a slot (asleep, taking no processor time) and are then
answered as usual; so however many people ask for them, and however cheap each answer is, the
rest of the server's processors stay free for the pages everyone else opens. Nothing is
refused unless a slot stays taken for ``settings.EXPENSIVE_REQUEST_WAIT_SECONDS``: then 503
with ``Retry-After``.

A slot is an exclusive lock (``flock``) on one of the files ``slot-0``… in
``settings.SERVER_SLOTS_DIR``, a folder on the server's own disk shared by its web processes:
the operating system gives a lock back when its process ends, so a killed worker never keeps
one. Each server (each container) bounds its own processors; ``EXPENSIVE_REQUESTS_PER_SERVER=0``
switches the bound off.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from django.conf import settings
from django.template.response import TemplateResponse

# How often a waiting request looks for a free slot, from the first look to the longest pause.
FIRST_PAUSE_SECONDS = 0.001
LONGEST_PAUSE_SECONDS = 0.02
# What a request that found no slot in time is told to wait.
BUSY_RETRY_AFTER = 10


def _try_slot(folder: Path, number: int) -> int | None:
    descriptor = os.open(folder / f"slot-{number}", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        return None
    return descriptor


def take_server_slot(clock: Callable[[], float] = time.monotonic) -> Callable[[], None] | None:
    """Waits for one of the server's slots: the function that gives it back (a no-op when the
    bound is off), or None when none came free within the wait."""
    slots = settings.EXPENSIVE_REQUESTS_PER_SERVER
    if slots <= 0:
        return lambda: None
    folder = Path(settings.SERVER_SLOTS_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    deadline = clock() + settings.EXPENSIVE_REQUEST_WAIT_SECONDS
    pause = FIRST_PAUSE_SECONDS
    # Each process starts its look at another slot, so that they do not all queue on slot 0.
    start = os.getpid() % slots
    while True:
        for offset in range(slots):
            descriptor = _try_slot(folder, (start + offset) % slots)
            if descriptor is not None:
                return _giver(descriptor)
        if clock() >= deadline:
            return None
        time.sleep(pause)
        pause = min(pause * 2, LONGEST_PAUSE_SECONDS)


def _giver(descriptor: int) -> Callable[[], None]:
    """Gives the slot back once, however often it is called (a response may be closed twice)."""
    given = []

    def give_back() -> None:
        if not given:
            given.append(True)
            os.close(descriptor)  # closing the file lets go of its lock

    return give_back


def come_back_later(request, seconds: int, *, status: int, **reason) -> TemplateResponse:
    """``status`` (429 or 503) with the page that says how long to wait, in words and in
    ``Retry-After``, and why (``reason``: ``in_flight``, ``server_busy`` or none: too many
    requests this minute)."""
    response = TemplateResponse(
        request, "reporting/rate_limited.html", {"seconds": seconds, **reason}, status=status
    )
    response["Retry-After"] = str(seconds)
    return response


def server_busy(request) -> TemplateResponse:
    """503: no slot came free in time."""
    return come_back_later(request, BUSY_RETRY_AFTER, status=503, server_busy=True)


def holding_a_server_slot(request, answer: Callable[[], object]):
    """``answer()``'s response, given while holding one of the server's slots until the server
    has sent it and closed it (a streamed file after its last byte); 503 when no slot came free
    in time."""
    give_back = take_server_slot()
    if give_back is None:
        return server_busy(request)
    try:
        response = answer()
    except BaseException:
        give_back()
        raise
    response._resource_closers.append(give_back)
    return response


class ServerSlotMixin:
    """A view whose answers are expensive (a download of a stored file): after its access mixin,
    so a refused request never waits, it holds one of the server's slots while it is answered
    and sent."""

    def dispatch(self, request, *args, **kwargs):
        return holding_a_server_slot(request, partial(super().dispatch, request, *args, **kwargs))
