"""The council memo as a Word document (python-docx), for the city's case management system.

``memo_docx(figures, memo) -> bytes`` is a pure export like ``pdf.memo_pdf``: no HTTP, no writes.
It is written from the same context as the PDF (``pdf.document_context`` and
``pdf.appendix_context``), so the sections, their order and every figure are the PDF's. The
charts are the PDF's SVG drawings (``reporting/charts.py``) painted to PNG with Pillow, which
WeasyPrint already requires: no other rasteriser (cairo, rsvg) is installed in production.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser

from defusedxml import ElementTree
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor
from PIL import Image, ImageDraw, ImageFont

from reporting.models import Memo, PublishedMemo
from reporting.pdf import MEMO_LANGUAGE, appendix_context, document_context, memo_pdf, static_roots
from reporting.selectors import YearFigures
from reporting.services import memo_figures

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
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
CHART_PIXELS_PER_UNIT = 2  # sharp on paper and on high-resolution screens
# Projekt, Förvaltning, Program, Roll, Total budget, EU-andel, Utbetalt (mm, 158 in all).
PROJECT_COLUMNS_MM = (32, 39, 19, 21, 18, 12, 17)
NUMERIC_COLUMNS = {4, 5, 6}

SVG = "{http://www.w3.org/2000/svg}"
TEXT_ANCHORS = {"start": "l", "middle": "m", "end": "r"}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# Characters XML cannot hold (a vertical tab pasted from Word, a NUL): WeasyPrint's HTML parser
# passes over them, lxml refuses them, so they become spaces.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CORE_PROPERTY_MAX = 255  # characters, in python-docx
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def memo_docx(figures: YearFigures, memo: Memo, *, published: PublishedMemo | None = None) -> bytes:
    """The memo as .docx bytes: heading styles, Swedish, page numbers "1 (9)", charts with alt text.

    ``published`` is the version whose PDF was rendered from the same memo and figures: the
    document properties then name the version and the PDF's checksum."""
    with translation.override(MEMO_LANGUAGE):
        context = document_context(memo) | appendix_context(figures)
        writer = MemoDocument(memo)
        writer.write_head()
        for section in context["sections"]:
            writer.write_section(section, steps=context["steps"], officials=context["officials"])
        writer.write_charts(context["charts"])
        writer.write_projects(context["project_rows"], context["payouts_total"])
        writer.write_properties(published)
        return writer.to_bytes()


def published_memo_docx(published: PublishedMemo) -> bytes | None:
    """The Word version of a published version, or None when it cannot be made any more.

    Since the Word file is stored when publishing, it is that file, byte for byte. A version
    published before stored only its PDF: its Word file is written from the memo and the
    figures as they are now, and only when they still render that PDF byte for byte (same
    SHA-256), so that both files come from the same content; after the memo or the data
    changed, None."""
    if published.has_docx:
        return bytes(published.docx)
    memo = Memo.objects.get(pk=published.memo_id)
    figures = memo_figures(published.year)
    if PublishedMemo.checksum(memo_pdf(figures, memo)) != published.sha256:
        return None
    return memo_docx(figures, memo, published=published)


def xml_text(text) -> str:
    return NOT_XML.sub(" ", str(text or ""))


def draft_docx_filename(year: int) -> str:
    return f"utkast-redovisning-internationellt-arbete-{year}.docx"


def published_docx_filename(published: PublishedMemo) -> str:
    return published.filename.removesuffix(".pdf") + ".docx"


# --- the memo's texts ----------------------------------------------------------------------


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


# --- charts --------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _chart_font(bold: bool, size: float) -> ImageFont.FreeTypeFont:
    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
    return ImageFont.truetype(str(static_roots()[0] / "fonts" / name), size)


def _number(element, name: str, default: float = 0.0) -> float:
    value = element.get(name)
    return float(value) if value not in (None, "") else default


def chart_png(svg: str, *, scale: int = CHART_PIXELS_PER_UNIT) -> bytes:
    """Paint one of ``reporting.charts``' drawings to PNG.

    The charts use a small part of SVG (``line``, ``rect``, ``text``), all painted here; any
    other element is refused, so a new kind of drawing cannot silently go missing in Word."""
    root = ElementTree.fromstring(xml_text(svg))
    _, _, width, height = (float(part) for part in root.get("viewBox").split())
    image = Image.new("RGB", (round(width * scale), round(height * scale)), "white")
    draw = ImageDraw.Draw(image)
    font_size = _number(root, "font-size", 13) * scale
    text_fill = root.get("fill", "#000000")
    for element in root:
        tag = element.tag.removeprefix(SVG)
        if tag in ("title", "desc"):
            continue
        if tag == "line":
            draw.line(
                [
                    (_number(element, "x1") * scale, _number(element, "y1") * scale),
                    (_number(element, "x2") * scale, _number(element, "y2") * scale),
                ],
                fill=element.get("stroke", text_fill),
                width=max(1, round(_number(element, "stroke-width", 1) * scale)),
            )
        elif tag == "rect":
            x, y = _number(element, "x") * scale, _number(element, "y") * scale
            w, h = _number(element, "width") * scale, _number(element, "height") * scale
            if w > 0 and h > 0:
                draw.rectangle([x, y, x + w, y + h], fill=element.get("fill", text_fill))
        elif tag == "text":
            anchor = TEXT_ANCHORS[element.get("text-anchor", "start")]
            anchor += "m" if element.get("dominant-baseline") == "middle" else "s"
            draw.text(
                (_number(element, "x") * scale, _number(element, "y") * scale),
                element.text or "",
                font=_chart_font(element.get("font-weight") == "bold", font_size),
                fill=element.get("fill", text_fill),
                anchor=anchor,
            )
        else:
            raise ValueError(f"The chart uses SVG that the Word export cannot paint: <{tag}>")
    output = io.BytesIO()
    image.save(output, format="PNG", dpi=(96 * scale, 96 * scale), optimize=True)
    return output.getvalue()


def chart_alt_text(svg: str) -> str:
    """The chart's title and every label it shows, bar by bar ("Miljöförvaltningen,
    15 341 218 kr; …"): a screen reader gets the same numbers as the picture.

    Labels of one bar are drawn one after the other on a shared line (same x or same y)."""
    root = ElementTree.fromstring(xml_text(svg))
    groups: list[list[str]] = []
    previous = None
    for text in root.iter(f"{SVG}text"):
        position = (text.get("x"), text.get("y"))
        label = (text.text or "").strip()
        if previous is not None and (position[0] == previous[0] or position[1] == previous[1]):
            groups[-1].append(label)
        else:
            groups.append([label])
        previous = position
    title = " ".join((root.findtext(f"{SVG}title") or "").split())
    values = "; ".join(", ".join(group) for group in groups)
    return f"{title}: {values}." if values else f"{title}."


# --- the document --------------------------------------------------------------------------


def _insert_in_order(parent, child, successors: tuple[str, ...]):
    """Insert ``child`` before the first of ``successors`` (schema order), else at the end."""
    for tag in successors:
        found = parent.find(qn(tag))
        if found is not None:
            found.addprevious(child)
            return child
    parent.append(child)
    return child


def _fonts(rpr, name: str):
    """Name the font for every script; theme fonts would win over a plain name."""
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), name)


def _style_font(style, name: str, size: float, *, bold=None, colour=BLACK):
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = None
    color = style.element.get_or_add_rPr().find(qn("w:color"))
    if color is not None:
        color.getparent().remove(color)
    style.font.color.rgb = colour
    _fonts(style.element.get_or_add_rPr(), name)


def _border(tag: str, *, size: int, colour: str, value: str = "single"):
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


def _field(paragraph, code: str, shown: str, *, size: float):
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice compute when laying out;
    ``shown`` stands in until they do."""
    _field_part(paragraph, size=size, char_type="begin")
    _field_part(paragraph, size=size, code=code)
    _field_part(paragraph, size=size, char_type="separate")
    _field_part(paragraph, size=size, text=shown)
    _field_part(paragraph, size=size, char_type="end")


def _cell_borders(cell, *borders):
    properties = cell._tc.get_or_add_tcPr()
    element = properties.find(qn("w:tcBorders"))
    if element is None:
        element = _insert_in_order(
            properties,
            OxmlElement("w:tcBorders"),
            ("w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign"),
        )
    for border in borders:
        element.append(border)


class MemoDocument:
    """Writes the memo into a python-docx document, part by part, in the PDF's order."""

    def __init__(self, memo: Memo):
        self.memo = memo
        self.document = Document()
        self._set_up_package()
        self._set_up_styles()
        self._set_up_page()

    # --- set-up ---

    def _set_up_package(self):
        # python-docx's template carries a thumbnail of an empty page and a Word 2010 copy of
        # the styles (with English as the language): neither describes this document.
        package_rels = self.document.part.package.rels
        for rId, rel in list(package_rels.items()):
            if rel.reltype == RT.THUMBNAIL:
                del package_rels[rId]
        for rId, rel in list(self.document.part.rels.items()):
            if rel.reltype == STYLES_WITH_EFFECTS:
                del self.document.part.rels[rId]

    def _set_up_styles(self):
        styles = self.document.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _fonts(rpr, SERIF)
        language = rpr.find(qn("w:lang"))
        if language is None:
            language = OxmlElement("w:lang")
            rpr.append(language)
        language.set(qn("w:val"), LANGUAGE_TAG)
        language.set(qn("w:eastAsia"), LANGUAGE_TAG)
        theme_language = self.document.settings.element.find(qn("w:themeFontLang"))
        if theme_language is not None:
            theme_language.set(qn("w:val"), LANGUAGE_TAG)
            theme_language.attrib.pop(qn("w:eastAsia"), None)

        normal = styles["Normal"]
        _style_font(normal, SERIF, 11)
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
            _style_font(heading, SANS, size, bold=True)
            heading.paragraph_format.space_before = before
            heading.paragraph_format.space_after = after
            heading.paragraph_format.keep_with_next = True

        caption = styles["Caption"]
        _style_font(caption, SANS, 9, bold=False, colour=DARK_GREY)
        caption.hidden = False
        caption.quick_style = True
        caption.paragraph_format.space_before = Mm(1)
        caption.paragraph_format.space_after = Mm(8)

        for name in ("Header", "Footer"):
            style = styles[name]
            _style_font(style, SANS, 10)
            style.paragraph_format.tab_stops.clear_all()
            style.paragraph_format.space_after = Pt(0)
            style.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)

    def _set_up_page(self):
        section = self.document.sections[0]
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
        section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
        section.header_distance, section.footer_distance = Mm(12), Mm(10)
        # The title runs along the foot of every page but the first, as in the PDF.
        section.different_first_page_header_footer = True
        for header in (section.header, section.first_page_header):
            self._write_page_header(header)
        footer = section.footer.paragraphs[0]
        run = footer.add_run(xml_text(self.memo.title))
        run.font.size = Pt(8)
        run.font.color.rgb = FOOTER_GREY

    def _write_page_header(self, header):
        first = header.paragraphs[0]
        city = first.add_run("Malmö stad")
        city.bold = True
        city.font.size = Pt(15)
        first.add_run("\t").font.size = Pt(10)
        _field(first, "PAGE", "1", size=10)
        first.add_run(" (").font.size = Pt(10)
        _field(first, "NUMPAGES", "1", size=10)
        first.add_run(")").font.size = Pt(10)
        header.add_paragraph("Stadskontoret", style="Header")

    # --- the memo ---

    def _sans_run(self, paragraph, text: str, size: float, *, bold=False, colour=None):
        run = paragraph.add_run(xml_text(text))
        run.font.name = SANS
        run.font.size = Pt(size)
        run.bold = bold or None
        if colour is not None:
            run.font.color.rgb = colour
        return run

    def write_head(self):
        memo = self.memo
        doc_type = self.document.add_paragraph()
        doc_type.paragraph_format.left_indent = META_INDENT
        doc_type.paragraph_format.space_after = Mm(2.5)
        self._sans_run(doc_type, _("Tjänsteskrivelse"), 14, bold=True)
        reference = [memo.reference_name, memo.reference_title, memo.reference_email]
        rows = [
            (_("Datum"), [memo.date.isoformat() if memo.date else ""]),
            (_("Vår referens"), [line for line in reference if line]),
            (_("Diarienummer"), [memo.case_number]),
        ]
        for index, (label, lines) in enumerate(rows):
            paragraph = self.document.add_paragraph()
            layout = paragraph.paragraph_format
            layout.left_indent = META_INDENT + META_LABEL_WIDTH
            layout.first_line_indent = -META_LABEL_WIDTH
            layout.tab_stops.add_tab_stop(META_INDENT + META_LABEL_WIDTH)
            layout.line_spacing = 1.0
            layout.space_after = Mm(10) if index == len(rows) - 1 else Mm(1.5)
            self._sans_run(paragraph, label, 9.5, colour=DARK_GREY)
            self._sans_run(paragraph, "\t", 9.5)
            for number, line in enumerate(lines):
                run = self._sans_run(paragraph, "", 9.5)
                if number:
                    run.add_break()
                run.add_text(xml_text(line))
        self.document.add_heading(xml_text(memo.title), level=1)

    def write_section(self, section, *, steps, officials):
        heading = self.document.add_heading(xml_text(section.heading), level=2)
        if section.key == "summary":
            heading.paragraph_format.space_before = Pt(0)
        if section.key == "matter":
            # "Ärendet" starts the body of the memo on a new page, as in the city's documents.
            heading.paragraph_format.page_break_before = True
        if section.key == "decision_planning":
            for step in steps:
                date = step.date.isoformat() if step.date else ""
                self._tabbed(step.body, date, tab=Mm(65), space_after=Mm(1))
        elif section.key == "officials":
            for official in officials:
                self._tabbed(official.name, official.title, tab=Mm(55), space_after=Mm(3))
        else:
            for block in text_blocks(section.html):
                self._write_block(block)

    def _tabbed(self, first: str, second: str, *, tab, space_after):
        text = f"{first}\t{second}" if second else first
        paragraph = self.document.add_paragraph(xml_text(text))
        paragraph.paragraph_format.tab_stops.add_tab_stop(tab)
        paragraph.paragraph_format.space_after = space_after

    def _write_block(self, block: Block):
        if block.kind == "p":
            paragraph = self.document.add_paragraph()
            for number, line in enumerate(block.lines):
                run = paragraph.add_run()
                if number:
                    run.add_break()
                run.add_text(line)
            return
        style = "List Bullet" if block.kind == "ul" else "List Number"
        num_id = self._new_numbering(style) if block.kind == "ol" else None
        for item in block.lines:
            paragraph = self.document.add_paragraph(item, style=style)
            if num_id is not None:
                numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                numbering.get_or_add_ilvl().val = 0
                numbering.get_or_add_numId().val = num_id

    def _new_numbering(self, style_name: str) -> int:
        """A numbering of its own for one list, so every numbered list starts at 1."""
        numbering = self.document.part.numbering_part.element
        style_num = self.document.styles[style_name].element.pPr.numPr.numId.val
        abstract = numbering.num_having_numId(style_num).abstractNumId.val
        num = numbering.add_num(abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return num.numId

    def _appendix_label(self, text: str):
        label = self.document.add_paragraph()
        label.paragraph_format.page_break_before = True
        label.paragraph_format.space_after = Pt(0)
        label.paragraph_format.keep_with_next = True
        self._sans_run(label, text, 9).font.all_caps = True

    def write_charts(self, charts):
        self._appendix_label(_("Bilaga 1"))
        heading = self.document.add_heading(
            _("Nyckeltal %(year)s i diagram") % {"year": self.memo.year}, level=2
        )
        heading.paragraph_format.space_before = Mm(1)
        if not charts:
            self.document.add_paragraph(_("Inga diagram: året har inga siffror ännu."))
        for number, chart in enumerate(charts, start=1):
            png = chart_png(chart.svg)
            with Image.open(io.BytesIO(png)) as image:
                pixels_wide, pixels_high = image.size
            width = TEXT_WIDTH
            if width * pixels_high / pixels_wide > CHART_MAX_HEIGHT:
                width = Emu(round(CHART_MAX_HEIGHT * pixels_wide / pixels_high))
            paragraph = self.document.add_paragraph()
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.line_spacing = 1.0
            picture = paragraph.add_run().add_picture(io.BytesIO(png), width=width)
            properties = picture._inline.docPr
            properties.set("name", f"Diagram {number}")
            properties.set("title", xml_text(chart.title))
            properties.set("descr", chart_alt_text(chart.svg))
            self.document.add_paragraph(xml_text(chart.title), style="Caption")

    def write_projects(self, rows, payouts_total: str):
        year = self.memo.year
        self._appendix_label(_("Bilaga 2"))
        heading = self.document.add_heading(_("EU-projekt %(year)s") % {"year": year}, level=2)
        heading.paragraph_format.space_before = Mm(1)
        caption_text = ngettext(
            "%(count)s projekt som förvaltningarna redovisat för %(year)s. Belopp i kronor.",
            "%(count)s projekt som förvaltningarna redovisat för %(year)s. Belopp i kronor.",
            len(rows),
        ) % {"count": len(rows), "year": year}
        caption = self.document.add_paragraph(caption_text, style="Caption")
        caption.paragraph_format.space_after = Mm(2)
        caption.paragraph_format.keep_with_next = True

        headings = [
            _("Projekt"),
            _("Förvaltning"),
            _("Program"),
            _("Roll"),
            _("Total budget"),
            _("EU-andel"),
            _("Utbetalt %(year)s") % {"year": year},
        ]
        table = self.document.add_table(rows=0, cols=len(headings))
        self._table_properties(table, caption_text)
        for column, millimetres in zip(table.columns, PROJECT_COLUMNS_MM, strict=True):
            column.width = Mm(millimetres)
        self._table_row(table, headings, header=True)
        for row in rows:
            name = f"{row['name']} ({row['acronym']})" if row["acronym"] else row["name"]
            values = [
                name,
                row["administration"],
                row["programme"],
                row["role"],
                row["budget"],
                row["rate"],
                row["payouts"],
            ]
            self._table_row(table, values)
        total = table.add_row()
        total._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        label = total.cells[0].merge(total.cells[5])
        for cell, text in ((label, _("Summa utbetalt")), (total.cells[6], payouts_total)):
            self._cell_text(cell, text, numeric=cell is not label, bold=True)
            _cell_borders(
                cell,
                _border("w:top", size=8, colour="000000"),
                _border("w:bottom", size=0, colour="auto", value="nil"),
            )

    def _table_properties(self, table, caption: str):
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        properties = table._tbl.tblPr
        # Thin grey lines between the rows only, as in the PDF (sides in the schema's order).
        borders = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            if side in ("bottom", "insideH"):
                borders.append(_border(f"w:{side}", size=4, colour="B5B5B5"))
            else:
                borders.append(_border(f"w:{side}", size=0, colour="auto", value="nil"))
        _insert_in_order(properties, borders, ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"))
        margins = OxmlElement("w:tblCellMar")
        for side, twips in (("top", 34), ("left", 80), ("bottom", 34), ("right", 80)):
            margin = OxmlElement(f"w:{side}")
            margin.set(qn("w:w"), str(twips))
            margin.set(qn("w:type"), "dxa")
            margins.append(margin)
        _insert_in_order(properties, margins, ("w:tblLook",))
        # The table's name and description for screen readers (Word: Alt Text).
        for tag in ("w:tblCaption", "w:tblDescription"):
            element = OxmlElement(tag)
            element.set(qn("w:val"), caption)
            properties.append(element)

    def _table_row(self, table, values, *, header=False):
        row = table.add_row()
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if header:
            # A real header row: repeated on every page and read as column headings.
            properties.append(OxmlElement("w:tblHeader"))
        for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            self._cell_text(cell, value, numeric=index in NUMERIC_COLUMNS, bold=header)
            if header:
                _cell_borders(cell, _border("w:bottom", size=8, colour="000000"))
        return row

    def _cell_text(self, cell, text: str, *, numeric: bool, bold: bool):
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.line_spacing = 1.0
        if numeric:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self._sans_run(paragraph, text, 7.5, bold=bold)

    # --- properties and bytes ---

    def write_properties(self, published: PublishedMemo | None):
        memo = self.memo
        properties = self.document.core_properties
        properties.title = xml_text(memo.title)[:CORE_PROPERTY_MAX]
        properties.author = "Malmö stad, Stadskontoret"
        properties.category = _("Tjänsteskrivelse")
        properties.keywords = xml_text(memo.case_number)
        properties.identifier = xml_text(memo.case_number)
        properties.language = LANGUAGE_TAG
        properties.revision = memo.revision
        subject = f"{_('Tjänsteskrivelse')} {xml_text(memo.case_number)}".strip()
        if published is None:
            properties.subject = subject
            properties.content_status = _("Utkast")
            properties.comments = _("Utkast, inte publicerat.")
            properties.version = ""
            properties.last_modified_by = ""
            modified = memo.updated_at
        else:
            properties.subject = f"{subject}, version {published.version}"
            properties.content_status = _("Publicerad")
            properties.version = str(published.version)
            properties.last_modified_by = xml_text(published.published_by_name)
            properties.comments = _(
                "Publicerad version %(version)s. Skriven från samma innehåll som versionens "
                "PDF (SHA-256 %(sha256)s)."
            ) % {"version": published.version, "sha256": published.sha256}
            modified = published.published_at
        for name, value in (("created", memo.created_at), ("modified", modified)):
            if value is not None:
                setattr(properties, name, _utc(value))

    def to_bytes(self) -> bytes:
        output = io.BytesIO()
        self.document.save(output)
        return _stable_zip(output.getvalue())


def _utc(value: datetime.datetime) -> datetime.datetime:
    if value.tzinfo is None:
        return value
    return value.astimezone(datetime.UTC).replace(tzinfo=None)


def _stable_zip(data: bytes) -> bytes:
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
