"""What a published version says about itself as a record: title, organisation, case number,
year, language and the file standard, written once for the PDF's XMP metadata, the Word file's
core properties and whatever packages the version for an archive (docs/archive.md).

A closed year reads the organisation as it kept it when it closed
(``projects.selectors.organisation_facts``), so a version's record facts do not follow later
changes of the organisation's settings."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from projects.selectors import organisation_facts
from reporting.models import Memo, PdfVariant, PublishedMemo

# The published PDF: PDF/A-2, level a (the tagged structure the accessible PDF already has),
# and it also declares PDF/UA-1 in its XMP metadata. The draft PDF stays PDF/UA-1 only.
ARCHIVAL_PDF_VARIANT = PdfVariant.ARCHIVAL.value
ACCESSIBLE_PDF_VARIANT = PdfVariant.ACCESSIBLE.value
# The memo's language as a BCP 47 tag (the PDF's /Lang, the XMP's dc:language).
RECORD_LANGUAGE = "sv"


@dataclass(frozen=True)
class RecordFacts:
    title: str
    organisation: str
    office: str
    organisation_number: str
    document_type: str
    case_number: str
    year: int
    language: str = RECORD_LANGUAGE
    version: int | None = None
    published_at: datetime.datetime | None = None

    @property
    def author(self) -> str:
        """The organisation as the document's author: its name and the office that wrote it."""
        return ", ".join(part for part in (self.organisation, self.office) if part)

    @property
    def subject(self) -> str:
        return f"{self.document_type} {self.case_number}".strip()

    @property
    def keywords(self) -> list[str]:
        """The case number and the year, as a records system searches for them."""
        return [part for part in (self.case_number, str(self.year)) if part]


def record_facts(
    memo: Memo, *, version: int | None = None, published_at: datetime.datetime | None = None
) -> RecordFacts:
    """The record facts of ``memo`` as it is now; ``version`` and ``published_at`` when it is
    being published."""
    return _facts(
        memo,
        title=memo.title,
        case_number=memo.case_number,
        version=version,
        published_at=published_at,
    )


def published_record_facts(published: PublishedMemo) -> RecordFacts:
    """The record facts of a published version: its title and case number as stored at
    publishing, whatever the memo says now."""
    return _facts(
        published.memo,
        title=published.title,
        case_number=published.case_number,
        version=published.version,
        published_at=published.published_at,
    )


def _facts(memo: Memo, *, title, case_number, version, published_at) -> RecordFacts:
    organisation = organisation_facts(memo.reporting_year)
    return RecordFacts(
        title=title,
        organisation=organisation.name,
        office=organisation.office_name,
        organisation_number=organisation.organisation_number,
        document_type=organisation.document_type_label,
        case_number=case_number,
        year=memo.year,
        version=version,
        published_at=published_at,
    )
