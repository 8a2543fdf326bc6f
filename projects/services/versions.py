"""The version of a year's data: one integer per reporting year that every write changing what
the year's figures, rows or memo sources read raises in its own transaction.

What is computed from a year's data (the figures, their JSON, the rows, the trend, the memo's
sources and draft files) is kept under the version it was read at, so knowing whether it is
still current costs one integer comparison. The writes call ``year_data_changed`` themselves:
the entry and review services and the Excel import through their row locks
(``projects.services.locks``), the reference names' refresh, opening, closing and reopening a
year, publishing a memo (the year's status, kept with the figures, changes), and the admin's
saves and deletions. A change made any other way (a shell, a raw SQL fix) calls it too, or the
kept results go on being served.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Q

from projects.models import ReportingYear


def year_data_changed(*, years: Iterable[int] = (), year_ids: Iterable[int] = ()) -> int:
    """Raise the data version of the given years (by number or by id); returns how many rows.

    Runs inside the caller's transaction, so the new version is seen together with the change
    and not before; the row stays locked until the transaction ends. Callers that also lock a
    submission call this first, so that every write locks the year before the submission, as
    closing a year does."""
    chosen = Q(year__in=list(years)) | Q(pk__in=list(year_ids))
    with transaction.atomic():
        return ReportingYear.objects.filter(chosen).update(data_version=F("data_version") + 1)


def every_year_data_changed() -> int:
    """Raise the version of every year: a change to an administration, goal or programme
    (whose current name a page of any year may show beside the year's own rows)."""
    with transaction.atomic():
        return ReportingYear.objects.update(data_version=F("data_version") + 1)


def open_years_data_changed() -> int:
    """Raise the version of every open year: the years whose rows follow the reference data."""
    with transaction.atomic():
        return ReportingYear.objects.filter(is_open=True).update(data_version=F("data_version") + 1)
