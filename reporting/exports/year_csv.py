"""The year's project list as CSV for people (``reporting.csv_files.people_csv``), from the rows
``year_export_data`` reads.

Formats only what it is given, a row at a time, so a large year is never held in memory."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from reporting.csv_files import people_csv
from reporting.exports.columns import PROJECT_COLUMNS, project_columns
from reporting.exports.workbook import YearExport


def projects_csv_chunks(export: YearExport, *, rows_per_chunk: int = 500) -> Iterator[bytes]:
    """The project list for Swedish Excel (UTF-8 with BOM, semicolons, decimal commas, headings
    and labels in the reader's language), as chunks of bytes produced while the rows are read:
    for a streaming response."""
    columns = project_columns(export.organisation.genitive_here, translate=_)
    headings = [heading for _key, heading, _kind, _width in columns]
    rows = ([row.get(key) for key, *_rest in PROJECT_COLUMNS] for row in export.projects)
    return people_csv(headings, rows, rows_per_chunk=rows_per_chunk)


def csv_filename(export: YearExport) -> str:
    suffix = "-preliminar" if export.preliminary else ""
    return f"projekt-{export.year}{suffix}.csv"
