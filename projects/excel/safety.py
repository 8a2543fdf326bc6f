"""Checks an uploaded workbook must pass before any spreadsheet parser sees it.

The zip directory is checked first; then every part is unpacked with a hard limit and scanned,
and the parser is given a copy made of those bytes only, so what the upload's directory claims
never decides how much is unpacked. A refusal carries a clear Swedish message and a code.
"""

from __future__ import annotations

import copy
import fnmatch
import io
import zipfile
import zlib

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import xml as openpyxl_xml

from projects.excel.issues import WorkbookRefused
from projects.excel.xml_scan import SCAN_CHUNK, Counts, XmlScan

MB = 1024 * 1024
# The same bound the upload handler applies before the file is stored (projects.uploads).
MAX_UPLOAD_BYTES = settings.MAX_UPLOAD_SIZE
MAX_ENTRIES = 500
# Unpacked size per part, first matching pattern wins. The largest realistic template (2 000
# projects with 1 000-character texts, 10 000 payouts; docs/excel.md) has sheets of 10 MB,
# shared strings of 10 MB once Excel has saved it, styles of 5 kB and no other part over
# 12 kB: the caps leave 3 times that for the text (the same rows with 3 000-character texts,
# 19 MB, still fit) and 100 times or more for the rest. A part under an unusual name gets the
# smallest cap, so renaming a part does not buy it room.
MAX_SHEET_XML_BYTES = 32 * MB
MAX_SHARED_STRINGS_BYTES = 32 * MB
MAX_STYLES_BYTES = 2 * MB
MAX_OTHER_PART_BYTES = 1 * MB
PART_CAPS = (
    ("xl/worksheets/_rels/*.rels", 4 * MB),  # a relationship per hyperlink
    ("xl/worksheets/*.xml", MAX_SHEET_XML_BYTES),
    ("xl/sharedStrings.xml", MAX_SHARED_STRINGS_BYTES),
    ("xl/styles.xml", MAX_STYLES_BYTES),
    ("xl/drawings/*", 4 * MB),
    ("xl/comments*.xml", 4 * MB),
    ("xl/threadedComments/*", 4 * MB),
    ("xl/media/*", 4 * MB),  # pictures: checked, never given to the parser (below)
)
MAX_TOTAL_UNCOMPRESSED = 64 * MB
# The whole file: real workbooks unpack to about 4 to 10 times their size; bombs to hundreds.
MAX_RATIO = 100
RATIO_APPLIES_ABOVE = 1 * MB
# Only these compression methods are used by Excel; the others (bzip2, lzma) unpack a whole
# compressed block at once, before any limit applies.
COMPRESSION_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
WORKSHEET_PREFIX = "xl/worksheets/"
ZIP_MAGIC = b"PK\x03\x04"
SPREADSHEET_CONTENT_TYPE = (
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
)


def unpacked_workbook(data: bytes) -> bytes:
    """Refuse anything that is not a reasonable, entity-free .xlsx; otherwise return the
    workbook as the parser may read it: its XML parts, checked, stored uncompressed."""
    if not openpyxl_xml.DEFUSEDXML:  # pragma: no cover - the dependency is required
        raise WorkbookRefused(
            _("Servern saknar skydd för XML-filer; filen kan inte läsas."), "no_defusedxml"
        )
    if len(data) > MAX_UPLOAD_BYTES:
        raise WorkbookRefused(
            _("Filen är större än 10 MB. Dela upp den eller ta bort tomma rader och försök igen."),
            "too_large",
        )
    if not data.startswith(ZIP_MAGIC):
        raise WorkbookRefused(
            _("Filen är inte en Excel-fil (.xlsx). Spara den som Excel-arbetsbok och försök igen."),
            "not_xlsx",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise WorkbookRefused(
            _("Filen är inte en Excel-fil (.xlsx) eller är skadad."), "not_xlsx"
        ) from error
    with archive:
        infos = archive.infolist()
        _check_directory(infos, packed_size=len(data))
        names = {info.filename for info in infos}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise WorkbookRefused(
                _("Filen är inte en Excel-arbetsbok (.xlsx): innehållsförteckningen saknas."),
                "not_workbook",
            )
        counts = Counts()
        for info in infos:
            _check_part(archive, info, counts)
        # Unpacked and checked above, so it is what the directory declares.
        if SPREADSHEET_CONTENT_TYPE not in archive.read("[Content_Types].xml"):
            raise WorkbookRefused(
                _(
                    "Filen är inte en vanlig Excel-arbetsbok (.xlsx). "
                    "Makro- och mallfiler tas inte emot."
                ),
                "not_plain_workbook",
            )
        # Only now is anything kept, so a refused file costs no copy. It holds the XML parts
        # only, all of them scanned: openpyxl in read-only mode reads nothing else (not
        # pictures, printer settings or macros), and a part it is pointed to under another
        # name (a picture's, say) is then missing instead of parsed unscanned.
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w", zipfile.ZIP_STORED) as copy_for_parser:
            for info in infos:
                if not _is_xml(info.filename):
                    continue
                with copy_for_parser.open(info.filename, "w") as part:
                    for chunk in _unpacked_chunks(archive, info):
                        part.write(chunk)
    return output.getvalue()


def part_cap(name: str) -> int:
    """The most a part of this name may unpack to."""
    for pattern, cap in PART_CAPS:
        if fnmatch.fnmatchcase(name, pattern):
            return cap
    return MAX_OTHER_PART_BYTES


def _is_sheet(name: str) -> bool:
    return name.startswith(WORKSHEET_PREFIX) and name.endswith(".xml")


def _megabytes(size: int) -> str:
    """``34 034 064`` bytes -> ``32,5``: one decimal below 100 MB, so that a part just over
    its cap does not read as being at it."""
    megabytes = size / MB
    if megabytes >= 100:
        return str(round(megabytes))
    return f"{max(megabytes, 0.1):.1f}".replace(".", ",").removesuffix(",0")


def _part_too_large(name: str, size: int) -> WorkbookRefused:
    limit = part_cap(name)
    if _is_sheet(name):
        return WorkbookRefused(
            _(
                "Ett blad i filen packas upp till %(size)s MB; högst %(limit)s MB per blad tas "
                "emot. Ta bort tomma men formaterade rader och kolumner, spara filen och försök "
                "igen."
            )
            % {"size": _megabytes(size), "limit": _megabytes(limit)},
            "part_too_large",
        )
    return WorkbookRefused(
        _(
            "Delen %(part)s i filen packas upp till %(size)s MB; högst %(limit)s MB tas emot. "
            "Filen kan vara skadad eller en så kallad zip-bomb. Ladda ner en ny mall, klistra in "
            "uppgifterna som värden och försök igen."
        )
        % {"part": name, "size": _megabytes(size), "limit": _megabytes(limit)},
        "part_too_large",
    )


def _zip_bomb(code: str) -> WorkbookRefused:
    return WorkbookRefused(
        _(
            "Filen packas upp till en orimlig storlek och tas inte emot "
            "(den kan vara en så kallad zip-bomb)."
        ),
        code,
    )


def _damaged() -> WorkbookRefused:
    return WorkbookRefused(_("Filen är skadad och kan inte läsas."), "damaged")


def _check_directory(infos: list[zipfile.ZipInfo], *, packed_size: int) -> None:
    """Decide from the declared sizes alone, before anything is unpacked; ``_unpacked_chunks``
    then holds every part to its declared size."""
    if len(infos) > MAX_ENTRIES:
        raise WorkbookRefused(
            _("Filen innehåller orimligt många delar och tas inte emot."), "too_many_parts"
        )
    if len({info.filename for info in infos}) != len(infos):
        raise _damaged()
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise WorkbookRefused(
                _("Filen är lösenordsskyddad. Ta bort skyddet och försök igen."), "encrypted"
            )
        if info.compress_type not in COMPRESSION_METHODS:
            raise WorkbookRefused(
                _(
                    "Filen är packad på ett sätt som Excel inte använder och tas inte emot. "
                    "Spara om den i Excel och försök igen."
                ),
                "compression_method",
            )
        if info.file_size > part_cap(info.filename):
            raise _part_too_large(info.filename, info.file_size)
        total += info.file_size
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise _zip_bomb("unpacked_too_large")
    if total > RATIO_APPLIES_ABOVE and total / max(packed_size, 1) > MAX_RATIO:
        raise _zip_bomb("compression_ratio")


def _unpacked_chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """The part's bytes, chunk by chunk, unpacked with a hard limit: never more than one byte
    beyond the size the directory declares (within the caps), so a forged size is found
    without unpacking what it hides."""
    # zipfile reads as far as the ZipInfo it is given says; this one says one byte more, and
    # leaves the checksum to be checked here, over what was actually unpacked.
    probe = copy.copy(info)
    probe.file_size = info.file_size + 1
    probe.CRC = None
    unpacked = checksum = 0
    try:
        with archive.open(probe) as member:
            while chunk := member.read(SCAN_CHUNK):
                unpacked += len(chunk)
                checksum = zlib.crc32(chunk, checksum)
                if unpacked > info.file_size:
                    raise WorkbookRefused(
                        _(
                            "Filen packas upp till mer än den själv anger och tas inte emot "
                            "(den kan vara en så kallad zip-bomb)."
                        ),
                        "size_mismatch",
                    )
                yield chunk
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        RuntimeError,
        NotImplementedError,
    ) as error:
        raise _damaged() from error
    if unpacked < info.file_size or checksum != info.CRC:
        raise _damaged()


def _check_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, counts: Counts) -> None:
    """Unpack one part under its limit, scanning it if it is XML; keep nothing."""
    scan = None
    if _is_xml(info.filename):
        scan = XmlScan(is_sheet=_is_sheet(info.filename), counts=counts)
    for chunk in _unpacked_chunks(archive, info):
        if scan is not None:
            scan.feed(chunk)
    if scan is not None:
        scan.close()


def _is_xml(name: str) -> bool:
    return name.endswith((".xml", ".rels", ".vml"))
