"""The sources beside the memo editor in real Chromium: a passage inserted with the keyboard at
the cursor of a section, saved, stored; axe on the page."""

import pytest
from playwright.sync_api import expect

from projects.models import Administration, Submission
from reporting.memo.services import memo_create_draft
from reporting.models import Memo
from tests import factories
from tests.reporting.memo_helpers import build_two_years

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PRIORITIES = "Malmö som fristad för författare och konstnärer."
BANNED_BOOKS = "Under hösten arrangerade förvaltningen Banned Books Week i Malmö."


def test_a_passage_is_inserted_at_the_cursor_with_the_keyboard_and_saved(page, login, axe_check):
    data = build_two_years()
    Submission.objects.filter(administration=data["culture"], reporting_year__year=2023).update(
        networks="ICORN, fristadsnätverket för förföljda författare.",
        conferences=BANNED_BOOKS,
        priorities=PRIORITIES,
    )
    # A third administration still waiting for approval: the figures are preliminary.
    factories.SubmissionFactory(
        administration=Administration.objects.get(name="Fritidsförvaltningen"),
        reporting_year=data["big_report"].submission.reporting_year,
        state=Submission.State.SUBMITTED,
    )
    user = factories.DevelopmentCoordinatorFactory(email="bodil@malmo.se")
    memo = memo_create_draft(year=2023, user=user)
    Memo.objects.filter(pk=memo.pk).update(assessment="Första stycket.\n\nSista stycket.")
    login(user)

    page.goto("/rapport/tjansteskrivelser/2023/redigera/")
    assert (
        "Bygger på 2 av 3 förvaltningar, godkända." in page.locator("#figures-basis").inner_text()
    )
    sources = page.locator("#memo-sources")
    assert BANNED_BOOKS in sources.get_by_role("region", name="Kulturförvaltningen").inner_text()
    axe_check(page, "memo-edit-sources")
    # The administrations' prioritised directions are offered too.
    culture = sources.get_by_role("region", name="Kulturförvaltningen")
    expect(culture.get_by_text("Prioriterade inriktningar", exact=True)).to_be_visible()
    expect(culture.get_by_text(PRIORITIES)).to_be_visible()
    # On a wide screen the sources stand beside the form, not below it.
    form_box = page.locator("#memo-form").bounding_box()
    sources_box = sources.bounding_box()
    assert sources_box["x"] >= form_box["x"] + form_box["width"]
    assert sources_box["y"] < form_box["y"] + form_box["height"] / 2

    # Put the cursor right after "Första stycket." in the assessment, by keyboard.
    assessment = page.get_by_label("Kontorets bedömning")
    assessment.focus()
    page.keyboard.press("Control+Home")
    for _ in range(len("Första stycket.")):
        page.keyboard.press("ArrowRight")
    # The section last written in is the target.
    assert page.locator("#sources-target").input_value() == assessment.get_attribute("id")

    button = sources.get_by_role(
        "button", name="Infoga Konferenser som förvaltningen arrangerat, Kulturförvaltningen"
    )
    button.focus()
    page.keyboard.press("Enter")
    # A paragraph of its own, after the paragraph the cursor was in.
    expected = f"Första stycket.\n\n{BANNED_BOOKS}\n\nSista stycket."
    assert assessment.input_value() == expected
    assert "Infogat i avsnittet" in page.locator("#sources-status").inner_text()
    page.locator("#memo-preview").get_by_text(BANNED_BOOKS).wait_for()

    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Tjänsteskrivelsen är sparad.").wait_for()
    # Browsers send line breaks in form text as CRLF.
    assert Memo.objects.get(year=2023).assessment.replace("\r\n", "\n") == expected
    axe_check(page, "memo-edit-sources-saved")
