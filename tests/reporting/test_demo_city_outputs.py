"""What the second demo city gets out of the application names its own organisation, never
Malmö: the memo as PDF and Word file, the figures page, the Excel template and the e-mails."""

import html
import io
import re
import zipfile
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from projects import services
from projects.excel.template import submission_template
from projects.models import Submission, User
from reporting.memo.docx import memo_docx
from reporting.memo.pdf import memo_pdf
from reporting.memo.services import memo_figures
from reporting.models import Memo
from reporting.selectors import year_figures
from tests.reporting.test_memo_docx import docx_text, open_docx
from tests.reporting.test_memo_pdf import pdf_text, squeeze

pytestmark = pytest.mark.django_db

MALMO = re.compile(r"malm[öo]", re.IGNORECASE)


def mentions_of_malmo(text: str) -> list[str]:
    """Each place ``text`` names Malmö, with a little of what surrounds it."""
    return [text[max(m.start() - 40, 0) : m.end() + 40] for m in MALMO.finditer(text)]


def zip_text(data: bytes) -> str:
    """Every part of an Office file (XML text, properties), as one string, character
    references ("Malm&#246;") read as the characters they stand for."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return html.unescape(
            "\n".join(
                archive.read(name).decode("utf-8", errors="replace")
                for name in archive.namelist()
                if name.endswith((".xml", ".rels"))
            )
        )


@pytest.fixture
def exempelstad(db):
    call_command("load_demo", "--city", "exempelstad", stdout=StringIO())
    return Memo.objects.get(year=2023)


def test_exempelstad_memo_pdf_names_its_organisation_and_never_malmo(exempelstad, tmp_path):
    data = memo_pdf(year_figures(2023), exempelstad)
    text = pdf_text(data, tmp_path)

    compact = squeeze(text)
    for expected in [
        "Tjänsteutlåtande",
        "Exempelstads kommun",
        "Kommunledningskontoret",
        "KS 2024/112",
        "Kommunstyrelsen 2024-05-06",
        "Kommunfullmäktige 2024-05-27",
        "Exempelstad Energi AB, 2 projekt.",
        "Ett klimatsmart och hållbart samhälle, 5 800 000 kronor",
        "Karin Ström Kommundirektör",
        # The city's own wording: its policy, its companies, its decision path.
        "i enlighet med Riktlinjer för internationellt arbete i Exempelstads kommun",
        "Kommunstyrelsen föreslår kommunfullmäktige besluta",
        "Under 2023 redovisade Exempelstads kommuns förvaltningar och kommunala bolag 15 "
        "EU-projekt, 7 som projektägare och 8 som projektpartner.",
        "Utbetalda EU-medel 2023 fördelat på förvaltning och bolag",
        "Kommunledningskontorets bedömning",
    ]:
        assert squeeze(expected) in compact, expected
    # Its document type in the letterhead, never the default one.
    assert "Tjänsteskrivelse" not in text
    metadata = " ".join(str(value) for value in PdfReader(io.BytesIO(data)).metadata.values())
    assert mentions_of_malmo(text + metadata) == []


def test_exempelstad_memo_word_file_names_its_organisation_and_never_malmo(exempelstad):
    data = memo_docx(memo_figures(2023), exempelstad)
    document = open_docx(data)

    text = docx_text(document)
    assert "Exempelstads kommun" in text and "KS 2024/112" in text
    # The letterhead, the document's properties and every other part of the file.
    assert document.core_properties.author
    assert document.core_properties.category == "Tjänsteutlåtande"
    assert "Tjänsteskrivelse" not in text
    assert not MALMO.search(document.core_properties.author)
    assert mentions_of_malmo(zip_text(data)) == []


def test_exempelstad_figures_page_and_excel_template_never_name_malmo(exempelstad, client):
    client.force_login(User.objects.get(email="utvecklingsstrateg@exempelstad.example"))
    page = client.get(reverse("reporting:figures", kwargs={"year": 2023}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Exempelstad Energi AB" in html
    assert mentions_of_malmo(html) == []

    submission = Submission.objects.get(
        reporting_year__year=2024, administration__name="Samhällsbyggnadsförvaltningen"
    )
    workbook = zip_text(submission_template(submission))
    assert "Gröna tak i centrum" in workbook
    assert mentions_of_malmo(workbook) == []


def test_exempelstad_emails_come_from_and_speak_of_its_organisation(
    exempelstad, django_capture_on_commit_callbacks
):
    submission = Submission.objects.get(
        reporting_year__year=2024, administration__name="Samhällsbyggnadsförvaltningen"
    )
    # The narrative written, as the coordinator would on its page.
    narrative = ["overview", "priorities", "networks", "study_visits", "conferences", "results"]
    Submission.objects.filter(pk=submission.pk).update(**dict.fromkeys(narrative, "Inga"))
    coordinator = User.objects.get(email="samordnare.sbf@exempelstad.example")
    reviewer = User.objects.get(email="utvecklingsstrateg@exempelstad.example")
    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_send(reporting_year=submission.reporting_year)
        submission = services.submission_submit(
            submission=submission, by=coordinator, confirm_warnings=True, version=submission.version
        )
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submission_return(
            submission=submission,
            user=reviewer,
            comment="Lägg till resultat.",
            version=submission.version,
        )

    assert {address for message in mail.outbox for address in message.to} >= {
        "samordnare.sbf@exempelstad.example",
        "utvecklingsstrateg@exempelstad.example",
    }
    for message in mail.outbox:
        whole = "\n".join([message.from_email, message.subject, message.body])
        assert mentions_of_malmo(whole) == [], message.subject
