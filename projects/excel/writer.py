"""Writing a checked plan; called only by the service ``submission_import_workbook``, inside
its transaction, after the service's row lock has raised the year's data version. It imports no
service: the services' package imports that service, which imports this module."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from projects.excel.plan import PAYOUT_FIELDS, PROJECT_FIELDS, ImportPlan, report_fields_changed
from projects.models import Payout, Project, ProjectReport

# New rows are inserted in batches, each batch with one query for the rows and one for their
# history records, instead of several queries per row.
WRITE_BATCH_SIZE = 500
# Links checked when the plan was made (loaded from the database, under the row lock): validating
# them again in full_clean() would cost one query per link and row.
REPORT_LINKS = {"submission", "project", "council_goal", "programme"}
PAYOUT_LINKS = {"report"}


def _create_with_history(objects: list, model, *, by) -> None:
    """Insert new rows and their "created" history records (the same records save() writes)."""
    if objects:
        bulk_create_with_history(objects, model, batch_size=WRITE_BATCH_SIZE, default_user=by)


def apply_plan(plan: ImportPlan, *, by=None) -> None:
    """Write a plan without errors: projects, the year's reports and payouts."""
    if plan.has_errors:
        raise ValidationError(_("Filen innehåller fel och kan inte läsas in."))
    submission = plan.submission
    # Batched inserts need the new ids back from the database (SQLite and PostgreSQL give them).
    batched = connection.features.can_return_rows_from_bulk_insert

    new_projects = []
    for row in plan.project_rows:
        if row.project is None:
            row.project = Project(administration=submission.administration)
            row.project._history_user = by
            if batched:
                new_projects.append(row.project)
            else:
                row.project.save()
    _create_with_history(new_projects, Project, by=by)

    reports: dict[int, ProjectReport] = {}
    new_reports = []
    for row in plan.project_rows:
        report = row.report or ProjectReport(submission=submission, project=row.project)
        if report.pk is None or row.changes or report_fields_changed(row):
            for name in PROJECT_FIELDS:
                setattr(report, name, row.values[name])
            report.council_goal = row.council_goal
            report.results = row.results
            report.suggested_as_example = row.suggested_as_example
            if report.pk is not None:
                report.version += 1
            report._history_user = by
            # The check constraints were checked by the shared rules in the plan and the
            # database enforces them again; validating them here would cost queries per row.
            report.full_clean(exclude=REPORT_LINKS, validate_constraints=False)
            if report.pk is None and batched and not row.participating:
                # save() takes the year's reference names; a bulk insert does not call it.
                report.take_reference_names()
                new_reports.append(report)
            else:
                # One at a time: the participating administrations' history follows each save.
                is_new = report.pk is None
                report.save()
                if row.participating or not is_new:
                    report.participating_administrations.set(row.participating)
        reports[id(row)] = report
    _create_with_history(new_reports, ProjectReport, by=by)

    new_payouts = []
    for row in plan.payout_rows:
        payout = row.payout or Payout()
        if payout.pk is None or row.changes:
            payout.report = reports[id(row.project_row)]
            for name in PAYOUT_FIELDS:
                setattr(payout, name, row.values[name])
            payout._history_user = by
            if payout.pk is None and batched:
                payout.full_clean(exclude=PAYOUT_LINKS, validate_constraints=False)
                new_payouts.append(payout)
            else:
                payout.full_clean(validate_constraints=False)
                payout.save()
    _create_with_history(new_payouts, Payout, by=by)

    # Removals last, so a payout moved to another project is saved before its old report goes.
    for payout in plan.payouts_removed:
        payout._history_user = by
        payout.delete()
    for report in plan.reports_removed:
        project = report.project
        report._history_user = by
        report.delete()
        # As when removing in the form: a project with no report left goes too.
        if not project.reports.exists():
            project._history_user = by
            project.delete()
