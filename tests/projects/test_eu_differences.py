"""What CORDIS publishes beside what was reported, on the submission page."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import EuProjectRecord, EuSourceFile, ProjectReport
from projects.selectors.eu_data import source_comparisons
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(db):
    source_file = EuSourceFile.objects.create(
        source="cordis",
        file_name="cordis-HORIZONprojects-csv.zip",
        file_date=datetime.date(2024, 3, 1),
        sha256="0" * 64,
    )
    return EuProjectRecord.objects.create(
        source="cordis",
        grant_number="101056875",
        acronym="GREENCITY",
        start_date=datetime.date(2022, 9, 1),
        end_date=datetime.date(2026, 8, 31),
        total_cost_eur=Decimal("4999937.50"),
        organisation_role="participant",
        organisation_eu_contribution_eur=Decimal("812500.75"),
        coordinator_name="Lunds universitet",
        source_file=source_file,
    )


@pytest.fixture
def report(administration, record):
    submission = factories.SubmissionFactory(administration=administration)
    return factories.ProjectReportFactory(
        submission=submission,
        grant_source="cordis",
        grant_number="101056875",
        role=ProjectReport.Role.OWNER,
        start_date=datetime.date(2022, 9, 1),
        end_date=datetime.date(2025, 12, 31),
    )


def test_differences_are_the_end_date_and_the_role_with_both_values(report, record):
    comparison = source_comparisons([report])[report.pk]
    assert comparison.record == record
    found = {d.code: (d.reported, d.published) for d in comparison.differences}
    assert found == {
        "eu_end_date": (datetime.date(2025, 12, 31), datetime.date(2026, 8, 31)),
        "eu_role": ("owner", "participant"),
    }


def test_a_report_without_a_number_or_with_another_source_is_not_compared(report):
    other = factories.ProjectReportFactory(grant_source="life", grant_number="101056875")
    plain = factories.ProjectReportFactory()
    assert set(source_comparisons([report, other, plain])) == {report.pk}


def test_a_partner_that_cordis_lists_as_participant_has_no_role_difference(report):
    report.role = ProjectReport.Role.PARTNER
    report.lead_organisation = "Lunds universitet"
    report.save()
    codes = [d.code for d in source_comparisons([report])[report.pk].differences]
    assert codes == ["eu_end_date"]


@pytest.mark.parametrize("reader", ["coordinator", "development_coordinator"])
def test_the_submission_page_shows_the_differences_and_the_sources_date(
    client, request, report, reader
):
    client.force_login(request.getfixturevalue(reader))
    url = reverse("projects:submission_detail", args=[report.submission_id])
    html = client.get(url).content.decode()
    assert 'data-code="eu_end_date"' in html
    assert 'data-code="eu_role"' in html
    assert "2025-12-31" in html and "2026-08-31" in html
    assert "filen från 2024-03-01" in html
    assert "812\u00a0500,75" in html
