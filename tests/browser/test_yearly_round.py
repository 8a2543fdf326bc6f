"""The yearly round in real Chromium, with an axe check of every page visited.

Each step waits for what the next page shows (``expect``) before it reads or clicks on: a
click that sends a form and a read or a second click before the answer came would see the old
page, or send a form twice."""

import re

import pytest
from playwright.sync_api import expect

from projects.models import ReportingYear, Submission, SubmissionComment
from tests import factories
from tests.browser.entry_helpers import fill_project

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def reference_rows(db):
    """The rows the pages offer, made here: a transactional test before may have flushed them."""
    factories.CouncilGoalFactory(
        name="Utbildning och arbete", valid_from_year=2022, valid_to_year=2026, order=1
    )
    factories.FundingProgrammeFactory(
        name="Europeiska socialfonden (ESF/ESF+)", short_name="ESF", cofinancing_min=40
    )


def open_year_2023(page):
    page.get_by_role("spinbutton", name="År").fill("2023")
    page.get_by_label(re.compile(r"^\s*Sista dag för inrapportering")).fill("2099-02-28")
    page.get_by_label("Utbildning och arbete (2022–2026)").check()


def logout(page):
    page.get_by_role("button", name=re.compile("Logga ut")).click()
    page.wait_for_url("**/logga-in/**")


def on_submission_page(page, submission):
    page.wait_for_url(re.compile(re.escape(submission.get_absolute_url()) + r"([?#].*)?$"))


def expect_status(page, text: str):
    """Wait for the page's message region to say ``text`` (the answer to the last form)."""
    expect(page.get_by_role("status").first).to_contain_text(text)


def on_submit_page(page):
    """The confirmation page of submitting, with its warnings (if any) shown."""
    page.wait_for_url("**/skicka-in/")
    expect(page.get_by_role("button", name="Skicka in till")).to_be_visible()


def test_development_coordinator_reviews_on_own_pages(page, login, axe_check, mailoutbox):
    """Open a year, follow the overview, return, approve, reopen and close: every page checked."""
    development_coordinator = factories.DevelopmentCoordinatorFactory(
        email="utveckling@malmo.se", full_name="Ulla Utveckling"
    )
    coordinator = factories.CoordinatorFactory(
        email="samordnare@malmo.se",
        full_name="Sara Samordnare",
        administration=factories.AdministrationFactory(name="Miljöförvaltningen"),
    )
    page.goto("/konto/logga-in/")
    axe_check(page, "round-login")
    login(development_coordinator)
    axe_check(page, "round-home-development-coordinator")

    # Open the year from the navigation.
    page.get_by_role("link", name="Redovisningsår", exact=True).click()
    axe_check(page, "round-year-list-empty")
    page.get_by_role("link", name="Öppna ett redovisningsår").click()
    open_year_2023(page)
    axe_check(page, "round-year-open-form")
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_role("heading", name="Öppna redovisningsåret 2023?")).to_be_visible()
    axe_check(page, "round-year-open-confirm")
    page.get_by_role("button", name="Ja, öppna 2023").click()
    page.wait_for_url("**/ar/2023/")
    expect_status(page, "Redovisningsåret 2023 är öppet")
    axe_check(page, "round-overview-opened")
    expect(
        page.get_by_role("row", name=re.compile("Miljöförvaltningen")).get_by_text("Inte påbörjad")
    ).to_be_visible()

    # The coordinator has entered a project with a payout and submitted (built directly here).
    submission = Submission.objects.get(
        reporting_year__year=2023, administration=coordinator.administration
    )
    factories.PayoutFactory(report__submission=submission, report__name="Gröna tak")
    submission.state = Submission.State.SUBMITTED
    submission.save()

    page.get_by_label("Filtrera på status").select_option("submitted")
    page.get_by_role("button", name="Filtrera").click()
    expect(page).to_have_url(re.compile(r"[?&]status=submitted"))
    expect(page.locator("tbody tr")).to_have_count(1)
    axe_check(page, "round-overview-filtered")

    # Remind those who have not submitted.
    # The only coordinator's administration has submitted: the page says nobody gets one.
    page.get_by_role("link", name=re.compile("Skicka påminnelse")).click()
    expect(page.locator("main")).to_contain_text("ingen aktiv samordnare att påminna")
    axe_check(page, "round-reminders-confirm")
    expect(page.get_by_role("button", name="Ja, skicka påminnelserna")).to_have_count(0)
    page.get_by_role("link", name="Tillbaka till översikten 2023").click()
    page.wait_for_url("**/ar/2023/")

    # Review: an empty comment is refused next to the field.
    page.get_by_role("link", name="Miljöförvaltningen").click()
    on_submission_page(page, submission)
    axe_check(page, "round-review-submitted")
    page.get_by_role("button", name="Skicka tillbaka för komplettering").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Skriv en kommentar")
    axe_check(page, "round-review-return-error")
    page.get_by_label("Kommentar till förvaltningen").fill("Ange resultat för Gröna tak.")
    page.get_by_role("button", name="Skicka tillbaka för komplettering").click()
    expect_status(page, "skickats tillbaka")
    # Shown at the top of the page and kept under "Kommentarer".
    expect(page.locator(".return-note").get_by_text("Ange resultat för Gröna tak.")).to_be_visible()
    expect(
        page.locator(".submission-comments").get_by_text("Ange resultat för Gröna tak.")
    ).to_be_visible()
    axe_check(page, "round-review-returned")
    assert [m.to for m in mailoutbox][-1] == ["samordnare@malmo.se"]

    # Resubmitted meanwhile; approve.
    submission.refresh_from_db()
    submission.state = Submission.State.SUBMITTED
    submission.save()
    page.reload()
    axe_check(page, "round-review-resubmitted")
    page.get_by_role("button", name="Godkänn inrapporteringen").click()
    expect_status(page, "är godkänd")
    axe_check(page, "round-review-approved")

    # Reopen with a reason, then open the change history.
    page.get_by_label("Anledning till återöppning").fill("Fel belopp.")
    page.get_by_role("button", name="Återöppna inrapporteringen").click()
    expect_status(page, "återöppnad")
    page.get_by_text(re.compile(r"Visa \d+ ändringar")).click()
    expect(
        page.get_by_text("Status: Godkänd → Återskickad för komplettering").first
    ).to_be_visible()
    axe_check(page, "round-review-reopened-history")
    kinds = list(submission.comments.values_list("kind", flat=True))
    assert kinds == [
        SubmissionComment.Kind.RETURNED,
        SubmissionComment.Kind.APPROVED,
        SubmissionComment.Kind.REOPENED,
    ]

    # Close the year.
    page.get_by_role("link", name="Redovisningsår", exact=True).click()
    page.get_by_role("link", name="Stäng 2023").click()
    expect(page.get_by_role("button", name="Ja, stäng 2023")).to_be_visible()
    axe_check(page, "round-year-close-confirm")
    page.get_by_role("button", name="Ja, stäng 2023").click()
    expect_status(page, "stängt")
    axe_check(page, "round-year-list-closed")
    assert not ReportingYear.objects.get(year=2023).is_open


def test_whole_yearly_round(page, login, axe_check, mailoutbox):
    """Open, enter two projects with payouts, submit, return, fix, resubmit, approve."""
    development_coordinator = factories.DevelopmentCoordinatorFactory(
        email="utveckling@malmo.se", full_name="Ulla Utveckling"
    )
    coordinator = factories.CoordinatorFactory(
        email="samordnare@malmo.se",
        full_name="Sara Samordnare",
        administration=factories.AdministrationFactory(name="Miljöförvaltningen"),
    )

    # 1. The development coordinator opens 2023.
    page.goto("/konto/logga-in/")
    axe_check(page, "full-login")
    login(development_coordinator)
    axe_check(page, "full-home-development-coordinator")
    page.get_by_role("link", name="Öppna ett redovisningsår").click()
    open_year_2023(page)
    page.get_by_role("button", name="Fortsätt").click()
    page.get_by_role("button", name="Ja, öppna 2023").click()
    page.wait_for_url("**/ar/2023/")
    expect_status(page, "Redovisningsåret 2023 är öppet")
    axe_check(page, "full-overview-opened")
    logout(page)

    # 2. The coordinator enters two projects with payouts, the narrative, and submits.
    submission = Submission.objects.get(
        reporting_year__year=2023, administration=coordinator.administration
    )
    login(coordinator)
    axe_check(page, "full-home-coordinator")
    page.goto(submission.get_absolute_url())
    axe_check(page, "full-submission-empty")
    page.get_by_role("link", name="Lägg till projekt").click()
    page.wait_for_url("**/projekt/nytt/")
    fill_project(
        page,
        name="Gröna tak i Malmö",
        acronym="GRÖNT",
        payouts=[("2023-03-15", "250 000"), ("2023-09-30", "125 000,50")],
        results="Tio tak planterade.",
    )
    axe_check(page, "full-project-form")
    page.get_by_role("button", name="Spara projektet").click()
    on_submission_page(page, submission)
    expect_status(page, "Projektet ”Gröna tak i Malmö” har sparats.")
    page.get_by_role("link", name="Lägg till projekt").click()
    page.wait_for_url("**/projekt/nytt/")
    fill_project(
        page,
        name="Cykelstaden",
        acronym="CYKEL",
        payouts=[("2023-05-01", "80 000")],
        results="Nya cykelbanor planerade.",
    )
    axe_check(page, "full-project-form-second")
    page.get_by_role("button", name="Spara projektet").click()
    on_submission_page(page, submission)
    expect_status(page, "Projektet ”Cykelstaden” har sparats.")
    axe_check(page, "full-submission-two-projects")
    page.get_by_role("link", name="Skriv berättelsen").first.click()
    for label in [
        "Översikt över årets internationella arbete",
        "Prioriterade inriktningar",
        "Nätverk och medlemskap",
        "Studiebesök och utbyten",
        "Konferenser som förvaltningen arrangerat",
        "Resultat av det internationella arbetet",
    ]:
        page.get_by_label(label).fill("Inga")
    axe_check(page, "full-narrative")
    page.get_by_role("button", name="Spara berättelsen").click()
    on_submission_page(page, submission)
    expect_status(page, "Berättelsen har sparats.")
    axe_check(page, "full-submission-complete")
    page.get_by_role("link", name="Skicka in", exact=True).click()
    on_submit_page(page)
    axe_check(page, "full-submit-confirm")
    confirm = page.get_by_label("Jag har kontrollerat varningarna")
    if confirm.count():
        confirm.check()
    page.get_by_role("button", name="Skicka in till").click()
    on_submission_page(page, submission)
    expect_status(page, "Inrapporteringen har skickats in till")
    submission.refresh_from_db()
    assert submission.state == Submission.State.SUBMITTED
    axe_check(page, "full-submitted-coordinator")
    logout(page)

    # 3. The development coordinator finds it in the overview and returns it with a comment.
    login(development_coordinator)
    axe_check(page, "full-home-development-coordinator-submitted")
    page.get_by_role("link", name="Översikt", exact=True).click()
    page.wait_for_url("**/ar/2023/")
    row = page.get_by_role("row", name=re.compile("Miljöförvaltningen"))
    expect(row.get_by_text("Inskickad")).to_be_visible()
    # After the row's header: status, late, projects, payouts, paid (two projects, three
    # payouts: 250 000 + 125 000,50 + 80 000 kr).
    cells = row.get_by_role("cell")
    expect(cells.nth(2)).to_have_text("2")
    expect(cells.nth(3)).to_have_text("3")
    expect(cells.nth(4)).to_have_text(re.compile(r"^455\s000,50\skr$"))
    axe_check(page, "full-overview-submitted")
    row.get_by_role("link", name="Miljöförvaltningen").click()
    on_submission_page(page, submission)
    axe_check(page, "full-review-submitted")
    page.get_by_label("Kommentar till förvaltningen").fill(
        "Beskriv resultaten för Cykelstaden mer konkret."
    )
    page.get_by_role("button", name="Skicka tillbaka för komplettering").click()
    expect_status(page, "skickats tillbaka")
    axe_check(page, "full-review-returned")
    logout(page)

    # 4. The coordinator sees the comment, fixes the project and submits again.
    login(coordinator)
    axe_check(page, "full-home-coordinator-returned")
    page.goto(submission.get_absolute_url())
    # Shown at the top of the page and kept under "Kommentarer".
    expect(
        page.locator(".return-note").get_by_text("Beskriv resultaten för Cykelstaden mer konkret.")
    ).to_be_visible()
    expect(
        page.locator(".submission-comments").get_by_text(
            "Beskriv resultaten för Cykelstaden mer konkret."
        )
    ).to_be_visible()
    axe_check(page, "full-returned-coordinator")
    page.get_by_role("link", name="Ändra Cykelstaden").click()
    expect(page.get_by_label("Resultat under året")).to_have_value("Nya cykelbanor planerade.")
    axe_check(page, "full-project-edit")
    page.get_by_label("Resultat under året").fill("Tre kilometer cykelbana byggd.")
    page.get_by_role("button", name="Spara projektet").click()
    on_submission_page(page, submission)
    expect_status(page, "Projektet ”Cykelstaden” har sparats.")
    axe_check(page, "full-returned-fixed")
    page.get_by_role("link", name="Skicka in", exact=True).click()
    on_submit_page(page)
    axe_check(page, "full-resubmit-confirm")
    confirm = page.get_by_label("Jag har kontrollerat varningarna")
    if confirm.count():
        confirm.check()
    page.get_by_role("button", name="Skicka in till").click()
    on_submission_page(page, submission)
    expect_status(page, "Inrapporteringen har skickats in till")
    axe_check(page, "full-resubmitted-coordinator")
    logout(page)

    # 5. The development coordinator approves; the history shows the fix.
    login(development_coordinator)
    axe_check(page, "full-home-development-coordinator-resubmitted")
    page.goto(submission.get_absolute_url())
    axe_check(page, "full-review-resubmitted")
    page.get_by_text(re.compile(r"Visa \d+ ändringar")).click()
    expect(
        page.get_by_text(
            "Resultat under året: Nya cykelbanor planerade. → Tre kilometer cykelbana byggd."
        )
    ).to_be_visible()
    page.get_by_role("button", name="Godkänn inrapporteringen").click()
    expect_status(page, "är godkänd")
    axe_check(page, "full-review-approved")

    submission.refresh_from_db()
    assert submission.state == Submission.State.APPROVED
    assert submission.approved_by == development_coordinator
    assert submission.project_reports.count() == 2
    assert list(submission.comments.values_list("kind", flat=True)) == [
        SubmissionComment.Kind.SUBMITTED,
        SubmissionComment.Kind.RETURNED,
        SubmissionComment.Kind.SUBMITTED,
        SubmissionComment.Kind.APPROVED,
    ]
    to_coordinator = [m.subject for m in mailoutbox if m.to == ["samordnare@malmo.se"]]
    assert any("kompletteras" in subject for subject in to_coordinator)
    assert any("godkänd" in subject for subject in to_coordinator)
