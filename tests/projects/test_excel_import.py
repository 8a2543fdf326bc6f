"""Importing a filled template: preview, the shared checks, and the all-or-nothing write."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from projects import services
from projects.excel import layout
from projects.excel.importer import plan_import
from projects.excel.safety import WorkbookRefused
from projects.models import Payout, Project, ProjectReport, Submission
from projects.numbers import parse_amount
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


def rows(submission):
    projects = sorted(
        (
            r.name,
            r.acronym,
            r.programme_id,
            r.role,
            r.lead_organisation,
            r.start_date,
            r.end_date,
            r.total_budget_sek,
            r.own_budget_sek,
            r.eu_cofinancing_rate,
            r.description,
            tuple(sorted(a.name for a in r.participating_administrations.all())),
            r.council_goal_id,
            r.results,
            r.suggested_as_example,
        )
        for r in submission.project_reports.all()
    )
    payouts = sorted(
        (p.report.name, p.payment_date, p.amount_sek, p.amount_eur, p.note)
        for p in Payout.objects.filter(report__submission=submission).select_related("report")
    )
    return projects, payouts


def payout_sum(submission):
    return sum(
        Payout.objects.filter(report__submission=submission).values_list("amount_sek", flat=True),
        Decimal("0"),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 250 000", Decimal("1250000")),
        ("1\u00a0250\u00a0000,50 kr", Decimal("1250000.50")),
        ("12,5", Decimal("12.5")),
        ("1.250.000,75", Decimal("1250000.75")),
        ("1,250,000.75", Decimal("1250000.75")),
        (1250000.1, Decimal("1250000.10")),
        (42, Decimal("42.00")),
        ("", None),
    ],
)
def test_swedish_number_text_is_accepted(text, expected):
    assert parse_amount(text) == expected


def test_round_trip_into_empty_submission_gives_identical_figures(administration):
    source = filled_submission(administration, projects=4, payouts_per_project=3)
    data = template_for(source)

    # Same administration, same year: empty the submission, then import the exported template.
    before = rows(source)
    before_sum = payout_sum(source)
    assert before_sum == Decimal("12500.25") * 6 * 4
    Submission.objects.filter(pk=source.pk).delete()
    Project.objects.filter(administration=administration).delete()
    empty = factories.SubmissionFactory(
        administration=administration, reporting_year=source.reporting_year
    )

    plan = plan_import(submission=empty, data=data)
    # Keys point at projects that no longer exist: they are refused, so clear them first.
    assert plan.has_errors
    workbook = open_template(data)
    for row in range(2, 2 + 4):
        key = workbook[layout.SHEET_PROJECTS].cell(row=row, column=1).value
        new_key = key.replace("P", "NY")
        set_cell(workbook, layout.SHEET_PROJECTS, row, "key", new_key)
        for payout_row in range(2, 2 + 12):
            sheet = workbook[layout.SHEET_PAYOUTS]
            if sheet.cell(row=payout_row, column=2).value == key:
                sheet.cell(row=payout_row, column=2).value = new_key
                sheet.cell(row=payout_row, column=1).value = None
    data = save(workbook)

    plan = plan_import(submission=empty, data=data)
    assert plan.errors == []
    assert len(plan.projects_created) == 4
    assert len(plan.payouts_created) == 12
    confirm_import(empty, data, plan=plan)

    assert rows(empty) == before
    assert payout_sum(empty) == before_sum


def test_reimport_of_unchanged_template_changes_nothing(administration):
    submission = filled_submission(administration)
    data = template_for(submission)
    before = rows(submission)
    plan = plan_import(submission=submission, data=data)
    assert plan.errors == []
    assert not plan.has_changes
    confirm_import(submission, data, plan=plan)
    assert rows(submission) == before


def test_preview_lists_created_changed_and_removed(administration):
    submission = filled_submission(administration, projects=3, payouts_per_project=1)
    workbook = open_template(template_for(submission))
    projects = workbook[layout.SHEET_PROJECTS]
    payouts = workbook[layout.SHEET_PAYOUTS]
    set_cell(workbook, layout.SHEET_PROJECTS, 2, "total_budget_sek", "3 000 000")
    projects.delete_rows(4)  # the third project leaves the submission
    payouts.delete_rows(4)
    values = {
        "key": "NY1",
        "name": "Nytt projekt",
        "programme": factories.FundingProgrammeFactory().name,
        "role": "Projektägare",
        "start_date": "2023-01-01",
        "end_date": "2024-12-31",
        "total_budget_sek": "100 000",
        "own_budget_sek": "50 000",
        "eu_cofinancing_rate": "50",
        "council_goal": "Utbildning och arbete",
    }
    for key, value in values.items():
        set_cell(workbook, layout.SHEET_PROJECTS, 4, key, value)
    for key, value in {
        "project_key": "NY1",
        "payment_date": "2023-09-01",
        "amount_sek": "1 000,50",
    }.items():
        set_cell(workbook, layout.SHEET_PAYOUTS, 4, key, value)
    data = save(workbook)

    plan = plan_import(submission=submission, data=data)
    assert plan.errors == [], [str(issue) for issue in plan.errors]
    assert [row.values["name"] for row in plan.projects_created] == ["Nytt projekt"]
    assert [row.changes for row in plan.projects_changed] == [["total projektbudget (kr)"]]
    assert len(plan.reports_removed) == 1
    assert len(plan.payouts_removed) == 1
    assert len(plan.payouts_created) == 1
    # Nothing written by the preview.
    assert submission.project_reports.count() == 3

    confirm_import(submission, data, plan=plan)
    names = set(submission.project_reports.values_list("name", flat=True))
    assert "Nytt projekt" in names and len(names) == 3
    assert Payout.objects.filter(
        report__submission=submission, amount_sek=Decimal("1000.50")
    ).exists()


def test_errors_name_sheet_row_and_column_in_swedish(administration):
    submission = filled_submission(administration, projects=1, payouts_per_project=1)
    workbook = open_template(template_for(submission))
    set_cell(workbook, layout.SHEET_PAYOUTS, 2, "payment_date", datetime.date(2022, 12, 30))
    set_cell(workbook, layout.SHEET_PROJECTS, 2, "total_budget_sek", "mycket")
    set_cell(workbook, layout.SHEET_PROJECTS, 2, "programme", "Okänt program")
    data = save(workbook)

    plan = plan_import(submission=submission, data=data)
    messages = [str(issue) for issue in plan.errors]
    assert (
        "Blad Utbetalningar, rad 2, kolumn D (Utbetalningsdatum): Datumet 2022-12-30 ligger "
        "utanför redovisningsåret 2023." in messages
    )
    assert any(m.startswith("Blad Projekt, rad 2, kolumn P (Total projektbudget") for m in messages)
    assert any("Okänt program" in m and "kolumn F" in m for m in messages)
    with pytest.raises(ValidationError):
        confirm_import(submission, data, plan=plan)
    assert Payout.objects.get(report__submission=submission).payment_date.year == 2023


def test_warnings_are_shown_but_do_not_block(administration):
    submission = filled_submission(administration, projects=1, payouts_per_project=1)
    workbook = open_template(template_for(submission))
    set_cell(workbook, layout.SHEET_PROJECTS, 2, "eu_cofinancing_rate", "95")
    plan = plan_import(submission=submission, data=save(workbook))
    assert plan.errors == []
    assert [issue.code for issue in plan.warnings] == ["cofinancing_outside_range"]


def test_formulas_are_refused_cell_by_cell(administration):
    submission = filled_submission(administration, projects=1, payouts_per_project=1)
    workbook = open_template(template_for(submission))
    set_cell(workbook, layout.SHEET_PAYOUTS, 2, "amount_sek", "=SUM(1,2)")
    data = save(workbook)
    plan = plan_import(submission=submission, data=data)
    assert [(i.sheet, i.row, i.column, i.code) for i in plan.errors] == [
        ("Utbetalningar", 2, "E", "formula")
    ]
    with pytest.raises(ValidationError):
        confirm_import(submission, data, plan=plan)


def test_copy_forward_rows_add_last_years_running_projects(administration):
    last_year = filled_submission(administration, year=2022, projects=2, payouts_per_project=0)
    ended = last_year.project_reports.first()
    ProjectReport.objects.filter(pk=ended.pk).update(end_date=datetime.date(2022, 12, 31))
    reporting_year = factories.ReportingYearFactory(year=2023)
    submission = factories.SubmissionFactory(
        administration=administration, reporting_year=reporting_year
    )
    data = template_for(submission)
    workbook = open_template(data)
    assert workbook[layout.SHEET_PROJECTS].cell(row=2, column=2).value == "Från 2022"
    assert workbook[layout.SHEET_PROJECTS].cell(row=3, column=1).value is None

    assert workbook[layout.SHEET_PROJECTS].cell(row=2, column=3).value is None  # Ta med i år
    set_cell(workbook, layout.SHEET_PROJECTS, 2, "include", "Ja")
    data = save(workbook)

    plan = plan_import(submission=submission, data=data)
    assert plan.errors == []
    assert len(plan.reports_created) == 1 and plan.projects_created == []
    confirm_import(submission, data, plan=plan)
    assert submission.project_reports.count() == 1
    assert ProjectReport.objects.filter(project__administration=administration).count() == 3


def _running_last_year(administration, projects=2):
    filled_submission(administration, year=2022, projects=projects, payouts_per_project=0)
    return factories.SubmissionFactory(
        administration=administration, reporting_year=factories.ReportingYearFactory(year=2023)
    )


def test_untouched_template_imports_none_of_last_years_projects(administration):
    submission = _running_last_year(administration)
    data = template_for(submission)
    plan = plan_import(submission=submission, data=data)
    assert plan.issues == []  # no warnings about empty projects either
    assert not plan.has_changes
    assert [row.row for row in plan.rows_left_out] == [2, 3]
    confirm_import(submission, data, plan=plan)
    assert submission.project_reports.count() == 0


def test_only_rows_with_ja_are_taken_and_nej_removes_this_years_project(administration):
    submission = _running_last_year(administration, projects=3)
    workbook = open_template(template_for(submission))
    set_cell(workbook, layout.SHEET_PROJECTS, 2, "include", "Ja")
    set_cell(workbook, layout.SHEET_PROJECTS, 3, "include", "Nej")
    data = save(workbook)
    plan = plan_import(submission=submission, data=data)
    assert [row.row for row in plan.reports_created] == [2]
    assert [row.row for row in plan.rows_left_out] == [3, 4]
    confirm_import(submission, data, plan=plan)
    (taken,) = submission.project_reports.all()

    # Next template: this year's project is prefilled with Ja; Nej takes it out again.
    workbook = open_template(template_for(submission))
    assert workbook[layout.SHEET_PROJECTS].cell(row=2, column=3).value == "Ja"
    set_cell(workbook, layout.SHEET_PROJECTS, 2, "include", "Nej")
    plan = plan_import(submission=submission, data=save(workbook))
    assert [report.pk for report in plan.reports_removed] == [taken.pk]


def test_payout_for_a_project_left_out_says_so(administration):
    submission = _running_last_year(administration, projects=1)
    workbook = open_template(template_for(submission))
    key = workbook[layout.SHEET_PROJECTS].cell(row=2, column=1).value
    for column, value in {
        "project_key": key,
        "payment_date": "2023-05-02",
        "amount_sek": "1 000",
    }.items():
        set_cell(workbook, layout.SHEET_PAYOUTS, 2, column, value)
    plan = plan_import(submission=submission, data=save(workbook))
    assert [(issue.sheet, issue.row, issue.code) for issue in plan.errors] == [
        ("Utbetalningar", 2, "project_not_included")
    ]


@pytest.mark.parametrize("state", [Submission.State.SUBMITTED, Submission.State.APPROVED])
def test_submitted_or_approved_submission_is_refused(administration, state):
    submission = filled_submission(administration, projects=1)
    data = template_for(submission)
    Submission.objects.filter(pk=submission.pk).update(state=state)
    submission.refresh_from_db()
    with pytest.raises(WorkbookRefused) as refused:
        plan_import(submission=submission, data=data)
    assert refused.value.code == "locked"


def test_closed_year_is_refused(administration):
    submission = filled_submission(administration, projects=1)
    data = template_for(submission)
    submission.reporting_year.is_open = False
    submission.reporting_year.save()
    with pytest.raises(WorkbookRefused) as refused:
        plan_import(submission=submission, data=data)
    assert refused.value.code == "locked"


def test_template_for_other_administration_or_year_is_refused(administration, other_administration):
    submission = filled_submission(administration, projects=1)
    other = factories.SubmissionFactory(
        administration=other_administration, reporting_year=submission.reporting_year
    )
    with pytest.raises(WorkbookRefused, match="annan förvaltning"):
        plan_import(submission=other, data=template_for(submission))
    next_year = factories.SubmissionFactory(
        administration=administration, reporting_year=factories.ReportingYearFactory(year=2024)
    )
    with pytest.raises(WorkbookRefused, match="gäller år 2023"):
        plan_import(submission=next_year, data=template_for(submission))


def test_unknown_project_key_is_refused(administration, other_administration):
    submission = filled_submission(administration, projects=1)
    foreign = factories.ProjectFactory(administration=other_administration)
    workbook = open_template(template_for(submission))
    set_cell(workbook, layout.SHEET_PROJECTS, 2, "key", layout.project_key(foreign.pk))
    plan = plan_import(submission=submission, data=save(workbook))
    assert "unknown_key" in {issue.code for issue in plan.errors}


def test_a_repeated_project_key_and_an_unknown_payout_key_are_refused_in_their_key_cells(
    administration,
):
    submission = filled_submission(administration, projects=2, payouts_per_project=1)
    first = submission.project_reports.order_by("pk").first()
    workbook = open_template(template_for(submission))
    for row in (2, 3):
        set_cell(workbook, layout.SHEET_PROJECTS, row, "key", layout.project_key(first.project_id))
    set_cell(workbook, layout.SHEET_PAYOUTS, 2, "key", layout.payout_key(999_999))
    plan = plan_import(submission=submission, data=save(workbook))
    refused = {(issue.code, issue.sheet, issue.row) for issue in plan.errors}
    assert ("duplicate_key", layout.SHEET_PROJECTS, 3) in refused
    assert ("unknown_key", layout.SHEET_PAYOUTS, 2) in refused


def test_payout_moved_to_another_project_survives_removal_of_its_old_project(administration):
    submission = filled_submission(administration, projects=2, payouts_per_project=1)
    workbook = open_template(template_for(submission))
    projects = workbook[layout.SHEET_PROJECTS]
    kept_key = projects.cell(row=2, column=1).value
    moved = workbook[layout.SHEET_PAYOUTS].cell(row=3, column=1).value
    projects.delete_rows(3)  # the second project leaves; its payout moves to the first
    set_cell(workbook, layout.SHEET_PAYOUTS, 3, "project_key", kept_key)
    data = save(workbook)
    plan = plan_import(submission=submission, data=data)
    assert plan.errors == [] and len(plan.reports_removed) == 1
    assert plan.payouts_changed[0].changes == ["projekt"]
    confirm_import(submission, data, plan=plan)
    payout = Payout.objects.get(pk=int(moved[1:]))
    assert payout.report.project_id == int(kept_key[1:])
    assert submission.project_reports.count() == 1
    assert Project.objects.filter(administration=administration).count() == 1


def test_goal_name_shared_with_an_older_goal_picks_this_years(administration):
    factories.CouncilGoalFactory(
        name="Utbildning och arbete", valid_from_year=2015, valid_to_year=2018, order=9
    )
    submission = filled_submission(administration, projects=1, payouts_per_project=0)
    plan = plan_import(submission=submission, data=template_for(submission))
    assert plan.errors == []
    assert plan.project_rows[0].council_goal in submission.reporting_year.council_goals.all()


def test_failure_while_writing_leaves_everything_as_it_was(administration, monkeypatch):
    submission = filled_submission(administration, projects=2, payouts_per_project=1)
    before = rows(submission)
    workbook = open_template(template_for(submission))
    set_cell(workbook, layout.SHEET_PROJECTS, 2, "total_budget_sek", "5 000 000")
    set_cell(workbook, layout.SHEET_PAYOUTS, 2, "amount_sek", "1")
    set_cell(workbook, layout.SHEET_PAYOUTS, 3, "amount_sek", "2")
    data = save(workbook)
    original_save = Payout.save
    calls = []

    def failing_save(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(Payout, "save", failing_save)
    with pytest.raises(RuntimeError):
        confirm_import(submission, data)
    assert rows(submission) == before


@pytest.mark.parametrize(("download_in", "upload_in"), [("en", "sv"), ("sv", "en")])
def test_template_is_swedish_whatever_the_screen_language(administration, download_in, upload_in):
    from django.utils import translation

    submission = filled_submission(administration, projects=2, payouts_per_project=1)
    with translation.override(download_in):
        data = template_for(submission)
    roles = {
        open_template(data)[layout.SHEET_PROJECTS].cell(row=row, column=column).value
        for row in (2, 3)
        for column in range(1, 30)
    }
    assert {"Projektägare", "Projektpartner"} <= roles
    with translation.override(upload_in):
        plan = plan_import(submission=submission, data=data)
    assert plan.errors == []


def test_importing_a_project_marked_as_ended_early_takes_the_mark_back(administration):
    last_year = filled_submission(administration, year=2022, projects=1, payouts_per_project=0)
    running = last_year.project_reports.get()
    submission = factories.SubmissionFactory(
        administration=administration,
        reporting_year=factories.ReportingYearFactory(year=2023),
    )
    workbook = open_template(template_for(submission))  # downloaded while it was offered
    set_cell(workbook, layout.SHEET_PROJECTS, 2, "include", "Ja")
    data = save(workbook)
    services.project_ending_mark(
        submission=submission,
        last_year_report_id=running.pk,
        ended_on=datetime.date(2022, 10, 1),
        by=None,
    )
    confirm_import(submission, data)
    assert submission.project_reports.get().project_id == running.project_id
    assert not submission.project_endings.exists()


@pytest.mark.parametrize("typed", ["Erasmus", "erasmus", "Erasmus+"])
def test_erasmus_is_matched_to_erasmus_plus(administration, typed):
    from projects.models import FundingProgramme

    submission = filled_submission(administration, projects=1, payouts_per_project=0)
    erasmus, _ = FundingProgramme.objects.get_or_create(
        name="Erasmus+", defaults={"short_name": "Erasmus+"}
    )
    workbook = open_template(template_for(submission))
    set_cell(workbook, layout.SHEET_PROJECTS, 2, "programme", typed)
    plan = plan_import(submission=submission, data=save(workbook))
    assert plan.errors == []
    assert plan.project_rows[0].values["programme"] == erasmus
