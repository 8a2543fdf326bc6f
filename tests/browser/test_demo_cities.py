"""The round in each demo city, in real Chromium with an axe check of every page: the
coordinator writes the narrative and submits, the development coordinator approves, an
official reads last year's figures. The same journey for Malmö and for Exempelstad."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from projects.demo import CITIES
from projects.models import Submission, User

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Who does what in each city's open round.
PEOPLE = {
    "malmo": {
        "coordinator": "samordnare.miljo@malmo.se",
        "development_coordinator": "utvecklingssamordnare@malmo.se",
        "official": "handlaggare@malmo.se",
        "unit": "Miljöförvaltningen",
        "organisation": "Malmö stad",
    },
    "exempelstad": {
        "coordinator": "samordnare.sbf@exempelstad.example",
        "development_coordinator": "utvecklingsstrateg@exempelstad.example",
        "official": "handlaggare@exempelstad.example",
        "unit": "Samhällsbyggnadsförvaltningen",
        "organisation": "Exempelstads kommun",
    },
}
NARRATIVE = [
    "Översikt över årets internationella arbete",
    "Prioriterade inriktningar",
    "Nätverk och medlemskap",
    "Studiebesök och utbyten",
    "Konferenser som förvaltningen arrangerat",
    "Resultat av det internationella arbetet",
]


def expect_status(page, text: str):
    expect(page.get_by_role("status").first).to_contain_text(text)


def logout(page):
    page.get_by_role("button", name=re.compile("Logga ut")).click()
    page.wait_for_url("**/logga-in/**")


@pytest.mark.parametrize("city", sorted(PEOPLE))
def test_the_round_goes_round_in_each_demo_city(page, login, axe_check, city):
    call_command("load_demo", "--city", city, stdout=StringIO())
    people, password = PEOPLE[city], CITIES[city].password
    submission = Submission.objects.get(
        reporting_year__year=2024, administration__name=people["unit"]
    )

    # The coordinator writes the narrative and submits, confirming the warnings.
    login(User.objects.get(email=people["coordinator"]), password)
    page.goto(submission.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text(people["unit"])
    axe_check(page, f"{city}-submission")
    page.get_by_role("link", name="Skriv berättelsen").first.click()
    for label in NARRATIVE:
        page.get_by_label(label).fill("Inga")
    page.get_by_role("button", name="Spara berättelsen").click()
    expect_status(page, "Berättelsen har sparats.")
    page.get_by_role("link", name="Skicka in", exact=True).click()
    page.wait_for_url("**/skicka-in/")
    axe_check(page, f"{city}-submit-confirm")
    confirm = page.get_by_label("Jag har kontrollerat varningarna")
    if confirm.count():
        confirm.check()
    page.get_by_role("button", name=re.compile(r"^Skicka in till ")).click()
    expect_status(page, "har skickats in")
    logout(page)

    # The development coordinator approves it.
    login(User.objects.get(email=people["development_coordinator"]), password)
    page.goto(submission.get_absolute_url())
    axe_check(page, f"{city}-review")
    page.get_by_role("button", name="Godkänn inrapporteringen").click()
    expect_status(page, "är godkänd")
    submission.refresh_from_db()
    assert submission.state == Submission.State.APPROVED
    logout(page)

    # An official reads the figures of the last closed year.
    login(User.objects.get(email=people["official"]), password)
    page.goto("/rapport/nyckeltal/2023/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nyckeltal 2023")
    expect(page.locator("main")).to_contain_text(people["unit"])
    axe_check(page, f"{city}-figures-2023")
