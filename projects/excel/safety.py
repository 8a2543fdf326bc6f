"""Checks an uploaded workbook must pass before any spreadsheet parser sees it.

Everything here reads the zip directory and streams bounded chunks, so a hostile file is
refused with a clear Swedish message without being unpacked into memory.
"""

from __future__ import annotations

import io
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
                _scan_xml_member(archive, info)
        content_types = archive.read("[Content_Types].xml")
        if SPREADSHEET_CONTENT_TYPE not in content_types:
            raise WorkbookRefused(
                _(
                    "Filen är inte en vanlig Excel-arbetsbok (.xlsx). "
                    "Makro- och mallfiler tas inte emot."
                )
            )


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


def _scan_xml_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Stream one XML part and refuse DTDs and entity declarations (billion laughs, XXE)."""
    tail = b""
    first = True
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
                if any(marker in window for marker in FORBIDDEN_MARKERS):
                    raise WorkbookRefused(
                        _(
                            "Filen innehåller XML-deklarationer (DOCTYPE eller ENTITY) som inte "
                            "tas emot. Spara om filen i Excel och försök igen."
                        )
                    )
                tail = chunk[-16:]
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        RuntimeError,
        NotImplementedError,
    ) as error:
        raise WorkbookRefused(_("Filen är skadad och kan inte läsas.")) from error
