"""What CORDIS publishes beside what was reported: the differences (codes, both values, the
tolerance on amounts) and where they are shown: the project form, the submission's warnings,
the submit step, the review and the Excel preview."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.eu_data import differences as d
from projects.excel.template import submission_template
from projects.models import EuProjectRecord, EuSourceFile, ProjectReport, Submission
from projects.selectors.eu_data import source_comparisons
from projects.validation.eu_data import describe, source_findings
from tests import factories
from tests.projects.test_year_integrity import _upload

pytestmark = pytest.mark.django_db

RATE = Decimal("11.50")
SOURCE_END = datetime.date(2026, 8, 31)
REPORTED_END = datetime.date(2025, 12, 31)


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
        title="Green cities for climate",
        start_date=datetime.date(2022, 9, 1),
        end_date=SOURCE_END,
        total_cost_eur=Decimal("5000000.00"),
        organisation_role="participant",
        organisation_eu_contribution_eur=Decimal("812500.75"),
        coordinator_name="Lunds universitet",
        source_file=source_file,
    )


@pytest.fixture
def goal(db):
    return factories.CouncilGoalFactory(name="Utbildning och arbete", order=1)


@pytest.fixture
def year(goal):
    return factories.ReportingYearFactory(year=2023, council_goals=[goal], eur_rate_sek=RATE)


@pytest.fixture
def report(administration, year, record, goal):
    """A partner in GREENCITY as CORDIS says, with the total budget within the tolerance
    (57 000 000 kr = 4 956 521,74 euro) but another end date and 1 000 000 kr from the EU
    (86 956,52 euro, where CORDIS says 812 500,75)."""
    submission = factories.SubmissionFactory(administration=administration, reporting_year=year)
    return factories.ProjectReportFactory(
        submission=submission,
        council_goal=goal,
        grant_source="cordis",
        grant_number="101056875",
        role=ProjectReport.Role.PARTNER,
        lead_organisation="LUNDS  universitet",
        start_date=datetime.date(2022, 9, 1),
        end_date=REPORTED_END,
        total_budget_sek=Decimal("57000000.00"),
        own_budget_sek=Decimal("2000000.00"),
        eu_cofinancing_rate=Decimal("50.00"),
    )


def found(comparison) -> dict:
    return {diff.code: (diff.reported, diff.published) for diff in comparison.differences}


EXPECTED = {
    d.END_DATE: (REPORTED_END, SOURCE_END),
    d.EU_CONTRIBUTION: (Decimal("86956.52"), Decimal("812500.75")),
}


def test_the_differences_are_the_end_date_and_the_eu_contribution_in_euros(report, record):
    comparison = source_comparisons([report], eur_rate_sek=RATE)[report.pk]
    assert comparison.record == record
    assert found(comparison) == EXPECTED
    contribution = comparison.differences[-1]
    assert contribution.reported_sek == Decimal("1000000.00")
    assert [f.code for f in source_findings(comparison)] == [d.END_DATE, d.EU_CONTRIBUTION]
    assert [f.field for f in source_findings(comparison)] == ["end_date", "own_budget_sek"]


@pytest.mark.parametrize(
    ("total_sek", "differs"),
    [
        ("10500000.00", False),  # 1 050 000 euro: 5 % above, the tolerance
        ("10500200.00", True),  # 1 050 020 euro: beyond it
        ("9500000.00", False),  # 950 000 euro: 5 % below
        ("9499800.00", True),
    ],
)
def test_the_total_budget_differs_only_beyond_the_tolerance(record, total_sek, differs):
    values = {"total_budget_sek": Decimal(total_sek)}
    record.total_cost_eur = Decimal("1000000.00")
    codes = [diff.code for diff in d.compare(values, record, Decimal("10")).differences]
    assert codes == ([d.TOTAL_BUDGET] if differs else [])
    assert Decimal("0.05") == d.AMOUNT_TOLERANCE


def test_without_the_years_rate_the_amounts_are_not_compared_and_nothing_breaks(report):
    comparison = source_comparisons([report], eur_rate_sek=None)[report.pk]
    assert found(comparison) == {
        d.END_DATE: (REPORTED_END, SOURCE_END),
        d.NO_RATE: (None, None),
    }
    # Information only: not a warning to confirm.
    assert [f.code for f in source_findings(comparison)] == [d.END_DATE]


def test_the_role_and_the_lead_organisation(report, record):
    values = d.values_of(report)
    assert found(d.compare({**values, "role": "owner"}, record, RATE))[d.ROLE] == (
        "owner",
        "participant",
    )
    values["lead_organisation"] = "Malmö universitet"
    assert found(d.compare(values, record, RATE))[d.LEAD_ORGANISATION] == (
        "Malmö universitet",
        "Lunds universitet",
    )
    record.organisation_role = "coordinator"
    codes = found(d.compare(values, record, RATE))
    assert codes[d.ROLE] == ("partner", "coordinator")
    assert d.LEAD_ORGANISATION not in codes  # the organisation leads: no other lead to compare


def test_a_report_without_a_number_or_with_another_source_is_not_compared(report):
    other = factories.ProjectReportFactory(grant_source="life", grant_number="101056875")
    plain = factories.ProjectReportFactory()
    assert set(source_comparisons([report, other, plain], eur_rate_sek=RATE)) == {report.pk}


def assert_both_warnings(html: str) -> None:
    assert 'data-code="eu_end_date"' in html
    assert 'data-code="eu_contribution"' in html
    assert "2025-12-31" in html and "2026-08-31" in html
    assert "86\u00a0956,52" in html and "812\u00a0500,75" in html
    assert "filen från 2024-03-01" in html


def test_the_project_form_shows_both_differences_with_the_sources_values(
    client, coordinator, report
):
    client.force_login(coordinator)
    url = reverse("projects:project_update", args=[report.submission_id, report.pk])
    assert_both_warnings(client.get(url).content.decode())


def test_the_submission_lists_both_as_warnings_and_the_submit_keeps_them_for_the_review(
    client, coordinator, development_coordinator, report
):
    submission = report.submission
    for field in Submission.NARRATIVE_FIELDS:
        setattr(submission, field, "Inga")
    submission.save()
    client.force_login(coordinator)
    page = client.get(reverse("projects:submission_detail", args=[submission.pk]))
    codes = {finding.code: finding for finding in page.context["findings"]}
    assert {d.END_DATE, d.EU_CONTRIBUTION} <= set(codes)
    assert not codes[d.END_DATE].blocking and not codes[d.EU_CONTRIBUTION].blocking
    assert_both_warnings(page.content.decode())

    submit_url = reverse("projects:submission_submit", args=[submission.pk])
    submit_page = client.get(submit_url)
    assert not submit_page.context["blocking_findings"]
    assert "2026-08-31" in submit_page.content.decode()
    client.post(submit_url, {"version": submission.version, "confirm_warnings": "on"})
    submission.refresh_from_db()
    assert submission.state == Submission.State.SUBMITTED

    client.force_login(development_coordinator)
    review = client.get(reverse("projects:submission_detail", args=[submission.pk]))
    kept = review.context["submit_record"].confirmed_warnings
    assert {d.END_DATE, d.EU_CONTRIBUTION} <= {warning["code"] for warning in kept}
    assert_both_warnings(review.content.decode())


def test_on_an_approved_submission_the_differences_are_information_only(
    client, development_coordinator, report
):
    submission = report.submission
    Submission.objects.filter(pk=submission.pk).update(state=Submission.State.APPROVED)
    client.force_login(development_coordinator)
    page = client.get(reverse("projects:submission_detail", args=[submission.pk]))
    html = page.content.decode()
    assert 'data-code="eu_end_date"' in html
    assert 'class="warning-list"' not in html
    report.refresh_from_db()
    assert report.end_date == REPORTED_END


def test_the_excel_preview_warns_of_both_differences(client, coordinator, report):
    client.force_login(coordinator)
    preview = _upload(client, report.submission, submission_template(report.submission))
    warnings = {issue.code: issue for issue in preview.context["plan"].warnings}
    assert {d.END_DATE, d.EU_CONTRIBUTION} <= set(warnings)
    assert "2026-08-31" in warnings[d.END_DATE].message
    assert "812\u00a0500,75" in warnings[d.EU_CONTRIBUTION].message


def test_a_project_with_the_same_acronym_but_no_number_gets_a_suggestion_only(
    client, coordinator, report
):
    unnumbered = factories.ProjectReportFactory(
        submission=report.submission, acronym="greencity", name="Gröna städer"
    )
    client.force_login(coordinator)
    page = client.get(reverse("projects:submission_detail", args=[report.submission_id]))
    html = page.content.decode()
    assert html.count('data-code="eu_suggestion"') == 1
    assert f'id="report-{unnumbered.pk}-source"' in html
    assert unnumbered.pk not in {finding.report_id for finding in page.context["findings"]}


@pytest.mark.parametrize(
    ("reported", "source_role", "expected"),
    [
        (
            ProjectReport.Role.PARTNER,
            "coordinator",
            "Roll: rapporterad som projektpartner, enligt källan projektägare.",
        ),
        (
            ProjectReport.Role.OWNER,
            "participant",
            "Roll: rapporterad som projektägare, enligt källan projektpartner.",
        ),
    ],
)
def test_the_role_difference_names_the_sources_role_in_the_reports_words(
    report, record, reported, source_role, expected
):
    record.organisation_role = source_role
    comparison = d.compare({**d.values_of(report), "role": reported}, record, RATE)
    assert [describe(x) for x in comparison.differences if x.code == d.ROLE] == [expected]


@pytest.mark.parametrize("locked_by", ["approved", "closed year"])
def test_a_locked_submission_marks_its_differences_as_information_not_warnings(
    client, development_coordinator, report, locked_by
):
    submission = report.submission
    url = reverse("projects:submission_detail", args=[submission.pk])
    client.force_login(development_coordinator)
    submitted = client.get(url).content.decode()
    assert 'border-warning ps-2 mb-1" data-code="eu_end_date"' in submitted
    assert "source-information-only" not in submitted

    if locked_by == "approved":
        Submission.objects.filter(pk=submission.pk).update(state=Submission.State.APPROVED)
    else:
        type(submission.reporting_year).objects.filter(pk=submission.reporting_year_id).update(
            is_open=False
        )
    locked = client.get(url).content.decode()
    assert 'border-info ps-2 mb-1" data-code="eu_end_date"' in locked
    assert 'border-info ps-2 mb-1" data-code="eu_contribution"' in locked
    assert "source-information-only" in locked
