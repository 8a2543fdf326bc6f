"""The decision basis names the first decision step's meeting with its date code, "KSAU 240422",
as the seed memo does: the default text follows the step's date; a text written by hand stays."""

import datetime

import pytest
from django.urls import reverse

from reporting.memo import drafting
from reporting.memo.selectors import memo_wording
from reporting.memo.services import DecisionStepData, memo_create_draft, memo_update
from tests.reporting.memo_helpers import build_two_years

pytestmark = pytest.mark.django_db

KSAU = "Kommunstyrelsens arbetsutskott"
SEED = "- G-Tjänsteskrivelse KSAU 240422 Redovisning av internationellt arbete 2023"


@pytest.fixture
def memo(db, development_coordinator):
    build_two_years()
    return memo_create_draft(year=2023, user=development_coordinator)


def save(memo, user, *, decision_basis: str, first_date):
    return memo_update(
        memo=memo,
        user=user,
        revision=memo.revision,
        fields={"decision_basis": decision_basis},
        decision_steps=[
            DecisionStepData(body=KSAU, date=first_date),
            DecisionStepData(body="Kommunstyrelsen", date=None),
        ],
        officials=[],
        examples=[],
    )


def test_the_default_text_has_the_meeting_date_once_the_first_step_has_one(
    memo, development_coordinator
):
    assert memo.decision_basis == drafting.decision_basis_text(memo_wording(memo))
    memo = save(
        memo,
        development_coordinator,
        decision_basis=memo.decision_basis,
        first_date=datetime.date(2024, 4, 22),
    )
    assert memo.decision_basis == SEED
    # A new date: the default text follows it.
    memo = save(
        memo, development_coordinator, decision_basis=SEED, first_date=datetime.date(2024, 5, 6)
    )
    assert "KSAU 240506 " in memo.decision_basis


def test_a_decision_basis_written_by_hand_stays_as_it_is(memo, development_coordinator):
    own = "- Egen handling"
    memo = save(
        memo, development_coordinator, decision_basis=own, first_date=datetime.date(2024, 4, 22)
    )
    assert memo.decision_basis == own


def test_the_preview_shows_the_date_before_saving(client, memo, development_coordinator):
    client.force_login(development_coordinator)
    data = {
        "revision": memo.revision,
        "title": memo.title,
        "decision_basis": memo.decision_basis,
        "steps-TOTAL_FORMS": "1",
        "steps-INITIAL_FORMS": "0",
        "steps-0-body": KSAU,
        "steps-0-date": "2024-04-22",
        "officials-TOTAL_FORMS": "0",
        "officials-INITIAL_FORMS": "0",
    }
    html = client.post(reverse("reporting:memo_preview", args=[2023]), data).content.decode()
    assert "G-Tjänsteskrivelse KSAU 240422 Redovisning" in html


# --- the signature block ---------------------------------------------------------------------

NAMES = ("Micael Nord", "Magdalena Bondeson", "Andreas Norbrant")


def _with_officials(memo, assessment: str):
    from reporting.models import Memo, MemoOfficial

    Memo.objects.filter(pk=memo.pk).update(assessment=assessment)
    memo.officials.all().delete()
    for order, name in enumerate(NAMES, start=1):
        MemoOfficial.objects.create(memo=memo, order=order, name=name, title="Direktör")
    return Memo.objects.get(pk=memo.pk)


def test_the_signature_block_is_never_split_across_pages_in_the_pdf(memo):
    import io

    from django.template.loader import render_to_string
    from pypdf import PdfReader

    from reporting.memo.pdf import PRINT_TEMPLATE, document_context, html_to_pdf

    split = []
    # Assessments of these lengths move the signature block past the end of a page (without
    # keeping it together, 25 to 27 lines split it); the body alone is laid out.
    for lines in range(18, 34):
        memo = _with_officials(memo, "\n".join(f"Rad {n} i bedömningen." for n in range(lines)))
        context = document_context(memo) | {"charts": [], "project_rows": [], "payouts_total": ""}
        pdf = html_to_pdf(render_to_string(PRINT_TEMPLATE, context))
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
        [page] = [text for text in pages if "Ansvariga" in text]
        if not all(name in page for name in NAMES):
            split.append(lines)
    assert split == []


def test_the_signature_block_is_kept_together_in_the_word_file(memo):
    import io

    from docx import Document

    from reporting.memo.docx import memo_docx
    from reporting.memo.services import memo_figures

    memo = _with_officials(memo, "Bedömning.")
    document = Document(io.BytesIO(memo_docx(memo_figures(2023), memo)))
    paragraphs = document.paragraphs
    heading = next(i for i, p in enumerate(paragraphs) if p.text == "Ansvariga")
    block = paragraphs[heading : heading + 1 + len(NAMES)]
    assert [p.text.split("\t")[0] for p in block[1:]] == list(NAMES)
    assert all(p.paragraph_format.keep_with_next for p in block[:-1])
    assert all(p.paragraph_format.keep_together for p in block[1:])
