"""A published version is kept for the archive: its PDF is PDF/A-2a, still tagged, and says in
its XMP metadata what it is (title, organisation, language, case number); its Word file's
properties say the same; versions published before keep their stored files."""

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from projects.models import Organisation
from reporting.memo.files import memo_publish
from reporting.memo.pdf import memo_pdf
from reporting.memo.record import published_record_facts
from reporting.memo.services import memo_create_draft, memo_figures
from reporting.models import PdfVariant, PublishedMemo
from tests import factories as f
from tests.reporting.memo_helpers import make_publishable

pytestmark = pytest.mark.django_db

PDFAID = "http://www.aiim.org/pdfa/ns/id/"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"


@pytest.fixture
def organisation(db):
    # Not the installation's first organisation: nothing may be a name written in the code.
    organisation = Organisation.objects.get()
    organisation.name = "Lunds kommun"
    organisation.office_name = "Kommunkontoret"
    organisation.organisation_number = "212000-1124"
    organisation.save()
    return organisation


@pytest.fixture
def memo(data, organisation, development_coordinator):
    return make_publishable(memo_create_draft(year=2023, user=development_coordinator))


def xmp_value(xmp, namespace: str, name: str) -> str | None:
    """A simple XMP property, written as an attribute or an element."""
    for node in xmp.get_element("", namespace, name):
        return node.nodeValue if node.nodeType == node.ATTRIBUTE_NODE else xmp._get_text(node)
    return None


def test_a_published_version_is_pdf_a_2a_tagged_with_the_record_facts_in_its_xmp(
    memo, development_coordinator
):
    published = memo_publish(memo=memo, user=development_coordinator)
    assert published.pdf_variant == PdfVariant.ARCHIVAL
    reader = PdfReader(io.BytesIO(bytes(published.pdf)))
    xmp = reader.xmp_metadata
    # PDF/A-2, level a (accessible), and PDF/UA-1 declared beside it.
    assert xmp_value(xmp, PDFAID, "part") == "2"
    assert xmp_value(xmp, PDFAID, "conformance") == "A"
    assert xmp_value(xmp, PDFUAID, "part") == "1"
    # Still tagged: the structure tree of the accessible PDF, and its language.
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert root["/Lang"] == "sv"
    assert "/OutputIntents" in root
    # What the archive reads: title, author (the organisation), language, case number, year.
    assert xmp.dc_title == {"x-default": "Redovisning av internationellt arbete 2023"}
    assert xmp.dc_creator == ["Lunds kommun, Kommunkontoret"]
    assert xmp.dc_publisher == ["Lunds kommun"]
    assert xmp.dc_language == ["sv"]
    assert xmp.dc_identifier == "STK-2023-1702"
    assert xmp.dc_coverage == "2023"
    # The document information dictionary agrees, as PDF/A asks.
    assert reader.metadata.title == "Redovisning av internationellt arbete 2023"
    assert reader.metadata.author == "Lunds kommun, Kommunkontoret"
    # Its time is the time of publishing (pypdf reads it as UTC without a time zone).
    published_utc = published.published_at.astimezone(datetime.UTC)
    assert xmp.xmp_create_date == published_utc.replace(microsecond=0, tzinfo=None)
    assert published.verify()


def test_the_word_file_carries_title_organisation_case_number_and_year(
    memo, development_coordinator
):
    published = memo_publish(memo=memo, user=development_coordinator)
    properties = Document(io.BytesIO(bytes(published.docx))).core_properties
    assert properties.title == "Redovisning av internationellt arbete 2023"
    assert properties.author == "Lunds kommun, Kommunkontoret"
    assert properties.identifier == "STK-2023-1702"
    assert properties.keywords == "STK-2023-1702, 2023"
    assert properties.version == "1"


def test_the_record_facts_of_a_version_are_those_it_was_published_with(
    memo, organisation, development_coordinator
):
    published = memo_publish(memo=memo, user=development_coordinator)
    memo.title = "En annan rubrik"
    memo.save()
    facts = published_record_facts(PublishedMemo.objects.get(pk=published.pk))
    assert (facts.title, facts.case_number, facts.year, facts.version) == (
        "Redovisning av internationellt arbete 2023",
        "STK-2023-1702",
        2023,
        1,
    )
    assert facts.organisation == "Lunds kommun"
    assert facts.organisation_number == "212000-1124"


def test_the_draft_pdf_stays_pdf_ua_1(memo):
    reader = PdfReader(io.BytesIO(memo_pdf(memo_figures(2023), memo)))
    xmp = reader.xmp_metadata
    assert xmp_value(xmp, PDFUAID, "part") == "1"
    assert xmp_value(xmp, PDFAID, "part") is None


def test_a_version_published_before_keeps_its_stored_files(memo, development_coordinator):
    # A version as versions were published before: PDF/UA-1, its bytes stored.
    old = f.PublishedMemoFactory(
        memo=memo,
        pdf=b"%PDF-1.7 published as PDF/UA-1",
        pdf_variant=PdfVariant.ACCESSIBLE,
        case_number=memo.case_number,
        published_by=development_coordinator,
    )
    before = bytes(PublishedMemo.objects.get(pk=old.pk).pdf)

    newer = memo_publish(memo=memo, user=development_coordinator)

    kept = PublishedMemo.objects.get(pk=old.pk)
    assert bytes(kept.pdf) == before and kept.verify()
    assert kept.pdf_variant == PdfVariant.ACCESSIBLE
    assert (newer.version, newer.pdf_variant) == (2, PdfVariant.ARCHIVAL)


def test_the_admin_shows_which_standard_each_version_was_written_to(
    client, memo, development_coordinator
):
    old = f.PublishedMemoFactory(
        memo=memo, pdf_variant=PdfVariant.ACCESSIBLE, published_by=development_coordinator
    )
    development_coordinator.is_staff = development_coordinator.is_superuser = True
    development_coordinator.save()
    client.force_login(development_coordinator)
    page = client.get(reverse("admin:reporting_publishedmemo_change", args=[old.pk]))
    assert page.status_code == 200
    assert "PDF/UA-1" in page.content.decode()
