"""From a figure on the figures page to the rows behind it, in a real browser."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
NBSP = "\u00a0"


@pytest.fixture
def demo_data():
    call_command("load_demo", stdout=StringIO())


def whole_kronor(amount: Decimal) -> str:
    return f"{round(amount):,}".replace(",", NBSP)


def test_a_payout_figure_leads_to_rows_that_add_up_to_it(page, login, axe_check, demo_data):
    from reporting.selectors import year_figures

    first = year_figures(2023).payouts_by_administration[0]
    login(factories.DevelopmentCoordinatorFactory(email="bodil@malmo.se"))
    page.goto("/rapport/nyckeltal/2023/")
    table = page.get_by_role(
        "table", name="Utbetalda EU-medel 2023 per förvaltning, störst belopp först"
    )
    link = table.get_by_role(
        "link", name=f"{whole_kronor(first.amount_sek)} – visa raderna bakom"
    ).first
    link.click()
    page.wait_for_url(f"**/rapport/nyckeltal/2023/rader/utbetalt/?forvaltning={first.code}")
    heading = page.get_by_role("heading", level=1).inner_text()
    assert f"Utbetalda EU-medel 2023 – {first.administration}" in heading
    total = page.locator(".figure-rows-total").inner_text()
    assert whole_kronor(first.amount_sek) in total
    rows = page.get_by_role("table", name=f"Utbetalda EU-medel 2023 – {first.administration}")
    assert rows.locator("tfoot").inner_text().endswith(whole_kronor(first.amount_sek))
    assert page.get_by_role("link", name="Ladda ner som CSV").get_attribute("href") == (
        f"/rapport/nyckeltal/2023/rader/utbetalt.csv?forvaltning={first.code}"
    )
    axe_check(page, "figure-rows-2023-payouts")

    page.get_by_role("link", name="Tillbaka till nyckeltalen 2023").click()
    page.wait_for_url("**/rapport/nyckeltal/2023/")
    summary = page.get_by_role("table", name="Nyckeltal för 2023")
    summary.get_by_role("link", name="54 – visa raderna bakom").click()
    page.wait_for_url("**/rapport/nyckeltal/2023/rader/projekt/")
    assert "54" in page.locator(".figure-rows-total").inner_text()
    assert page.locator("table.figure-rows-table tbody tr").count() == 54
    axe_check(page, "figure-rows-2023-projects")


def test_coordinator_sees_only_their_own_rows(page, login, axe_check, demo_data):
    from projects.models import Administration

    culture = Administration.objects.get(name="Kulturförvaltningen")
    environment = Administration.objects.get(name="Miljöförvaltningen")
    login(factories.CoordinatorFactory(email="leila@malmo.se", administration=culture))
    page.goto("/rapport/nyckeltal/2023/")
    page.get_by_role("table", name="Nyckeltal för 2023").get_by_role(
        "link", name="visa raderna bakom"
    ).first.click()
    page.wait_for_url("**/rapport/nyckeltal/2023/rader/projekt/")
    body = page.locator("main").inner_text()
    assert "Kulturförvaltningen" in body and "Miljöförvaltningen" not in body
    axe_check(page, "figure-rows-2023-coordinator")
    response = page.goto(
        f"/rapport/nyckeltal/2023/rader/utbetalt/?forvaltning={environment.short_code}"
    )
    assert response.status == 404


def test_a_year_in_progress_says_what_its_figures_rest_on(page, login, axe_check, demo_data):
    from projects.models import Administration, Submission

    login(factories.OfficialFactory(email="erik@malmo.se"))
    page.goto("/rapport/nyckeltal/2024/")
    approved = Submission.objects.filter(reporting_year__year=2024, state="approved").count()
    expected = Administration.objects.valid_in(2024).count()
    basis = page.locator(".figures-basis").inner_text()
    assert f"Bygger på {approved} av {expected} förvaltningar, godkända." in basis
    summary = page.get_by_role("table", name="Nyckeltal för 2024")
    owner_cells = summary.get_by_role("row", name="varav som projektägare").get_by_role("cell")
    # The 2023 column is filled, and links to 2023's rows.
    assert owner_cells.last.inner_text().startswith("19")
    axe_check(page, "figures-2024-basis")


def test_rows_page_in_english_is_accessible(page, live_server, login, axe_check, demo_data):
    login(factories.OfficialFactory(email="erik@malmo.se"))
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto("/rapport/nyckeltal/2023/rader/utbetalt/?utan_mal=1")
    assert (
        page.get_by_role("heading", level=1).inner_text().startswith("The rows behind the figure")
    )
    assert page.get_by_role("link", name="Download as CSV").is_visible()
    axe_check(page, "figure-rows-2023-no-goal-en")
    page.goto("/rapport/nyckeltal/2023/")
    assert page.get_by_role("link", name="show the rows behind it").count() > 50
