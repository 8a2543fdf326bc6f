"""The council memo as a Word document (python-docx), for the organisation's case management
system.

``memo_docx(figures, memo) -> bytes`` is a pure export like ``pdf.memo_pdf``: no HTTP, no writes.
It is written from the same context as the PDF (``pdf.document_context`` and
``pdf.appendix_context``), so the sections, their order and every figure are the PDF's. The
charts are the PDF's SVG drawings (``reporting/charts.py``) painted to PNG with Pillow, which
WeasyPrint already requires: no other rasteriser (cairo, rsvg) is installed in production.
"""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Emu, Mm, Pt
from PIL import Image

from projects.logos import LogoFile
from projects.organisation import OrganisationFacts
from reporting.memo.docx_appendix import ProjectAppendixWriter
from reporting.memo.docx_charts import chart_alt_text, chart_png
from reporting.memo.docx_logo import add_logo
from reporting.memo.docx_parts import (
    CHART_MAX_HEIGHT,
    CORE_PROPERTY_MAX,
    DARK_GREY,
    FOOTER_GREY,
    LANGUAGE_TAG,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    META_INDENT,
    META_LABEL_WIDTH,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    SANS,
    TEXT_WIDTH,
    Block,
    as_utc,
    clean_package,
    field_code,
    set_company,
    set_up_styles,
    stable_zip,
    text_blocks,
    xml_text,
)
from reporting.memo.letterhead import memo_letterhead
from reporting.memo.pdf import (
    MEMO_LANGUAGE,
    appendix_context,
    document_context,
    memo_pdf,
)
from reporting.memo.record import record_facts
from reporting.memo.services import memo_figures
from reporting.models import Memo, PublishedMemo
from reporting.selectors import YearFigures

LOGO_HEIGHT = Mm(12)
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def memo_docx(figures: YearFigures, memo: Memo, *, published: PublishedMemo | None = None) -> bytes:
    """The memo as .docx bytes: heading styles, Swedish, page numbers "1 (9)", charts with alt text.

    ``published`` is the version whose PDF was rendered from the same memo and figures: the
    document properties then name the version and the PDF's checksum."""
    with translation.override(MEMO_LANGUAGE):
        letterhead = memo_letterhead(memo)
        organisation = letterhead.organisation
        context = document_context(memo) | appendix_context(figures, organisation)
        writer = MemoDocument(memo, organisation, logo=letterhead.logo)
        writer.write_head()
        for section in context["sections"]:
            writer.write_section(section, steps=context["steps"], officials=context["officials"])
        writer.write_charts(context["charts"])
        writer.write_projects(
            context["project_rows"],
            context["payouts_total"],
            total=context["projects_total"],
            note=context["projects_note"],
        )
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


def draft_docx_filename(year: int) -> str:
    return f"utkast-redovisning-internationellt-arbete-{year}.docx"


def published_docx_filename(published: PublishedMemo) -> str:
    return published.filename.removesuffix(".pdf") + ".docx"


# --- the memo's texts ----------------------------------------------------------------------
class MemoDocument(ProjectAppendixWriter):
    """Writes the memo into a python-docx document, part by part, in the PDF's order."""

    def __init__(
        self, memo: Memo, organisation: OrganisationFacts, *, logo: LogoFile | None = None
    ):
        self.memo = memo
        self.organisation = organisation
        self.logo = logo
        self.document = Document()
        clean_package(self.document)
        set_up_styles(self.document)
        self._set_up_page()

    # --- set-up ---

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
        if self.logo is not None:
            self._write_logo(section.first_page_header)
        footer = section.footer.paragraphs[0]
        run = footer.add_run(xml_text(self.memo.title))
        run.font.size = Pt(8)
        run.font.color.rgb = FOOTER_GREY

    def _write_page_header(self, header):
        first = header.paragraphs[0]
        city = first.add_run(xml_text(self.organisation.name))
        city.bold = True
        city.font.size = Pt(15)
        first.add_run("\t").font.size = Pt(10)
        field_code(first, "PAGE", "1", size=10)
        first.add_run(" (").font.size = Pt(10)
        field_code(first, "NUMPAGES", "1", size=10)
        first.add_run(")").font.size = Pt(10)
        header.add_paragraph(xml_text(self.organisation.office_name), style="Header")

    def _write_logo(self, header):
        """The logo above the organisation's name on the first page, as in the PDF."""
        paragraph = header.paragraphs[0].insert_paragraph_before()
        paragraph.paragraph_format.space_after = Mm(2)
        description = _("%(name)s, logotyp") % {"name": self.organisation.name}
        add_logo(
            paragraph.add_run(), self.logo, height=LOGO_HEIGHT, description=xml_text(description)
        )

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
        self._sans_run(doc_type, xml_text(self.organisation.document_type_label), 14, bold=True)
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
        if section.key == "officials":
            heading.paragraph_format.keep_with_next = True
        if section.key == "decision_planning":
            for step in steps:
                date = step.date.isoformat() if step.date else ""
                self._tabbed(step.body, date, tab=Mm(65), space_after=Mm(1))
        elif section.key == "officials":
            for number, official in enumerate(officials, start=1):
                paragraph = self._tabbed(
                    official.name, official.title, tab=Mm(55), space_after=Mm(3)
                )
                # The signature block stays together on one page, as in the PDF.
                paragraph.paragraph_format.keep_together = True
                paragraph.paragraph_format.keep_with_next = number < len(officials)
        else:
            for block in text_blocks(section.html):
                self._write_block(block)

    def _tabbed(self, first: str, second: str, *, tab, space_after):
        text = f"{first}\t{second}" if second else first
        paragraph = self.document.add_paragraph(xml_text(text))
        paragraph.paragraph_format.tab_stops.add_tab_stop(tab)
        paragraph.paragraph_format.space_after = space_after
        return paragraph

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

    # --- properties and bytes ---

    def write_properties(self, published: PublishedMemo | None):
        memo = self.memo
        properties = self.document.core_properties
        # The record facts the published PDF's XMP carries too (reporting/memo/record.py).
        if published is None:
            record = record_facts(memo)
        else:
            record = record_facts(
                memo, version=published.version, published_at=published.published_at
            )
        properties.title = xml_text(record.title)[:CORE_PROPERTY_MAX]
        properties.author = xml_text(record.author)[:CORE_PROPERTY_MAX]
        set_company(self.document, self.organisation.name)
        properties.category = xml_text(self.organisation.document_type_label)
        properties.keywords = xml_text(", ".join(record.keywords))
        properties.identifier = xml_text(record.case_number)
        properties.language = LANGUAGE_TAG
        properties.revision = memo.revision
        document_type = xml_text(self.organisation.document_type_label)
        subject = f"{document_type} {xml_text(record.case_number)}".strip()
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
                setattr(properties, name, as_utc(value))

    def to_bytes(self) -> bytes:
        output = io.BytesIO()
        self.document.save(output)
        return stable_zip(output.getvalue())
