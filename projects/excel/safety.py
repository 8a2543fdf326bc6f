"""Checks an uploaded workbook must pass before any spreadsheet parser sees it.

Everything here reads the zip directory and streams bounded chunks, so a hostile file is
refused with a clear Swedish message without being unpacked into memory.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import xml as openpyxl_xml

# The same bound the upload handler applies before the file is stored (projects.uploads).
MAX_UPLOAD_BYTES = settings.MAX_UPLOAD_SIZE
MAX_ENTRIES = 500
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_MEMBER_UNCOMPRESSED = 100 * 1024 * 1024
# Spreadsheet XML compresses well, but not a thousandfold; bombs do.
MAX_RATIO = 200
RATIO_APPLIES_ABOVE = 1024 * 1024
# One sheet of a full template (20 000 rows, every column filled) unpacks to about 12 MB: a
# sheet several times larger is padding or an attack, and openpyxl would spend seconds of CPU
# per ten megabytes parsing it.
MAX_SHEET_XML_BYTES = 32 * 1024 * 1024
# What a sheet may declare (its <dimension>) and hold (its <c> elements), checked while the
# XML is streamed and before openpyxl parses it.
MAX_SHEET_ROWS = 100_000
MAX_SHEET_COLUMNS = 200
MAX_SHEET_CELLS = 1_000_000
WORKSHEET_PREFIX = "xl/worksheets/"
DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\s+ref=[\"']([A-Za-z]{1,3})?(\d+)?(?::([A-Za-z]{1,3})(\d+))?"
)
CELL_MARKERS = (b"<c ", b"<c>", b"<c/>")
SCAN_CHUNK = 64 * 1024
ZIP_MAGIC = b"PK\x03\x04"
SPREADSHEET_CONTENT_TYPE = (
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
)
FORBIDDEN_MARKERS = (b"<!doctype", b"<!entity")


class WorkbookRefused(Exception):
    """The file is not accepted; ``message`` is shown to the user as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def check_workbook_bytes(data: bytes) -> None:
    """Refuse anything that is not a reasonable, entity-free .xlsx; returns quietly otherwise."""
    if not openpyxl_xml.DEFUSEDXML:  # pragma: no cover - the dependency is required
        raise WorkbookRefused(_("Servern saknar skydd för XML-filer; filen kan inte läsas."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise WorkbookRefused(
            _("Filen är större än 10 MB. Dela upp den eller ta bort tomma rader och försök igen.")
        )
    if not data.startswith(ZIP_MAGIC):
        raise WorkbookRefused(
            _("Filen är inte en Excel-fil (.xlsx). Spara den som Excel-arbetsbok och försök igen.")
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise WorkbookRefused(_("Filen är inte en Excel-fil (.xlsx) eller är skadad.")) from error
    with archive:
        infos = archive.infolist()
        _check_directory(infos)
        names = {info.filename for info in infos}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise WorkbookRefused(
                _("Filen är inte en Excel-arbetsbok (.xlsx): innehållsförteckningen saknas.")
            )
        for info in infos:
            if info.filename.endswith((".xml", ".rels", ".vml")):
                _scan_xml_member(archive, info, is_sheet=_is_sheet(info))
        content_types = archive.read("[Content_Types].xml")
        if SPREADSHEET_CONTENT_TYPE not in content_types:
            raise WorkbookRefused(
                _(
                    "Filen är inte en vanlig Excel-arbetsbok (.xlsx). "
                    "Makro- och mallfiler tas inte emot."
                )
            )


def _is_sheet(info: zipfile.ZipInfo) -> bool:
    return info.filename.startswith(WORKSHEET_PREFIX) and info.filename.endswith(".xml")


def _megabytes(size: int) -> str:
    return str(max(1, round(size / (1024 * 1024))))


def _sheet_too_large(size: int) -> WorkbookRefused:
    return WorkbookRefused(
        _(
            "Ett blad i filen packas upp till %(size)s MB; högst %(limit)s MB per blad tas emot. "
            "Ta bort tomma men formaterade rader och kolumner, spara filen och försök igen."
        )
        % {"size": _megabytes(size), "limit": _megabytes(MAX_SHEET_XML_BYTES)}
    )


def _too_many_cells(count: int) -> WorkbookRefused:
    return WorkbookRefused(
        _(
            "Ett blad i filen har %(cells)s celler; högst %(limit)s tas emot. Ta bort tomma men "
            "formaterade rader och kolumner, spara filen och försök igen."
        )
        % {"cells": _grouped(count), "limit": _grouped(MAX_SHEET_CELLS)}
    )


def _grouped(number: int) -> str:
    # Swedish digit grouping with a no-break space: 1 000 000.
    return f"{number:,}".replace(",", "\N{NO-BREAK SPACE}")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + (letter - ord("A") + 1)
    return number


def check_sheet_dimension(head: bytes) -> None:
    """Refuse a sheet whose declared used range (``<dimension ref="A1:N5001"/>``) is too large."""
    match = DIMENSION.search(head)
    if match is None:
        return
    first_col, first_row, last_col, last_row = match.groups()
    if last_row is None:  # a single cell, "A1"
        last_col, last_row = first_col, first_row
    if not last_row:
        return
    rows = int(last_row) - int(first_row or 1) + 1
    columns = _column_number(last_col or b"A") - _column_number(first_col or b"A") + 1
    if rows > MAX_SHEET_ROWS or columns > MAX_SHEET_COLUMNS:
        raise WorkbookRefused(
            _(
                "Ett blad i filen anger %(rows)s rader och %(columns)s kolumner; högst "
                "%(max_rows)s rader och %(max_columns)s kolumner tas emot. Ta bort tomma men "
                "formaterade rader och kolumner, spara filen och försök igen."
            )
            % {
                "rows": _grouped(rows),
                "columns": _grouped(columns),
                "max_rows": _grouped(MAX_SHEET_ROWS),
                "max_columns": _grouped(MAX_SHEET_COLUMNS),
            }
        )
    if rows * columns > MAX_SHEET_CELLS:
        raise _too_many_cells(rows * columns)


def _check_directory(infos: list[zipfile.ZipInfo]) -> None:
    """Decide from the declared sizes alone; zipfile never reads past a declared size."""
    if len(infos) > MAX_ENTRIES:
        raise WorkbookRefused(_("Filen innehåller orimligt många delar och tas inte emot."))
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise WorkbookRefused(_("Filen är lösenordsskyddad. Ta bort skyddet och försök igen."))
        total += info.file_size
        too_big = info.file_size > MAX_MEMBER_UNCOMPRESSED
        ratio = info.file_size / max(info.compress_size, 1)
        if (
            too_big
            or total > MAX_TOTAL_UNCOMPRESSED
            or (info.file_size > RATIO_APPLIES_ABOVE and ratio > MAX_RATIO)
        ):
            raise WorkbookRefused(
                _(
                    "Filen packas upp till en orimlig storlek och tas inte emot "
                    "(den kan vara en så kallad zip-bomb)."
                )
            )
    for info in infos:
        if _is_sheet(info) and info.file_size > MAX_SHEET_XML_BYTES:
            raise _sheet_too_large(info.file_size)


def _scan_xml_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, is_sheet=False) -> None:
    """Stream one XML part and refuse DTDs and entity declarations (billion laughs, XXE); in a
    sheet, also a declared dimension or a number of cells over the limits."""
    tail = b""
    first = True
    sheet_head = b""
    dimension_checked = not is_sheet
    cells = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(SCAN_CHUNK):
                if first:
                    first = False
                    # Excel writes UTF-8; other encodings could hide a DOCTYPE from this scan.
                    head = chunk[:4]
                    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
                        raise WorkbookRefused(
                            _("Filen innehåller XML i en kodning som inte tas emot.")
                        )
                window = (tail + chunk).lower()
                if is_sheet:
                    if not dimension_checked:
                        # The dimension comes first in a sheet, before any row.
                        sheet_head += chunk[: SCAN_CHUNK - len(sheet_head)]
                        if len(sheet_head) >= SCAN_CHUNK or b"sheetdata" in sheet_head.lower():
                            check_sheet_dimension(sheet_head)
                            dimension_checked = True
                    # Markers inside the tail were counted with the chunk before.
                    cells += sum(window.count(m) - tail.count(m) for m in CELL_MARKERS)
                    if cells > MAX_SHEET_CELLS:
                        raise _too_many_cells(cells)
                if any(marker in window for marker in FORBIDDEN_MARKERS):
                    raise WorkbookRefused(
                        _(
                            "Filen innehåller XML-deklarationer (DOCTYPE eller ENTITY) som inte "
                            "tas emot. Spara om filen i Excel och försök igen."
                        )
                    )
                tail = window[-16:]
            if not dimension_checked:
                check_sheet_dimension(sheet_head)
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        RuntimeError,
        NotImplementedError,
    ) as error:
        raise WorkbookRefused(_("Filen är skadad och kan inte läsas.")) from error
