"""Scanning a workbook's XML parts as they are unpacked, before any parser sees them.

Refuses DTDs and entity declarations, XML in another encoding than UTF-8, a sheet that declares
too large a used range, and more cells or shared strings than the import can afford to parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from projects.excel.issues import WorkbookRefused
from projects.numbers import group_digits

# What a sheet may declare (its <dimension>), and the <c> elements the whole workbook may hold
# (each costs openpyxl about 10 µs, and one sheet without a <dimension> is parsed twice), checked
# while the XML is scanned and before openpyxl parses it. The largest realistic template has
# 124 000 cells.
MAX_SHEET_ROWS = 100_000
MAX_SHEET_COLUMNS = 200
MAX_CELLS = 1_000_000
# Shared strings are parsed into a list up front, at a cost per string: a workbook has one per
# distinct text (36 000 in the largest realistic template).
MAX_SHARED_STRINGS = 200_000
DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\s+ref=[\"']([A-Za-z]{1,3})?(\d+)?(?::([A-Za-z]{1,3})(\d+))?"
)
# Elements counted in every XML part, with or without a namespace prefix (<c>, <x:c r="A1">).
CELL = re.compile(rb"<(?:\w{1,16}:)?c[\s/>]")
SHARED_STRING = re.compile(rb"<(?:\w{1,16}:)?si[\s/>]")
SCAN_CHUNK = 64 * 1024
SCAN_OVERLAP = 32
FORBIDDEN_MARKERS = (b"<!doctype", b"<!entity")


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
                "rows": group_digits(rows),
                "columns": group_digits(columns),
                "max_rows": group_digits(MAX_SHEET_ROWS),
                "max_columns": group_digits(MAX_SHEET_COLUMNS),
            },
            "sheet_dimension",
        )
    if rows * columns > MAX_CELLS:
        raise WorkbookRefused(
            _(
                "Ett blad i filen har %(cells)s celler; högst %(limit)s tas emot. Ta bort tomma "
                "men formaterade rader och kolumner, spara filen och försök igen."
            )
            % {"cells": group_digits(rows * columns), "limit": group_digits(MAX_CELLS)},
            "too_many_cells",
        )


@dataclass
class Counts:
    """Cells and shared strings found so far, in every part of the workbook."""

    cells: int = 0
    strings: int = 0


class XmlScan:
    """Scans one XML part chunk by chunk as it is unpacked: refuses DTDs and entity
    declarations (billion laughs, XXE), too many cells or shared strings in any part, and in a
    sheet a declared dimension over the limits."""

    def __init__(self, *, is_sheet: bool, counts: Counts):
        self.is_sheet = is_sheet
        self.started = False
        self.sheet_head = b""
        self.dimension_checked = not is_sheet
        self.tail = b""
        self.counts = counts

    def feed(self, chunk: bytes) -> None:
        if not self.started:
            self.started = True
            # Excel writes UTF-8; other encodings could hide a DOCTYPE from this scan.
            head = chunk[:4]
            if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
                raise WorkbookRefused(
                    _("Filen innehåller XML i en kodning som inte tas emot."), "xml_encoding"
                )
        if not self.dimension_checked:
            # The dimension comes first in a sheet, before any row.
            self.sheet_head += chunk[: SCAN_CHUNK - len(self.sheet_head)]
            if len(self.sheet_head) >= SCAN_CHUNK or b"sheetdata" in self.sheet_head.lower():
                check_sheet_dimension(self.sheet_head)
                self.dimension_checked = True
        # The window starts with the end of the chunk before, so that a marker across the
        # boundary is seen; a match that ends inside that overlap was counted before.
        overlap = len(self.tail)
        window = self.tail + chunk
        if any(marker in window.lower() for marker in FORBIDDEN_MARKERS):
            raise WorkbookRefused(
                _(
                    "Filen innehåller XML-deklarationer (DOCTYPE eller ENTITY) som inte "
                    "tas emot. Spara om filen i Excel och försök igen."
                ),
                "xml_declarations",
            )
        counts = self.counts
        counts.cells += _matches_after(CELL, window, overlap)
        counts.strings += _matches_after(SHARED_STRING, window, overlap)
        if counts.cells > MAX_CELLS:
            raise WorkbookRefused(
                _(
                    "Filen har fler än %(limit)s celler och tas inte emot. Ta bort tomma men "
                    "formaterade rader och kolumner, spara filen och försök igen."
                )
                % {"limit": group_digits(MAX_CELLS)},
                "too_many_cells",
            )
        if counts.strings > MAX_SHARED_STRINGS:
            raise WorkbookRefused(
                _(
                    "Filen innehåller fler än %(limit)s olika texter och tas inte emot. Filen "
                    "kan vara skadad eller en så kallad zip-bomb. Ladda ner en ny mall, klistra "
                    "in uppgifterna som värden och försök igen."
                )
                % {"limit": group_digits(MAX_SHARED_STRINGS)},
                "too_many_strings",
            )
        self.tail = window[-SCAN_OVERLAP:]

    def close(self) -> None:
        if not self.dimension_checked:
            check_sheet_dimension(self.sheet_head)


def _matches_after(pattern: re.Pattern, window: bytes, start: int) -> int:
    return sum(1 for match in pattern.finditer(window) if match.end() > start)
