"""Every part of an uploaded workbook is held to a cap sized to the template, from the zip
directory and again on the bytes actually unpacked; the largest realistic template still reads.

The builders here (``largest_realistic_template``, ``as_saved_by_excel``, ``with_part``) are
also what ``benchmarks/bench_excel_bombs.py`` measures."""

from __future__ import annotations

import datetime
import io
import random
import re
import tracemalloc
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from projects.excel import layout, safety, xml_scan
from projects.excel.importer import plan_import
from projects.excel.safety import WorkbookRefused, unpacked_workbook
from projects.excel.template import TemplateData, build_template
from tests.projects.excel_helpers import filled_submission, template_for

MB = 1024 * 1024
SHARED_STRINGS = "xl/sharedStrings.xml"
STYLES = "xl/styles.xml"
SST_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)

# --- Builders ----------------------------------------------------------------------------------

VOCABULARY = (
    "projektet har under året genomfört workshoppar med partner i Köpenhamn och Hamburg samt "
    "utvecklat metoder för hållbar stadsutveckling energieffektivisering ungdomars delaktighet "
    "arbetsmarknad integration digitalisering cirkulär ekonomi skolor förskolor "
    "kompetensutveckling näringsliv innovation klimatanpassning grönytor mobilitet"
)
WORDS = VOCABULARY.split()


def prose(rng: random.Random, length: int) -> str:
    """``length`` characters of Swedish-looking text, ending with a full stop."""
    words = []
    while sum(len(word) + 1 for word in words) < length:
        words.append(rng.choice(WORDS))
    return " ".join(words)[: length - 1] + "."


def largest_realistic_template(
    projects: int = 2000, payouts: int = 10_000, text_length: int = 1000
) -> bytes:
    """The template as the service writes it, with every column of every row filled: names and
    organisations of 300 characters, results and descriptions of ``text_length``."""
    rng = random.Random(2023)
    goals = [f"Mål {n}: {prose(rng, 120)}" for n in range(12)]
    programmes = [f"Program {n} {prose(rng, 40)}" for n in range(60)]
    administrations = [f"Förvaltning {n}" for n in range(20)]
    project_rows = [
        {
            "key": f"P{100_000 + n}",
            "origin": "I inrapporteringen",
            "name": f"Projekt {n} {prose(rng, 280)}",
            "acronym": f"AKR{n}",
            "programme": programmes[n % len(programmes)],
            "role": "Projektpartner",
            "lead_organisation": prose(rng, 300),
            **{
                f"participating_{k}": administrations[(n + k) % len(administrations)]
                for k in range(1, layout.PARTICIPATING_COLUMNS + 1)
            },
            "partner_locations": prose(rng, 500),
            "start_date": datetime.date(2021, 1, 1),
            "end_date": datetime.date(2026, 12, 31),
            "total_budget_sek": Decimal("123456789.25") + n,
            "own_budget_sek": Decimal("4567890.50"),
            "eu_cofinancing_rate": Decimal("65.50"),
            "council_goal": goals[n % len(goals)],
            "results": prose(rng, text_length),
            "suggested_as_example": layout.NO,
            "description": prose(rng, text_length),
            "website": "https://malmo.se/projekt/" + prose(rng, 60).replace(" ", "-"),
        }
        for n in range(projects)
    ]
    payout_rows = [
        {
            "key": f"U{200_000 + n}",
            "project_key": project_rows[n % projects]["key"],
            "project_name": project_rows[n % projects]["name"],
            "payment_date": datetime.date(2023, 1 + n % 12, 15),
            "amount_sek": Decimal("1234567.89"),
            "amount_eur": Decimal("110000.00"),
            "exchange_rate": Decimal("11.2233"),
            "note": prose(rng, 200),
        }
        for n in range(payouts)
    ]
    return build_template(
        TemplateData(
            year=2023,
            administration_code="MF",
            administration_name="Miljöförvaltningen",
            programmes=programmes,
            roles=["Projektägare", "Projektpartner"],
            goals=goals,
            administrations=administrations,
            project_rows=project_rows,
            payout_rows=payout_rows,
        )
    )


INLINE_STRING = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is><t([^>]*)>(.*?)</t></is></c>')
SST_CONTENT_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
SST_RELATIONSHIP = (
    b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/officeDocument/'
    b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
)


def as_saved_by_excel(data: bytes) -> bytes:
    """The workbook with its texts in one shared-strings part, as Excel saves it (openpyxl
    writes each text into its cell)."""
    strings: dict[bytes, int] = {}
    attributes: list[bytes] = []

    def shared(match) -> bytes:
        text = match.group(4)
        if text not in strings:
            strings[text] = len(strings)
            attributes.append(match.group(3))
        return b'<c %st="s"%s><v>%d</v></c>' % (match.group(1), match.group(2), strings[text])

    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            part = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                part = INLINE_STRING.sub(shared, part)
            elif info.filename == "[Content_Types].xml":
                part = part.replace(b"</Types>", SST_CONTENT_TYPE + b"</Types>")
            elif info.filename == "xl/_rels/workbook.xml.rels":
                part = part.replace(b"</Relationships>", SST_RELATIONSHIP + b"</Relationships>")
            target.writestr(info.filename, part)
        items = b"".join(
            b"<si><t%s>%s</t></si>" % (attrs, text)
            for attrs, text in zip(attributes, strings, strict=True)
        )
        target.writestr(SHARED_STRINGS, SST_HEAD + items + b"</sst>")
    return output.getvalue()


def with_part(data: bytes, name: str, unit: bytes, size: int, *, head=b"", tail=b"") -> bytes:
    """The workbook with part ``name`` replaced (or added): ``head``, then ``unit`` repeated
    to ``size`` bytes, then ``tail``; written in pieces, never held whole."""
    units = size // len(unit)
    per_block = max(1, MB // len(unit))
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info.filename, source.read(info))
        with target.open(name, "w") as part:
            part.write(head)
            for _ in range(units // per_block):
                part.write(unit * per_block)
            part.write(unit * (units % per_block))
            part.write(tail)
    return output.getvalue()


def shared_strings_bomb(size: int = 100 * MB) -> bytes:
    """Shared strings that unpack to ``size``: millions of one-letter texts, cheap to pack and
    slow to parse (openpyxl took 43 s and 494 MB for 100 MB before the caps)."""
    return with_part(
        small_template(),
        SHARED_STRINGS,
        b"<si><t>x</t></si>",
        size,
        head=SST_HEAD,
        tail=b"</sst>",
    )


def styles_bomb(size: int = 87 * MB) -> bytes:
    """Styles that unpack to ``size``: a million cell formats (38 s and 1.7 GB before)."""
    with zipfile.ZipFile(io.BytesIO(small_template())) as archive:
        styles = archive.read(STYLES)
    head, _sep, rest = styles.partition(b"<cellXfs")
    return with_part(
        small_template(),
        STYLES,
        b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
        size,
        head=head + b'<cellXfs count="1">',
        tail=rest.partition(b">")[2],
    )


def small_template() -> bytes:
    return largest_realistic_template(projects=2, payouts=2, text_length=100)


def forge_declared_size(data: bytes, name: str, size: int) -> bytes:
    """The archive with ``name``'s unpacked size rewritten to ``size`` in both the central
    directory and the local header: the data and its checksum are left as they are."""
    forged = bytearray(data)
    encoded = name.encode()
    # The central directory comes last: the name's last occurrence is its entry there.
    central = forged.rfind(b"PK\x01\x02", 0, forged.rfind(encoded))
    assert forged[central + 46 : central + 46 + len(encoded)] == encoded
    local = int.from_bytes(forged[central + 42 : central + 46], "little")
    assert forged[local : local + 4] == b"PK\x03\x04"
    assert forged[local + 30 : local + 30 + len(encoded)] == encoded
    forged[central + 24 : central + 28] = size.to_bytes(4, "little")
    forged[local + 22 : local + 26] = size.to_bytes(4, "little")
    return bytes(forged)


def refusal(data: bytes, memory_limit: int = 16 * MB) -> WorkbookRefused:
    """The refusal of ``data``, checked to have cost little memory beyond the input."""
    tracemalloc.start()
    try:
        with pytest.raises(WorkbookRefused) as refused:
            unpacked_workbook(data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < memory_limit, f"peak {peak} bytes"
    return refused.value


def declared_size(data: bytes, name: str) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.getinfo(name).file_size


# --- Bombs -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def strings_bomb():
    return shared_strings_bomb()


@pytest.fixture(scope="module")
def format_bomb():
    return styles_bomb()


def test_shared_strings_unpacking_to_100_mb_are_refused_from_the_directory(strings_bomb):
    data = strings_bomb
    assert len(data) < safety.MAX_UPLOAD_BYTES
    assert declared_size(data, SHARED_STRINGS) > 100 * MB
    refused = refusal(data)
    assert refused.code == "part_too_large"
    assert "xl/sharedStrings.xml" in refused.message


def test_styles_unpacking_to_87_mb_are_refused_from_the_directory(format_bomb):
    data = format_bomb
    assert declared_size(data, STYLES) > 87 * MB
    refused = refusal(data)
    assert refused.code == "part_too_large"
    assert "xl/styles.xml" in refused.message


@pytest.mark.parametrize(
    ("name", "cap"),
    [
        ("xl/worksheets/sheet2.xml", safety.MAX_SHEET_XML_BYTES),
        (SHARED_STRINGS, safety.MAX_SHARED_STRINGS_BYTES),
        (STYLES, safety.MAX_STYLES_BYTES),
        ("xl/theme/theme1.xml", safety.MAX_OTHER_PART_BYTES),
        ("xl/drawings/drawing1.xml", 4 * MB),
        ("xl/media/image1.png", 4 * MB),
        ("docProps/custom.xml", safety.MAX_OTHER_PART_BYTES),
        ("xl/anything/else.bin", safety.MAX_OTHER_PART_BYTES),
    ],
)
def test_every_part_has_a_cap_and_one_byte_more_is_refused(name, cap):
    assert safety.part_cap(name) == cap
    data = with_part(small_template(), name, b" ", cap + 1)
    assert declared_size(data, name) == cap + 1
    assert refusal(data).code == "part_too_large"


def test_a_small_file_unpacking_a_hundredfold_is_refused_even_under_every_part_cap():
    data = shared_strings_bomb(size=30 * MB)
    assert declared_size(data, SHARED_STRINGS) < safety.MAX_SHARED_STRINGS_BYTES
    assert refusal(data).code == "compression_ratio"


def test_parts_each_under_their_cap_are_refused_together_over_the_total(monkeypatch):
    monkeypatch.setattr(safety, "MAX_TOTAL_UNCOMPRESSED", 2 * MB)
    monkeypatch.setattr(safety, "RATIO_APPLIES_ABOVE", 100 * MB)
    data = small_template()
    for n in range(3):
        data = with_part(data, f"xl/extra{n}.xml", b" ", MB - 100, head=b"<a>", tail=b"</a>")
    assert refusal(data).code == "unpacked_too_large"


def test_a_part_unpacking_beyond_its_forged_declared_size_is_refused_after_one_byte(
    strings_bomb,
):
    """The directory and local header say 1 kB; the data unpacks to 100 MB of shared strings.
    Unpacking stops one byte past the declared size, so the 100 MB are never made."""
    data = forge_declared_size(strings_bomb, SHARED_STRINGS, 1024)
    assert declared_size(data, SHARED_STRINGS) == 1024
    assert refusal(data, memory_limit=2 * MB).code == "size_mismatch"


def test_a_part_shorter_than_its_declared_size_is_refused_as_damaged():
    data = forge_declared_size(small_template(), STYLES, 100_000)
    assert refusal(data).code == "damaged"


def test_a_part_packed_with_bzip2_is_refused_before_unpacking():
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(small_template())) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            method = zipfile.ZIP_BZIP2 if info.filename == STYLES else zipfile.ZIP_DEFLATED
            target.writestr(info.filename, source.read(info), compress_type=method)
    assert refusal(output.getvalue()).code == "compression_method"


def test_more_shared_strings_than_any_template_has_are_refused(monkeypatch):
    monkeypatch.setattr(xml_scan, "MAX_SHARED_STRINGS", 1000)
    unit = b"<si><t>x</t></si>"
    at_limit = with_part(small_template(), SHARED_STRINGS, unit, 1000 * len(unit), head=SST_HEAD)
    with zipfile.ZipFile(io.BytesIO(at_limit)) as archive:
        assert archive.read(SHARED_STRINGS).count(b"<si>") == 1000
    unpacked_workbook(at_limit)
    # A namespace prefix does not hide them.
    unit = b"<x:si><x:t>x</x:t></x:si>"
    prefixed = with_part(small_template(), SHARED_STRINGS, unit, 1001 * len(unit), head=SST_HEAD)
    assert refusal(prefixed).code == "too_many_strings"


def test_cells_are_counted_over_the_whole_workbook(monkeypatch):
    monkeypatch.setattr(xml_scan, "MAX_CELLS", 1000)
    unit = b'<c r="A1"><v>1</v></c>'
    data = small_template()
    for sheet in ("xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"):
        data = with_part(data, sheet, unit, 600 * len(unit), head=b"<worksheet>")
    assert refusal(data).code == "too_many_cells"


def test_cells_with_a_namespace_prefix_are_counted(monkeypatch):
    monkeypatch.setattr(xml_scan, "MAX_CELLS", 1000)
    unit = b'<x:c r="A1"><x:v>1</x:v></x:c>'
    data = with_part(
        small_template(),
        "xl/worksheets/sheet2.xml",
        unit,
        1001 * len(unit),
        head=b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
    )
    assert refusal(data).code == "too_many_cells"


def test_the_bomb_is_refused_at_the_upload_field(
    client, coordinator, administration, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    submission = filled_submission(administration, projects=1)
    data = with_part(
        template_for(submission),
        SHARED_STRINGS,
        b"<si><t>x</t></si>",
        100 * MB,
        head=SST_HEAD,
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("projects:excel_upload", args=[submission.pk]),
        {"file": SimpleUploadedFile("mall.xlsx", data)},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert '<div class="invalid-feedback" id="id_file-error">Delen xl/sharedStrings.xml' in body
    assert not (tmp_path / "imports").exists() or not list((tmp_path / "imports").iterdir())


def test_refusal_messages_read_as_written(format_bomb):
    assert refusal(format_bomb).message == (
        "Delen xl/styles.xml i filen packas upp till 87 MB; högst 2 MB tas emot. Filen kan vara "
        "skadad eller en så kallad zip-bomb. Ladda ner en ny mall, klistra in uppgifterna som "
        "värden och försök igen."
    )
    forged = forge_declared_size(shared_strings_bomb(size=2 * MB), SHARED_STRINGS, 1024)
    assert refusal(forged).message == (
        "Filen packas upp till mer än den själv anger och tas inte emot "
        "(den kan vara en så kallad zip-bomb)."
    )


# --- What is accepted --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def largest_template():
    return largest_realistic_template()


def test_the_largest_realistic_template_is_accepted_as_written_and_as_excel_saves_it(
    largest_template,
):
    for data in (largest_template, as_saved_by_excel(largest_template)):
        workbook = load_workbook(io.BytesIO(unpacked_workbook(data)), read_only=True)
        try:
            rows = list(workbook[layout.SHEET_PAYOUTS].iter_rows(values_only=True))
            projects = workbook[layout.SHEET_PROJECTS]
            last = list(projects.iter_rows(min_row=2001, max_row=2001, values_only=True))[0]
        finally:
            workbook.close()
        assert len([row for row in rows if row[0]]) == 10_001
        assert last[0] == "P101999"
        assert len(last[layout.PROJECT_COLUMNS.index(_column("results"))]) == 1000


def _column(key: str):
    return next(column for column in layout.PROJECT_COLUMNS if column.key == key)


def test_only_the_scanned_xml_parts_are_given_to_the_parser():
    data = with_part(small_template(), "xl/media/image1.png", b"\x89PNG", 1000)
    data = with_part(data, "xl/printerSettings/printerSettings1.bin", b"\x00", 1000)
    with zipfile.ZipFile(io.BytesIO(unpacked_workbook(data))) as copy:
        names = set(copy.namelist())
    with zipfile.ZipFile(io.BytesIO(data)) as upload:
        xml_parts = {name for name in upload.namelist() if name.endswith((".xml", ".rels"))}
    assert names == xml_parts
    assert "xl/media/image1.png" not in names


def test_shared_strings_passed_off_as_a_picture_are_never_parsed(administration):
    """The content types may name any part as the shared strings; one under a picture's name
    (and cap) is not in the parser's copy, so the file cannot be read instead of parsed."""
    submission = filled_submission(administration, projects=1)
    data = as_saved_by_excel(template_for(submission))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        strings = archive.read(SHARED_STRINGS)
        content_types = archive.read("[Content_Types].xml")
    data = with_part(data, "xl/media/image1.png", strings, len(strings))
    data = with_part(
        data,
        "[Content_Types].xml",
        content_types.replace(b"/xl/sharedStrings.xml", b"/xl/media/image1.png"),
        len(content_types),
    )
    with pytest.raises(WorkbookRefused) as refused:
        plan_import(submission=submission, data=data)
    assert refused.value.message == "Filen kan inte läsas som en Excel-arbetsbok."
