"""The Excel exports in real Chromium: a button asks for the file (a POST), the worker makes it
while the page says so, then the page offers the download; axe on the waiting and the ready
page."""

import io
import re

import pytest
from openpyxl import load_workbook

from tests import factories
from tests.browser.test_memo_pages import run_worker
from tests.reporting.test_figure_rows import build_world
from tests.reporting.test_memo_tasks import DATABASE_TASKS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def database_tasks(settings):
    # As in production: the tasks wait in the database until the worker runs.
    settings.TASKS = DATABASE_TASKS


def download_when_made(page, axe_check, name: str):
    """On the status page: "Filen skapas…" in a polite live region, the worker makes the file,
    the page then offers it without a reload; the download."""
    status = page.locator("#render-status")
    status.get_by_text("Filen skapas…").wait_for()
    assert status.get_attribute("aria-live") == "polite"
    assert status.get_by_role("link", name="Uppdatera sidan").is_visible()
    axe_check(page, f"{name}-pending")

    run_worker()

    link = status.get_by_role("link", name="Ladda ner Excel-filen")
    link.wait_for(timeout=20_000)
    assert "Filen är klar." in status.inner_text()
    axe_check(page, f"{name}-ready")
    with page.expect_download() as download:
        link.click()
    return download.value


@pytest.mark.parametrize(
    ("start", "button", "waiting", "filename"),
    [
        (
            "/rapport/export/",
            "Excel 2023 (godkända)",
            "/rapport/export/2023/excel/status/",
            "internationellt-arbete-2023.xlsx",
        ),
        (
            "/rapport/nyckeltal/2023/rader/utbetalt/?forvaltning=ALF",
            "Ladda ner som Excel (XLSX)",
            "/rapport/nyckeltal/2023/rader/utbetalt/excel/?forvaltning=ALF",
            "rader-2023-utbetalt-alf.xlsx",
        ),
    ],
    ids=["year-workbook", "figure-rows"],
)
def test_an_excel_file_is_made_while_the_page_waits(
    page, login, axe_check, database_tasks, start, button, waiting, filename
):
    build_world()
    login(factories.OfficialFactory(email="erik@malmo.se"))
    page.goto(start)
    page.get_by_role("button", name=button).click()
    page.wait_for_url(f"**{waiting}")
    download = download_when_made(page, axe_check, filename.removesuffix(".xlsx"))
    assert download.suggested_filename == filename
    with open(download.path(), "rb") as handle:
        assert load_workbook(io.BytesIO(handle.read())).worksheets[0].max_row > 1
    # Back where the file was asked for, the button now gives the made file at once.
    page.get_by_role("link", name=re.compile("^Tillbaka till")).click()
    page.wait_for_url(f"**{start}")
    with page.expect_download() as again:
        page.get_by_role("button", name=button).click()
    assert again.value.suggested_filename == filename


def test_the_status_page_asks_for_the_file_with_its_button(page, login, axe_check, database_tasks):
    """Followed from an old link or a bookmark, the page offers to make the file (a GET never
    asks for it); the button asks, and the page follows the worker."""
    build_world()
    login(factories.OfficialFactory(email="erik@malmo.se"))
    page.goto("/rapport/export/2023/excel/")
    page.wait_for_url("**/rapport/export/2023/excel/status/")
    status = page.locator("#render-status")
    status.get_by_text("Filen skapas när du ber om den.").wait_for()
    axe_check(page, "export-file-not-asked")
    status.get_by_role("button", name="Skapa Excel-filen").click()
    download = download_when_made(page, axe_check, "export-file-asked")
    assert download.suggested_filename == "internationellt-arbete-2023.xlsx"
