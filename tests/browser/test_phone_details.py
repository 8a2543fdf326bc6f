"""On a 375 px phone: the trend's wide tables are regions the keyboard reaches, the overview
and payout tables show their text whole, Escape closes the menu; a favicon, no 404."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from projects.demo.malmo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def demo_data():
    call_command("load_demo", stdout=StringIO())


def sign_in(page, email: str) -> None:
    page.goto("/konto/logga-in/")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("button", name=re.compile("Logga ut"))).to_be_attached()


def cut_cells(page, selector: str) -> list[str]:
    """Cells of the tables matching ``selector`` whose text is wider than the cell shows, and
    tables wider than what holds them."""
    return page.evaluate(
        """(selector) => {
          const found = [];
          for (const table of document.querySelectorAll(selector)) {
            const holder = table.parentElement;
            if (table.scrollWidth > holder.clientWidth + 1) {
              found.push(`table ${table.className}: ${table.scrollWidth} > ${holder.clientWidth}`);
            }
            for (const cell of table.querySelectorAll("th, td")) {
              if (cell.scrollWidth > cell.clientWidth + 1) {
                const text = cell.textContent.trim().slice(0, 40);
                found.push(`${text}: ${cell.scrollWidth} > ${cell.clientWidth}`);
              }
            }
          }
          return found;
        }""",
        selector,
    )


def test_phone_details(page, demo_data, axe_check):
    from projects.models import Submission

    page.set_viewport_size(PHONE)
    assert page.goto("/favicon.ico").status == 200

    sign_in(page, "utvecklingssamordnare@malmo.se")
    menu = page.locator("#main-nav")
    toggler = page.get_by_role("button", name="Meny")
    toggler.click()
    expect(menu).to_have_class(re.compile(r"\bshow\b"))  # opened, not still opening
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(toggler).to_be_focused()

    page.goto("/rapport/utveckling/")
    axe_check(page, "trend-phone")
    for region in page.locator(".table-responsive").all():
        expect(region).to_have_attribute("tabindex", "0")

    page.goto("/ar/2024/")
    assert cut_cells(page, ".overview-table") == []
    axe_check(page, "overview-phone")

    approved = Submission.objects.filter(
        reporting_year__year=2023, administration__name="Miljöförvaltningen"
    ).get()
    page.goto(approved.get_absolute_url())
    assert cut_cells(page, "#projects table") == []

    sign_in_as = "samordnare.miljo@malmo.se"
    page.get_by_role("button", name=re.compile("Logga ut")).click()
    sign_in(page, sign_in_as)
    draft = Submission.objects.get(
        reporting_year__year=2024, administration__name="Miljöförvaltningen"
    )
    report = draft.project_reports.order_by("pk").first()
    page.goto(f"{draft.get_absolute_url()}projekt/{report.pk}/")
    assert cut_cells(page, ".payout-table") == []
    axe_check(page, "payout-form-phone")
