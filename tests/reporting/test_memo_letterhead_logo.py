"""The organisation's logo in the memo's letterhead: drawn on the PDF's first page (a figure with
its alternative text, in the published PDF/A-2a too) and in the Word file's first-page header,
from the logo kept in the database; a closed year keeps the logo it closed with."""

import io
import zipfile

import pytest
from docx import Document
from PIL import Image
from pypdf import PdfReader

from projects.logos import read_logo
from projects.models import Organisation, ReportingYear
from projects.services import reporting_year_close
from projects.services.organisation import organisation_save
from reporting.memo.docx import memo_docx
from reporting.memo.files import memo_publish
from reporting.memo.pdf import memo_pdf
from reporting.memo.services import memo_create_draft, memo_figures
from reporting.models import PdfVariant
from tests.reporting.memo_helpers import make_publishable

pytestmark = pytest.mark.django_db

RED = (200, 0, 0)
GREEN = (0, 120, 0)


def png(colour, size=(240, 80)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def uploaded(data: bytes, name="logo.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def save_logo(logo, user=None):
    """The organisation as it is, with ``logo`` (a read logo file) as its logo."""
    organisation = Organisation.objects.get()
    steps = [(step.body, step.abbreviation) for step in organisation.decision_steps.all()]
    organisation_save(organisation=organisation, steps=steps, user=user, logo=logo)


def give_logo(colour, user=None):
    save_logo(read_logo(uploaded(png(colour))), user)


def page_one_images(data: bytes) -> list:
    return list(PdfReader(io.BytesIO(data)).pages[0].images)


def colour_of(image_bytes: bytes):
    with Image.open(io.BytesIO(image_bytes)) as image:
        return image.convert("RGB").getpixel((10, 10))


def docx_logo_blobs(data: bytes) -> list[bytes]:
    header = Document(io.BytesIO(data)).sections[0].first_page_header
    return [
        part.blob for part in header.part.related_parts.values() if "image" in part.content_type
    ]


def figures_alt_texts(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    found = []

    def walk(node):
        node = node.get_object()
        if node.get("/S") == "/Figure" and "/Alt" in node:
            found.append(str(node["/Alt"]))
        kids = node.get("/K")
        if kids is None:
            return
        kids = kids.get_object()
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "get_object") and hasattr(kid.get_object(), "get"):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.fixture
def memo(data, development_coordinator):
    return memo_create_draft(year=2023, user=development_coordinator)


def test_without_a_logo_the_first_page_has_no_image(memo):
    assert page_one_images(memo_pdf(memo_figures(memo.year), memo)) == []
    assert docx_logo_blobs(memo_docx(memo_figures(memo.year), memo)) == []


def test_the_logo_is_drawn_on_the_pdfs_first_page_and_in_the_word_files_header(memo):
    give_logo(RED)

    pdf = memo_pdf(memo_figures(memo.year), memo)
    [image] = page_one_images(pdf)
    assert colour_of(image.data) == RED
    assert "Malmö stad, logotyp" in figures_alt_texts(pdf)

    [blob] = docx_logo_blobs(memo_docx(memo_figures(memo.year), memo))
    assert colour_of(blob) == RED


def test_a_published_pdf_a_keeps_the_logo_as_a_figure_with_alternative_text(
    memo, development_coordinator
):
    give_logo(RED)
    published = memo_publish(memo=make_publishable(memo), user=development_coordinator)

    assert published.pdf_variant == PdfVariant.ARCHIVAL
    data = bytes(published.pdf)
    assert [colour_of(image.data) for image in page_one_images(data)] == [RED]
    assert "Malmö stad, logotyp" in figures_alt_texts(data)
    # PDF/A-2 (6.2.8.3): no image asks the reader to smooth it.
    objects = PdfReader(io.BytesIO(data)).pages[0]["/Resources"]["/XObject"].values()
    [logo] = [o.get_object() for o in objects if o.get_object()["/Subtype"] == "/Image"]
    assert logo["/Interpolate"].value is False


def test_a_closed_year_keeps_its_logo_after_the_organisation_changes_it(
    data, development_coordinator
):
    open_year = ReportingYear.objects.create(year=2025, is_open=True)
    give_logo(RED)
    reporting_year_close(reporting_year=open_year, user=development_coordinator)
    memo = memo_create_draft(year=2025, user=development_coordinator)

    give_logo(GREEN)

    [image] = page_one_images(memo_pdf(memo_figures(memo.year), memo))
    assert colour_of(image.data) == RED
    [blob] = docx_logo_blobs(memo_docx(memo_figures(memo.year), memo))
    assert colour_of(blob) == RED
    # An open year's memo follows the organisation's new logo.
    ReportingYear.objects.create(year=2026, is_open=True)
    open_memo = memo_create_draft(year=2026, user=development_coordinator)
    [image] = page_one_images(memo_pdf(memo_figures(open_memo.year), open_memo))
    assert colour_of(image.data) == GREEN


SVG_LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100">'
    b'<rect width="300" height="100" fill="#c80000"/></svg>'
)


def test_an_svg_logo_is_drawn_in_the_pdf_and_embedded_as_svg_in_the_word_file(memo):
    save_logo(read_logo(uploaded(SVG_LOGO, name="logo.svg")))

    pdf = memo_pdf(memo_figures(memo.year), memo)
    assert "Malmö stad, logotyp" in figures_alt_texts(pdf)

    data = memo_docx(memo_figures(memo.year), memo)
    header = Document(io.BytesIO(data)).sections[0].first_page_header
    parts = {part.content_type: part for part in header.part.related_parts.values()}
    assert parts["image/svg+xml"].blob == SVG_LOGO
    xml = header._element.xml
    assert "svgBlip" in xml
    assert 'descr="Malmö stad, logotyp"' in xml
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert b'ContentType="image/svg+xml"' in package.read("[Content_Types].xml")
    # The fallback picture has the logo's shape: three times as wide as high.
    with Image.open(io.BytesIO(parts["image/png"].blob)) as fallback:
        assert fallback.size == (300, 100)
