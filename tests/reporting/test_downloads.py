"""Files kept in the database are served as files (reporting/downloads.py): sent in slices,
never read whole into the worker's memory, with an ETag and Last-Modified so that a repeated
download is answered 304; a made draft costs a few queries and nothing computed; a published
version keeps its bytes and checksums."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.services.versions import year_data_changed
from reporting import downloads
from reporting.memo.files import memo_publish
from reporting.memo.services import memo_create_draft
from reporting.models import MemoRender, PublishedMemo
from tests.reporting.memo_helpers import make_publishable

pytestmark = pytest.mark.django_db

PDF = "/rapport/tjansteskrivelser/2023/pdf/"


@pytest.fixture
def memo(data, development_coordinator):
    return make_publishable(memo_create_draft(year=2023, user=development_coordinator))


@pytest.fixture
def coordinator_client(client, development_coordinator):
    client.force_login(development_coordinator)
    return client


def test_a_made_draft_pdf_is_copied_once_then_sent_from_the_copy_with_few_queries(
    coordinator_client, memo, django_assert_num_queries, monkeypatch, settings
):
    url = reverse("reporting:memo_pdf", args=[2023])
    whole = coordinator_client.get(url).content  # made at once by the tests' immediate worker
    assert whole.startswith(b"%PDF-")
    for copy in settings.DOWNLOAD_COPIES_DIR.iterdir():
        copy.unlink()
    monkeypatch.setattr(downloads, "CHUNK_SIZE", len(whole) // 3 + 1)
    # Session and user, then the memo, the year's data version, the made file (without its
    # bytes) and its three slices, read into the copy: nothing computed, nothing written.
    with django_assert_num_queries(2 + 3 + 3):
        first = coordinator_client.get(url)
    # Again: the same queries but no slice; the bytes come from the copy on disk, as a file the
    # server can hand to the operating system.
    with django_assert_num_queries(2 + 3) as queries:
        again = coordinator_client.get(url)
    # Nor the memo's texts and the figures of its draft (a large row at 100x): only its key.
    assert not any("figures_snapshot" in query["sql"] for query in queries.captured_queries)
    assert first.content == again.content == whole
    assert isinstance(again, downloads.CopiedFileResponse)
    assert int(again["Content-Length"]) == len(whole)
    assert [copy.read_bytes() for copy in settings.DOWNLOAD_COPIES_DIR.iterdir()] == [whole]
    assert MemoRender.objects.filter(kind=MemoRender.Kind.PDF).count() == 1


def test_a_repeated_download_of_the_same_draft_is_answered_304(
    coordinator_client, memo, development_coordinator
):
    url = reverse("reporting:memo_pdf", args=[2023])
    first = coordinator_client.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = coordinator_client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and not again.content
    since = coordinator_client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert since.status_code == 304

    # Changed data: the old ETag no longer matches and a new file is made and sent.
    year_data_changed(years=[2023])
    changed = coordinator_client.get(url, headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert changed.content.startswith(b"%PDF-")


def test_a_published_version_is_served_byte_for_byte_with_its_checksum_as_etag(
    client, official, memo, development_coordinator
):
    published = memo_publish(memo=memo, user=development_coordinator)
    client.force_login(official)
    url = reverse("reporting:published_memo_download", args=[2023, published.version])
    response = client.get(url)
    assert response.status_code == 200 and response.streaming
    assert PublishedMemo.checksum(response.content) == published.sha256
    assert response["ETag"] == f'"{published.sha256}"'
    assert client.get(url, headers={"if-none-match": response["ETag"]}).status_code == 304

    docx_url = reverse("reporting:published_memo_docx", args=[2023, published.version])
    docx = client.get(docx_url)
    assert PublishedMemo.checksum(docx.content) == published.docx_sha256
    rows_url = reverse("reporting:published_memo_rows", args=[2023, published.version])
    rows = client.get(rows_url)
    assert PublishedMemo.checksum(rows.content) == published.rows_sha256
    assert PublishedMemo.objects.get(pk=published.pk).verify()


def test_a_download_reads_no_more_than_a_slice_at_a_time(
    memo, development_coordinator, monkeypatch
):
    """The slices are read from the database one by one: never the whole file in one query."""
    pdf = memo_publish(memo=memo, user=development_coordinator).pk
    monkeypatch.setattr(downloads, "CHUNK_SIZE", 1000)
    published = PublishedMemo.objects.get(pk=pdf)
    with CaptureQueriesContext(connection) as queries:
        parts = list(downloads.stored_chunks(PublishedMemo, pdf, "pdf", published.size))
    assert all(len(part) <= 1000 for part in parts)
    assert len(queries) == len(parts) == -(-published.size // 1000)
    assert PublishedMemo.checksum(b"".join(parts)) == published.sha256
