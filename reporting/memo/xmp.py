"""The XMP metadata of a published version's PDF: what WeasyPrint writes for PDF/A (pdfaid,
title, creator, dates), and the record facts it does not write (dc:identifier, dc:language,
dc:publisher, dc:coverage) and the PDF/UA-1 identification, with the extension schema PDF/A
asks for a namespace outside its predefined ones.

XMP wants one ``rdf:RDF`` in its packet, so the additions go into WeasyPrint's own ``rdf:RDF``
rather than after it (``DocumentMetadata.xmp_metadata`` would put them after it)."""

from __future__ import annotations

from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

from defusedxml.ElementTree import fromstring
from weasyprint.pdf.metadata import DocumentMetadata

from reporting.memo.record import RecordFacts

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DC = "http://purl.org/dc/elements/1.1/"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
# PDF/A's extension schema container (ISO 19005-1, 6.7.8; kept by parts 2 and 3).
PDFA_EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
PDFA_SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
PDFA_PROPERTY = "http://www.aiim.org/pdfa/ns/property#"

for prefix, uri in (
    ("pdfuaid", PDFUAID),
    ("pdfaExtension", PDFA_EXTENSION),
    ("pdfaSchema", PDFA_SCHEMA),
    ("pdfaProperty", PDFA_PROPERTY),
):
    register_namespace(prefix, uri)


def w3c_datetime(value) -> str:
    return value.replace(microsecond=0).isoformat()


def archival_metadata(metadata: DocumentMetadata, record: RecordFacts) -> DocumentMetadata:
    """WeasyPrint's metadata of a rendered document, with the record facts: title, author (the
    organisation), subject, keywords, language and, for a version, its time of publishing."""
    archival = ArchivalMetadata.__new__(ArchivalMetadata)
    archival.__dict__.update(metadata.__dict__)
    archival.record = record
    archival.title = record.title
    archival.authors = [record.author] if record.author else []
    archival.description = record.subject
    archival.keywords = record.keywords
    archival.lang = record.language
    if record.published_at is not None:
        archival.created = archival.modified = w3c_datetime(record.published_at)
    return archival


class ArchivalMetadata(DocumentMetadata):
    record: RecordFacts

    def generate_rdf_metadata(self, variant, version, conformance):
        rdf = fromstring(super().generate_rdf_metadata(variant, version, conformance))
        for element in record_descriptions(self.record):
            rdf.append(element)
        return tostring(rdf, encoding="utf-8")


def _description() -> Element:
    element = Element(f"{{{RDF}}}Description")
    element.set(f"{{{RDF}}}about", "")
    return element


def _text(parent: Element, tag: str, text: str) -> Element:
    element = SubElement(parent, tag)
    element.text = text
    return element


def _container(parent: Element, tag: str, kind: str, values: list[str]) -> None:
    container = SubElement(SubElement(parent, tag), f"{{{RDF}}}{kind}")
    for value in values:
        _text(container, f"{{{RDF}}}li", value)


def record_descriptions(record: RecordFacts) -> list[Element]:
    """The XMP descriptions WeasyPrint does not write: Dublin Core's identifier (the case
    number), language, publisher and coverage (the year), and PDF/UA-1 with its schema."""
    dublin_core = _description()
    if record.case_number:
        _text(dublin_core, f"{{{DC}}}identifier", record.case_number)
    _container(dublin_core, f"{{{DC}}}language", "Bag", [record.language])
    if record.organisation:
        _container(dublin_core, f"{{{DC}}}publisher", "Bag", [record.organisation])
    _text(dublin_core, f"{{{DC}}}coverage", str(record.year))
    _text(dublin_core, f"{{{DC}}}format", "application/pdf")

    accessible = _description()
    _text(accessible, f"{{{PDFUAID}}}part", "1")

    extension = _description()
    schemas = SubElement(SubElement(extension, f"{{{PDFA_EXTENSION}}}schemas"), f"{{{RDF}}}Bag")
    schema = SubElement(schemas, f"{{{RDF}}}li")
    schema.set(f"{{{RDF}}}parseType", "Resource")
    _text(schema, f"{{{PDFA_SCHEMA}}}schema", "PDF/UA Universal Accessibility Schema")
    _text(schema, f"{{{PDFA_SCHEMA}}}namespaceURI", PDFUAID)
    _text(schema, f"{{{PDFA_SCHEMA}}}prefix", "pdfuaid")
    properties = SubElement(SubElement(schema, f"{{{PDFA_SCHEMA}}}property"), f"{{{RDF}}}Seq")
    part = SubElement(properties, f"{{{RDF}}}li")
    part.set(f"{{{RDF}}}parseType", "Resource")
    _text(part, f"{{{PDFA_PROPERTY}}}name", "part")
    _text(part, f"{{{PDFA_PROPERTY}}}valueType", "Integer")
    _text(part, f"{{{PDFA_PROPERTY}}}category", "internal")
    _text(
        part,
        f"{{{PDFA_PROPERTY}}}description",
        "Indicates which part of ISO 14289 (PDF/UA) the file conforms to",
    )
    return [dublin_core, accessible, extension]
