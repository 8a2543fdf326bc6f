"""Hostile and wrong files are refused before any spreadsheet parser unpacks them."""

import io
import tracemalloc
import zipfile

import pytest

from projects.excel import safety, xml_scan
from projects.excel.importer import plan_import
from projects.excel.safety import WorkbookRefused, unpacked_workbook
from projects.models import Payout
from tests.projects.excel_helpers import filled_submission, template_for

pytestmark = pytest.mark.django_db

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>
"""


def replace_member(data: bytes, name: str, content: bytes) -> bytes:
    """A copy of the workbook with one part replaced (or added)."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info.filename))
        target.writestr(name, content)
    return output.getvalue()


def zip_bomb(size: int = 1024**3) -> bytes:
    """A real bomb: one member that deflates to ``size`` bytes of zeros from about 1 MB."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        chunk = b"\0" * (1024 * 1024)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return output.getvalue()


def refused_within_memory(data: bytes, limit: int = 20 * 1024 * 1024) -> WorkbookRefused:
    """Run the checks under tracemalloc; the peak beyond the input itself stays small."""
    tracemalloc.start()
    try:
        with pytest.raises(WorkbookRefused) as refusal:
            unpacked_workbook(data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < limit, f"peak {peak} bytes"
    return refusal.value


@pytest.fixture(scope="module")
def bomb():
    return zip_bomb()


def test_real_zip_bomb_is_refused_from_the_directory(bomb):
    assert len(bomb) < 2 * 1024 * 1024
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size == 1024**3
    assert refused_within_memory(bomb).code == "part_too_large"


def lying_bomb() -> bytes:
    """64 MB of zeros whose central directory claims 1 KB: the check trusts no such claim."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            for _ in range(64):
                member.write(b"\0" * (1024 * 1024))
    data = bytearray(output.getvalue())
    name = b"xl/worksheets/sheet1.xml"
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    assert data[central + 46 : central + 46 + len(name)] == name
    data[central + 24 : central + 28] = (1024).to_bytes(4, "little")
    return bytes(data)


def test_zip_bomb_with_lying_small_declared_size_is_bounded():
    data = lying_bomb()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size == 1024
    # Unpacking stops one byte past the declared size: the lie is found, the 64 MB never made.
    assert refused_within_memory(data, limit=4 * 1024 * 1024).code == "size_mismatch"


def test_too_many_entries_are_refused():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        for n in range(safety.MAX_ENTRIES + 1):
            archive.writestr(f"xl/x{n}.bin", b"")
    assert refused_within_memory(output.getvalue()).code == "too_many_parts"


def test_billion_laughs_is_refused_quickly(administration):
    submission = filled_submission(administration, projects=1)
    data = replace_member(template_for(submission), "xl/sharedStrings.xml", BILLION_LAUGHS)
    assert refused_within_memory(data).code == "xml_declarations"
    with pytest.raises(WorkbookRefused):
        plan_import(submission=submission, data=data)


def test_entity_declaration_split_across_chunks_is_found(administration):
    submission = filled_submission(administration, projects=1)
    padding = b" " * (safety.SCAN_CHUNK - 5)
    part = b'<?xml version="1.0"?>' + padding + b'<!ENTITY x SYSTEM "file:///etc/passwd"><a/>'
    data = replace_member(template_for(submission), "xl/styles.xml", part)
    assert refused_within_memory(data).code == "xml_declarations"


def test_utf16_xml_part_is_refused(administration):
    submission = filled_submission(administration, projects=1)
    part = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a><a/>'.encode("utf-16")
    data = replace_member(template_for(submission), "xl/styles.xml", part)
    assert refused_within_memory(data).code == "xml_encoding"


def test_not_an_xlsx_is_refused():
    assert refused_within_memory(b"Namn;Belopp\nProjekt;100\n").code == "not_xlsx"
    assert refused_within_memory(b"PK\x03\x04 not really a zip").code == "not_xlsx"


def test_zip_without_spreadsheet_content_type_is_refused():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", b"<workbook/>")
    assert refused_within_memory(output.getvalue()).code == "not_plain_workbook"


def test_file_over_10_mb_is_refused():
    data = b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024)
    assert refused_within_memory(data, limit=40 * 1024 * 1024).code == "too_large"


def test_refused_file_changes_nothing(administration):
    submission = filled_submission(administration, projects=1, payouts_per_project=2)
    with pytest.raises(WorkbookRefused):
        plan_import(submission=submission, data=b"not a workbook")
    assert Payout.objects.filter(report__submission=submission).count() == 2


def test_openpyxl_reads_through_defusedxml():
    from openpyxl import xml

    assert xml.DEFUSEDXML is True


# --- Sheets too large to parse, refused before openpyxl sees them ------------------------------

SHEET_PART = "xl/worksheets/sheet1.xml"


def padded_sheet(rows: int, *, dimension: str | None = None, numbers=False) -> bytes:
    """Sheet XML of ``rows`` rows of 12 short cells each: every cell ordinary, nothing a
    zip-bomb check sees, but many megabytes for the parser."""
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    )
    if dimension:
        head += f'<dimension ref="{dimension}"/>'.encode()
    if numbers:
        cell = '<c r="{letter}{{row}}"><v>{n}</v></c>'
    else:
        cell = '<c r="{letter}{{row}}" t="inlineStr"><is><t>Text {n} {{row}}</t></is></c>'
    row_xml = (
        '<row r="{row}">'
        + "".join(cell.format(letter=letter, n=n) for n, letter in enumerate("ABCDEFGHIJKL"))
        + "</row>"
    )
    body = "".join(row_xml.format(row=row) for row in range(1, rows + 1)).encode()
    return head + b"<sheetData>" + body + b"</sheetData></worksheet>"


@pytest.fixture(scope="module")
def heavy_sheet_workbook():
    """A workbook under 10 MB whose first sheet unpacks to over 70 MB of XML."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr(SHEET_PART, padded_sheet(110_000))
    return output.getvalue()


def test_sheet_unpacking_to_72_mb_is_refused_by_the_sheets_cap(heavy_sheet_workbook):
    data = heavy_sheet_workbook
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(SHEET_PART)
    # Under 10 MB, with an ordinary packing ratio: only the sheet's own cap refuses it.
    assert len(data) < safety.MAX_UPLOAD_BYTES
    assert info.file_size > 70 * 1024 * 1024
    assert info.file_size / len(data) < safety.MAX_RATIO
    # Its speed is measured by benchmarks/bench_excel_bombs.py, not here.
    refusal = refused_within_memory(data)
    assert refusal.code == "part_too_large"
    assert "77,9 MB" in refusal.message and "32 MB" in refusal.message


def test_declared_dimension_over_the_limits_is_refused_before_parsing(administration):
    submission = filled_submission(administration, projects=1)
    sheet = padded_sheet(3, dimension="A1:L250000")
    data = replace_member(template_for(submission), SHEET_PART, sheet)
    refusal = refused_within_memory(data)
    assert refusal.code == "sheet_dimension"
    assert "250\N{NO-BREAK SPACE}000 rader" in refusal.message
    assert "12 kolumner" in refusal.message
    wide = replace_member(data, SHEET_PART, padded_sheet(3, dimension="A1:XFD20"))
    assert "16\N{NO-BREAK SPACE}384 kolumner" in refused_within_memory(wide).message
    many = replace_member(data, SHEET_PART, padded_sheet(3, dimension="A1:CV20000"))
    refusal = refused_within_memory(many)
    assert refusal.code == "too_many_cells"
    assert "2\N{NO-BREAK SPACE}000\N{NO-BREAK SPACE}000 celler" in refusal.message


def test_cells_beyond_the_limit_are_counted_when_no_dimension_says_so(administration):
    """A sheet that hides its size (no <dimension>) is still refused, by counting its cells."""
    submission = filled_submission(administration, projects=1)
    rows = xml_scan.MAX_CELLS // 12 + 10
    data = replace_member(template_for(submission), SHEET_PART, padded_sheet(rows, numbers=True))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.getinfo(SHEET_PART).file_size < safety.MAX_SHEET_XML_BYTES
    assert refused_within_memory(data, limit=8 * 1024 * 1024).code == "too_many_cells"


def test_a_template_within_the_limits_still_reads(administration):
    submission = filled_submission(administration, projects=2)
    data = template_for(submission)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<dimension" in archive.read(SHEET_PART)
    unpacked_workbook(data)
    assert not plan_import(submission=submission, data=data).has_errors


def test_heavy_sheet_upload_shows_the_message_next_to_the_field(
    client, coordinator, administration, heavy_sheet_workbook, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    settings.MEDIA_ROOT = tmp_path
    submission = filled_submission(administration, projects=1)
    client.force_login(coordinator)
    response = client.post(
        reverse("projects:excel_upload", args=[submission.pk]),
        {"file": SimpleUploadedFile("mall.xlsx", heavy_sheet_workbook)},
    )
    assert response.status_code == 400
    assert response.context["form"].has_error("file", "part_too_large")
    assert not (tmp_path / "imports").exists() or not list((tmp_path / "imports").iterdir())
