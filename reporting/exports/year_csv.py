"""The year's project list as CSV, from the rows ``year_export_data`` reads.

Formats only what it is given, a row at a time, so a large year is never held in memory."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterator
from decimal import Decimal

from reporting.exports.workbook import PROJECT_COLUMNS, YearExport, neutralise


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


class _Line:
    """A file for ``csv.writer`` that hands back each line instead of keeping it."""

    def write(self, text: str) -> str:
        return text


def projects_csv_chunks(export: YearExport, *, rows_per_chunk: int = 500) -> Iterator[bytes]:
    """The project list for Swedish Excel (UTF-8 with BOM, semicolons, decimal commas), as
    chunks of bytes produced while the rows are read: for a streaming response."""
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    lines = ["\ufeff" + writer.writerow([header for _key, header, _kind, _w in PROJECT_COLUMNS])]
    for row in export.projects:
        lines.append(writer.writerow([_csv_value(row.get(key)) for key, *_rest in PROJECT_COLUMNS]))
        if len(lines) >= rows_per_chunk:
            yield "".join(lines).encode("utf-8")
            lines = []
    yield "".join(lines).encode("utf-8")


def csv_filename(export: YearExport) -> str:
    suffix = "-preliminar" if export.preliminary else ""
    return f"projekt-{export.year}{suffix}.csv"
