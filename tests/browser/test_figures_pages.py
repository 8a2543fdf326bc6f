from io import StringIO

import pytest
from django.core.management import call_command

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demo_data():
    call_command("load_demo", stdout=StringIO())


def test_figures_page_with_charts_is_accessible(page, login, axe_check, demo_data):
    login(factories.DevelopmentCoordinatorFactory(email="bodil@malmo.se"))
    page.get_by_role("link", name="Nyckeltal").click()
    page.wait_for_url("**/rapport/nyckeltal/2023/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Nyckeltal 2023")
    chart = page.get_by_role("img", name="Utbetalda EU-medel 2023 per kommunfullmäktigemål")
    assert chart.is_visible()
    goals_table = page.get_by_role("table", name="Utbetalda EU-medel 2023 per kommunfullmäktigemål")
    assert "22\u00a0744\u00a0744" in goals_table.inner_text()
    axe_check(page, "figures-2023")

    page.get_by_label("År", exact=True).select_option("2022")
    page.get_by_role("button", name="Visa året").click()
    page.wait_for_url("**/rapport/nyckeltal/2022/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Nyckeltal 2022")


def test_preliminary_figures_are_marked(page, login, axe_check, demo_data):
    login(factories.OfficialFactory(email="erik@malmo.se"))
    page.goto("/rapport/nyckeltal/2024/")
    page.get_by_role("link", name="Visa preliminära siffror (alla inrapporteringar)").click()
    page.wait_for_url("**/rapport/nyckeltal/2024/?preliminar=1")
    assert "Preliminära siffror" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_role("note").is_visible()
    axe_check(page, "figures-2024-preliminary")


def test_coordinator_sees_their_administrations_part(page, login, axe_check, demo_data):
    from projects.models import Administration

    culture = Administration.objects.get(name="Kulturförvaltningen")
    login(factories.CoordinatorFactory(email="leila@malmo.se", administration=culture))
    page.get_by_role("link", name="Nyckeltal").click()
    page.wait_for_url("**/rapport/nyckeltal/2023/")
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading.startswith("Nyckeltal 2023 – Kulturförvaltningen")
    table = page.get_by_role(
        "table", name="Utbetalda EU-medel 2023 per förvaltning, störst belopp först"
    )
    assert "360\u00a0000" in table.inner_text()
    assert "Miljöförvaltningen" not in page.locator("main").inner_text()
    axe_check(page, "figures-2023-coordinator")
