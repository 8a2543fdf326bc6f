"""The memo's files off the request: the worker (django-tasks, database queue) makes the draft
PDF and Word file and publishes; the pages say "PDF:en skapas…" and then give the link.

Most tests here use the real database backend and run the worker's own code
(``manage.py db_worker --batch``), as in production."""

import datetime
import io
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from projects.services.versions import year_data_changed
from reporting.exports.requests import export_file_request
from reporting.exports.services import year_workbook_input
from reporting.memo import pdf as pdf_module
from reporting.memo.docx import memo_docx
from reporting.memo.files import memo_render_key
from reporting.memo.pdf import memo_pdf
from reporting.memo.requests import memo_publish_request, memo_render_request
from reporting.memo.services import memo_create_draft, memo_figures, memo_refresh_figures
from reporting.models import ExportFile, Memo, MemoRender, PublishedMemo
from tests import factories as f
from tests.reporting.memo_helpers import make_publishable, memo_post_data

pytestmark = pytest.mark.django_db

# The memo's queue and the exports' (settings.TASKS), whichever backend a test chooses.
QUEUES = django_settings.TASKS["default"]["QUEUES"]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": QUEUES}}
IMMEDIATE_TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": QUEUES}
}


@pytest.fixture
def memo(data, development_coordinator):
    return make_publishable(memo_create_draft(year=2023, user=development_coordinator))


@pytest.fixture
def coordinator_client(client, development_coordinator):
    client.force_login(development_coordinator)
    return client


def run_worker(queue_name: str = "*"):
    """What the worker services do (the memo's and the exports'), until the queues are empty.

    The worker closes connections it finds inside a transaction; in a test everything runs in
    one, and on PostgreSQL that would close the test's own connection. That step alone is
    left out here (the worker is run as is in the browser test, outside a transaction)."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command(
            "db_worker",
            queue_name=queue_name,
            batch=True,
            startup_delay=False,
            reload=False,
            verbosity=0,
        )


def tasks_queued() -> int:
    return DBTaskResult.objects.count()


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def without_dates_and_ids(data: bytes) -> bytes:
    """PDF bytes without what changes from one render to the next of the same content."""
    data = re.sub(rb"/(CreationDate|ModDate) \(D:[^)]*\)", b"", data)
    return re.sub(rb"/ID \[<[0-9a-f]+> ?<[0-9a-f]+>\]", b"", data)


def progress(client, kind="pdf") -> str:
    url = reverse("reporting:memo_render_progress", args=[2023]) + f"?kind={kind}"
    return client.get(url).content.decode()


# --- The draft PDF ------------------------------------------------------------------------


def test_the_draft_pdf_is_made_by_the_worker_while_the_page_says_so(
    coordinator_client, memo, database_tasks
):
    client = coordinator_client
    response = client.get(reverse("reporting:memo_pdf", args=[2023]))
    status_url = reverse("reporting:memo_pdf_status", args=[2023])
    assert response.status_code == 302 and response["Location"] == status_url
    assert tasks_queued() == 1
    page = client.get(status_url).content.decode()
    assert "PDF:en skapas…" in page
    assert reverse("reporting:memo_render_progress", args=[2023]) in page
    assert 'data-render-state="pending"' in progress(client)

    run_worker()

    box = progress(client)
    assert 'data-render-state="done"' in box
    assert f'href="{reverse("reporting:memo_pdf", args=[2023])}"' in box
    download = client.get(reverse("reporting:memo_pdf", args=[2023]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF-")
    assert "utkast-redovisning-internationellt-arbete-2023.pdf" in download["Content-Disposition"]
    assert tasks_queued() == 1


def test_the_task_makes_the_same_pdf_as_the_synchronous_render(
    coordinator_client, memo, database_tasks
):
    coordinator_client.get(reverse("reporting:memo_pdf", args=[2023]))
    run_worker()
    from_task = bytes(MemoRender.objects.get(kind=MemoRender.Kind.PDF).data)
    memo.refresh_from_db()
    synchronous = memo_pdf(memo_figures(2023), memo)
    assert pdf_text(from_task) == pdf_text(synchronous)
    assert "Kulturförvaltningen" in "".join(pdf_text(from_task))
    assert without_dates_and_ids(from_task) == without_dates_and_ids(synchronous)


def test_asking_again_for_an_unchanged_draft_queues_and_renders_nothing(
    coordinator_client, memo, database_tasks, monkeypatch
):
    client = coordinator_client
    pdf_url = reverse("reporting:memo_pdf", args=[2023])
    status_url = reverse("reporting:memo_pdf_status", args=[2023])
    # Clicks while the file is being made do not queue it again.
    for url in (pdf_url, pdf_url, status_url, status_url):
        client.get(url)
    assert tasks_queued() == 1
    run_worker()
    first = client.get(pdf_url).content

    renders = []
    monkeypatch.setattr(pdf_module, "memo_pdf", lambda *args: renders.append(args) or b"")
    for url in (pdf_url, status_url, pdf_url):
        assert client.get(url).status_code == 200
    second = client.get(pdf_url).content
    run_worker()
    assert tasks_queued() == 1
    assert renders == []
    assert second == first
    assert MemoRender.objects.filter(kind=MemoRender.Kind.PDF).count() == 1


def test_a_change_to_the_memo_text_gives_a_new_file(
    coordinator_client, memo, database_tasks, settings
):
    client = coordinator_client
    pdf_url = reverse("reporting:memo_pdf", args=[2023])
    client.get(pdf_url)
    run_worker()
    key_before = memo_render_key(Memo.objects.get(pk=memo.pk))[0]
    assert "Ett helt nytt stycke" not in "".join(pdf_text(client.get(pdf_url).content))

    # The editing page saves synchronously; only the file goes to the worker.
    settings.TASKS = IMMEDIATE_TASKS
    saved = client.post(
        reverse("reporting:memo_edit", args=[2023]),
        memo_post_data(memo, summary="Ett helt nytt stycke om året."),
    )
    assert saved.status_code == 302
    settings.TASKS = DATABASE_TASKS
    assert memo_render_key(Memo.objects.get(pk=memo.pk))[0] != key_before

    assert client.get(pdf_url).status_code == 302  # not the old file
    assert tasks_queued() == 2
    run_worker()
    assert "Ett helt nytt stycke om året." in "".join(pdf_text(client.get(pdf_url).content))


def test_changed_figures_give_a_new_key(memo, data):
    key, version = memo_render_key(memo)
    f.PayoutFactory(report=data["small_report"], amount_sek=Decimal("1000.00"))
    year_data_changed(years=[2023])  # as the service that adds a payout does
    new_key, new_version = memo_render_key(memo)
    assert new_version == version + 1 and new_key != key


def test_a_failed_file_says_so_in_swedish_and_can_be_made_again(
    coordinator_client, memo, database_tasks, monkeypatch
):
    client = coordinator_client
    status_url = reverse("reporting:memo_pdf_status", args=[2023])

    def broken(*args):
        raise RuntimeError("font missing")

    monkeypatch.setattr(pdf_module, "memo_pdf", broken)
    client.get(reverse("reporting:memo_pdf", args=[2023]))
    run_worker()
    page = client.get(status_url).content.decode()
    assert "PDF:en kunde inte skapas." in page
    assert "Filen kunde inte skapas på grund av ett tekniskt fel." in page
    assert "font missing" not in page
    assert "Försök igen" in page
    # Looking again does not retry on its own; the button does.
    client.get(reverse("reporting:memo_pdf", args=[2023]))
    assert tasks_queued() == 1

    monkeypatch.undo()
    assert client.post(status_url).status_code == 302
    assert tasks_queued() == 2
    assert "PDF:en skapas…" in client.get(status_url).content.decode()
    run_worker()
    assert client.get(reverse("reporting:memo_pdf", args=[2023])).content.startswith(b"%PDF-")


def test_a_file_lost_with_a_stopped_worker_can_be_asked_for_again(
    coordinator_client, memo, database_tasks
):
    client = coordinator_client
    status_url = reverse("reporting:memo_pdf_status", args=[2023])
    client.get(status_url)
    MemoRender.objects.update(requested_at=timezone.now() - datetime.timedelta(minutes=30))
    page = client.get(status_url).content.decode()
    assert MemoRender.objects.get().is_stale
    assert 'data-render-state="failed"' in progress(client) and "Försök igen" in page
    client.post(status_url)
    assert "PDF:en skapas…" in client.get(status_url).content.decode()
    run_worker()  # both tasks run; the file is made once and kept once
    assert MemoRender.objects.get().is_done


def test_old_files_are_removed_keeping_the_latest_few(
    coordinator_client, memo, data, development_coordinator
):
    for amount in range(1, 7):
        memo_render_request(memo=memo, kind=MemoRender.Kind.PDF, user=development_coordinator)
        f.PayoutFactory(report=data["small_report"], amount_sek=Decimal(amount))
        year_data_changed(years=[2023])
    kept = MemoRender.objects.filter(memo=memo, kind=MemoRender.Kind.PDF)
    assert kept.count() == MemoRender.KEEP_PER_KIND
    newest = MemoRender.objects.filter(kind=MemoRender.Kind.PDF).order_by("-requested_at").first()
    assert newest.is_done


def test_a_file_of_a_draft_changed_while_queued_is_not_served(
    coordinator_client, memo, database_tasks, data
):
    client = coordinator_client
    client.get(reverse("reporting:memo_pdf", args=[2023]))
    f.PayoutFactory(report=data["small_report"], amount_sek=Decimal("1000.00"))
    year_data_changed(years=[2023])
    run_worker()
    stale = MemoRender.objects.get()
    assert stale.status == MemoRender.Status.FAILED and not stale.data
    # The page asks for the file of the draft as it is now.
    assert client.get(reverse("reporting:memo_pdf", args=[2023])).status_code == 302
    assert tasks_queued() == 2


# --- The draft Word file ------------------------------------------------------------------


def test_the_draft_word_file_goes_the_same_way(coordinator_client, memo, database_tasks):
    client = coordinator_client
    docx_url = reverse("reporting:memo_docx", args=[2023])
    response = client.get(docx_url)
    assert response["Location"] == reverse("reporting:memo_docx_status", args=[2023])
    assert "Word-filen skapas…" in client.get(response["Location"]).content.decode()
    run_worker()
    assert 'data-render-state="done"' in progress(client, "docx")
    download = client.get(docx_url)
    memo.refresh_from_db()
    assert download.status_code == 200
    assert download.content == memo_docx(memo_figures(2023), memo)
    client.get(docx_url)
    assert tasks_queued() == 1


# --- Publishing -----------------------------------------------------------------------------


def test_publishing_through_the_worker_makes_exactly_one_version(
    coordinator_client, memo, database_tasks, development_coordinator
):
    client = coordinator_client
    url = reverse("reporting:memo_publish", args=[2023])
    year_url = reverse("reporting:memo_year", args=[2023])
    first = client.post(url, follow=True).content.decode()
    assert "Tjänsteskrivelsen publiceras." in first
    assert "Versionen publiceras…" in first
    client.post(url)  # a second click while it waits
    assert tasks_queued() == 1
    assert not PublishedMemo.objects.exists()
    confirm = client.get(url).content.decode()
    assert "Versionen publiceras…" in confirm and "Publicera version 1" not in confirm

    run_worker()

    published = PublishedMemo.objects.get()
    assert published.version == 1 and published.published_by == development_coordinator
    assert published.verify() and bytes(published.pdf).startswith(b"%PDF-")
    box = progress(client, "publish")
    assert "Versionen är publicerad." in box and published.get_absolute_url() in box
    page = client.get(year_url).content.decode()
    assert published.get_absolute_url() in page and "Versionen publiceras…" not in page
    assert client.get(published.get_absolute_url()).content == bytes(published.pdf)


def test_the_worker_checks_again_and_refuses_a_memo_saved_since(
    coordinator_client, memo, database_tasks, settings
):
    client = coordinator_client
    client.post(reverse("reporting:memo_publish", args=[2023]))
    settings.TASKS = IMMEDIATE_TASKS
    client.post(
        reverse("reporting:memo_edit", args=[2023]), memo_post_data(memo, summary="Ändrad.")
    )
    settings.TASKS = DATABASE_TASKS
    run_worker()
    assert not PublishedMemo.objects.exists()
    page = client.get(reverse("reporting:memo_year", args=[2023])).content.decode()
    assert "Versionen kunde inte publiceras." in page
    assert "Tjänsteskrivelsen har ändrats sedan du bad om att publicera den." in page


def test_the_worker_checks_again_and_refuses_changed_figures(
    coordinator_client, memo, data, database_tasks
):
    client = coordinator_client
    client.post(reverse("reporting:memo_publish", args=[2023]))
    f.PayoutFactory(report=data["small_report"], amount_sek=Decimal("1000.00"))
    run_worker()
    assert not PublishedMemo.objects.exists()
    assert "Siffrorna har ändrats sedan utkastet skrevs." in progress(client, "publish")


def test_publishing_an_incomplete_memo_is_refused_before_anything_is_queued(
    coordinator_client, data, development_coordinator, database_tasks
):
    memo_create_draft(year=2023, user=development_coordinator)
    response = coordinator_client.post(reverse("reporting:memo_publish", args=[2023]), follow=True)
    assert "Diarienummer saknas." in response.content.decode()
    assert tasks_queued() == 0 and not MemoRender.objects.exists()


def test_a_waiting_publication_is_not_doubled_by_the_service(
    memo, development_coordinator, database_tasks
):
    first = memo_publish_request(memo=memo, user=development_coordinator)
    second = memo_publish_request(memo=memo, user=development_coordinator)
    assert first.pk == second.pk and tasks_queued() == 1


# --- The memo's own queue -------------------------------------------------------------------


def test_the_memos_files_and_publishing_wait_on_the_memo_queue_never_behind_the_exports(
    coordinator_client, memo, database_tasks, development_coordinator
):
    client = coordinator_client
    spec = year_workbook_input(2023, preliminary=False)
    export_file_request(spec=spec, user=development_coordinator)
    client.get(reverse("reporting:memo_pdf", args=[2023]))
    client.post(reverse("reporting:memo_publish", args=[2023]))
    queues = sorted(DBTaskResult.objects.values_list("task_path", "queue_name"))
    assert queues == [
        ("reporting.tasks.publish_memo", "memo"),
        ("reporting.tasks.render_export", "default"),
        ("reporting.tasks.render_memo", "memo"),
    ]
    # The memo's worker takes the memo's tasks alone, whatever waits on the exports' queue.
    run_worker("memo")
    assert PublishedMemo.objects.count() == 1
    assert MemoRender.objects.filter(kind=MemoRender.Kind.PDF).get().is_done
    assert ExportFile.objects.get().status == ExportFile.Status.PENDING
    run_worker("default")
    assert ExportFile.objects.get().is_done


# --- Query counts -------------------------------------------------------------------------


def test_status_pages_query_counts_do_not_grow_with_files_or_versions(
    coordinator_client,
    memo,
    data,
    development_coordinator,
    database_tasks,
    django_assert_num_queries,
    django_assert_max_num_queries,
):
    client = coordinator_client
    urls = [
        reverse("reporting:memo_year", args=[2023]),
        reverse("reporting:memo_pdf_status", args=[2023]),
        reverse("reporting:memo_render_progress", args=[2023]) + "?kind=publish",
        reverse("reporting:memo_publish", args=[2023]),
    ]
    memo_publish_request(memo=memo, user=development_coordinator)
    run_worker()
    memo_publish_request(memo=memo, user=development_coordinator)  # waiting
    for url in urls:
        client.get(url)
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(60) as measured:
            client.get(url)
        counts[url] = len(measured.captured_queries)

    run_worker()
    memo_publish_request(memo=memo, user=development_coordinator)
    run_worker()
    for index in range(10):
        f.ProjectReportFactory(submission=data["big_report"].submission, name=f"Extra {index}")
    for amount in range(1, 4):
        memo_render_request(memo=memo, kind=MemoRender.Kind.PDF, user=development_coordinator)
        f.PayoutFactory(report=data["small_report"], amount_sek=Decimal(amount))
    run_worker()
    memo = memo_refresh_figures(memo=memo, user=development_coordinator)
    memo_publish_request(memo=memo, user=development_coordinator)  # waiting, as before
    assert PublishedMemo.objects.count() == 3
    for url in urls:
        client.get(url)
    for url in urls:
        with django_assert_num_queries(counts[url]):
            response = client.get(url)
        assert response.status_code == 200
