"""The memo's Word file: the project appendix's table (appendix 2), written by ``MemoDocument``."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Mm, Pt

from reporting.memo.docx_parts import (
    NUMERIC_COLUMNS,
    PROJECT_COLUMNS_MM,
    border_element,
    cell_borders,
    table_properties,
    xml_text,
)


class ProjectAppendixWriter:
    """The appendix of projects, for ``MemoDocument`` (its ``memo``, ``document``,
    ``_appendix_label`` and ``_sans_run``)."""

    def write_projects(self, rows, payouts_total: str, *, total: int, note: str = ""):
        year = self.memo.year
        self._appendix_label(_("Bilaga 2"))
        heading = self.document.add_heading(_("EU-projekt %(year)s") % {"year": year}, level=2)
        heading.paragraph_format.space_before = Mm(1)
        caption_text = ngettext(
            "%(count)s projekt som förvaltningarna redovisat för %(year)s. Belopp i kronor.",
            "%(count)s projekt som förvaltningarna redovisat för %(year)s. Belopp i kronor.",
            total,
        ) % {"count": total, "year": year}
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
        table_properties(table, caption_text)
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
            cell_borders(
                cell,
                border_element("w:top", size=8, colour="000000"),
                border_element("w:bottom", size=0, colour="auto", value="nil"),
            )
        if note:
            self.document.add_paragraph(xml_text(note))

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
                cell_borders(cell, border_element("w:bottom", size=8, colour="000000"))
        return row

    def _cell_text(self, cell, text: str, *, numeric: bool, bold: bool):
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.line_spacing = 1.0
        if numeric:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self._sans_run(paragraph, text, 7.5, bold=bold)
