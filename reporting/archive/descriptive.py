"""The package's descriptive metadata: Dublin Core (the 15 elements of DCMI's element set, in
OAI-PMH's ``oai_dc`` container) from the version's record facts, the same facts its PDF's XMP
and its Word file state."""

from __future__ import annotations

from django.utils import timezone
from lxml import etree

from reporting.memo.record import RecordFacts

DC_NS = "http://purl.org/dc/elements/1.1/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"


def dublin_core_xml(facts: RecordFacts, *, about: str) -> bytes:
    """Title, creator and publisher (the organisation), case number (``dc:identifier``), the
    reporting year (``dc:coverage``), the day of publishing, language and type."""
    root = etree.Element(f"{{{OAI_DC_NS}}}dc", nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS})
    elements = [
        ("title", facts.title),
        ("creator", facts.author),
        ("publisher", facts.organisation),
        ("identifier", facts.case_number),
        ("coverage", str(facts.year)),
        ("date", timezone.localtime(facts.published_at).date().isoformat()),
        ("type", facts.document_type),
        ("description", about),
        ("language", facts.language),
    ]
    for name, value in elements:
        if value:
            etree.SubElement(root, f"{{{DC_NS}}}{name}").text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
