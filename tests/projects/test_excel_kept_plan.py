"""An upload is parsed once: the preview shows the plan made then, and the confirm applies it
unless the submission changed in between."""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.excel import layout, pending, reader
from projects.models import Payout, ProjectReport
from tests.projects.excel_helpers import (
    filled_submission,
    open_template,
    save,
    set_cell,
    template_for,
)

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def parses(monkeypatch):
    """How many times openpyxl opened a workbook."""
    calls = []
    original = reader.load_workbook

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(reader, "load_workbook", counting)
    return calls


@pytest.fixture
def submission(administration):
    return filled_submission(administration, projects=2, payouts_per_project=1)


def changed_workbook(submission, amount="77 777,75") -> bytes:
    workbook = open_template(template_for(submission))
    set_cell(workbook, layout.SHEET_PAYOUTS, 2, "amount_sek", amount)
    return save(workbook)


def upload(client, submission, data):
    response = client.post(
        reverse("projects:excel_upload", args=[submission.pk]),
        {"file": SimpleUploadedFile("mall.xlsx", data, content_type=XLSX)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def confirm(client, submission, location, body):
    seen = re.search(r'name="seen_versions" value="([^"]*)"', body).group(1)
    token = re.search(r"\?t=(.+)$", location).group(1)
    return client.post(
        reverse("projects:excel_preview", args=[submission.pk]),
        {"t": token, "seen_versions": seen, "confirm_warnings": "1"},
    )


def test_upload_preview_and_confirm_parse_the_workbook_once(
    client, coordinator, submission, parses, media_root
):
    client.force_login(coordinator)
    data = changed_workbook(submission)
    location = upload(client, submission, data)
    body = client.get(location).content.decode()
    assert "Ändras:" in body
    assert client.get(location).status_code == 200  # reloading the preview reads nothing
    response = confirm(client, submission, location, body)
    assert response["Location"] == submission.get_absolute_url()
    assert Payout.objects.filter(
        report__submission=submission, amount_sek=Decimal("77777.75")
    ).exists()
    assert len(parses) == 1
    assert list((media_root / "imports").iterdir()) == []


def test_change_after_upload_is_caught_and_the_preview_shows_a_new_plan(
    client, coordinator, submission, parses
):
    client.force_login(coordinator)
    location = upload(client, submission, changed_workbook(submission))
    stale_body = client.get(location).content.decode()
    # A colleague edits a project between the preview and the confirm.
    report = submission.project_reports.order_by("pk").first()
    ProjectReport.objects.filter(pk=report.pk).update(version=report.version + 1)

    response = confirm(client, submission, location, stale_body)
    assert response.status_code == 302
    assert not Payout.objects.filter(amount_sek=Decimal("77777.75")).exists()
    page = client.get(response["Location"])
    fresh_body = page.content.decode()
    assert "Ingenting har sparats" in fresh_body
    assert f"{report.pk}:{report.version + 1}" in fresh_body

    response = confirm(client, submission, location, fresh_body)
    assert response["Location"] == submission.get_absolute_url()
    assert Payout.objects.filter(amount_sek=Decimal("77777.75")).exists()
    # Read at the upload, again when the stale plan was refused, and for the new preview.
    assert len(parses) == 3


def test_a_plan_file_altered_on_disk_is_not_unpickled(
    client, coordinator, submission, parses, media_root, monkeypatch
):
    client.force_login(coordinator)
    location = upload(client, submission, changed_workbook(submission))
    (plan_file,) = (media_root / "imports").glob("*.plan")
    sealed = plan_file.read_bytes()
    plan_file.write_bytes(sealed[:-1] + bytes([sealed[-1] ^ 1]))
    monkeypatch.setattr(pending.pickle, "loads", lambda blob: pytest.fail("unpickled"))

    body = client.get(location).content.decode()
    assert "Ändras:" in body  # made again from the file
    assert len(parses) == 2
