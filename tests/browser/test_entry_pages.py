"""A coordinator enters a project with payouts, writes the narrative and submits, in Chromium."""

import datetime
import re

import pytest
from django.utils import timezone

from projects.models import Payout, Submission
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NARRATIVE_LABELS = [
    "Översikt över årets internationella arbete",
    "Prioriterade inriktningar",
    "Nätverk och medlemskap",
    "Studiebesök och utbyten",
    "Konferenser som förvaltningen arrangerat",
    "Resultat av det internationella arbetet",
]


def test_coordinator_enters_project_with_payouts_and_submits(page, login, axe_check):
    administration = factories.AdministrationFactory(name="Miljöförvaltningen", short_code="MF")
    submission = factories.SubmissionFactory(administration=administration)
    factories.FundingProgrammeFactory(name="Europeiska socialfonden", short_name="ESF+")
    factories.DevelopmentCoordinatorFactory(email="utveckling@malmo.se")
    coordinator = factories.CoordinatorFactory(
        email="samordnare@malmo.se", administration=administration
    )

    login(coordinator)
    page.get_by_role("link", name="Gå till inrapporteringen för 2023").click()
    page.wait_for_url(f"**{submission.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Inrapportering 2023")
    axe_check(page, "entry-submission-empty")

    page.get_by_role("link", name="Lägg till projekt").click()
    page.get_by_label("Projektnamn").fill("Grön omställning i Malmö")
    page.get_by_label("Förkortning").fill("GRÖN")
    page.get_by_label("Program eller fond").select_option(label="Europeiska socialfonden")
    page.get_by_label("Projektägare", exact=True).check()
    page.get_by_label("Startdatum").fill("2023-01-01")
    page.get_by_label("Slutdatum").fill("2025-06-30")
    page.get_by_label("Total projektbudget (kr)").fill("1 250 000")
    page.get_by_label(re.compile(r"\sdel av budgeten \(kr\)")).fill("600 000")
    page.get_by_label("EU-medfinansiering (%)").fill("50")
    page.get_by_label("Kommunfullmäktigemål").select_option(label="Utbildning och arbete")
    page.get_by_label("Resultat under året").fill("Tre nya samarbeten.")
    page.get_by_label("Utbetalning 1: Datum").fill("2022-12-30")  # outside the year: refused
    page.get_by_label("Utbetalning 1: Belopp (kr)").fill("100 000")
    page.get_by_label("Utbetalning 2: Datum").fill("2023-09-01")
    page.get_by_label("Utbetalning 2: Belopp (kr)").fill("12,5")
    axe_check(page, "entry-project-form")
    page.get_by_role("button", name="Spara projektet").click()

    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert "Datumet 2022-12-30 ligger utanför redovisningsåret 2023." in summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    axe_check(page, "entry-project-form-errors")
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_payouts-0-payment_date"
    page.get_by_label("Utbetalning 1: Datum").fill("2023-03-15")
    page.get_by_role("button", name="Spara projektet").click()

    page.wait_for_url(f"**{submission.get_absolute_url()}*")
    assert (
        page.get_by_role("status")
        .inner_text()
        .startswith("Projektet ”Grön omställning i Malmö” har sparats.")
    )
    project_card = page.get_by_role("article", name="Grön omställning i Malmö (GRÖN)")
    assert "100\u00a0012,50" in project_card.inner_text()
    assert "1\u00a0250\u00a0000\u00a0kr" in project_card.inner_text()
    assert Payout.objects.count() == 2
    axe_check(page, "entry-submission-with-project")

    page.get_by_role("link", name="Skriv berättelsen").first.click()
    for label in NARRATIVE_LABELS:
        page.get_by_label(label).fill(f"{label}: text från förvaltningen.")
    axe_check(page, "entry-narrative")
    page.get_by_role("button", name="Spara berättelsen").click()
    page.wait_for_url(f"**{submission.get_absolute_url()}*")
    assert "Allt som krävs är ifyllt" in page.content()

    page.get_by_role("link", name="Skicka in", exact=True).click()
    axe_check(page, "entry-submit")
    page.get_by_role("button", name="Skicka in till").click()
    page.wait_for_url(f"**{submission.get_absolute_url()}")
    assert "Inrapporteringen har skickats in" in page.get_by_role("status").inner_text()
    assert page.locator(".submission-state").inner_text() == "Inskickad"
    assert page.get_by_role("link", name="Lägg till projekt").count() == 0
    axe_check(page, "entry-submitted")
    submission.refresh_from_db()
    assert submission.state == Submission.State.SUBMITTED


def test_coordinator_copies_last_years_project_and_confirms_a_warning(page, login, axe_check):
    administration = factories.AdministrationFactory(name="Miljöförvaltningen", short_code="MF")
    submission = factories.SubmissionFactory(administration=administration)
    previous = factories.SubmissionFactory(
        administration=administration,
        reporting_year=factories.ReportingYearFactory(year=2022, is_open=False),
    )
    factories.ProjectReportFactory(submission=previous, name="Hamnprojektet", acronym="HAMN")
    coordinator = factories.CoordinatorFactory(
        email="samordnare@malmo.se", administration=administration
    )

    login(coordinator)
    page.goto(submission.get_absolute_url())
    page.get_by_role("link", name="Ta med projekt från förra året").click()
    axe_check(page, "entry-copy-forward")
    page.get_by_label("Hamnprojektet").check()
    page.get_by_role("button", name="Ta med valda projekt").click()
    page.wait_for_url(f"**{submission.get_absolute_url()}")
    assert "1 projekt har lagts till" in page.get_by_role("status").inner_text()

    page.get_by_role("link", name="Ändra Hamnprojektet").click()
    page.get_by_label("EU-medfinansiering (%)").fill("95")
    page.get_by_role("button", name="Lägg till en rad").click()  # a fourth payout row
    assert page.evaluate("document.activeElement.id") == "id_payouts-3-payment_date"
    page.get_by_label("Utbetalning 4: Datum").fill("2023-10-01")
    page.get_by_label("Utbetalning 4: Belopp (kr)").fill("2 500")
    page.get_by_role("button", name="Spara projektet").click()
    warnings = page.locator("#warnings")
    assert "utanför det vanliga intervallet" in warnings.inner_text()
    axe_check(page, "entry-project-form-warnings")
    page.get_by_label("Jag har kontrollerat varningarna").check()
    page.get_by_role("button", name="Spara projektet").click()
    page.wait_for_url(f"**{submission.get_absolute_url()}*")
    card = page.get_by_role("article", name="Hamnprojektet (HAMN)").inner_text()
    assert "95 %" in card
    assert "2023-10-01" in card
    assert Payout.objects.get().amount_sek == 2500


def test_project_form_and_overview_do_not_scroll_sideways_on_a_phone(page, login, axe_check):
    """At 390 px only the tables scroll, inside their container; the page itself does not."""
    administration = factories.AdministrationFactory(name="Miljöförvaltningen", short_code="MF")
    # Not overdue: the overview's "Sen" column then holds a visually hidden "Nej".
    year = factories.ReportingYearFactory(
        year=2023, deadline=timezone.localdate() + datetime.timedelta(days=30)
    )
    submission = factories.SubmissionFactory(administration=administration, reporting_year=year)
    factories.SubmissionFactory(  # a wide status badge pushes the "Sen" column off screen
        administration=factories.AdministrationFactory(
            name="Gymnasie- och vuxenutbildningsförvaltningen", short_code="GVF"
        ),
        reporting_year=year,
        state=Submission.State.RETURNED,
    )
    report = factories.ProjectReportFactory(submission=submission, name="Hamnprojektet")
    factories.PayoutFactory.create_batch(2, report=report)
    coordinator = factories.CoordinatorFactory(
        email="samordnare@malmo.se", administration=administration
    )
    developer = factories.DevelopmentCoordinatorFactory(email="utveckling@malmo.se")
    page.set_viewport_size({"width": 390, "height": 844})

    def page_width() -> int:
        return page.evaluate("document.documentElement.scrollWidth")

    login(coordinator)
    page.goto(submission.get_absolute_url())
    page.get_by_role("link", name="Ändra Hamnprojektet").click()
    page.get_by_label("Utbetalning 1: Belopp (kr)").wait_for()
    assert page_width() <= 390
    amount = page.get_by_label("Utbetalning 1: Belopp (kr)").bounding_box()
    assert amount["width"] >= 120  # room for "1 250 000,00"
    axe_check(page, "entry-project-form-390")

    page.context.clear_cookies()
    login(developer)
    page.goto("/ar/2023/")
    page.get_by_role("heading", level=1).wait_for()
    assert page_width() <= 390
    axe_check(page, "overview-390")
