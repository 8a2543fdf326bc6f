"""The years the application holds: one range, one check, one URL converter."""

from __future__ import annotations

FIRST_YEAR, LAST_YEAR = 2000, 2100


def is_plausible_year(year: int) -> bool:
    """Whether ``year`` can be a reporting year (the database holds the same range)."""
    return FIRST_YEAR <= year <= LAST_YEAR


class YearConverter:
    """``<year:year>`` in a URL: four digits within the range, else the address is not found."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not is_plausible_year(year):
            raise ValueError(value)
        return year

    def to_url(self, value: int) -> str:
        return f"{int(value):04d}"
