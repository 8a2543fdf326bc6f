"""What is computed from a year's data, kept per data version in the cache every process shares
(``settings.CACHES["figures"]``).

A year's data version (``projects.selectors.year_data_version``) is raised by every write that
changes what the year's figures read, in the write's transaction. The key of a kept result
names the versions it was read at, so a result is never served after a change (the next
request computes it anew under the new key) and nothing has to be removed: old keys expire.

The version is read before the data: a write committing in between then gives a result at
least as new as its key, never an older one under a newer key. Publishing and the worker's
renders read the database directly; the kept results serve pages and downloads.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches
from django.utils import translation

from projects.selectors import year_data_version, year_data_versions
from reporting.models import HistoricalTotal

CACHE = "figures"

T = TypeVar("T")
_MISSING = object()


def _key(kind: str, versions: str, parts: tuple) -> str:
    # A fixed length whatever the parts (the database cache's keys are at most 255 characters).
    # The language is part of every key: labels are written in the language of the request.
    source = "|".join(str(part) for part in (kind, versions, translation.get_language(), *parts))
    return f"{kind}:{hashlib.sha256(source.encode()).hexdigest()}"


def _kept(key: str, compute: Callable[[], T]) -> T:
    cache = caches[CACHE]
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value)
    return value


def kept_for_year(kind: str, year: int, compute: Callable[[], T], *parts) -> T:
    """``compute()`` for ``year``'s data as it is now, computed once per data version.

    ``parts`` tell apart what else the result depends on (preliminary, whose part, the rows'
    slice); a missing part would serve one reader's result to another."""
    version = year_data_version(year)
    return _kept(_key(kind, f"{year}:{version}", parts), compute)


def kept_for_all_years(kind: str, compute: Callable[[], T], *parts) -> T:
    """``compute()`` over every year (the trend): kept per set of the years' data versions and
    the historical totals as entered (a few dozen rows, read whole)."""
    versions = year_data_versions()
    totals = list(
        HistoricalTotal.objects.order_by("pk").values_list("pk", *HistoricalTotal.ENTERED_FIELDS)
    )
    state = hashlib.sha256(repr((sorted(versions.items()), totals)).encode()).hexdigest()
    return _kept(_key(kind, state, parts), compute)
