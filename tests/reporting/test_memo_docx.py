"""The memo as a Word document: the PDF's sections and figures, Word structure, access, command."""

import io
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from PIL import Image

from projects.models import ProjectReport
from reporting import formatting as fmt
from reporting.figures.charts import BAR_COLOUR
from reporting.memo.docx import memo_docx
from reporting.memo.docx_charts import chart_png
from reporting.memo.files import memo_publish
from reporting.memo.pdf import memo_pdf
from reporting.memo.services import memo_create_draft, memo_figures, memo_refresh_figures
from reporting.models import Memo, PublishedMemo
from tests import factories as f
from tests.messages import message_codes
from tests.reporting.memo_helpers import build_two_years, make_publishable
from tests.reporting.test_memo_pdf import FIGURES_2023, HEADINGS_2023

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PROJECT_COLUMNS = [
    "Projekt",
    "Förvaltning",
    "Program",
    "Roll",
    "Total budget",
    "EU-andel",
    "Utbetalt 2023",
]


def squeeze(text: str) -> str:
    # \s also matches the non-breaking spaces between thousands.
    return re.sub(r"\s+", " ", text).strip()


def open_docx(data: bytes):
    assert data.startswith(b"PK")
    return Document(io.BytesIO(data))


def docx_text(document) -> str:
    """All the text a reader sees: page header, paragraphs and table cells, row by row."""
    parts = [p.text for p in document.sections[0].header.paragraphs]
    parts += [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [" ".join(cell.text for cell in row.cells) for row in table.rows]
    return squeeze(" ".join(parts))


def headings(document) -> list[tuple[str, str]]:
    return [
        (paragraph.style.name, paragraph.text)
        for paragraph in document.paragraphs
        if paragraph.style.name.startswith("Heading")
    ]


def paragraph_with(document, text: str):
    return next(p for p in document.paragraphs if squeeze(p.text).startswith(squeeze(text)))


def numbering(document, paragraph) -> tuple[int, str, int | None]:
    """(numId, number format, start override) of a list paragraph."""
    num_id = paragraph._p.pPr.numPr.numId.val
    part = document.part.numbering_part.element
    num = part.num_having_numId(num_id)
    abstract = next(
        element
        for element in part.iterchildren(qn("w:abstractNum"))
        if element.get(qn("w:abstractNumId")) == str(num.abstractNumId.val)
    )
    number_format = abstract.find(f"{qn('w:lvl')}/{qn('w:numFmt')}").get(qn("w:val"))
    start = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
    return num_id, number_format, int(start.get(qn("w:val"))) if start is not None else None


def test_demo_2023_docx_has_every_heading_as_a_heading_style_and_every_figure(demo_2023):
    figures = memo_figures(2023)
    document = open_docx(memo_docx(figures, demo_2023))

    # The title is Heading 1 and the sections are Heading 2, in the PDF's order; the
    # appendices follow.
    found = headings(document)
    assert found[0] == ("Heading 1", demo_2023.title)
    sections = [text for style, text in found if style == "Heading 2"]
    assert sections[: len(HEADINGS_2023[4:])] == HEADINGS_2023[4:]
    assert sections[len(HEADINGS_2023[4:]) :] == ["Nyckeltal 2023 i diagram", "EU-projekt 2023"]

    text = docx_text(document)
    missing = [item for item in HEADINGS_2023 + FIGURES_2023 if squeeze(item) not in text]
    assert not missing, missing
    assert "Bilaga 1" in text and "Bilaga 2" in text
    assert "54 projekt som förvaltningarna redovisat för 2023" in text

    # The header block, as in the PDF.
    assert "Datum 2024-04-19" in text
    assert "Diarienummer STK-2023-1702" in text
    # "Ärendet" starts the body of the memo on a new page.
    assert paragraph_with(document, "Ärendet").paragraph_format.page_break_before

    # The proposed decision is a real numbered list, not a typed "1.".
    decision = paragraph_with(document, "Kommunfullmäktige lägger den internationella")
    assert decision.style.name == "List Number"
    assert numbering(document, decision)[1:] == ("decimal", 1)
    # The lists of the figure sections are bulleted lists.
    for item in ("Miljöförvaltningen, 17 projekt.", "Utbildning och arbete, 22 744 744 kronor"):
        assert paragraph_with(document, item).style.name == "List Bullet", item

    # Figure tables are Word tables: a header row repeated on every page, a row per project,
    # the sum; the table's name for screen readers.
    table = document.tables[-1]
    assert [cell.text for cell in table.rows[0].cells] == PROJECT_COLUMNS
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert len(table.rows) == 1 + len(figures.projects) + 1
    assert table.rows[-1].cells[0].text == "Summa utbetalt"
    assert table.rows[-1].cells[-1].text == fmt.table_amount(figures.payouts_total_sek)
    caption = table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val"))
    assert caption == "54 projekt som förvaltningarna redovisat för 2023. Belopp i kronor."
    rows = [squeeze(" ".join(cell.text for cell in row.cells)) for row in table.rows]
    assert any(row.startswith("ProCircan") for row in rows), rows[:5]


def test_demo_2023_docx_charts_are_images_with_alternative_text(demo_2023):
    document = open_docx(memo_docx(memo_figures(2023), demo_2023))
    shapes = list(document.inline_shapes)
    # Payouts per administration, per council goal, and the trend over the years.
    assert len(shapes) == 3
    alt_texts = [shape._inline.docPr.get("descr") for shape in shapes]
    assert all(alt.startswith("Utbetalda EU-medel") for alt in alt_texts), alt_texts
    assert "Arbetsmarknads- och socialförvaltningen, 16\u00a0186\u00a0294\u00a0kr" in alt_texts[0]
    assert "Utbildning och arbete, 22\u00a0744\u00a0744\u00a0kr" in alt_texts[1]
    assert "2023, 54 projekt" in alt_texts[2]
    for shape in shapes:
        embed = shape._inline.xpath(".//a:blip/@r:embed")[0]
        image = Image.open(io.BytesIO(document.part.related_parts[embed].blob))
        assert image.format == "PNG"
        # The bars are painted in the chart's colour.
        colours = {colour for _, colour in image.getcolors(maxcolors=1_000_000)}
        assert tuple(int(BAR_COLOUR[i : i + 2], 16) for i in (1, 3, 5)) in colours
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert "Utbetalda EU-medel 2023 fördelat på förvaltning" in captions


def test_docx_is_swedish_numbers_its_pages_and_is_the_same_for_the_same_memo(
    development_coordinator,
):
    build_two_years()
    memo = memo_create_draft(year=2023, user=development_coordinator)
    data = memo_docx(memo_figures(2023), memo)
    document = open_docx(data)

    defaults = document.styles.element.find(qn("w:docDefaults"))
    language = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert language.get(qn("w:val")) == "sv-SE"
    languages = {
        element.get(qn("w:val"))
        for part in (document.styles.element, document.element)
        for element in part.iter(qn("w:lang"))
    }
    assert languages == {"sv-SE"}
    assert document.core_properties.language == "sv-SE"
    assert document.core_properties.title == memo.title
    assert document.core_properties.content_status == "Utkast"

    # Page numbers "1 (9)": PAGE and NUMPAGES fields in the page header.
    for header in (document.sections[0].header, document.sections[0].first_page_header):
        xml = header._element.xml
        assert "Malmö stad" in xml and "Stadskontoret" in xml
        codes = [code.strip() for code in header._element.xpath(".//w:instrText/text()")]
        assert codes == ["PAGE", "NUMPAGES"]
        assert re.sub(r"\s+", " ", header.paragraphs[0].text).endswith("1 (1)")

    # A pure function: the same memo and figures give the same bytes.
    assert memo_docx(memo_figures(2023), memo) == data


def test_texts_are_taken_literally_and_every_numbered_list_starts_at_one(development_coordinator):
    build_two_years()
    memo = memo_create_draft(year=2023, user=development_coordinator)
    memo.summary = 'Se <b>bilagan</b> & "tabellen".\nNy rad.'
    memo.proposed_decision = "1. Första beslutet\n2. Andra beslutet"
    memo.assessment = "1. Bedömningens första punkt"
    document = open_docx(memo_docx(memo_figures(2023), memo))

    summary = paragraph_with(document, "Se <b>")
    assert summary.text == 'Se <b>bilagan</b> & "tabellen".\nNy rad.'
    first = numbering(document, paragraph_with(document, "Första beslutet"))
    second = numbering(document, paragraph_with(document, "Andra beslutet"))
    other = numbering(document, paragraph_with(document, "Bedömningens första punkt"))
    assert first == second
    assert other[0] != first[0]
    assert first[1:] == other[1:] == ("decimal", 1)


def test_characters_xml_cannot_hold_and_long_titles_do_not_break_the_export(
    development_coordinator,
):
    build_two_years()
    memo = memo_create_draft(year=2023, user=development_coordinator)
    # A vertical tab is Word's line break: pasted from Word, it ends up in the text.
    memo.summary = "Inklistrat\x0bfrån Word\x00."
    memo.title = "Redovisning " + "av internationellt arbete " * 11
    document = open_docx(memo_docx(memo_figures(2023), memo))
    assert paragraph_with(document, "Inklistrat").text == "Inklistrat från Word ."
    assert headings(document)[0][1] == memo.title
    assert memo.title.startswith(document.core_properties.title)


def test_a_year_without_figures_still_gives_the_whole_document(development_coordinator):
    memo = memo_create_draft(year=2030, user=development_coordinator)
    document = open_docx(memo_docx(memo_figures(2030), memo))
    text = docx_text(document)
    assert "Inga diagram: året har inga siffror ännu." in text
    assert "0 projekt som förvaltningarna redovisat för 2030" in text
    assert not list(document.inline_shapes)
    assert [cell.text for cell in document.tables[-1].rows[-1].cells][0] == "Summa utbetalt"


def test_a_chart_the_export_cannot_paint_is_refused_not_left_out():
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="4"/></svg>'
    with pytest.raises(ValueError, match="circle"):
        chart_png(svg)


# --- pages ---------------------------------------------------------------------------------


@pytest.fixture
def memo(development_coordinator):
    build_two_years()
    return make_publishable(memo_create_draft(year=2023, user=development_coordinator))


@pytest.fixture
def published(memo, development_coordinator):
    return memo_publish(memo=memo, user=development_coordinator)


def docx_urls(year=2023, version=1):
    return {
        "draft": reverse("reporting:memo_docx", args=[year]),
        "published": reverse("reporting:published_memo_docx", args=[year, version]),
    }


def test_anonymous_visitors_are_sent_to_the_login_page(client, published):
    for name, url in docx_urls().items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


@pytest.mark.parametrize("role", ["official", "coordinator"])
def test_only_the_development_coordinator_gets_the_draft(client, request, published, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(docx_urls()["draft"]).status_code == 403
    # As for the draft PDF: 403 even for a year without a memo.
    assert client.get(docx_urls(year=2022)["draft"]).status_code == 403
    year_page = client.get(reverse("reporting:memo_year", args=[2023])).content.decode()
    assert docx_urls()["draft"] not in year_page


def test_development_coordinator_downloads_the_draft_in_swedish(
    client, memo, development_coordinator
):
    client.force_login(development_coordinator)
    client.cookies["django_language"] = "en"
    response = client.get(docx_urls()["draft"])
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == (
        'attachment; filename="utkast-redovisning-internationellt-arbete-2023.docx"'
    )
    text = docx_text(open_docx(response.content))
    assert "Diarienummer" in text and "Projektägare" in text
    assert "Case number" not in text and "Owner" not in text
    assert client.get(docx_urls(year=2022)["draft"]).status_code == 404
    for page in ("memo_year", "memo_edit"):
        content = client.get(reverse(f"reporting:{page}", args=[2023])).content.decode()
        assert f'href="{docx_urls()["draft"]}"' in content, page


@pytest.mark.parametrize("role", ["official", "coordinator"])
def test_everyone_signed_in_downloads_a_published_version_as_word(client, request, published, role):
    client.force_login(request.getfixturevalue(role))
    year_page = client.get(reverse("reporting:memo_year", args=[2023])).content.decode()
    assert f'href="{docx_urls()["published"]}"' in year_page

    response = client.get(docx_urls()["published"])
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == (
        'attachment; filename="redovisning-internationellt-arbete-2023-version-1.docx"'
    )
    document = open_docx(response.content)
    properties = document.core_properties
    assert properties.version == "1"
    assert properties.content_status == "Publicerad"
    assert properties.subject == "Tjänsteskrivelse STK-2023-1702, version 1"
    assert published.sha256 in properties.comments
    assert "Utbildning och arbete, 12 345 678 kronor" in docx_text(document)
    assert client.get(docx_urls(version=9)["published"]).status_code == 404


def test_a_published_version_downloads_its_stored_word_file_after_the_memo_changed(
    client, published, official, development_coordinator
):
    memo = Memo.objects.get(pk=published.memo_id)
    published_summary = squeeze(memo.summary)
    assert published_summary
    # The next version is being drafted: the data, the figures and the texts change.
    report = ProjectReport.objects.get(name="Läsning utan gränser")
    f.PayoutFactory(report=report, amount_sek=Decimal("1000.00"))
    memo_refresh_figures(memo=memo, user=development_coordinator)
    memo.refresh_from_db()
    memo.summary = "Ändrad efter publiceringen."
    memo.save()
    draft = docx_text(open_docx(memo_docx(memo_figures(2023), memo)))
    assert "Ändrad efter publiceringen." in draft and "361 000" in draft
    client.force_login(official)
    year_page = client.get(reverse("reporting:memo_year", args=[2023])).content.decode()
    assert f'href="{docx_urls()["published"]}"' in year_page

    response = client.get(docx_urls()["published"])
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response.content == bytes(PublishedMemo.objects.get(pk=published.pk).docx)
    text = docx_text(open_docx(response.content))
    assert "Ändrad efter publiceringen." not in text
    assert published_summary in text
    assert "Stadsutveckling och klimat, 360 000 kronor" in text
    assert "361 000" not in text


def publish_without_docx(memo, user) -> PublishedMemo:
    """A version as published before the Word file was stored with the PDF: the PDF only."""
    published = PublishedMemo.of_pdf(
        memo, memo_pdf(memo_figures(memo.year), memo), version=1, user=user
    )
    published.save()
    return published


def test_a_version_without_a_stored_word_file_gets_one_while_its_pdf_still_matches(
    client, memo, official, development_coordinator
):
    older = publish_without_docx(memo, development_coordinator)
    assert not older.has_docx
    client.force_login(official)
    year_page = client.get(reverse("reporting:memo_year", args=[2023])).content.decode()
    assert f'href="{docx_urls()["published"]}"' in year_page
    assert "Ingen Word-fil" not in year_page

    response = client.get(docx_urls()["published"])
    assert response.status_code == 200
    assert response.content == memo_docx(memo_figures(2023), memo, published=older)
    properties = open_docx(response.content).core_properties
    assert properties.version == "1"
    assert older.sha256 in properties.comments
    # Written on download, never stored: a published version does not change.
    assert not PublishedMemo.objects.get(pk=older.pk).has_docx


def test_a_version_without_a_stored_word_file_gets_none_once_the_memo_changed(
    client, memo, official, development_coordinator
):
    older = publish_without_docx(memo, development_coordinator)
    memo.summary = "Ändrad efter publiceringen."
    memo.save()
    client.force_login(official)
    year_page = client.get(reverse("reporting:memo_year", args=[2023])).content.decode()
    assert docx_urls()["published"] not in year_page
    assert 'class="small no-docx"' in year_page

    response = client.get(docx_urls()["published"], follow=True)
    assert response.redirect_chain == [(reverse("reporting:memo_year", args=[2023]), 302)]
    assert message_codes(response) == ["docx-unavailable"]
    # The refusal's wording, pinned here once.
    assert (
        "Word-filen för version 1 kan inte skapas längre: tjänsteskrivelsen eller siffrorna har "
        "ändrats sedan versionen publicerades. Versionens PDF finns kvar oförändrad."
    ) in response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    # The PDF is still there, byte for byte.
    assert client.get(older.get_absolute_url()).content == bytes(older.pdf)


def test_a_version_without_a_stored_word_file_gets_none_once_the_figures_changed(
    client, memo, official, development_coordinator
):
    publish_without_docx(memo, development_coordinator)
    report = ProjectReport.objects.get(name="Läsning utan gränser")
    f.PayoutFactory(report=report, amount_sek=Decimal("1000.00"))
    client.force_login(official)
    year_page = client.get(reverse("reporting:memo_year", args=[2023])).content.decode()
    assert docx_urls()["published"] not in year_page
    response = client.get(docx_urls()["published"], follow=True)
    assert message_codes(response) == ["docx-unavailable"]


def test_the_download_of_a_version_without_a_stored_word_file_checks_the_pdf_itself(
    client, memo, official, development_coordinator
):
    # A change the year page cannot see (no save, so the memo's time stamp stays): the link
    # is offered, and the download still refuses, because the PDF would differ.
    older = publish_without_docx(memo, development_coordinator)
    Memo.objects.filter(pk=memo.pk).update(summary="Ändrad efter publiceringen.")
    client.force_login(official)
    year_page = client.get(reverse("reporting:memo_year", args=[2023])).content.decode()
    assert f'href="{docx_urls()["published"]}"' in year_page
    response = client.get(docx_urls()["published"], follow=True)
    assert response.redirect_chain == [(reverse("reporting:memo_year", args=[2023]), 302)]
    assert message_codes(response) == ["docx-unavailable"]
    assert client.get(older.get_absolute_url()).content == bytes(older.pdf)


# --- command line --------------------------------------------------------------------------


def test_export_memo_writes_the_docx(development_coordinator, tmp_path):
    build_two_years()
    output = tmp_path / "memo.docx"
    call_command("export_memo", year=2023, output=str(output), format="docx")
    document = open_docx(output.read_bytes())
    assert "Utbildning och arbete, 12 345 678 kronor" in docx_text(document)
    assert headings(document)[0] == ("Heading 1", Memo.objects.get(year=2023).title)
    # A file named for one format is never written in the other.
    with pytest.raises(CommandError, match="--format docx"):
        call_command("export_memo", year=2023, output=str(tmp_path / "memo-2.docx"))
    assert not (tmp_path / "memo-2.docx").exists()
