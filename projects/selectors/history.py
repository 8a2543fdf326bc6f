"""A record's change history as a page lists it: when, who, and what changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def history_changes(
    history, changed: Callable[[Any, Any], list[str]], *, limit: int = 20
) -> list[dict]:
    """The latest ``limit`` records of a ``history`` manager (django-simple-history), newest
    first: when, who, and the labels ``changed(record, older)`` names (none for the first)."""
    records = list(history.select_related("history_user").order_by("-history_date")[: limit + 1])
    return [
        {
            "date": record.history_date,
            "user": record.history_user,
            "fields": [] if older is None else changed(record, older),
        }
        for record, older in zip(records[:limit], [*records[1:], None], strict=False)
    ]
