"""An Excel upload over the limit is refused before any of it is stored, with the message next
to the file field."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.urls import reverse

from tests.projects.excel_helpers import filled_submission, template_for

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MB = 1024 * 1024


@pytest.fixture
def submission(administration):
    return filled_submission(administration, projects=1, payouts_per_project=1)


@pytest.fixture
def stored_bytes(monkeypatch):
    """Sizes of the chunks the memory or temporary-file handler kept (the memory handler passes
    a file over FILE_UPLOAD_MAX_MEMORY_SIZE on to the temporary file)."""
    kept = []
    for handler in (MemoryFileUploadHandler, TemporaryFileUploadHandler):
        original = handler.receive_data_chunk

        def spy(self, raw_data, start, original=original):
            passed_on = original(self, raw_data, start)
            if passed_on is None:
                kept.append(len(raw_data))
            return passed_on

        monkeypatch.setattr(handler, "receive_data_chunk", spy)
    return kept


def upload(client, submission, data):
    return client.post(
        reverse("projects:excel_upload", args=[submission.pk]),
        {"file": SimpleUploadedFile("mall.xlsx", data, content_type=XLSX)},
    )


def test_limits_are_set(settings):
    assert settings.MAX_UPLOAD_SIZE == 10 * MB
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    assert settings.FILE_UPLOAD_HANDLERS[0] == "projects.uploads.BoundedUploadHandler"


def test_oversized_body_is_refused_before_any_byte_is_stored(
    client, coordinator, submission, stored_bytes
):
    client.force_login(coordinator)
    response = upload(client, submission, b"PK\x03\x04" + b"\0" * (11 * MB))
    assert response.status_code == 400
    assert stored_bytes == []
    body = response.content.decode()
    # The message is next to the file field, and in the error summary that links to it.
    assert (
        '<div class="invalid-feedback" id="id_file-error">Filen är större än 10 MB. '
        "Ta bort tomma rader eller dela upp den.</div>" in body
    )
    assert 'aria-invalid="true"' in body
    assert 'href="#id_file"' in body
    assert "Detta fält måste fyllas i" not in body


def test_file_growing_past_the_limit_is_cut_off(client, coordinator, submission, stored_bytes):
    client.force_login(coordinator)
    # Just over the limit: the declared body fits the allowance, the file does not.
    response = upload(client, submission, b"PK\x03\x04" + b"\0" * (10 * MB))
    assert response.status_code == 400
    assert sum(stored_bytes) <= 10 * MB
    assert response.context["form"].has_error("file", "too_large")


def test_a_normal_workbook_still_goes_through(client, coordinator, submission, stored_bytes):
    client.force_login(coordinator)
    data = template_for(submission)
    response = upload(client, submission, data)
    assert response.status_code == 302
    assert sum(stored_bytes) == len(data)
