"""The yearly round in real Chromium, with an axe check of every page visited."""

import re

import pytest

from projects.models import ReportingYear, Submission, SubmissionComment
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def logout(page):
    page.get_by_role("button", name=re.compile("Logga ut")).click()
    page.wait_for_url("**/logga-in/**")


def status_text(page) -> str:
    return page.get_by_role("status").first.inner_text()


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
    login(development_coordinator)
    axe_check(page, "round-home-development-coordinator")

    # Open the year from the navigation.
    page.get_by_role("link", name="Redovisningsår", exact=True).click()
    axe_check(page, "round-year-list-empty")
    page.get_by_role("link", name="Öppna ett redovisningsår").click()
    page.get_by_label(re.compile(r"^\s*År")).fill("2023")
    page.get_by_label(re.compile(r"^\s*Sista dag för inrapportering")).fill("2099-02-28")
    axe_check(page, "round-year-open-form")
    page.get_by_role("button", name="Öppna året").click()
    page.wait_for_url("**/ar/2023/")
    assert "Redovisningsåret 2023 är öppet" in status_text(page)
    axe_check(page, "round-overview-opened")
    assert (
        page.get_by_role("row", name=re.compile("Miljöförvaltningen"))
        .get_by_text("Inte påbörjad")
        .is_visible()
    )

    # The coordinator has entered a project with a payout and submitted (built directly here).
    submission = Submission.objects.get(
        reporting_year__year=2023, administration=coordinator.administration
    )
    factories.PayoutFactory(report__submission=submission, report__project__name="Gröna tak")
    submission.state = Submission.State.SUBMITTED
    submission.save()

    page.get_by_label("Filtrera på status").select_option("submitted")
    page.get_by_role("button", name="Filtrera").click()
    assert page.locator("tbody tr").count() == 1
    axe_check(page, "round-overview-filtered")

    # Remind those who have not submitted.
    page.get_by_role("button", name=re.compile("Skicka påminnelse")).click()
    assert "ingen aktiv samordnare" in page.get_by_role("status").inner_text()
    axe_check(page, "round-overview-reminders")

    # Review: an empty comment is refused next to the field.
    page.get_by_role("link", name="Miljöförvaltningen").click()
    axe_check(page, "round-review-submitted")
    page.get_by_role("button", name="Skicka tillbaka för komplettering").click()
    assert page.get_by_role("alert").is_visible()
    assert "Skriv en kommentar" in page.get_by_role("alert").inner_text()
    axe_check(page, "round-review-return-error")
    page.get_by_label("Kommentar till förvaltningen").fill("Ange resultat för Gröna tak.")
    page.get_by_role("button", name="Skicka tillbaka för komplettering").click()
    assert "skickats tillbaka" in status_text(page)
    assert page.get_by_text("Ange resultat för Gröna tak.").is_visible()
    axe_check(page, "round-review-returned")
    assert [m.to for m in mailoutbox][-1] == ["samordnare@malmo.se"]

    # Resubmitted meanwhile; approve.
    submission.refresh_from_db()
    submission.state = Submission.State.SUBMITTED
    submission.save()
    page.reload()
    page.get_by_role("button", name="Godkänn inrapporteringen").click()
    assert "är godkänd" in status_text(page)
    axe_check(page, "round-review-approved")

    # Reopen with a reason, then open the change history.
    page.get_by_label("Anledning till återöppning").fill("Fel belopp.")
    page.get_by_role("button", name="Återöppna inrapporteringen").click()
    assert "återöppnad" in status_text(page)
    page.get_by_text(re.compile(r"Visa \d+ ändringar")).click()
    assert page.get_by_text("Status: Godkänd → Återskickad för komplettering").first.is_visible()
    axe_check(page, "round-review-reopened-history")
    kinds = list(submission.comments.values_list("kind", flat=True))
    assert kinds == [
        SubmissionComment.Kind.RETURNED,
        SubmissionComment.Kind.APPROVED,
        SubmissionComment.Kind.REOPENED,
    ]

    # Close the year.
    page.get_by_role("link", name="Redovisningsår", exact=True).click()
    page.get_by_role("button", name="Stäng 2023").click()
    assert "stängt" in status_text(page)
    axe_check(page, "round-year-list-closed")
    assert not ReportingYear.objects.get(year=2023).is_open
