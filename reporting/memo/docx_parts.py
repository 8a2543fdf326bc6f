"""The parts of the memo's Word document that are not the document itself: page and style
measures, the memo's HTML as text blocks, and small XML helpers for
what python-docx does not offer (fields, borders, table properties, fonts for every script,
stable zip stamps).

``reporting.memo.docx`` assembles the document from them (the charts painted to PNG by
``docx_charts``)."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from xml.sax.saxutils import escape

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor

LANGUAGE_TAG = "sv-SE"
# Metric twins of the PDF's Liberation fonts: lines break where they do in the PDF, and every
# Windows computer in the city has them (LibreOffice maps them back to Liberation).
SANS = "Arial"
SERIF = "Times New Roman"
BLACK = RGBColor(0x00, 0x00, 0x00)
DARK_GREY = RGBColor(0x33, 0x33, 0x33)
FOOTER_GREY = RGBColor(0x55, 0x55, 0x55)

# A4 with the PDF's margins (static/css/memo-print.css).
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT = Mm(34), Mm(22), Mm(22), Mm(30)
TEXT_WIDTH = Emu(PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)
META_INDENT = Mm(79)  # the header block starts half way across, as in the PDF
META_LABEL_WIDTH = Mm(27)
CHART_MAX_HEIGHT = Mm(110)
# Projekt, Förvaltning, Program, Roll, Total budget, EU-andel, Utbetalt (mm, 158 in all).
PROJECT_COLUMNS_MM = (32, 39, 19, 21, 18, 12, 17)
NUMERIC_COLUMNS = {4, 5, 6}

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# Characters XML cannot hold (a vertical tab pasted from Word, a NUL): WeasyPrint's HTML parser
# passes over them, lxml refuses them, so they become spaces.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CORE_PROPERTY_MAX = 255  # characters, in python-docx
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def xml_text(text) -> str:
    return NOT_XML.sub(" ", str(text or ""))


@dataclass
class Block:
    kind: str  # "p" (lines joined by line breaks), "ul" or "ol" (one line per item)
    lines: list[str] = field(default_factory=list)


class _TextBlocks(HTMLParser):
    """Reads back the HTML that ``memo.render_text`` writes (the one owner of the text markup):
    ``<p>`` with ``<br>``, ``<ul>``/``<ol>`` with ``<li>``, escaped text and nothing else."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "ul", "ol"):
            self.blocks.append(Block(tag, [""] if tag == "p" else []))
        elif tag in ("br", "li") and self.blocks:
            self.blocks[-1].lines.append("")
        else:
            raise ValueError(f"Unexpected markup in a memo text: <{tag}>")

    def handle_data(self, data):
        data = xml_text(data)
        if self.blocks and self.blocks[-1].lines:
            self.blocks[-1].lines[-1] += data
        elif data.strip():
            raise ValueError(f"Text outside a paragraph or list: {data!r}")


def text_blocks(html: str) -> list[Block]:
    parser = _TextBlocks()
    parser.feed(html)
    parser.close()
    return parser.blocks


# --- the document --------------------------------------------------------------------------


def insert_in_order(parent, child, successors: tuple[str, ...]):
    """Insert ``child`` before the first of ``successors`` (schema order), else at the end."""
    for tag in successors:
        found = parent.find(qn(tag))
        if found is not None:
            found.addprevious(child)
            return child
    parent.append(child)
    return child


def set_fonts(rpr, name: str):
    """Name the font for every script; theme fonts would win over a plain name."""
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), name)


def style_font(style, name: str, size: float, *, bold=None, colour=BLACK):
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = None
    color = style.element.get_or_add_rPr().find(qn("w:color"))
    if color is not None:
        color.getparent().remove(color)
    style.font.color.rgb = colour
    set_fonts(style.element.get_or_add_rPr(), name)


def border_element(tag: str, *, size: int, colour: str, value: str = "single"):
    border = OxmlElement(tag)
    border.set(qn("w:val"), value)
    border.set(qn("w:sz"), str(size))
    border.set(qn("w:space"), "0")
    border.set(qn("w:color"), colour)
    return border


def _field_part(paragraph, *, size: float, char_type: str = "", code: str = "", text=None):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    if char_type:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), char_type)
        run._r.append(element)
    if code:
        element = OxmlElement("w:instrText")
        element.set(qn("xml:space"), "preserve")
        element.text = f" {code} "
        run._r.append(element)


def field_code(paragraph, code: str, shown: str, *, size: float):
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice compute when laying out;
    ``shown`` stands in until they do."""
    _field_part(paragraph, size=size, char_type="begin")
    _field_part(paragraph, size=size, code=code)
    _field_part(paragraph, size=size, char_type="separate")
    _field_part(paragraph, size=size, text=shown)
    _field_part(paragraph, size=size, char_type="end")


def cell_borders(cell, *borders):
    properties = cell._tc.get_or_add_tcPr()
    element = properties.find(qn("w:tcBorders"))
    if element is None:
        element = insert_in_order(
            properties,
            OxmlElement("w:tcBorders"),
            ("w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign"),
        )
    for border in borders:
        element.append(border)


def table_properties(table, caption: str):
    """Alignment, row lines, cell margins and the alt text of a table of the memo."""
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    properties = table._tbl.tblPr
    # Thin grey lines between the rows only, as in the PDF (sides in the schema's order).
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if side in ("bottom", "insideH"):
            borders.append(border_element(f"w:{side}", size=4, colour="B5B5B5"))
        else:
            borders.append(border_element(f"w:{side}", size=0, colour="auto", value="nil"))
    insert_in_order(properties, borders, ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"))
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", 34), ("left", 80), ("bottom", 34), ("right", 80)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    insert_in_order(properties, margins, ("w:tblLook",))
    # The table's name and description for screen readers (Word: Alt Text).
    for tag in ("w:tblCaption", "w:tblDescription"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), caption)
        properties.append(element)


def as_utc(value: datetime.datetime) -> datetime.datetime:
    if value.tzinfo is None:
        return value
    return value.astimezone(datetime.UTC).replace(tzinfo=None)


def stable_zip(data: bytes) -> bytes:
    """python-docx stamps every part with the time of saving; a fixed stamp makes the same
    memo give the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            stable = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            stable.compress_type = zipfile.ZIP_DEFLATED
            stable.external_attr = 0o644 << 16
            target.writestr(stable, source.read(info))
    return output.getvalue()


# --- the document's package and styles --------------------------------------------------


def set_company(document, company: str) -> None:
    """Write the organisation into the extended properties (docProps/app.xml), which
    python-docx carries from its template but does not expose: Word shows it as the company."""
    value = escape(xml_text(company)[:CORE_PROPERTY_MAX]).encode()
    for part in document.part.package.iter_parts():
        if part.partname == "/docProps/app.xml":
            part._blob = re.sub(
                rb"<Company/>|<Company>.*?</Company>",
                b"<Company>" + value + b"</Company>",
                part.blob,
            )


def clean_package(document) -> None:
    """Remove what python-docx's template carries that does not describe this document."""
    # python-docx's template carries a thumbnail of an empty page and a Word 2010 copy of
    # the styles (with English as the language): neither describes this document.
    package_rels = document.part.package.rels
    for rId, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rId]
    for rId, rel in list(document.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            del document.part.rels[rId]


def set_up_styles(document) -> None:
    """The memo's fonts, language and paragraph styles, as in the PDF."""
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, SERIF)
    language = rpr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        rpr.append(language)
    language.set(qn("w:val"), LANGUAGE_TAG)
    language.set(qn("w:eastAsia"), LANGUAGE_TAG)
    theme_language = document.settings.element.find(qn("w:themeFontLang"))
    if theme_language is not None:
        theme_language.set(qn("w:val"), LANGUAGE_TAG)
        theme_language.attrib.pop(qn("w:eastAsia"), None)

    normal = styles["Normal"]
    style_font(normal, SERIF, 11)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Mm(3)
    # The PDF's line height (1.36 × 11 pt) over the font's own line height (1.107 em).
    normal.paragraph_format.line_spacing = 1.23
    normal.paragraph_format.widow_control = True

    for name, size, before, after in (
        ("Heading 1", 17, Pt(0), Mm(6)),
        ("Heading 2", 12.5, Mm(6), Mm(1.5)),
    ):
        heading = styles[name]
        style_font(heading, SANS, size, bold=True)
        heading.paragraph_format.space_before = before
        heading.paragraph_format.space_after = after
        heading.paragraph_format.keep_with_next = True

    caption = styles["Caption"]
    style_font(caption, SANS, 9, bold=False, colour=DARK_GREY)
    caption.hidden = False
    caption.quick_style = True
    caption.paragraph_format.space_before = Mm(1)
    caption.paragraph_format.space_after = Mm(8)

    for name in ("Header", "Footer"):
        style = styles[name]
        style_font(style, SANS, 10)
        style.paragraph_format.tab_stops.clear_all()
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
