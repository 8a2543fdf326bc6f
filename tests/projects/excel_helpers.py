"""Helpers to build filled templates and crafted files for the Excel tests."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from projects import services
from projects.excel import layout
from projects.excel.importer import plan_import
from projects.excel.template import submission_template
from projects.models import ProjectReport
from tests import factories


def filled_submission(administration, year=2023, projects=3, payouts_per_project=2):
    """A draft submission with projects, reports and payouts, as the forms would leave it."""
    reporting_year = factories.ReportingYearFactory(year=year)
    submission = factories.SubmissionFactory(
        administration=administration, reporting_year=reporting_year
    )
    goal = reporting_year.council_goals.first()
    other = factories.AdministrationFactory(name="Kulturförvaltningen", short_code="KUF")
    for n in range(projects):
        report = factories.ProjectReportFactory(
            submission=submission,
            project=factories.ProjectFactory(administration=administration),
            name=f"Projekt {n} {administration.short_code}",
            acronym=f"A{n}{administration.short_code}",
            role=ProjectReport.Role.PARTNER if n % 2 else ProjectReport.Role.OWNER,
            lead_organisation="Lunds universitet" if n % 2 else "",
            total_budget_sek=Decimal("2000000.00") + n,
            own_budget_sek=Decimal("900000.50"),
            eu_cofinancing_rate=Decimal("50.00"),
            start_date=datetime.date(2022, 3, 1),
            end_date=datetime.date(2025, 6, 30),
            participating_administrations=[other] if n == 0 else [],
            council_goal=goal,
            results=f"Resultat {n}",
            suggested_as_example=n == 1,
        )
        for m in range(payouts_per_project):
            factories.PayoutFactory(
                report=report,
                payment_date=datetime.date(year, 3 + m, 15),
                amount_sek=Decimal("12500.25") * (m + 1),
                note=f"Utbetalning {m}",
            )
    return submission


def open_template(data: bytes):
    return load_workbook(io.BytesIO(data))


def save(workbook) -> bytes:
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def column_index(columns, key) -> int:
    return [column.key for column in columns].index(key) + 1


def set_cell(workbook, sheet, row, key, value):
    columns = layout.PROJECT_COLUMNS if sheet == layout.SHEET_PROJECTS else layout.PAYOUT_COLUMNS
    workbook[sheet].cell(row=row, column=column_index(columns, key), value=value)


def template_for(submission) -> bytes:
    return submission_template(submission)


def confirm_import(submission, data: bytes, *, by=None, plan=None):
    """Confirm an import as the preview page does: with the file's checksum and the report
    versions the preview (``plan``, made now if not given) showed."""
    if plan is None:
        plan = plan_import(submission=submission, data=data)
    return services.submission_import_workbook(
        submission=submission,
        data=data,
        checksum=plan.checksum,
        plan=plan,
        by=by,
    )
