"""Who may open and change the entry pages."""

import pytest
from django.urls import reverse

from projects.models import ProjectReport, Submission
from tests import factories

pytestmark = pytest.mark.django_db

ENTRY_URLS = [
    "projects:project_create",
    "projects:project_update",
    "projects:project_remove",
    "projects:copy_forward",
    "projects:narrative",
    "projects:submission_submit",
]


@pytest.fixture
def report(administration):
    return factories.ProjectReportFactory(
        submission=factories.SubmissionFactory(administration=administration)
    )


def url_for(name, report):
    if name in ("projects:project_update", "projects:project_remove"):
        return reverse(name, args=[report.submission_id, report.pk])
    return reverse(name, args=[report.submission_id])


ALL_URLS = ["projects:submission_detail", *ENTRY_URLS]


@pytest.mark.parametrize("name", ALL_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_login(client, report, name, method):
    response = getattr(client, method)(url_for(name, report))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ALL_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_coordinator_of_another_administration_gets_404(
    client, other_coordinator, report, name, method
):
    client.force_login(other_coordinator)
    expected = 405 if (name, method) == ("projects:submission_detail", "post") else 404
    assert getattr(client, method)(url_for(name, report)).status_code == expected


@pytest.mark.parametrize("name", ENTRY_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("reader", ["official", "development_coordinator"])
def test_city_office_cannot_change(client, request, report, name, method, reader):
    client.force_login(request.getfixturevalue(reader))
    response = getattr(client, method)(
        url_for(name, report), {"version": 1, "confirm_warnings": "on"}
    )
    assert response.status_code == 403
    assert ProjectReport.objects.filter(pk=report.pk).exists()
    assert Submission.objects.get(pk=report.submission_id).state == Submission.State.DRAFT


@pytest.mark.parametrize("name", ["projects:project_update", "projects:project_remove"])
def test_report_of_another_submission_is_404(client, coordinator, report, name):
    other = factories.ProjectReportFactory()
    client.force_login(coordinator)
    url = reverse(name, args=[report.submission_id, other.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", ENTRY_URLS)
def test_own_coordinator_can_open_entry_pages(client, coordinator, report, name):
    client.force_login(coordinator)
    response = client.get(url_for(name, report))
    assert response.status_code == 200
    assert response.context["submission"] == report.submission
    # Each entry page has a form that posts back to itself, with the CSRF token.
    html = response.content.decode()
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html


@pytest.mark.parametrize("name", ENTRY_URLS)
def test_closed_year_locks_entry_for_the_coordinator(client, coordinator, report, name):
    report.submission.reporting_year.is_open = False
    report.submission.reporting_year.save()
    client.force_login(coordinator)
    response = client.post(url_for(name, report), {"version": 1, "confirm_warnings": "on"})
    assert response.status_code == 302
    assert response.url == report.submission.get_absolute_url()
    assert ProjectReport.objects.filter(pk=report.pk).exists()
    assert Submission.objects.get(pk=report.submission_id).state == Submission.State.DRAFT
