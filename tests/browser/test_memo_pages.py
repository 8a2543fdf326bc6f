"""The memo in real Chromium: draft, edit with live preview, publish, download; axe on each page."""

import pytest
from django.core.management import call_command

from reporting.memo.files import memo_publish
from reporting.memo.services import memo_create_draft
from reporting.models import Memo, PublishedMemo
from tests import factories
from tests.reporting.memo_helpers import build_two_years, make_publishable
from tests.reporting.test_memo_tasks import DATABASE_TASKS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_worker():
    """What the worker services do (the memo's and the exports'), until the queues are empty."""
    call_command(
        "db_worker", queue_name="*", batch=True, startup_delay=False, reload=False, verbosity=0
    )


def test_development_coordinator_drafts_edits_with_preview_and_publishes(page, login, axe_check):
    from projects.models import DecisionStep, Organisation
    from projects.reference_data import ensure_organisation

    # The draft's decision planning starts from the organisation's path (KSAU, KS, KF): set up
    # here, whatever an earlier test left in the database.
    ensure_organisation(Organisation, DecisionStep)
    build_two_years()
    user = factories.DevelopmentCoordinatorFactory(
        email="bodil@malmo.se", full_name="Bodil Olsson", title="Utvecklingssamordnare"
    )
    login(user)

    page.goto("/rapport/tjansteskrivelser/")
    axe_check(page, "memo-index")
    page.get_by_role("link", name="2023").click()
    axe_check(page, "memo-year-empty")

    page.get_by_role("button", name="Skapa utkast från siffrorna").click()
    page.wait_for_url("**/2023/redigera/")
    preview = page.locator("#memo-preview")
    assert "54" not in preview.inner_text()  # hand-built data, not the demo
    assert "medverkan i 2 EU-projekt" in preview.inner_text()
    axe_check(page, "memo-edit")

    page.get_by_label("Sammanfattning").fill("En sammanfattning skriven i webbläsaren.")
    page.get_by_label("Diarienummer").fill("STK-2023-1702")
    preview.get_by_text("En sammanfattning skriven i webbläsaren.").wait_for()
    preview.get_by_text("STK-2023-1702").wait_for()
    assert page.locator("#preview-status").inner_text() == "Förhandsgranskningen är uppdaterad."

    # Before the memo is complete, the page lists what is missing instead of publishing.
    problems = page.locator("#publish-problems")
    assert "Diarienummer saknas." in problems.inner_text()
    for row, date in enumerate(("2024-04-22", "2024-05-06", "2024-06-10"), start=1):
        page.get_by_label(f"Datum rad {row}", exact=True).fill(date)
    page.get_by_label("Ansvarig, namn rad 1", exact=True).fill("Micael Nord")
    # Chromium would turn the domain of an e-mail input into punycode (xn--malm-8qa.se).
    email = page.get_by_label("Vår referens, e-postadress")
    assert email.get_attribute("type") == "text"
    assert email.get_attribute("inputmode") == "email"
    email.fill("")
    email.press_sequentially("bodil.olsson@malmö.se")

    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Tjänsteskrivelsen är sparad.").wait_for()
    assert page.locator("#publish-problems").count() == 0
    memo = Memo.objects.get(year=2023)
    assert memo.summary == "En sammanfattning skriven i webbläsaren."
    assert memo.case_number == "STK-2023-1702"
    assert memo.reference_email == "bodil.olsson@malmö.se"

    with page.expect_download() as draft:
        page.get_by_role("link", name="Ladda ner utkastet som PDF").click()
    assert draft.value.suggested_filename.endswith(".pdf")

    page.get_by_role("link", name="Publicera en ny version").click()
    page.wait_for_url("**/2023/publicera/")
    summary = page.locator("#publish-summary").inner_text()
    assert "STK-2023-1702" in summary
    assert not PublishedMemo.objects.exists()
    axe_check(page, "memo-publish-confirm")
    page.get_by_role("button", name="Publicera version 1").click()
    page.wait_for_url("**/tjansteskrivelser/2023/")
    page.get_by_text("Version 1 är publicerad.").wait_for()
    assert PublishedMemo.objects.get().published_by == user
    axe_check(page, "memo-year-published")


def test_official_reads_the_year_page_and_downloads_a_version(page, login, axe_check):
    build_two_years()
    author = factories.DevelopmentCoordinatorFactory(email="bodil@malmo.se")
    memo = make_publishable(memo_create_draft(year=2023, user=author))
    published = memo_publish(memo=memo, user=author)
    login(factories.OfficialFactory(email="erik@malmo.se"))
    page.goto("/rapport/tjansteskrivelser/2023/")
    assert page.get_by_role("link", name="Redigera tjänsteskrivelsen").count() == 0
    axe_check(page, "memo-year-official")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF, version 1").click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read() == bytes(published.pdf)
    response = page.request.get("/rapport/tjansteskrivelser/2023/redigera/")
    assert response.status == 403


def test_the_draft_pdf_and_publishing_are_done_by_the_worker_while_the_page_waits(
    page, login, axe_check, settings
):
    # As in production: the tasks wait in the database until the worker runs.
    settings.TASKS = DATABASE_TASKS
    build_two_years()
    user = factories.DevelopmentCoordinatorFactory(email="bodil@malmo.se")
    make_publishable(memo_create_draft(year=2023, user=user))
    login(user)

    page.goto("/rapport/tjansteskrivelser/2023/")
    page.get_by_role("link", name="Ladda ner utkastet som PDF").click()
    page.wait_for_url("**/2023/utkast-pdf/")
    page.get_by_text("PDF:en skapas…").wait_for()
    axe_check(page, "memo-pdf-pending")

    run_worker()

    link = page.locator("#render-status").get_by_role("link", name="Ladda ner utkastet som PDF")
    link.wait_for(timeout=20_000)
    assert "PDF:en är klar." in page.locator("#render-status").inner_text()
    axe_check(page, "memo-pdf-ready")
    with page.expect_download() as draft:
        link.click()
    assert draft.value.suggested_filename == "utkast-redovisning-internationellt-arbete-2023.pdf"
    with open(draft.value.path(), "rb") as handle:
        assert handle.read().startswith(b"%PDF-")

    page.goto("/rapport/tjansteskrivelser/2023/publicera/")
    page.get_by_role("button", name="Publicera version 1").click()
    page.wait_for_url("**/tjansteskrivelser/2023/")
    page.locator("#publish-status").get_by_text("Versionen publiceras…").wait_for()
    assert not PublishedMemo.objects.exists()
    axe_check(page, "memo-publish-pending")

    run_worker()

    page.locator("#publish-status").get_by_text("Versionen är publicerad.").wait_for(timeout=20_000)
    assert PublishedMemo.objects.get().version == 1
    page.locator("#publish-status").get_by_role("link", name="Visa alla versioner").click()
    page.get_by_role("link", name="PDF, version 1 (").wait_for()
