"""A published version's archival package in real Chromium: the development coordinator asks
for it from the memo's versions, the worker makes it while the page waits, the page offers the
zip; axe on the page before, while and after."""

import io
import zipfile

import pytest
from playwright.sync_api import expect

from reporting.archive.check import read_package, verify
from reporting.memo.files import memo_publish
from reporting.memo.services import memo_create_draft
from reporting.models import ArchivePackage
from tests import factories
from tests.browser.test_memo_pages import run_worker
from tests.reporting.memo_helpers import build_two_years, make_publishable
from tests.reporting.test_memo_tasks import DATABASE_TASKS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PACKAGE = "arkivpaket-internationellt-arbete-2023-version-1"


def test_the_development_coordinator_downloads_the_archival_package_of_a_version(
    page, login, axe_check, settings
):
    # As in production: the tasks wait in the database until the worker runs.
    settings.TASKS = DATABASE_TASKS
    build_two_years()
    user = factories.DevelopmentCoordinatorFactory(email="bodil@malmo.se")
    published = memo_publish(
        memo=make_publishable(memo_create_draft(year=2023, user=user)), user=user
    )
    login(user)

    page.goto("/rapport/tjansteskrivelser/2023/")
    page.get_by_role("link", name="Arkivpaket, version 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Arkivpaket för version 1 av 2023")
    status = page.locator("#render-status")
    expect(status).to_have_attribute("aria-live", "polite")
    axe_check(page, "archive-package-none")

    status.get_by_role("button", name="Skapa arkivpaket").click()
    expect(status.get_by_text("Arkivpaketet skapas…")).to_be_visible()
    assert ArchivePackage.objects.get(published=published).status == "pending"
    axe_check(page, "archive-package-pending")

    run_worker()

    # The page follows the worker: the link appears without a reload.
    link = status.get_by_role("link", name="Ladda ner arkivpaketet (zip)")
    expect(link).to_be_visible(timeout=20_000)
    expect(status.get_by_role("button", name="Skapa arkivpaketet igen")).to_be_visible()
    axe_check(page, "archive-package-ready")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"{PACKAGE}.zip"
    with open(download.value.path(), "rb") as handle:
        data = handle.read()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert f"{PACKAGE}/METS.xml" in archive.namelist()
    files = read_package(data)
    assert files[f"representations/rep1/data/{published.filename}"] == bytes(published.pdf)
    assert verify(data)
