"""Another organisation runs the installation: the charts take its colour, the memo's Word file
and PDF its name and office in the letterhead and the document properties."""

import io
import re
import zipfile

import pytest
from django.urls import reverse
from docx import Document

from projects.models import Organisation
from reporting.figures.charts import BAR_COLOUR
from reporting.memo.docx import memo_docx
from reporting.memo.pdf import memo_html
from reporting.memo.services import memo_create_draft, memo_figures
from tests.reporting.memo_helpers import build_two_years

pytestmark = pytest.mark.django_db

COLOUR = "#5a2d82"


@pytest.fixture
def exempelstad(db):
    organisation = Organisation.objects.get()
    organisation.name, organisation.name_genitive = "Exempelstads kommun", ""
    organisation.office_name = "Kommunledningskontoret"
    organisation.colour_primary = COLOUR
    organisation.save()
    return organisation


@pytest.fixture
def memo(exempelstad, development_coordinator):
    build_two_years()
    return memo_create_draft(year=2023, user=development_coordinator)


def test_the_figures_charts_take_the_organisation_s_colour(client, official, memo):
    client.force_login(official)
    html = client.get(reverse("reporting:figures", args=[2023])).content.decode()
    bars = re.findall(r'<rect [^>]*fill="(#[0-9a-f]{6})"', html)
    assert bars and set(bars) == {COLOUR}
    assert BAR_COLOUR not in html
    assert "Malmö" not in html


def test_the_word_file_names_the_organisation_in_its_letterhead_and_properties(memo):
    data = memo_docx(memo_figures(2023), memo)
    document = Document(io.BytesIO(data))
    assert document.core_properties.author == "Exempelstads kommun, Kommunledningskontoret"
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert b"<Company>Exempelstads kommun</Company>" in package.read("docProps/app.xml")
    section = document.sections[0]
    for header in (section.header, section.first_page_header):
        text = " ".join(paragraph.text for paragraph in header.paragraphs)
        assert "Exempelstads kommun" in text
        assert "Kommunledningskontoret" in text
        assert "Malmö" not in text
        assert "Stadskontoret" not in text


def test_the_pdf_names_the_organisation_in_its_letterhead_and_properties(memo):
    html = memo_html(memo_figures(2023), memo)
    assert '<meta name="author" content="Exempelstads kommun, Kommunledningskontoret">' in html
    head = html.split('<div class="running-header"', 1)[1].split("</div>", 1)[0]
    assert "Exempelstads kommun" in head
    assert "Kommunledningskontoret" in head
    assert f'fill="{COLOUR}"' in html
    assert "Malmö stad," not in html.split("</head>")[0]
