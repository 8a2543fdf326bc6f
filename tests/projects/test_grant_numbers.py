"""A project's number at its EU source: entered in the form and the template, checked for shape."""

import pytest
from django.db import IntegrityError, transaction

from projects import services
from projects.excel import layout
from projects.excel.importer import plan_import
from projects.models import ProjectReport
from projects.validation.project import grant_number_findings
from tests import factories
from tests.projects.entry_helpers import create_url, project_post_data
from tests.projects.excel_helpers import (
    confirm_import,
    filled_submission,
    open_template,
    save,
    set_cell,
    template_for,
)

pytestmark = pytest.mark.django_db


def codes(source, number):
    return [f.code for f in grant_number_findings({"grant_source": source, "grant_number": number})]


@pytest.mark.parametrize(
    ("source", "number"),
    [
        ("cordis", "101056875"),
        ("cordis", "870337"),
        ("kohesio", "20201234"),
        ("keep_eu", "12345"),
        ("erasmus", "2021-1-SE01-KA220-SCH-000032000"),
        ("erasmus", "2020-1-SE01-KA229-077924"),
        ("erasmus", "101086352"),
        ("life", "LIFE20 CCA/SE/000123"),
        ("life", "101074427"),
        ("other", "Dnr 2023/14"),
        ("", ""),
    ],
)
def test_numbers_in_their_sources_shape_pass(source, number):
    assert codes(source, number) == []


@pytest.mark.parametrize(
    ("source", "number", "code"),
    [
        ("cordis", "HE-101056875", "grant_number_shape"),
        ("cordis", "1234", "grant_number_shape"),
        ("keep_eu", "KEEP-1", "grant_number_shape"),
        ("erasmus", "2021-SE01-KA220", "grant_number_shape"),
        ("life", "LIFE CCA SE 123", "grant_number_shape"),
        ("kohesio", "-20201234", "grant_number_shape"),
        ("other", "x" * 61, "grant_number_shape"),
        ("", "101056875", "grant_source_missing"),
        ("cordis", "  ", "grant_number_missing"),
    ],
)
def test_numbers_out_of_shape_or_alone_are_refused(source, number, code):
    assert codes(source, number) == [code]


def test_database_refuses_a_number_without_its_source():
    report = factories.ProjectReportFactory()
    report.grant_number = "101056875"
    with pytest.raises(IntegrityError), transaction.atomic():
        report.save()


@pytest.fixture
def submission(administration):
    return factories.SubmissionFactory(administration=administration)


@pytest.fixture
def programme(db):
    return factories.FundingProgrammeFactory(name="Horisont Europa", short_name="HE")


def test_form_stores_the_number_and_its_source(coordinator_client, submission, programme):
    goal = submission.reporting_year.council_goals.get()
    data = project_post_data(
        programme, goal, grant_source="cordis", grant_number=" 101056875 ", confirm_warnings="on"
    )
    response = coordinator_client.post(create_url(submission), data)
    assert response.status_code == 302, response.context["form"].errors
    report = ProjectReport.objects.get(submission=submission)
    assert (report.grant_source, report.grant_number) == ("cordis", "101056875")


def test_form_shows_the_shape_error_at_the_number(coordinator_client, submission, programme):
    goal = submission.reporting_year.council_goals.get()
    data = project_post_data(programme, goal, grant_source="cordis", grant_number="H2020-870337")
    response = coordinator_client.post(create_url(submission), data)
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert [e.code for e in errors["grant_number"]] == ["grant_number_shape"]
    assert not ProjectReport.objects.filter(submission=submission).exists()
    assert "Projektnummer hos EU" in response.content.decode()


def test_template_carries_the_number_and_the_import_reads_it_back(administration):
    submission = filled_submission(administration, projects=2, payouts_per_project=0)
    first = submission.project_reports.order_by("name").first()
    first.grant_source, first.grant_number = "cordis", "870337"
    first.save()
    workbook = open_template(template_for(submission))
    sheet = workbook[layout.SHEET_PROJECTS]
    headers = [cell.value for cell in sheet[1]]
    row = [cell.value for cell in sheet[2]]
    assert row[headers.index("Källa för projektnumret")] == "CORDIS"
    assert row[headers.index("Projektnummer hos EU")] == "870337"

    set_cell(workbook, layout.SHEET_PROJECTS, 3, "grant_source", "Erasmus+")
    set_cell(workbook, layout.SHEET_PROJECTS, 3, "grant_number", "2021-1-SE01-KA220-SCH-000032000")
    data = save(workbook)
    plan = plan_import(submission=submission, data=data)
    assert plan.issues == []
    confirm_import(submission, data, plan=plan)
    second = submission.project_reports.order_by("name")[1]
    assert (second.grant_source, second.grant_number) == (
        "erasmus",
        "2021-1-SE01-KA220-SCH-000032000",
    )
    first.refresh_from_db()
    assert (first.grant_source, first.grant_number) == ("cordis", "870337")


def test_import_names_the_row_and_column_of_a_bad_number_or_source(administration):
    submission = filled_submission(administration, projects=2, payouts_per_project=0)
    workbook = open_template(template_for(submission))
    set_cell(workbook, layout.SHEET_PROJECTS, 2, "grant_source", "CORDIS")
    set_cell(workbook, layout.SHEET_PROJECTS, 2, "grant_number", "H2020-870337")
    set_cell(workbook, layout.SHEET_PROJECTS, 3, "grant_source", "Horizon")
    set_cell(workbook, layout.SHEET_PROJECTS, 3, "grant_number", "870337")
    plan = plan_import(submission=submission, data=save(workbook))
    found = sorted((issue.row, issue.header, issue.code) for issue in plan.issues)
    assert found == [
        (2, "Projektnummer hos EU", "grant_number_shape"),
        (3, "Källa för projektnumret", "unknown_choice"),
    ]


def test_copy_forward_keeps_the_number(administration):
    last = filled_submission(administration, year=2022, projects=1, payouts_per_project=0)
    report = last.project_reports.get()
    report.grant_source, report.grant_number = "life", "LIFE20 CCA/SE/000123"
    report.save()
    this_year = factories.SubmissionFactory(
        administration=administration, reporting_year=factories.ReportingYearFactory(year=2023)
    )
    [copied] = services.projects_copy_forward(submission=this_year, reports=[report], by=None)
    assert (copied.grant_source, copied.grant_number) == ("life", "LIFE20 CCA/SE/000123")
