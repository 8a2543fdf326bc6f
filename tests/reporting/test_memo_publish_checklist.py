"""The checklist before publishing: who is approved (by name), figures changed, empty sections;
publishing on part of the city only by an explicit choice, and the memo then says on what it
rests, in its text, PDF and Word file."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document

from projects.models import Submission
from reporting.memo.checklist import publish_checklist
from reporting.memo.files import memo_publish
from reporting.memo.requests import memo_publish_request
from reporting.memo.services import memo_create_draft, memo_refresh_figures
from reporting.models import Memo, MemoRender, PublishedMemo
from tests import factories as f
from tests.reporting.memo_helpers import build_two_years, make_publishable
from tests.reporting.test_memo_docx import docx_text
from tests.reporting.test_memo_pdf import pdf_text

pytestmark = pytest.mark.django_db

APPROVED, SUBMITTED, DRAFT = (
    Submission.State.APPROVED,
    Submission.State.SUBMITTED,
    Submission.State.DRAFT,
)
SENTENCE = "Redovisningen bygger på uppgifter från 2 av 3 förvaltningar."


@pytest.fixture
def part_of_2024(db):
    """2024 closed with two of three administrations approved (each with a project and a
    payout): Betaförvaltningen's submission is still submitted."""
    reporting_year = f.ReportingYearFactory(year=2024, is_open=False)
    submissions = {}
    for name, code, state in (
        ("Alfaförvaltningen", "ALF", APPROVED),
        ("Betaförvaltningen", "BET", SUBMITTED),
        ("Östra förvaltningen", "OST", APPROVED),
    ):
        submissions[code] = f.SubmissionFactory(
            administration=f.AdministrationFactory(name=name, short_code=code),
            reporting_year=reporting_year,
            state=state,
        )
        f.PayoutFactory(report=f.ProjectReportFactory(submission=submissions[code]))
    return submissions


@pytest.fixture
def memo_2024(part_of_2024, development_coordinator):
    return make_publishable(memo_create_draft(year=2024, user=development_coordinator))


def test_a_draft_on_part_of_the_city_says_on_what_it_rests(memo_2024):
    assert memo_2024.projects_text.split("\n\n")[0] == SENTENCE


def test_a_draft_of_a_complete_year_has_no_such_sentence(db, development_coordinator):
    build_two_years()
    memo = memo_create_draft(year=2023, user=development_coordinator)
    assert "bygger på uppgifter från" not in memo.projects_text
    assert memo.projects_text.startswith("Projekten som förvaltningarna deltar i")


def test_the_checklist_names_the_approved_and_the_others_with_their_progress(memo_2024):
    checklist = publish_checklist(memo_2024)
    assert [row.name for row in checklist.approved] == ["Alfaförvaltningen", "Östra förvaltningen"]
    assert [(row.name, row.progress) for row in checklist.not_approved] == [
        ("Betaförvaltningen", SUBMITTED)
    ]
    assert checklist.incomplete and checklist.ready
    # No project was suggested as an example: the example section is empty.
    assert checklist.empty_sections == ["examples_text"]


def test_the_checklist_lists_empty_sections_and_figures_changed(memo_2024, part_of_2024):
    Memo.objects.filter(pk=memo_2024.pk).update(assessment="  ", recipients="")
    f.PayoutFactory(report=part_of_2024["ALF"].project_reports.get())
    checklist = publish_checklist(Memo.objects.get(pk=memo_2024.pk))
    assert checklist.empty_sections == ["recipients", "examples_text", "assessment"]
    assert checklist.figures_changed and not checklist.ready


def test_publishing_on_part_of_the_city_is_refused_without_the_choice(
    memo_2024, development_coordinator
):
    for publish in (memo_publish, memo_publish_request):
        with pytest.raises(ValidationError) as refused:
            publish(memo=memo_2024, user=development_coordinator)
        assert refused.value.error_list[0].code == "incomplete_basis"
    assert not PublishedMemo.objects.exists()


def test_texts_written_on_another_basis_must_be_refreshed_first(
    memo_2024, part_of_2024, development_coordinator
):
    # Betaförvaltningen's project is the same kind as the others: the figures change too,
    # so approve a submission without projects to change the basis alone.
    part_of_2024["BET"].project_reports.all().delete()
    Submission.objects.filter(pk=part_of_2024["BET"].pk).update(state=APPROVED)
    with pytest.raises(ValidationError) as refused:
        memo_publish(memo=memo_2024, user=development_coordinator, incomplete_accepted=True)
    assert refused.value.error_list[0].code == "basis_changed"
    memo = memo_refresh_figures(memo=memo_2024, user=development_coordinator)
    assert "bygger på uppgifter från" not in memo.projects_text
    assert memo_publish(memo=memo, user=development_coordinator).version == 1


def test_published_on_part_of_the_city_the_pdf_and_word_file_state_the_basis(
    memo_2024, development_coordinator, tmp_path
):
    published = memo_publish(memo=memo_2024, user=development_coordinator, incomplete_accepted=True)
    assert SENTENCE in pdf_text(bytes(published.pdf), tmp_path)
    assert SENTENCE in docx_text(Document(io.BytesIO(bytes(published.docx))))


def test_the_publish_page_shows_the_checklist_with_links_to_the_submissions(
    client, memo_2024, part_of_2024, development_coordinator
):
    client.force_login(development_coordinator)
    page = client.get(reverse("reporting:memo_publish", args=[2024])).content.decode()
    assert 'id="publish-checklist"' in page
    for code in ("ALF", "BET", "OST"):
        url = reverse("projects:submission_detail", args=[part_of_2024[code].pk])
        assert f'href="{url}"' in page
    assert "Betaförvaltningen</a> – Inskickad" in page
    assert 'name="incomplete_accepted"' in page
    assert f"”{SENTENCE}”" in page


def test_publishing_without_the_choice_shows_the_error_next_to_the_box_and_a_summary(
    client, memo_2024, development_coordinator
):
    client.force_login(development_coordinator)
    url = reverse("reporting:memo_publish", args=[2024])
    response = client.post(url, {})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.has_error("incomplete_accepted", "incomplete_not_chosen")
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert 'href="#id_incomplete_accepted"' in page
    assert 'id="id_incomplete_accepted_error"' in page
    assert not MemoRender.objects.filter(kind=MemoRender.Kind.PUBLISH).exists()

    response = client.post(url, {"incomplete_accepted": "on"})
    assert response.status_code == 302
    request = MemoRender.objects.get(kind=MemoRender.Kind.PUBLISH)
    assert request.incomplete_basis_accepted


def test_a_complete_year_is_published_without_the_box(client, development_coordinator):
    build_two_years()
    make_publishable(memo_create_draft(year=2023, user=development_coordinator))
    client.force_login(development_coordinator)
    url = reverse("reporting:memo_publish", args=[2023])
    assert 'name="incomplete_accepted"' not in client.get(url).content.decode()
    assert client.post(url, {}).status_code == 302
