"""The long view, the historical totals form and the open figures in a real browser, with axe."""

from io import StringIO

import pytest
from django.core.management import call_command

from reporting.models import HistoricalTotal, Memo, PublishedMemo
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ENTERED = "Inlagd uppgift från tjänsteskrivelse, inte beräknad"


@pytest.fixture
def demo_data():
    call_command("load_demo", stdout=StringIO())


def in_english(page, live_server):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])


@pytest.mark.parametrize("language", ["sv", "en"])
def test_trend_page_is_accessible(page, live_server, login, axe_check, demo_data, language):
    login(factories.OfficialFactory(email="erik@malmo.se"))
    if language == "en":
        in_english(page, live_server)
        page.goto("/rapport/utveckling/")
        assert page.get_by_role("heading", level=1).inner_text() == "Trend over the years"
        assert "Entered from a council memo, not computed" in page.locator("main").inner_text()
    else:
        page.get_by_role("link", name="Utveckling", exact=True).click()
        page.wait_for_url("**/rapport/utveckling/")
        main = page.locator("main").inner_text()
        assert ENTERED in main
        # The demo's 2013 from an old memo, and its closed rounds 2022 and 2023; 2024 is open.
        table = page.get_by_role(
            "table", name="Antal EU-projekt och utbetalda EU-medel per år, äldsta året först"
        ).inner_text()
        assert "2013" in table and "61" in table and "över 40 miljoner kronor" in table
        assert "2023" in table and "54" in table
        assert "2024 pågår och visas inte" in main
        assert page.get_by_role("img", name="Antal EU-projekt per år").is_visible()
    axe_check(page, f"trend-{language}")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_historical_totals_form_is_accessible(
    page, live_server, login, axe_check, demo_data, language
):
    login(factories.DevelopmentCoordinatorFactory(email="bodil@malmo.se"))
    if language == "en":
        in_english(page, live_server)
        page.goto("/rapport/historik/ny/")
        axe_check(page, "historical-form-en")
        return
    page.get_by_role("link", name="Historiska uppgifter").click()
    page.wait_for_url("**/rapport/historik/")
    axe_check(page, "historical-list-sv")
    page.get_by_role("link", name="Lägg in en historisk uppgift").click()
    page.locator("#id_year").fill("2022")
    page.locator("#id_project_count").fill("47")
    page.locator("#id_source").fill("Redovisning av internationellt arbete 2022")
    page.get_by_role("button", name="Spara").click()
    # Refused next to the year: 2022 is computed from the submissions.
    assert "finns redan som redovisningsår" in page.locator("#error-summary").inner_text()
    axe_check(page, "historical-form-error-sv")
    page.locator("#id_year").fill("2014")
    page.locator("#id_payouts_sek").fill("41 500 000")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url("**/rapport/historik/")
    assert HistoricalTotal.objects.get(year=2014).project_count == 47


@pytest.fixture
def published_demo_memo(demo_data, settings):
    settings.PUBLIC_FIGURES = True
    memo = Memo.objects.get(year=2023)
    author = memo.updated_by
    PublishedMemo(
        memo=memo,
        year=2023,
        version=1,
        pdf=b"%PDF-1.7 test",
        size=13,
        sha256="0" * 64,
        title=memo.title,
        case_number=memo.case_number,
        published_by=author,
        published_by_name=author.get_full_name(),
        # As memo_publish keeps them: the figures the memo states.
        figures=memo.figures_snapshot,
    ).save()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_public_figures_page_is_accessible(
    page, live_server, axe_check, published_demo_memo, language
):
    if language == "en":
        in_english(page, live_server)
    page.goto("/oppna-data/")
    axe_check(page, f"public-index-{language}")
    page.get_by_role("link", name="2023", exact=True).click()
    page.wait_for_url("**/oppna-data/2023/")
    heading = page.get_by_role("heading", level=1).inner_text()
    expected = (
        "EU projects in Malmö stad 2023" if language == "en" else "EU-projekt i Malmö stad 2023"
    )
    assert heading == expected
    assert "STK-2023-1702" in page.locator("main").inner_text()
    axe_check(page, f"public-2023-{language}")
    # A year with data but no published memo shows nothing.
    response = page.goto("/oppna-data/2022/")
    assert response.status == 404
