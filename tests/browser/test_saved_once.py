"""A form is saved once: a slow save leaves nothing for the next new form, a form put back after
signing in saves once, a form sent again after its answer was lost is known as saved, and a
double click sends one request."""

import re
import time

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from playwright.sync_api import expect

from projects.models import Payout, ProjectReport
from tests import factories
from tests.browser.entry_helpers import fill_project
from tests.factories import TEST_PASSWORD

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


def new_project_url(submission) -> str:
    return reverse("projects:project_create", args=[submission.pk])


def fill_green_roofs(page):
    fill_project(
        page,
        name="Gröna tak i Malmö",
        acronym="GRÖNT",
        payouts=[("2023-03-15", "250 000"), ("2023-09-30", "125 000,50")],
        results="Tio tak planterade.",
    )


def kept_drafts(page) -> list:
    return page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('form-draft:'))")


def assert_green_roofs_saved_once(submission):
    assert list(
        ProjectReport.objects.filter(submission=submission).values_list("name", flat=True)
    ) == ["Gröna tak i Malmö"]
    assert Payout.objects.filter(report__submission=submission).count() == 2


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


def test_a_project_form_put_back_after_signing_in_is_saved_once(page, login, coordinator):
    submission = coordinator.submission
    login(coordinator)
    page.goto(new_project_url(submission))
    fill_green_roofs(page)
    # The session ends on the server while the coordinator types; the save asks to sign in.
    Session.objects.all().delete()
    page.get_by_role("button", name="Spara projektet").click()
    page.wait_for_url("**/konto/logga-in/?next=**")
    assert not ProjectReport.objects.exists()
    page.get_by_label("E-postadress").fill(coordinator.email)
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"**{new_project_url(submission)}")
    expect(page.locator(".messages")).to_contain_text("har fyllts i igen")
    expect(page.get_by_label("Utbetalning 2: Belopp (kr)")).to_have_value("125 000,50")

    save_project(page, "Gröna tak i Malmö")
    assert_green_roofs_saved_once(submission)
    assert kept_drafts(page) == []


def test_a_project_sent_again_after_its_answer_was_lost_is_known_as_saved(page, login, coordinator):
    """The save went through but its answer never came: the form put back from the kept draft
    carries the first one's token, so sending it again saves nothing more."""
    submission = coordinator.submission
    login(coordinator)
    page.goto(new_project_url(submission))
    fill_green_roofs(page)

    def lose_the_answer(route):
        if route.request.method == "POST":
            route.fetch(max_redirects=0)  # the server saves...
            route.abort("connectionreset")  # ...but the browser never hears of it
        else:
            route.continue_()

    page.route(re.compile(r".*/projekt/nytt/$"), lose_the_answer)
    with page.expect_event("requestfailed"):
        page.get_by_role("button", name="Spara projektet").click()
    page.unroute(re.compile(r".*/projekt/nytt/$"))
    # Nor of the message the answer would have brought (its cookie came with the fetch).
    page.context.clear_cookies(name="messages")
    assert_green_roofs_saved_once(submission)

    page.goto(new_project_url(submission))
    expect(page.locator(".messages")).to_contain_text("har fyllts i igen")
    expect(page.get_by_label(re.compile(r"^\s*Projektnamn"))).to_have_value("Gröna tak i Malmö")
    page.get_by_role("button", name="Spara projektet").click()
    expect(page.locator(".messages .form-saved")).to_have_text("Uppgifterna var redan sparade.")
    assert_green_roofs_saved_once(submission)
    # Found saved: the kept draft is put away, so no new form gets it back.
    assert kept_drafts(page) == []


def test_a_second_press_while_the_save_waits_sends_nothing(page, login, coordinator):
    submission = coordinator.submission
    login(coordinator)
    page.goto(new_project_url(submission))
    fill_green_roofs(page)
    held = []
    page.route(
        re.compile(r".*/projekt/nytt/$"),
        lambda route: held.append(route) if route.request.method == "POST" else route.continue_(),
    )
    # Pressed from the keyboard: a click would wait for the page to change, and its answer
    # is held back.
    page.get_by_role("button", name="Spara projektet").focus()
    page.keyboard.press("Enter")
    for _wait in range(300):  # up to 15 s on a busy machine
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the form was not sent"
    # Pressed again while the answer is on its way.
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)  # time for a second request to show, were one sent
    assert len(held) == 1
    held[0].continue_()
    expect(page.locator(".messages")).to_contain_text("Projektet ”Gröna tak i Malmö” har sparats.")
    assert_green_roofs_saved_once(submission)
