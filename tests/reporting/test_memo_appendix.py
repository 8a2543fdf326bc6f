"""The memo's project appendix is bounded: at most ``APPENDIX_MAX_PROJECTS`` projects, the
caption counting all of them and a note pointing to the rows workbook for the rest; the sum
is the whole year's. A year within the bound lists every project without a note."""

import io

import pytest
from docx import Document

from reporting.memo import pdf as memo_pdf_module
from reporting.memo.docx import memo_docx
from reporting.memo.pdf import appendix_context, memo_html, memo_organisation
from reporting.memo.services import memo_create_draft, memo_figures

pytestmark = pytest.mark.django_db

NOTE = "Alla projekt finns i underlaget (Excel) till tjänsteskrivelsen."


@pytest.fixture
def memo(data, development_coordinator):
    return memo_create_draft(year=2023, user=development_coordinator)


def test_a_year_within_the_bound_lists_every_project_without_a_note(memo):
    figures = memo_figures(2023)
    context = appendix_context(figures, memo_organisation(memo))
    assert len(context["project_rows"]) == figures.projects_total > 1
    assert context["projects_note"] == ""
    assert NOTE not in memo_html(figures, memo)


def test_beyond_the_bound_the_appendix_lists_the_first_and_points_to_the_workbook(
    memo, monkeypatch
):
    figures = memo_figures(2023)
    total = figures.projects_total
    monkeypatch.setattr(memo_pdf_module, "APPENDIX_MAX_PROJECTS", total - 1)
    context = appendix_context(figures, memo_organisation(memo))
    assert [row["name"] for row in context["project_rows"]] == [
        row.name for row in list(figures.projects)[: total - 1]
    ]
    html = memo_html(figures, memo)
    assert f"Tabellen visar de {total - 1} första av årets {total} projekt" in html
    assert NOTE in html and f"{total} projekt som förvaltningarna redovisat" in html
    document = Document(io.BytesIO(memo_docx(figures, memo)))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert NOTE in text and f"{total} projekt som förvaltningarna redovisat" in text
