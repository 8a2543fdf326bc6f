"""What is computed from a year's data, kept per data version in the cache every process shares
(``settings.CACHES["figures"]``).

A year's data version (``projects.selectors.year_data_version``) is raised by every write that
changes what the year's figures read, in the write's transaction. The key of a kept result
names the versions it was read at, so a result is never served after a change (the next
request computes it anew under the new key) and nothing has to be removed: old keys expire.

In front of the shared cache each process keeps its newest results in memory (``_memory``, at
most ``MEMORY_BYTES``), under the same keys: a repeated request costs the version's one small
query and no transfer or unpickling of a large value. Naming the versions, a key can never
serve a result of other data, so nothing in memory has to be removed on a change either.

The version is read before the data: a write committing in between then gives a result at
least as new as its key, never an older one under a newer key. Publishing and the worker's
renders read the database directly; the kept results serve pages and downloads.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import translation
from django.utils.http import quote_etag

from projects.selectors import year_data_version, year_data_versions
from reporting.downloads import not_modified
from reporting.models import HistoricalTotal

CACHE = "figures"

# What each process keeps in memory, in pickled bytes: a few of the largest results at 100x
# (the figures JSON and a rows CSV are a few megabytes each).
MEMORY_BYTES = 64 * 1024 * 1024
# Raised when what the shared cache holds under a key changes form (now the pickled bytes).
_FORMAT = 2

T = TypeVar("T")


class _Memory:
    """The most recently used results of this process, up to ``budget`` bytes (each counted as
    its pickled size); shared by the process's threads."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._entries: OrderedDict[str, tuple[object, int]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> tuple[object] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return (entry[0],)

    def put(self, key: str, value: object, size: int) -> None:
        if size > self.budget:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._size -= old[1]
            self._entries[key] = (value, size)
            self._size += size
            while self._size > self.budget:
                _key, (_value, dropped) = self._entries.popitem(last=False)
                self._size -= dropped

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0


_memory = _Memory(MEMORY_BYTES)


def forget_all() -> None:
    """Forgets every kept result, in the shared cache and in this process's memory (other
    processes keep theirs until they restart): for tests, whose databases start the versions
    anew."""
    caches[CACHE].clear()
    _memory.clear()


def _key(kind: str, versions: str, parts: tuple) -> str:
    # A fixed length whatever the parts (the database cache's keys are at most 255 characters).
    # The language is part of every key: labels are written in the language of the request.
    source = "|".join(
        str(part) for part in (_FORMAT, kind, versions, translation.get_language(), *parts)
    )
    return f"{kind}:{hashlib.sha256(source.encode()).hexdigest()}"


def year_key(kind: str, year: int, *parts) -> str:
    """The key of ``kind`` for ``year``'s data as it is now (one query: the data version).

    ``parts`` tell apart what else the result depends on (preliminary, whose part, the rows'
    slice); a missing part would serve one reader's result to another."""
    return _key(kind, f"{year}:{year_data_version(year)}", parts)


def kept(key: str, compute: Callable[[], T]) -> T:
    """The result kept under ``key``: from this process's memory, else from the shared cache,
    else ``compute()`` (then kept in both)."""
    found = _memory.get(key)
    if found is not None:
        return found[0]
    pickled = caches[CACHE].get(key)
    if pickled is None:
        value = compute()
        pickled = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        caches[CACHE].set(key, pickled)
    else:
        # Written by this function into the cache's own table, as Django's cache backends
        # pickle every value they keep: no one else's bytes.
        value = pickle.loads(pickled)  # noqa: S301
    _memory.put(key, value, len(pickled))
    return value


def kept_for_year(kind: str, year: int, compute: Callable[[], T], *parts) -> T:
    """``compute()`` for ``year``'s data as it is now, computed once per data version."""
    return kept(year_key(kind, year, *parts), compute)


def all_years_key(kind: str, *parts) -> str:
    """The key of ``kind`` over every year (the trend) as they are now: the set of the years'
    data versions and the historical totals as entered (a few dozen rows, read whole)."""
    versions = year_data_versions()
    totals = list(
        HistoricalTotal.objects.order_by("pk").values_list("pk", *HistoricalTotal.ENTERED_FIELDS)
    )
    state = hashlib.sha256(repr((sorted(versions.items()), totals)).encode()).hexdigest()
    return _key(kind, state, parts)


def kept_download(
    request: HttpRequest,
    key: str,
    compute: Callable[[], tuple[str, bytes]],
    *,
    content_type: str,
) -> HttpResponseBase:
    """The bytes kept under ``key`` (``compute()`` gives a file name, "" for none, and the
    bytes) as a response whose ``ETag`` is the key, or 304 when the client already holds them:
    then nothing is looked up at all."""
    etag = quote_etag(key)
    answered = not_modified(request, etag)
    if answered is not None:
        return answered
    filename, data = kept(key, compute)
    response = HttpResponse(data, content_type=content_type)
    response["ETag"] = etag
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
