"""Small things a careful user meets: each message once, a conflict that says who and when,
a closed year's Excel page that says so, and a favicon."""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from projects import services
from projects.models import ProjectReport, ReportingYear
from tests import factories
from tests.projects.entry_helpers import project_post_data, update_url

pytestmark = pytest.mark.django_db


def test_a_failed_sign_in_says_why_once(client, coordinator):
    response = client.post(
        reverse("login"), {"username": coordinator.email, "password": "fel lösenord"}
    )
    (error,) = response.context["form"].non_field_errors()
    assert response.content.decode().count(str(error)) == 1


def test_an_edit_conflict_says_once_who_changed_the_project_and_when(client, coordinator):
    submission = factories.SubmissionFactory(administration=coordinator.administration)
    programme = factories.FundingProgrammeFactory(name="Interreg Öresund-Kattegatt-Skagerrak")
    goal = submission.reporting_year.council_goals.get()
    report = factories.ProjectReportFactory(submission=submission, programme=programme)
    colleague = factories.CoordinatorFactory(
        administration=coordinator.administration, full_name="Karin Persson"
    )
    seen = report.version
    at = datetime.datetime(2024, 3, 5, 14, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: at)
        services.project_report_save(
            submission=submission,
            report=report,
            values={"name": "Ändrat av Karin"},
            participating_administrations=[],
            payouts=[],
            version=seen,
            by=colleague,
        )
    client.force_login(coordinator)
    response = client.post(update_url(report), project_post_data(programme, goal, version=seen))
    html = response.content.decode()
    assert html.count("medan du redigerade") == 1
    assert "Karin Persson ändrade projektet 2024-03-05 14:30" in html
    assert ProjectReport.objects.get(pk=report.pk).name == "Ändrat av Karin"


def test_the_excel_page_of_a_closed_year_says_the_year_is_closed(client, coordinator):
    submission = factories.SubmissionFactory(administration=coordinator.administration)
    ReportingYear.objects.filter(pk=submission.reporting_year_id).update(is_open=False)
    client.force_login(coordinator)
    response = client.get(reverse("projects:excel_upload", args=[submission.pk]))
    html = response.content.decode()
    assert response.status_code == 403
    assert re.search(r'<h1 class="excel-locked">Året är stängt</h1>', html)
    assert "Åtkomst nekad" not in html


def test_another_administrations_coordinator_still_gets_no_page(client, other_coordinator):
    submission = factories.SubmissionFactory(
        administration=factories.AdministrationFactory(name="Kulturförvaltningen")
    )
    ReportingYear.objects.filter(pk=submission.reporting_year_id).update(is_open=False)
    client.force_login(other_coordinator)
    response = client.get(reverse("projects:excel_upload", args=[submission.pk]))
    assert response.status_code == 404


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an icon file
