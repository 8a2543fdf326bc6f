"""The memo as PDF: the 2023 memo's figures and headings, accessibility, fonts, fetching."""

import io
import re
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from reporting.memo.demo import load_demo_memo
from reporting.memo.files import memo_publish
from reporting.memo.pdf import StaticFilesOnlyFetcher, memo_html, memo_pdf, static_roots
from reporting.memo.services import memo_create_draft, memo_figures
from reporting.models import Memo
from reporting.selectors import year_figures
from tests.reporting.memo_helpers import build_two_years, make_publishable

pytestmark = pytest.mark.django_db

HEADINGS_2023 = [
    "Tjänsteskrivelse",
    "Malmö stad",
    "Stadskontoret",
    "Redovisning av internationellt arbete 2023",
    "Sammanfattning",
    "Förslag till beslut",
    "Beslutsunderlag",
    "Beslutsplanering",
    "Beslutet skickas till",
    "Ärendet",
    "Förvaltningarnas internationella arbete",
    "Utbetalda EU-medel 2023 fördelat på förvaltning",
    "Utbetalda EU-medel 2023 fördelat på kommunfullmäktigemål",
    "Exempel från förvaltningarnas internationella arbete",
    "Stadskontorets bedömning",
    "Ansvariga",
]
# Every figure and fact of the real memo STK-2023-1702, as the memo writes it.
FIGURES_2023 = [
    "2024-04-19",
    "Bodil Olsson",
    "Utvecklingssamordnare",
    "bodil.olsson@malmö.se",
    "STK-2023-1702",
    "Kommunstyrelsens arbetsutskott 2024-04-22",
    "Kommunstyrelsen 2024-05-07",
    "Kommunfullmäktige 2024-05-23",
    "G-Tjänsteskrivelse KSAU 240422 Redovisning av internationellt arbete 2023",
    "Samtliga nämnder",
    "Stadskontoret, Avdelningen Omvärld och näringsliv",
    "Stadskontorets handläggare",
    "Kommunfullmäktige lägger den internationella redovisningen för 2023 till handlingarna.",
    "medverkan i 54 EU-projekt, antingen som projektägare (19) eller som projektpartner (35)",
    "Detta kan jämföras med 2022 då förvaltningarna redovisade medverkan i 47 EU-projekt.",
    "från 60 000 SEK för mindre Erasmus+projekt till 180 000 000 SEK för stora Horisont "
    "2020-projekt",
    "Miljöförvaltningen, 17 projekt.",
    "Grundskoleförvaltningen, 15 projekt.",
    "Arbetsmarknads- och socialförvaltningen, 9 projekt.",
    "Gymnasie- och vuxenutbildningsförvaltningen, 4 projekt.",
    "Stadskontoret, 4 projekt.",
    "Förskoleförvaltningen, 2 projekt.",
    "Kulturförvaltningen, 2 projekt.",
    "Fastighets- och gatukontoret, 1 projekt.",
    "Under 2023 utbetalades sammanlagt cirka 43 miljoner kronor",
    "Motsvarande siffror för 2022 var ca 41 miljoner.",
    "40–60 % för social- och regionalfondsprojekt",
    "Arbetsmarknads- och socialförvaltningen, ca 16 miljoner kronor",
    "Miljöförvaltningen, ca 15 300 000 kronor",
    "Grundskoleförvaltningen, ca 5 400 000 kronor",
    "Gymnasie- och vuxenutbildningsförvaltningen, ca 2 800 000 kronor",
    "Stadskontoret, ca 1 900 000 kronor",
    "Förskoleförvaltningen, ca 1 100 000 kronor",
    "Kulturförvaltningen, 360 000 kronor",
    "Utbildning och arbete, 22 744 744 kronor",
    "Stadsutveckling och klimat, 17 412 993 kronor",
    "Trygghet och delaktighet, 2 680 030 kronor",
    "En god organisation, 271 027 kronor",
    "Erasmus+",
    "Europeiska socialfonden",
    "ERUF",
    "Interreg (Öresund-Kattegatt-Skagerrak respektive Nordsjöprogrammet)",
    "Horisont 2020",
    "Euro-Just",
    "EuropeAid",
    "ERA-NET",
    "Trygg relation – fri från våld",
    "Breddad rekrytering",
    "Kompetensförsörjning genom att spegla Malmö",
    "Hållbara övergångar",
    "Barns rätt till lek, vila och fritid",
    "ProCircan",
    "ACCESS",
    "RASK",
    "Stadskontoret föreslår att redovisningen läggs till handlingarna.",
    "Micael Nord Näringslivsdirektör",
    "Magdalena Bondeson Sektionschef",
    "Andreas Norbrant Stadsdirektör",
]


def pdf_text(data: bytes, tmp_path) -> str:
    """The PDF's text as pdftotext reads it, whitespace collapsed (pypdf when it is missing)."""
    if shutil.which("pdftotext"):
        path = tmp_path / "memo.pdf"
        path.write_bytes(data)
        text = subprocess.run(
            ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout
    else:  # pragma: no cover - poppler-utils is installed in CI
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


def structure_elements(node) -> list:
    """Every element of the PDF's structure tree (tags), depth first."""
    node = node.get_object()
    found = [node] if "/S" in node else []
    kids = node.get("/K", [])
    for kid in kids if isinstance(kids, list) else [kids]:
        if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
            found += structure_elements(kid)
    return found


def squeeze(text: str) -> str:
    return re.sub(r"[\s-]+", "", text)


def test_demo_2023_pdf_contains_every_heading_and_figure_of_the_memo(demo_2023, tmp_path):
    data = memo_pdf(year_figures(2023), demo_2023)
    text = pdf_text(data, tmp_path)
    # A line may break after any hyphen ("EU-|projekt"), which pdftotext then drops: compare
    # without whitespace and hyphens.
    compact = squeeze(text)
    missing = [item for item in HEADINGS_2023 + FIGURES_2023 if squeeze(item) not in compact]
    assert not missing, missing
    # Sections come in the memo's order.
    positions = [text.index(heading) for heading in HEADINGS_2023[4:]]
    assert positions == sorted(positions)
    # Page numbers as the city writes them.
    pages = len(PdfReader(io.BytesIO(data)).pages)
    assert f"1 ({pages})" in text and f"{pages} ({pages})" in text
    # Appendix: the charts and the table of all projects.
    assert "bilaga 1" in text.lower() and "bilaga 2" in text.lower()
    assert "54 projekt som förvaltningarna redovisat för 2023" in text


def test_load_demo_memo_is_idempotent(demo_2023):
    assert load_demo_memo() is None
    assert Memo.objects.filter(year=2023).count() == 1
    assert demo_2023.steps.count() == 3 and demo_2023.officials.count() == 3


def test_pdf_is_tagged_swedish_titled_and_embeds_the_projects_fonts(development_coordinator, db):
    build_two_years()
    memo = memo_create_draft(year=2023, user=development_coordinator)
    reader = PdfReader(io.BytesIO(memo_pdf(year_figures(2023), memo)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert reader.metadata.title == "Redovisning av internationellt arbete 2023"
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    elements = structure_elements(root["/StructTreeRoot"])
    kinds = {element["/S"] for element in elements}
    assert {"/H1", "/H2", "/L", "/LI", "/Table", "/TH", "/Figure"} <= kinds
    figures = [element for element in elements if element["/S"] == "/Figure"]
    assert all(str(figure.get("/Alt", "")).startswith("Utbetalda EU-medel") for figure in figures)
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font.get("/FontDescriptor")
                or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            descriptor = descriptor.get_object()
            fonts[str(font["/BaseFont"])] = "/FontFile2" in descriptor
    # Subsets of the @font-face fonts from static/fonts, all embedded.
    assert any(name.endswith("+Memo-Serif") for name in fonts), fonts
    assert any(name.endswith("+Memo-Sans-Bold") for name in fonts), fonts
    assert all(fonts.values()), fonts


def test_fetcher_reads_only_the_projects_static_files(tmp_path):
    fetcher = StaticFilesOnlyFetcher()
    css = static_roots()[0] / "css" / "memo-print.css"
    response = fetcher.fetch(css.as_uri())
    assert b"@font-face" in response.read()
    for url in (
        "https://example.org/logo.png",
        "http://127.0.0.1:8000/static/css/site.css",
        "file:///etc/passwd",
        (static_roots()[0] / ".." / "manage.py").as_uri(),
        "data:text/plain,hej",
        "ftp://example.org/x",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_a_text_cannot_make_the_renderer_fetch_anything(development_coordinator, db, monkeypatch):
    build_two_years()
    memo = memo_create_draft(year=2023, user=development_coordinator)
    memo.summary = '<img src="http://127.0.0.1:9/x.png"> <link rel=stylesheet href="file:///etc/x">'
    html = memo_html(year_figures(2023), memo)
    assert "<img" not in html and "&lt;img" in html
    fetched = []
    original = StaticFilesOnlyFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(StaticFilesOnlyFetcher, "fetch", spy)
    memo_pdf(year_figures(2023), memo)
    assert fetched and all("/static/" in url for url in fetched), fetched


def test_export_memo_drafts_a_missing_year_and_writes_the_pdf(
    development_coordinator, db, tmp_path
):
    build_two_years()
    output = tmp_path / "memo.pdf"
    call_command("export_memo", year=2023, output=str(output))
    assert output.read_bytes().startswith(b"%PDF-")
    memo = Memo.objects.get(year=2023)
    assert memo.reference_email == development_coordinator.email
    text = pdf_text(output.read_bytes(), tmp_path)
    assert "Utbildning och arbete, 12 345 678 kronor" in text


def test_published_pdf_is_swedish_even_when_the_publisher_uses_english(
    development_coordinator, db, tmp_path
):
    build_two_years()
    with translation.override("en"):
        memo = make_publishable(memo_create_draft(year=2023, user=development_coordinator))
        published = memo_publish(memo=memo, user=development_coordinator)
        draft = memo_pdf(memo_figures(2023), memo)
    for data in (bytes(published.pdf), draft):
        text = pdf_text(data, tmp_path)
        assert "Tjänsteskrivelse" in text
        assert "Diarienummer" in text
        assert "Projektägare" in text  # role labels in the appendix table
        for english in ("Official memorandum", "Our reference", "Case number", "APPENDIX", "Owner"):
            assert english not in text, english
    # The drafted texts are Swedish too.
    assert "EU-projekt" in memo.projects_text


def test_live_preview_is_swedish_when_the_editor_uses_english(client, development_coordinator, db):
    build_two_years()
    memo = memo_create_draft(year=2023, user=development_coordinator)
    client.force_login(development_coordinator)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("reporting:memo_edit", args=[2023]))
    preview = page.context["preview"]
    assert "Sammanfattning" in preview and "Diarienummer" in preview
    assert "Case number" not in preview
    assert memo.title in preview
