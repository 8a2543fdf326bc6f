"""The two kinds of CSV file, each written once.

- For people (``people_csv``): a file Swedish Excel opens into columns with å, ä and ö intact.
  Semicolon-separated, UTF-8 with a byte-order mark, headings and labels in the reader's
  language (Swedish first), amounts with a decimal comma and no grouping (``1250000,50``),
  dates as ISO dates; text a spreadsheet would run as a formula gets a leading apostrophe.
  The rows behind a figure (``…/rader/<figure>.csv``) and the year's project list.
- For machines (``machine_csv``): open data (docs/open-data.md). Comma-separated, UTF-8 without
  a byte-order mark, stable codes and plain decimals with a point (``12345678.00``).
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from projects.numbers import plain_decimal
from reporting.exports.workbook import neutralise

CONTENT_TYPE = "text/csv; charset=utf-8"
BYTE_ORDER_MARK = "\ufeff"
LINE_END = "\r\n"


class _Line:
    """A file for ``csv.writer`` that hands back each line instead of keeping it."""

    def write(self, text: str) -> str:
        return text


def people_value(value) -> str:
    """One cell for people: a decimal comma, an ISO date, neutralised text."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain_decimal(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


def people_csv(
    headings: Sequence[str], rows: Iterable[Sequence], *, rows_per_chunk: int = 500
) -> Iterator[bytes]:
    """The file for people, as chunks of bytes made while ``rows`` are read: a streaming
    response never holds a large year in memory."""
    writer = csv.writer(_Line(), delimiter=";", lineterminator=LINE_END)
    lines = [BYTE_ORDER_MARK + writer.writerow([str(heading) for heading in headings])]
    for row in rows:
        lines.append(writer.writerow([people_value(value) for value in row]))
        if len(lines) >= rows_per_chunk:
            yield "".join(lines).encode("utf-8")
            lines = []
    yield "".join(lines).encode("utf-8")


def machine_csv(columns: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """The file for machines: codes and values as they are (decimals with a point)."""
    writer = csv.writer(_Line(), lineterminator=LINE_END)
    lines = [writer.writerow(columns)]
    lines.extend(writer.writerow(row) for row in rows)
    return "".join(lines).encode("utf-8")
