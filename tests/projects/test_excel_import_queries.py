"""A large import costs the same number of queries as a small one, and still writes history."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.excel import layout, writer
from projects.excel.importer import plan_import
from projects.excel.template import build_template, template_data
from projects.history import submission_history
from projects.models import FundingProgramme, Payout, Project, ProjectReport
from tests import factories
from tests.projects.excel_helpers import confirm_import

pytestmark = pytest.mark.django_db


def new_rows_template(submission, count: int) -> bytes:
    """A template with ``count`` new projects, one payout each, as a coordinator fills it in."""
    data = template_data(submission)
    programme = FundingProgramme.objects.get(name=data.programmes[0])
    code = submission.administration.short_code
    data.project_rows, data.payout_rows = [], []
    for n in range(count):
        key = f"NY{n}"
        data.project_rows.append(
            {
                "key": key,
                "name": f"Nytt projekt {code} {n}",
                "acronym": f"N{code}{n}",
                "programme": programme.name,
                "role": "Projektägare",
                "start_date": datetime.date(2022, 1, 1),
                "end_date": datetime.date(2025, 12, 31),
                "total_budget_sek": Decimal("1000000") + n,
                "own_budget_sek": Decimal("400000.50"),
                "eu_cofinancing_rate": programme.cofinancing_min,
                "council_goal": data.goals[n % len(data.goals)],
                "results": f"Resultat {n}",
                "suggested_as_example": layout.NO,
            }
        )
        data.payout_rows.append(
            {
                "project_key": key,
                "project_name": f"Nytt projekt {code} {n}",
                "payment_date": datetime.date(2023, 1 + n % 12, 15),
                "amount_sek": "12 500,25",
                "note": f"Utbetalning {n}",
            }
        )
    return build_template(data)


@pytest.fixture
def reporting_year(db):
    return factories.ReportingYearFactory(year=2023)


def draft(administration, reporting_year):
    return factories.SubmissionFactory(administration=administration, reporting_year=reporting_year)


def test_preview_and_confirm_cost_the_same_queries_for_3_and_32_rows(
    administration, other_administration, reporting_year, django_assert_num_queries
):
    # 32 rows: one write batch even on SQLite, which caps a batch at 999 parameters (35 rows of
    # project report history); the next test shows the constant cost of each further batch.
    # Another administration reports a project with the same name as one of the new rows.
    factories.ProjectReportFactory(
        submission=draft(other_administration, reporting_year),
        name="Nytt projekt MF 7",
        acronym="",
    )
    small = draft(factories.AdministrationFactory(), reporting_year)
    small_data = new_rows_template(small, 3)
    with CaptureQueriesContext(connection) as preview:
        small_plan = plan_import(submission=small, data=small_data)
    with CaptureQueriesContext(connection) as confirm:
        confirm_import(small, small_data, plan=small_plan)
    assert ProjectReport.objects.filter(submission=small).count() == 3

    large = draft(administration, reporting_year)
    large_data = new_rows_template(large, 32)
    with django_assert_num_queries(len(preview.captured_queries)):
        plan = plan_import(submission=large, data=large_data)
    assert plan.errors == [] and len(plan.projects_created) == 32
    # The shared duplicate check still finds the other administration's project.
    assert [str(issue) for issue in plan.warnings] == [
        "Blad Projekt, rad 9, kolumn D (Projektnamn): Ett projekt med samma namn (Nytt projekt "
        "MF 7) rapporteras också av Grundskoleförvaltningen i år. Kontrollera att det inte är "
        "samma projekt som redovisas två gånger."
    ]
    with django_assert_num_queries(len(confirm.captured_queries)):
        confirm_import(large, large_data, plan=plan)
    assert ProjectReport.objects.filter(submission=large).count() == 32
    assert Payout.objects.filter(report__submission=large).count() == 32


def test_confirm_grows_by_a_constant_per_write_batch(
    administration, other_administration, reporting_year, monkeypatch, django_assert_num_queries
):
    first = draft(other_administration, reporting_year)
    first_data = new_rows_template(first, 5)
    first_plan = plan_import(submission=first, data=first_data)
    with CaptureQueriesContext(connection) as one_batch:
        confirm_import(first, first_data, plan=first_plan)

    monkeypatch.setattr(writer, "WRITE_BATCH_SIZE", 2)  # 3 batches of each kind instead of 1
    second = draft(administration, reporting_year)
    second_data = new_rows_template(second, 5)
    second_plan = plan_import(submission=second, data=second_data)
    # Per model (project, report, payout): 2 more row inserts and 2 more history inserts.
    with django_assert_num_queries(len(one_batch.captured_queries) + 3 * 2 * 2):
        confirm_import(second, second_data, plan=second_plan)
    assert Payout.objects.filter(report__submission=second).count() == 5
    assert Payout.history.filter(report__submission_id=second.pk).count() == 5


def test_batched_import_writes_the_same_history_as_the_forms(
    administration, coordinator, reporting_year
):
    submission = draft(administration, reporting_year)
    confirm_import(submission, new_rows_template(submission, 4), by=coordinator)
    projects = Project.objects.filter(administration=administration)
    assert projects.count() == 4
    created = Project.history.filter(id__in=projects.values("pk"))
    assert sorted(created.values_list("id", "history_type", "history_user")) == [
        (pk, "+", coordinator.pk) for pk in sorted(projects.values_list("pk", flat=True))
    ]
    reports = ProjectReport.history.filter(submission_id=submission.pk)
    assert sorted(reports.values_list("name", "results", "history_type", "history_user")) == [
        (f"Nytt projekt MF {n}", f"Resultat {n}", "+", coordinator.pk) for n in range(4)
    ]
    payouts = Payout.history.filter(report__submission_id=submission.pk)
    assert sorted(payouts.values_list("note", "amount_sek", "history_type", "history_user")) == [
        (f"Utbetalning {n}", Decimal("12500.25"), "+", coordinator.pk) for n in range(4)
    ]
    # The submission's change history shows every created row, by whom.
    entries = submission_history(submission).entries
    assert {entry.action for entry in entries} == {"created"}
    imported = [entry for entry in entries if entry.who == coordinator]
    # 4 reports (which hold the new projects' facts) and 4 payouts; the rest is the draft itself.
    assert len(imported) == 8
    assert {entry.action for entry in imported} == {"created"}


def test_failure_in_a_batched_write_leaves_nothing_behind(
    administration, reporting_year, monkeypatch
):
    submission = draft(administration, reporting_year)
    data = new_rows_template(submission, 5)
    real = writer.bulk_create_with_history

    def failing(objects, model, **kwargs):
        if model is Payout:
            raise RuntimeError("disk full")
        return real(objects, model, **kwargs)

    monkeypatch.setattr(writer, "bulk_create_with_history", failing)
    plan = plan_import(submission=submission, data=data)
    with pytest.raises(RuntimeError):
        confirm_import(submission, data, plan=plan)
    assert not Project.objects.filter(administration=administration).exists()
    assert not ProjectReport.objects.filter(submission=submission).exists()
    assert not Project.history.filter(administration_id=administration.pk).exists()
    assert not ProjectReport.history.filter(submission_id=submission.pk).exists()
