"""URL tables: the pages under one address, one row each."""

from django.urls import path


def routes(prefix: str, table: list[tuple]) -> list:
    """A ``path`` for each row ``(address, view, name)`` of ``table``, its address under
    ``prefix``. A view class stands for its view without arguments."""
    return [
        path(prefix + address, view.as_view() if isinstance(view, type) else view, name=name)
        for address, view, name in table
    ]
