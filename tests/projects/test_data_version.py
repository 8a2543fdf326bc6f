"""A year's data version: every write that changes what a year's figures read raises it, in the
write's own transaction, and only for the years it touches; a refused write leaves it alone.

What is kept per version (the figures' JSON, the rows, the trend, the memo's files) is tested in
tests/reporting/test_kept.py."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from projects import services
from projects.excel import layout
from projects.models import (
    Administration,
    FundingProgramme,
    Payout,
    ProjectReport,
    ReportingYear,
    Submission,
)
from projects.selectors import year_data_version, year_data_versions
from projects.services.versions import year_data_changed
from projects.validation import PROJECT_REQUIRED_FIELDS
from tests import factories
from tests.projects.excel_helpers import (
    confirm_import,
    filled_submission,
    open_template,
    save,
    set_cell,
    template_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def years(coordinator):
    """The coordinator's draft with projects in 2023, another administration's in 2024, and a
    closed 2022: a write to one year must not move the others."""
    submission = filled_submission(coordinator.administration, year=2023)
    other = filled_submission(factories.AdministrationFactory(short_code="OTH"), year=2024)
    closed = factories.ReportingYearFactory(year=2022, is_open=False)
    return {"submission": submission, "other": other, "closed": closed}


def versions() -> dict[int, int]:
    return year_data_versions()


def raised(before: dict[int, int]) -> set[int]:
    """The years whose version moved since ``before``."""
    after = versions()
    assert all(after[year] >= before[year] for year in before)  # never goes back
    return {year for year in after if after[year] != before.get(year)}


def report_values(report: ProjectReport, **changes) -> dict:
    fields = (*PROJECT_REQUIRED_FIELDS, "acronym", "council_goal", "results")
    return {**{name: getattr(report, name) for name in fields}, **changes}


def submitted(submission: Submission, user) -> Submission:
    return services.submission_submit(
        submission=submission, by=user, confirm_warnings=True, version=submission.version
    )


# --- the entry services ---------------------------------------------------------------------


def test_saving_a_project_raises_its_year_only(years, coordinator):
    report = years["submission"].project_reports.order_by("pk").first()
    before = versions()
    services.project_report_save(
        submission=years["submission"],
        report=report,
        values=report_values(report, name="Nytt namn"),
        version=report.version,
        by=coordinator,
    )
    assert raised(before) == {2023}


def test_removing_a_project_raises_its_year(years, coordinator):
    report = years["submission"].project_reports.order_by("pk").first()
    before = versions()
    services.project_report_remove(report=report, version=report.version, by=coordinator)
    assert raised(before) == {2023}


def test_the_narrative_raises_its_year(years, coordinator):
    submission = years["submission"]
    before = versions()
    services.submission_narrative_update(
        submission=submission, values={"networks": "Nätverk."}, version=submission.version, by=None
    )
    assert raised(before) == {2023}


def test_an_excel_import_raises_its_year(years, coordinator):
    submission = years["submission"]
    workbook = open_template(template_for(submission))
    set_cell(workbook, layout.SHEET_PROJECTS, 2, "total_budget_sek", "3 000 000")
    before = versions()
    confirm_import(submission, save(workbook), by=coordinator)
    assert raised(before) == {2023}


def test_a_refused_write_leaves_the_version_as_it_was(years, coordinator):
    report = years["submission"].project_reports.order_by("pk").first()
    before = versions()
    with pytest.raises(ValidationError) as refused:
        services.project_report_save(
            submission=years["submission"],
            report=report,
            values=report_values(report, name="Nytt namn"),
            version=report.version - 1,  # someone saved it meanwhile
            by=coordinator,
        )
    assert refused.value.error_list[0].code == "stale"
    assert raised(before) == set()


# --- the review steps and the year ----------------------------------------------------------


def test_each_review_step_raises_its_year(years, coordinator, development_coordinator):
    Submission.objects.filter(pk=years["submission"].pk).update(
        **dict.fromkeys(Submission.NARRATIVE_FIELDS, "Inga")
    )
    submission = submitted(Submission.objects.get(pk=years["submission"].pk), coordinator)
    steps = [
        lambda s: services.submission_approve(
            submission=s, user=development_coordinator, version=s.version
        ),
        lambda s: services.submission_reopen(
            submission=s, user=development_coordinator, reason="Fel belopp", version=s.version
        ),
        lambda s: submitted(s, coordinator),
        lambda s: services.submission_return(
            submission=s, user=development_coordinator, comment="Komplettera", version=s.version
        ),
    ]
    for step in steps:
        before = versions()
        submission = step(Submission.objects.get(pk=submission.pk))
        assert raised(before) == {2023}


def test_opening_closing_and_reopening_a_year_raise_it(years, development_coordinator):
    year = ReportingYear.objects.get(year=2024)
    goals = list(year.council_goals.all())
    before = versions()
    services.reporting_year_open(
        year=2024, deadline=datetime.date(2025, 2, 28), council_goals=goals
    )
    assert raised(before) == {2024}
    before = versions()
    services.reporting_year_close(reporting_year=year, user=development_coordinator)
    assert raised(before) == {2024}
    before = versions()
    services.reporting_year_reopen(reporting_year=year, user=development_coordinator, reason="Fel")
    assert raised(before) == {2024}
    before = versions()
    services.reporting_year_open(
        year=2025, deadline=datetime.date(2026, 2, 28), council_goals=goals
    )
    assert versions()[2025] > 0 and raised(before) == {2025}


def test_the_reference_names_refresh_raises_the_open_years_not_a_closed_one(years):
    before = versions()
    services.reference_names_refresh()
    assert raised(before) == {2023, 2024}


def test_a_year_read_before_a_change_does_not_put_the_old_version_back(years):
    stale = ReportingYear.objects.get(year=2023)
    year_data_changed(years=[2023])
    raised_to = year_data_version(2023)
    stale.deadline = datetime.date(2024, 3, 31)
    stale.save()
    assert year_data_version(2023) == raised_to
    assert ReportingYear.objects.get(year=2023).deadline == datetime.date(2024, 3, 31)


def test_a_year_without_a_reporting_year_has_version_zero(db):
    assert year_data_version(2019) == 0


# --- the admin ------------------------------------------------------------------------------


@pytest.fixture
def admin_request(development_coordinator):
    request = RequestFactory().post("/admin/")
    request.user = development_coordinator
    return request


def test_the_admin_raises_the_year_of_what_it_saves_or_removes(years, admin_request):
    payout_admin = admin.site._registry[Payout]
    payout = Payout.objects.filter(report__submission=years["submission"]).first()
    payout.amount_sek = Decimal("1.00")
    before = versions()
    payout_admin.save_model(admin_request, payout, form=None, change=True)
    assert raised(before) == {2023}

    before = versions()
    payout_admin.delete_model(admin_request, Payout.objects.get(pk=payout.pk))
    assert raised(before) == {2023}

    report_admin = admin.site._registry[ProjectReport]
    before = versions()
    report_admin.delete_queryset(
        admin_request, ProjectReport.objects.filter(submission=years["other"])
    )
    assert raised(before) == {2024}


def test_the_admin_raises_both_years_when_a_report_moves(years, admin_request):
    report = years["submission"].project_reports.order_by("pk").first()
    report.submission = years["other"]
    before = versions()
    admin.site._registry[ProjectReport].save_model(admin_request, report, form=None, change=True)
    assert raised(before) == {2023, 2024}


@pytest.mark.parametrize("model", [Administration, FundingProgramme])
def test_a_reference_data_change_in_the_admin_raises_every_year(years, admin_request, model):
    """Closed years keep their names, but any year's pages may show the current ones."""
    obj = model.objects.order_by("pk").first()
    obj.name = f"{obj.name} (ny)"
    before = versions()
    admin.site._registry[model].save_model(admin_request, obj, form=None, change=True)
    assert raised(before) == {2022, 2023, 2024}
