"""Copies of stored files on the server's disk (reporting/file_copies.py): whole or not at all,
never for other bytes, within their budget; the database stays the record."""

import os

import pytest

from reporting import downloads, file_copies
from reporting.models import PublishedMemo


def _names(folder):
    return sorted(path.name for path in folder.iterdir())


def test_a_copy_is_there_only_whole(settings):
    path = file_copies.make_copy("whole", 6, [b"abc", b"def"])
    assert path.read_bytes() == b"abcdef"
    assert file_copies.existing_copy("whole", 6) == path
    assert file_copies.existing_copy("whole", 7) is None
    assert file_copies.existing_copy("missing", 6) is None
    assert os.stat(settings.DOWNLOAD_COPIES_DIR).st_mode & 0o777 == 0o700


def test_bytes_that_do_not_add_up_leave_nothing_behind(settings):
    assert file_copies.make_copy("short", 10, [b"abc"]) is None
    assert _names(settings.DOWNLOAD_COPIES_DIR) == []


def test_a_file_larger_than_the_whole_budget_is_not_copied_nor_read(settings):
    settings.DOWNLOAD_COPIES_BYTES = 5

    def never_read():
        raise AssertionError("read")
        yield b""

    assert file_copies.make_copy("large", 6, never_read()) is None


def test_the_oldest_copies_go_beyond_the_budget_never_the_new_one(settings):
    settings.DOWNLOAD_COPIES_BYTES = 10
    for index, name in enumerate(["first", "second"]):
        path = file_copies.make_copy(name, 4, [b"1234"])
        os.utime(path, (1_000_000 + index, 1_000_000 + index))
    file_copies.make_copy("third", 4, [b"5678"])
    assert _names(settings.DOWNLOAD_COPIES_DIR) == ["second", "third"]
    file_copies.make_copy("fourth", 9, [b"123456789"])
    assert _names(settings.DOWNLOAD_COPIES_DIR) == ["fourth"]


def test_the_name_tells_apart_everything_that_names_the_bytes():
    names = {
        file_copies.copy_name("reporting.MemoRender", 1, "data", '"k-1"', when, 10)
        for when in ("2026-01-01 10:00:00.000001", "2026-01-01 10:00:00.000002")
    }
    assert len(names) == 2


@pytest.mark.django_db
def test_a_spoilt_copy_is_made_again_from_the_database(client, published_pdf, settings):
    published, url = published_pdf
    first = client.get(url)
    assert PublishedMemo.checksum(first.content) == published.sha256
    (copy,) = settings.DOWNLOAD_COPIES_DIR.iterdir()
    copy.write_bytes(first.content[:-100])  # cut short on the disk

    again = client.get(url)
    assert isinstance(again, downloads.CopiedFileResponse)
    assert PublishedMemo.checksum(again.content) == published.sha256
    assert copy.read_bytes() == first.content


@pytest.mark.django_db
def test_without_room_for_a_copy_the_file_is_sent_in_slices(client, published_pdf, settings):
    published, url = published_pdf
    settings.DOWNLOAD_COPIES_BYTES = published.size - 1
    response = client.get(url)
    assert isinstance(response, downloads.StoredFileResponse)
    assert PublishedMemo.checksum(response.content) == published.sha256
    assert not settings.DOWNLOAD_COPIES_DIR.exists() or not _names(settings.DOWNLOAD_COPIES_DIR)
