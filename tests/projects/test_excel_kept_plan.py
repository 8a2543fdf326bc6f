"""An upload is parsed once: the preview shows the plan made then, and the confirm applies it
unless the submission changed in between. The plan is kept as signed JSON data, never code."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.crypto import salted_hmac

from projects.excel import layout, pending, reader
from projects.excel.importer import plan_import
from projects.excel.plan import PlanOutdated, plan_document, plan_from_document
from projects.models import FundingProgramme, Payout, ProjectReport
from tests.projects.excel_helpers import (
    filled_submission,
    open_template,
    save,
    set_cell,
    template_for,
)

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def token_of(location) -> str:
    return re.search(r"\?t=(.+)$", location).group(1)


def confirm(client, submission, location):
    return client.post(
        reverse("projects:excel_preview", args=[submission.pk]),
        {"t": token_of(location), "confirm_warnings": "1"},
    )


def kept_file(media_root):
    (plan_file,) = (media_root / "imports").glob("*.plan")
    return plan_file


def test_upload_preview_and_confirm_parse_the_workbook_once(
    client, coordinator, submission, parses, media_root
):
    client.force_login(coordinator)
    data = changed_workbook(submission)
    location = upload(client, submission, data)
    body = client.get(location).content.decode()
    assert "Ändras:" in body
    assert client.get(location).status_code == 200  # reloading the preview reads nothing
    response = confirm(client, submission, location)
    assert response["Location"] == submission.get_absolute_url()
    assert Payout.objects.filter(
        report__submission=submission, amount_sek=Decimal("77777.75")
    ).exists()
    assert len(parses) == 1
    assert list((media_root / "imports").iterdir()) == []


def test_change_after_upload_is_caught_and_the_preview_shows_a_new_plan(
    client, coordinator, submission, parses, media_root
):
    client.force_login(coordinator)
    location = upload(client, submission, changed_workbook(submission))
    client.get(location)
    # A colleague edits a project between the preview and the confirm.
    report = submission.project_reports.order_by("pk").first()
    ProjectReport.objects.filter(pk=report.pk).update(version=report.version + 1)

    response = confirm(client, submission, location)
    assert response.status_code == 302
    assert not Payout.objects.filter(amount_sek=Decimal("77777.75")).exists()
    page = client.get(response["Location"])
    assert "Ingenting har sparats" in page.content.decode()
    # The new preview is kept in place of the old one, with the versions it saw.
    kept = signing.loads(kept_file(media_root).read_text(), salt=pending.PLAN_SALT)
    assert [report.pk, report.version + 1] in kept["plan"]["report_versions"]

    response = confirm(client, submission, location)
    assert response["Location"] == submission.get_absolute_url()
    assert Payout.objects.filter(amount_sek=Decimal("77777.75")).exists()
    # Read at the upload and for the new preview; the refused confirm read nothing.
    assert len(parses) == 2


def test_the_kept_plan_is_signed_json_data(client, coordinator, submission, media_root):
    client.force_login(coordinator)
    data = changed_workbook(submission)
    location = upload(client, submission, data)
    text = kept_file(media_root).read_text(encoding="ascii")

    kept = signing.loads(text, salt=pending.PLAN_SALT)
    assert kept["file"] == kept_file(media_root).stem
    document = kept["plan"]
    assert json.loads(json.dumps(document)) == document  # nothing but JSON data
    assert document["version"] == 1
    assert document["submission"] == submission.pk
    assert document["checksum"] == pending.hashlib.sha256(data).hexdigest()
    assert document["report_versions"] == [
        [report.pk, report.version] for report in submission.project_reports.order_by("pk")
    ]
    (changed,) = [row for row in document["payout_rows"] if row["changes"]]
    assert changed["values"]["amount_sek"] == {"decimal": "77777.75"}
    assert changed["values"]["payment_date"] == {"date": "2023-03-15"}
    assert client.get(location).status_code == 200


def test_a_plan_survives_its_json_form_unchanged(administration):
    """Projects new, changed and removed, payouts new, changed and removed, warnings and errors:
    the plan made again from its document is the same plan."""
    submission = filled_submission(administration, projects=3, payouts_per_project=2)
    workbook = open_template(template_for(submission))
    projects = workbook[layout.SHEET_PROJECTS]
    projects.delete_rows(4)  # the third project goes, with its payouts
    set_cell(workbook, layout.SHEET_PROJECTS, 2, "results", "Nya resultat")
    set_cell(workbook, layout.SHEET_PROJECTS, 3, "total_budget_sek", "3 000 000")
    for column, value in {
        "key": "NY1",
        "name": "Nytt projekt",
        "programme": FundingProgramme.objects.order_by("pk").first().name,
        "role": "Projektägare",
        "start_date": "2023-01-01",
        "end_date": "2024-12-31",
        "total_budget_sek": "1 000 000",
        "own_budget_sek": "500 000",
        "eu_cofinancing_rate": "50",
        "council_goal": submission.reporting_year.council_goals.first().name,
        "participating_1": "Kulturförvaltningen",
    }.items():
        set_cell(workbook, layout.SHEET_PROJECTS, 4, column, value)
    set_cell(workbook, layout.SHEET_PAYOUTS, 2, "amount_sek", "1 234,56")
    set_cell(workbook, layout.SHEET_PAYOUTS, 3, "payment_date", "2022-12-30")  # an error
    payouts = workbook[layout.SHEET_PAYOUTS]
    payouts.delete_rows(7)
    for column, value in {"project_key": "NY1", "payment_date": "2023-05-01"}.items():
        set_cell(workbook, layout.SHEET_PAYOUTS, 7, column, value)
    set_cell(workbook, layout.SHEET_PAYOUTS, 7, "amount_sek", "10 000")
    plan = plan_import(submission=submission, data=save(workbook))
    assert plan.errors and plan.projects_created and plan.reports_removed
    assert plan.payouts_created and plan.payouts_changed and plan.payouts_removed

    document = json.loads(json.dumps(plan_document(plan)))
    again = plan_from_document(document, submission=submission)

    assert plan_document(again) == document
    assert again.report_versions == plan.report_versions
    assert [str(issue) for issue in again.issues] == [str(issue) for issue in plan.issues]
    assert again.totals() == plan.totals()
    (new_row,) = again.projects_created
    assert new_row.values["start_date"] == datetime.date(2023, 1, 1)
    assert new_row.values["programme"] == plan.projects_created[0].values["programme"]
    assert [a.short_code for a in new_row.participating] == ["KUF"]
    assert [row.project_row for row in again.payouts_created] == [new_row]


def test_a_plan_pointing_at_something_gone_is_outdated(administration):
    submission = filled_submission(administration, projects=1, payouts_per_project=1)
    plan = plan_import(submission=submission, data=template_for(submission))
    document = plan_document(plan)
    document["project_rows"][0]["council_goal"] = 10**9  # a goal removed since

    with pytest.raises(PlanOutdated):
        plan_from_document(document, submission=submission)


def expired_message(client, location) -> str:
    response = client.get(location)
    assert response.status_code == 302
    assert response["Location"].endswith("/excel/")
    return client.get(response["Location"]).content.decode()


EXPIRED = "Förhandsgranskningen har gått ut eller gjordes av en äldre version av tjänsten."


def test_a_plan_file_altered_on_disk_is_not_used(
    client, coordinator, submission, parses, media_root
):
    client.force_login(coordinator)
    location = upload(client, submission, changed_workbook(submission))
    plan_file = kept_file(media_root)
    sealed = plan_file.read_bytes()
    plan_file.write_bytes(sealed[:-1] + (b"A" if sealed[-1:] != b"A" else b"B"))

    assert EXPIRED in expired_message(client, location)
    response = confirm(client, submission, location)
    assert response["Location"] == reverse("projects:excel_upload", args=[submission.pk])
    assert not Payout.objects.filter(amount_sek=Decimal("77777.75")).exists()
    assert len(parses) == 1


def test_a_plan_kept_for_another_file_is_not_used(client, coordinator, submission, media_root):
    """Even for a file with the same content: each plan is bound to its own upload."""
    client.force_login(coordinator)
    data = changed_workbook(submission)
    upload(client, submission, data)
    first_plan = kept_file(media_root)
    plan_text = first_plan.read_text()
    first_plan.rename(first_plan.with_suffix(".old"))
    second = upload(client, submission, data)
    kept_file(media_root).write_text(plan_text)

    assert EXPIRED in expired_message(client, second)


def test_a_pickled_plan_from_before_is_treated_as_expired(
    client, coordinator, submission, media_root
):
    """Plans kept by the earlier version (a pickle behind an HMAC seal) are never read."""
    client.force_login(coordinator)
    location = upload(client, submission, changed_workbook(submission))
    blob = b"\x80\x05N."  # pickle of None
    seal = salted_hmac("projects.excel.pending", blob, algorithm="sha256").hexdigest()
    kept_file(media_root).write_bytes(seal.encode() + b"\n" + blob)

    assert EXPIRED in expired_message(client, location)


def test_a_plan_document_of_another_version_is_treated_as_expired(
    client, coordinator, submission, media_root
):
    client.force_login(coordinator)
    location = upload(client, submission, changed_workbook(submission))
    plan_file = kept_file(media_root)
    kept = signing.loads(plan_file.read_text(), salt=pending.PLAN_SALT)
    kept["plan"]["version"] = 2
    plan_file.write_text(signing.dumps(kept, salt=pending.PLAN_SALT, compress=True))

    assert EXPIRED in expired_message(client, location)
