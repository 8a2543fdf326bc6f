"""The upload page of the EU's open files: the worker imports the upload, the page lists the
jobs and the files imported; the same file twice is one job; a refused or oversized file stores
nothing, and the upload never stays in the file storage once read."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.models import EuImportJob, EuProjectRecord, EuSourceFile
from projects.services import eu_imports
from projects.services.eu_data import eu_projects_import
from tests.projects.test_eu_import_cordis import organisation, write_zip  # noqa: F401
from tests.projects.test_eu_import_kohesio import csv_text
from tests.reporting.test_memo_tasks import DATABASE_TASKS, run_worker, tasks_queued

pytestmark = pytest.mark.django_db

URL = reverse("projects:eu_imports")


@pytest.fixture
def page(client, development_coordinator):
    client.force_login(development_coordinator)
    return client


def cordis_upload(tmp_path, name="cordis-HORIZONprojects-csv.zip"):
    path = write_zip(tmp_path / name)
    with open(path, "rb") as stream:
        return SimpleUploadedFile(name, stream.read(), content_type="application/zip")


def stored_uploads(media_root):
    folder = media_root / "eu-imports"
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def test_the_page_states_the_limits_and_what_it_takes(page, settings):
    response = page.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert f"{settings.EU_UPLOAD_MAX_SIZE // 1024 // 1024} MB" in text
    assert 'name="source"' in text and 'type="file"' in text
    assert 'accept=".zip,.csv,.json"' in text


def test_an_uploaded_cordis_zip_is_imported_by_the_worker_and_listed(
    page, tmp_path, media_root, development_coordinator
):
    upload = cordis_upload(tmp_path)
    response = page.post(URL, {"source": "cordis", "file": upload})
    job = EuImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{URL}#import-{job.pk}"
    assert job.status == EuImportJob.Status.DONE
    assert (job.created, job.file_name) == (2, "cordis-HORIZONprojects-csv.zip")
    source_file = job.source_file
    assert source_file.imported_by == development_coordinator
    assert source_file.file_name == "cordis-HORIZONprojects-csv.zip"
    assert EuProjectRecord.objects.count() == 2
    # Read, then removed from the file storage.
    assert job.stored_name == ""
    assert stored_uploads(media_root) == []

    text = page.get(URL).content.decode()
    assert source_file.sha256 in text
    assert f'id="import-{job.pk}"' in text
    assert str(EuImportJob.Status.DONE.label) in text


def test_the_same_file_sent_twice_is_one_job_for_the_worker(page, tmp_path, media_root, settings):
    settings.TASKS = DATABASE_TASKS
    page.post(URL, {"source": "cordis", "file": cordis_upload(tmp_path)})
    page.post(URL, {"source": "cordis", "file": cordis_upload(tmp_path)})
    job = EuImportJob.objects.get()
    assert job.status == EuImportJob.Status.PENDING
    assert tasks_queued() == 1
    assert len(stored_uploads(media_root)) == 1
    assert "En fil läses in" in page.get(URL).content.decode()

    run_worker()
    job.refresh_from_db()
    assert job.status == EuImportJob.Status.DONE
    assert EuSourceFile.objects.count() == 1
    assert stored_uploads(media_root) == []
    # Sent again once imported: still the one job, nothing queued.
    page.post(URL, {"source": "cordis", "file": cordis_upload(tmp_path)})
    assert (EuImportJob.objects.count(), tasks_queued()) == (1, 1)


def test_a_file_imported_from_the_command_line_is_said_to_be_imported_already(
    page, tmp_path, media_root
):
    eu_projects_import(source="cordis", paths=[write_zip(tmp_path / "cordis.zip")])
    page.post(URL, {"source": "cordis", "file": cordis_upload(tmp_path, "cordis.zip")})
    job = EuImportJob.objects.get()
    assert job.was_imported_before
    assert job.source_file == EuSourceFile.objects.get()
    assert stored_uploads(media_root) == []


def test_a_malformed_kohesio_file_fails_its_job_and_stores_nothing(page, media_root):
    text = csv_text() + '"https://linkedopendata.eu/entity/Q500","extra"\r\n'
    upload = SimpleUploadedFile("sweden.csv", text.encode(), content_type="text/csv")
    page.post(URL, {"source": "kohesio", "file": upload})
    job = EuImportJob.objects.get()
    assert (job.status, job.code) == (EuImportJob.Status.FAILED, "bad_row")
    assert not EuSourceFile.objects.exists() and not EuProjectRecord.objects.exists()
    assert stored_uploads(media_root) == []
    # The refusal, in Swedish, where the coordinator looks.
    assert job.error and job.error in page.get(URL).content.decode()
    # Sent again: refused for what it holds, so neither stored nor read again.
    upload.seek(0)
    page.post(URL, {"source": "kohesio", "file": upload})
    assert EuImportJob.objects.get() == job and stored_uploads(media_root) == []


def test_a_job_the_worker_lost_is_queued_again_with_the_new_upload(
    page, tmp_path, media_root, settings
):
    settings.TASKS = DATABASE_TASKS
    page.post(URL, {"source": "cordis", "file": cordis_upload(tmp_path)})
    job = EuImportJob.objects.get()
    # Still waiting three hours later (the worker stopped): the same file may be sent again.
    EuImportJob.objects.filter(pk=job.pk).update(
        requested_at=job.requested_at - datetime.timedelta(hours=3)
    )
    page.post(URL, {"source": "cordis", "file": cordis_upload(tmp_path)})
    assert tasks_queued() == 2
    run_worker()
    job.refresh_from_db()
    assert job.status == EuImportJob.Status.DONE and EuSourceFile.objects.count() == 1
    assert stored_uploads(media_root) == []


def test_a_technical_failure_is_said_and_the_same_file_may_be_sent_again(
    page, tmp_path, media_root, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(eu_imports, "eu_projects_import", broken)
    # The immediate backend keeps the task's exception on its result, as the worker does.
    page.post(URL, {"source": "cordis", "file": cordis_upload(tmp_path)})
    job = EuImportJob.objects.get()
    assert (job.status, job.code) == (EuImportJob.Status.FAILED, "technical")
    assert stored_uploads(media_root) == []

    monkeypatch.undo()
    page.post(URL, {"source": "cordis", "file": cordis_upload(tmp_path)})
    job.refresh_from_db()
    assert job.status == EuImportJob.Status.DONE and EuImportJob.objects.count() == 1


def form_errors(response) -> dict[str, list[str]]:
    form = response.context["form"]
    return {
        field: [error.code for error in errors] for field, errors in form.errors.as_data().items()
    }


def test_an_oversized_upload_is_refused_before_any_of_it_is_stored(page, media_root, settings):
    settings.EU_UPLOAD_MAX_SIZE = 64 * 1024
    upload = SimpleUploadedFile("big.csv", b"x" * (200 * 1024), content_type="text/csv")
    response = page.post(URL, {"source": "kohesio", "file": upload})
    assert response.status_code == 400
    assert form_errors(response) == {"file": ["too_large"]}
    assert not EuImportJob.objects.exists()
    assert stored_uploads(media_root) == []
    # The error summary links to the field.
    assert 'href="#id_file"' in response.content.decode()


def test_the_page_takes_files_larger_than_a_workbook(page, settings, tmp_path):
    settings.MAX_UPLOAD_SIZE = 1024
    response = page.post(URL, {"source": "cordis", "file": cordis_upload(tmp_path)})
    assert response.status_code == 302
    assert EuImportJob.objects.get().status == EuImportJob.Status.DONE


def test_a_missing_source_or_a_wrong_kind_of_file_is_said_on_its_field(page):
    upload = SimpleUploadedFile("notes.pdf", b"%PDF-1.7", content_type="application/pdf")
    response = page.post(URL, {"file": upload})
    assert response.status_code == 400
    assert form_errors(response) == {"source": ["required"], "file": ["file_type"]}
    text = response.content.decode()
    assert 'href="#id_source_0"' in text
    assert not EuImportJob.objects.exists()


def test_the_page_reads_its_lists_in_a_fixed_number_of_queries(
    page, tmp_path, django_assert_num_queries
):
    for number in range(3):
        rows = csv_text().replace("Grön stad", f"Grön stad {number}")
        upload = SimpleUploadedFile(f"se-{number}.csv", rows.encode(), content_type="text/csv")
        page.post(URL, {"source": "kohesio", "file": upload})
    assert EuSourceFile.objects.count() == 3
    # Session and user, the jobs, the files, and the letterhead and administrations every page
    # reads: none per job or file.
    with django_assert_num_queries(6):
        response = page.get(URL)
    assert response.content.decode().count('id="import-') == 3
