"""The upload page of the EU's open files in real Chromium: reached from the organisation page,
an error summary that links to its fields, a CORDIS zip uploaded, imported by the worker and
listed, then in English; axe on each state (and axe's best practices, as the crawl of every page
checks them)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from projects.models import Organisation
from tests import factories
from tests.browser.test_memo_pages import run_worker
from tests.projects.test_eu_import_cordis import PIC, VAT, write_zip
from tests.reporting.test_memo_tasks import DATABASE_TASKS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def best_practices(page):
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["best-practice"]}})
    assert not results.response["violations"], results.generate_report()


def test_a_cordis_zip_is_uploaded_imported_by_the_worker_and_listed(
    page, login, axe_check, settings, tmp_path
):
    # As in production: the task waits in the database until the worker runs.
    settings.TASKS = DATABASE_TASKS
    settings.MEDIA_ROOT = tmp_path / "media"
    organisation = Organisation.objects.first() or Organisation(name="Malmö stad")
    organisation.vat_number, organisation.pic = VAT, PIC
    organisation.save()
    login(factories.DevelopmentCoordinatorFactory(email="bodil@malmo.se", full_name="Bodil Olsson"))

    page.goto("/organisation/")
    page.get_by_role("link", name="Läs in EU:s öppna projektdata").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("EU:s öppna projektdata")
    expect(page.get_by_text("Ingen fil är inläst ännu.")).to_be_visible()
    axe_check(page, "eu-imports-empty")

    # Sent without a choice: the summary names both fields and leads to them.
    page.get_by_role("button", name="Ladda upp och läs in").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link")).to_have_count(2)
    summary.get_by_role("link", name="Källa").click()
    expect(page.get_by_label("CORDIS (Horisont 2020, Horisont Europa)")).to_be_focused()
    axe_check(page, "eu-imports-errors")
    best_practices(page)

    page.get_by_label("CORDIS (Horisont 2020, Horisont Europa)").check()
    zip_path = write_zip(tmp_path / "cordis-HORIZONprojects-csv.zip")
    page.get_by_label("Fil (zip, CSV eller JSON)").set_input_files(zip_path)
    page.get_by_role("button", name="Ladda upp och läs in").click()

    uploads = page.get_by_role("region", name="De senaste uppladdningarna")
    row = uploads.get_by_role("row", name="cordis-HORIZONprojects-csv.zip")
    expect(row).to_contain_text("Väntar")
    expect(row).to_contain_text("Bodil Olsson")
    axe_check(page, "eu-imports-waiting")

    run_worker()
    page.get_by_role("link", name="Uppdatera sidan").click()
    expect(row).to_contain_text("Klar")
    expect(row).to_contain_text("2 projekt sparade")
    files = page.get_by_role("region", name="Filerna som lästs in")
    imported = files.get_by_role("row", name="cordis-HORIZONprojects-csv.zip")
    expect(imported).to_contain_text("CORDIS")
    expect(imported).to_contain_text("2024-03-01")
    expect(imported).to_contain_text("Bodil Olsson")
    expect(page.get_by_role("link", name="Uppdatera sidan")).to_have_count(0)
    axe_check(page, "eu-imports-done")
    best_practices(page)

    # On a phone the file's name breaks within a readable column, not a letter to a line.
    page.set_viewport_size({"width": 375, "height": 800})
    for table in (uploads, files):
        name = table.get_by_role("cell", name="cordis-HORIZONprojects-csv.zip")
        expect(name).to_be_visible()
        assert name.bounding_box()["width"] >= 150
    page.set_viewport_size({"width": 1280, "height": 800})

    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.url}])
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("The EU's open project data")
    expect(page.get_by_role("row", name="cordis-HORIZONprojects-csv.zip").first).to_contain_text(
        "2 projects kept"
    )
    axe_check(page, "eu-imports-english")
    best_practices(page)
