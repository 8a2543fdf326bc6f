"""Review that sees the submission, in real Chromium: the warnings the coordinator confirmed,
and a comment on a project that reaches the coordinator beside the project."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from projects import services
from projects.models import Submission
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_reviewer_sees_confirmed_warnings_and_a_project_comment_reaches_the_coordinator(
    page, login, axe_check
):
    coordinator = factories.CoordinatorFactory(
        email="samordnare@malmo.se",
        administration=factories.AdministrationFactory(name="Miljöförvaltningen", short_code="MF"),
    )
    reviewer = factories.DevelopmentCoordinatorFactory(email="granskare@malmo.se")
    administration = coordinator.administration
    last = factories.SubmissionFactory(
        administration=administration,
        reporting_year=factories.ReportingYearFactory(year=2023),
        state=Submission.State.APPROVED,
    )
    factories.ProjectReportFactory(
        submission=last, name="Pågår till 2026", end_date=datetime.date(2026, 6, 30)
    )
    submission = factories.SubmissionFactory(
        administration=administration,
        reporting_year=factories.ReportingYearFactory(year=2024),
        **dict.fromkeys(Submission.NARRATIVE_FIELDS, "Inga."),
    )
    report = factories.ProjectReportFactory(submission=submission, name="Gröna tak")
    other = factories.ProjectReportFactory(submission=submission, name="Blå tak")
    factories.PayoutFactory(
        report=report, payment_date=datetime.date(2024, 5, 2), amount_sek=Decimal("10000")
    )
    services.submission_submit(
        submission=submission, by=coordinator, confirm_warnings=True, version=submission.version
    )

    login(reviewer)
    page.goto(f"/inrapportering/{submission.pk}/")
    confirmed = page.locator("#confirmed-warnings")
    expect(confirmed).to_contain_text("Pågår till 2026")
    axe_check(page, "review-confirmed-warnings")

    card = page.locator(f"#report-{report.pk}")
    card.get_by_text("Kommentera projektet").click()
    card.get_by_label("Kommentar om projektet").fill("Ange resultaten för taken.")
    axe_check(page, "review-comment-form")
    card.get_by_role("button", name="Spara kommentaren").click()
    expect(page.get_by_text("Kommentaren är sparad.")).to_be_visible()
    page.locator(".review-panel").get_by_label("Kommentar till förvaltningen").fill("Komplettera.")
    page.get_by_role("button", name="Skicka tillbaka för komplettering").click()
    expect(page.locator(".submission-state")).to_have_text("Återskickad för komplettering")
    page.get_by_role("button", name=re.compile("Logga ut")).click()

    login(coordinator)
    page.goto(f"/inrapportering/{submission.pk}/")
    comments = page.locator(f"#report-{report.pk} .review-comments")
    expect(comments).to_contain_text("Ange resultaten för taken.")
    expect(comments).to_contain_text("Kommentarer från granskningen")
    expect(page.locator(f"#report-{other.pk} .review-comments")).to_have_count(0)
    axe_check(page, "review-comment-for-coordinator")


def test_close_page_names_who_has_not_finished_and_reminds_from_there(
    page, login, axe_check, mailoutbox
):
    year = factories.ReportingYearFactory(year=2024)
    for name, code, coordinator in (
        ("Miljöförvaltningen", "MF", "mf@malmo.se"),
        ("Kulturförvaltningen", "KUF", None),
    ):
        administration = factories.AdministrationFactory(name=name, short_code=code)
        factories.SubmissionFactory(administration=administration, reporting_year=year)
        if coordinator:
            factories.CoordinatorFactory(email=coordinator, administration=administration)
    login(factories.DevelopmentCoordinatorFactory(email="granskare@malmo.se"))
    page.goto("/ar/2024/stang/")
    rows = page.locator("table.not-sent-in tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Ingen samordnare")
    expect(rows.nth(1)).to_contain_text("Inte påbörjad")
    axe_check(page, "year-close-by-name")
    page.get_by_role("button", name="Skicka påminnelse till Miljöförvaltningen").click()
    expect(page.get_by_role("status").first).to_contain_text("1 påminnelse skickad")
    expect(page).to_have_url(re.compile(r"/ar/2024/stang/$"))
    assert [message.to for message in mailoutbox] == [["mf@malmo.se"]]
