"""A form is saved once: a slow save does not leave its text behind for the next new form."""

import re
import time

import pytest
from playwright.sync_api import expect

from projects.models import Payout, ProjectReport
from tests import factories
from tests.browser.entry_helpers import fill_project

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Longer than the draft's 300 ms wait after the last change: a busy machine's answer.
SLOW_ANSWER_SECONDS = 1.0


@pytest.fixture
def coordinator(db):
    factories.CouncilGoalFactory(
        name="Utbildning och arbete", valid_from_year=2022, valid_to_year=2026, order=1
    )
    factories.FundingProgrammeFactory(
        name="Europeiska socialfonden (ESF/ESF+)", short_name="ESF", cofinancing_min=40
    )
    administration = factories.AdministrationFactory(name="Miljöförvaltningen")
    user = factories.CoordinatorFactory(email="samordnare@malmo.se", administration=administration)
    user.submission = factories.SubmissionFactory(administration=administration)
    return user


def slow_saves(page):
    """Answer every POST of a new project a second late, as a busy machine does."""

    def hold(route):
        if route.request.method == "POST":
            time.sleep(SLOW_ANSWER_SECONDS)
        route.continue_()

    page.route(re.compile(r".*/projekt/nytt/$"), hold)


def save_project(page, name):
    page.get_by_role("button", name="Spara projektet").click()
    expect(page.locator(".messages")).to_contain_text(f"Projektet ”{name}” har sparats.")


def test_a_slowly_saved_project_leaves_nothing_in_the_next_new_project_form(
    page, login, coordinator
):
    """The draft of a saved form went into the next new one (its second payout row with it)
    when the save answered later than the draft's pending write."""
    submission = coordinator.submission
    login(coordinator)
    page.goto(submission.get_absolute_url())
    slow_saves(page)
    page.get_by_role("link", name="Lägg till projekt").click()
    fill_project(
        page,
        name="Gröna tak i Malmö",
        acronym="GRÖNT",
        payouts=[("2023-03-15", "250 000"), ("2023-09-30", "125 000,50")],
        results="Tio tak planterade.",
    )
    save_project(page, "Gröna tak i Malmö")

    page.get_by_role("link", name="Lägg till projekt").click()
    page.wait_for_url("**/projekt/nytt/")
    page.wait_for_load_state()  # the drafts are put back by a script at the end of the page
    expect(page.locator(".messages")).not_to_contain_text("har fyllts i igen")
    expect(page.get_by_label(re.compile(r"^\s*Projektnamn"))).to_have_value("")
    expect(page.get_by_label("Utbetalning 1: Datum")).to_have_value("")
    expect(page.get_by_label("Utbetalning 2: Datum")).to_have_value("")
    expect(page.get_by_label("Utbetalning 2: Belopp (kr)")).to_have_value("")
    fill_project(
        page,
        name="Cykelstaden",
        acronym="CYKEL",
        payouts=[("2023-05-01", "80 000")],
        results="Nya cykelbanor planerade.",
    )
    save_project(page, "Cykelstaden")

    reports = ProjectReport.objects.filter(submission=submission)
    assert sorted(reports.values_list("name", flat=True)) == ["Cykelstaden", "Gröna tak i Malmö"]
    cykel = Payout.objects.filter(report__name="Cykelstaden")
    assert list(cykel.values_list("amount_sek", flat=True)) == [80000]
    assert Payout.objects.filter(report__submission=submission).count() == 3
