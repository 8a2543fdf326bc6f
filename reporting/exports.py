"""The year's data for the City Office as an Excel workbook and a CSV: pure functions to bytes.

``year_export_data`` reads the database once per table; ``year_workbook`` and ``projects_csv``
only format what they are given. No text is ever written so that a spreadsheet would run it.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from projects.collation import sorted_swedish
from projects.models import Administration, Payout, ProjectReport
from projects.numbers import MONEY_FIELD, ZERO, sum_sek
from reporting.selectors import YearFigures, year_figures, year_payouts, year_reports

MONEY_FORMAT = '#,##0.00\\ "kr"'
EUR_FORMAT = '#,##0.00\\ "€"'
PERCENT_FORMAT = '0.00\\ "%"'
RATE_FORMAT = "0.0000"
DATE_FORMAT = "yyyy-mm-dd"
# Text starting with one of these may run as a formula in a spreadsheet (formula injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", fgColor="0A3C78")
HEADER_FONT = Font(bold=True, color="FFFFFF")

MONEY, EUR, PERCENT, RATE, DATE, INTEGER, TEXT = (
    "money",
    "eur",
    "percent",
    "rate",
    "date",
    "integer",
    "text",
)
FORMATS = {
    MONEY: MONEY_FORMAT,
    EUR: EUR_FORMAT,
    PERCENT: PERCENT_FORMAT,
    RATE: RATE_FORMAT,
    DATE: DATE_FORMAT,
    INTEGER: "0",
}

PROJECT_COLUMNS = (
    ("administration", "Förvaltning", TEXT, 30),
    ("name", "Projektnamn", TEXT, 40),
    ("acronym", "Förkortning", TEXT, 14),
    ("programme", "Program eller fond", TEXT, 34),
    ("role", "Malmö stads roll", TEXT, 16),
    ("lead_organisation", "Projektägare (organisation)", TEXT, 28),
    ("participating", "Andra medverkande förvaltningar", TEXT, 34),
    ("partner_locations", "Partnerländer eller partnerstäder", TEXT, 30),
    ("start_date", "Startdatum", DATE, 12),
    ("end_date", "Slutdatum", DATE, 12),
    ("total_budget_sek", "Total projektbudget (kr)", MONEY, 20),
    ("malmo_budget_sek", "Malmö stads del av budgeten (kr)", MONEY, 20),
    ("eu_cofinancing_rate", "EU-medfinansiering (%)", PERCENT, 14),
    ("council_goal", "Kommunfullmäktigemål", TEXT, 30),
    ("payouts_sek", "Utbetalda EU-medel under året (kr)", MONEY, 20),
    ("suggested_as_example", "Föreslås som exempel", TEXT, 12),
    ("state", "Status för inrapporteringen", TEXT, 18),
    ("results", "Resultat under året", TEXT, 50),
)
PAYOUT_COLUMNS = (
    ("administration", "Förvaltning", TEXT, 30),
    ("project", "Projektnamn", TEXT, 40),
    ("acronym", "Förkortning", TEXT, 14),
    ("payment_date", "Utbetalningsdatum", DATE, 14),
    ("amount_sek", "Belopp (kr)", MONEY, 18),
    ("amount_eur", "Belopp (euro)", EUR, 16),
    ("exchange_rate", "Växelkurs (kr per euro)", RATE, 14),
    ("note", "Anteckning", TEXT, 40),
)


@dataclass(frozen=True)
class YearExport:
    """Rows and figures for one year's export."""

    year: int
    preliminary: bool
    figures: YearFigures
    projects: list[dict]
    payouts: list[dict]


def neutralise(value: str) -> str:
    """Text a spreadsheet would treat as a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def year_export_data(year: int, *, preliminary: bool = False) -> YearExport:
    """The year's project reports and payouts (approved submissions unless ``preliminary``)."""
    reports = year_reports(year, preliminary=preliminary)
    paid = (
        Payout.objects.filter(report=OuterRef("pk"))
        .dated_in(year)
        .order_by()
        .values("report")
        .annotate(total=sum_sek("amount_sek"))
        .values("total")
    )
    rows = (
        ProjectReport.objects.filter(pk__in=reports.values("pk"))
        .select_related("programme", "submission__administration", "council_goal")
        .prefetch_related(
            Prefetch(
                "participating_administrations",
                queryset=Administration.objects.order_by("name"),
            )
        )
        .annotate(paid=Coalesce(Subquery(paid, output_field=MONEY_FIELD), Value(ZERO)))
        .order_by("submission__administration__name", "name", "pk")
    )
    projects = []
    for report in rows:
        projects.append(
            {
                "administration": report.submission.administration.name,
                "name": report.name,
                "acronym": report.acronym,
                "programme": report.programme.name,
                "role": report.get_role_display(),
                "lead_organisation": report.lead_organisation,
                "participating": ", ".join(
                    a.name for a in report.participating_administrations.all()
                ),
                "partner_locations": report.partner_locations,
                "start_date": report.start_date,
                "end_date": report.end_date,
                "total_budget_sek": report.total_budget_sek,
                "malmo_budget_sek": report.malmo_budget_sek,
                "eu_cofinancing_rate": report.eu_cofinancing_rate,
                "council_goal": report.council_goal.name if report.council_goal else "",
                "payouts_sek": Decimal(report.paid).quantize(Decimal("0.01")),
                "suggested_as_example": "Ja" if report.suggested_as_example else "Nej",
                "state": report.submission.get_state_display(),
                "results": report.results,
            }
        )
    payouts = [
        {
            "administration": row["report__submission__administration__name"],
            "project": row["report__name"],
            "acronym": row["report__acronym"],
            "payment_date": row["payment_date"],
            "amount_sek": row["amount_sek"],
            "amount_eur": row["amount_eur"],
            "exchange_rate": row["exchange_rate"],
            "note": row["note"],
        }
        for row in year_payouts(reports, year)
        .order_by(
            "report__submission__administration__name",
            "report__name",
            "payment_date",
            "pk",
        )
        .values(
            "report__submission__administration__name",
            "report__name",
            "report__acronym",
            "payment_date",
            "amount_sek",
            "amount_eur",
            "exchange_rate",
            "note",
        )
    ]
    return YearExport(
        year=year,
        preliminary=preliminary,
        figures=year_figures(year, preliminary=preliminary),
        projects=projects,
        payouts=payouts,
    )


def _write_cell(sheet, row: int, column: int, value, kind: str):
    if isinstance(value, str):
        cell = sheet.cell(row=row, column=column, value=neutralise(value))
        # Stored as text whatever it looks like: never a formula.
        cell.data_type = "s"
        return cell
    cell = sheet.cell(row=row, column=column, value=value)
    if kind in FORMATS and value is not None:
        cell.number_format = FORMATS[kind]
    return cell


def _table(sheet, columns, rows: list[dict], *, total_row: dict | None = None) -> None:
    for index, (_key, header, _kind, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row_number, row in enumerate(rows, start=2):
        for index, (key, _header, kind, _width) in enumerate(columns, start=1):
            _write_cell(sheet, row_number, index, row.get(key), kind)
    last = len(rows) + 1
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(last, 2)}"
    if total_row:
        for index, (key, _header, kind, _width) in enumerate(columns, start=1):
            if key in total_row:
                cell = _write_cell(sheet, last + 2, index, total_row[key], kind)
                cell.font = Font(bold=True)


def year_workbook(export: YearExport) -> bytes:
    """The full-year workbook: summary, projects, payouts and figures per group."""
    figures = export.figures
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Sammanfattning"
    status = (
        "Preliminär (alla inrapporteringar)" if export.preliminary else "Godkända inrapporteringar"
    )
    summary_rows = [
        ("Redovisning av internationellt arbete", ""),
        ("År", export.year),
        ("Underlag", status),
        ("Antal projekt", figures.projects_total),
        ("varav Malmö stad projektägare", figures.projects_owner),
        ("varav Malmö stad projektpartner", figures.projects_partner),
        ("Projekt som startat under året", figures.projects_started),
        ("Projekt som avslutats under året", figures.projects_ended),
        ("Projekt med flera förvaltningar", figures.projects_cross_administration),
        ("Utbetalda EU-medel under året (kr)", figures.payouts_total_sek),
    ]
    for row_number, (label, value) in enumerate(summary_rows, start=1):
        _write_cell(summary, row_number, 1, label, TEXT)
        kind = MONEY if isinstance(value, Decimal) else INTEGER
        _write_cell(summary, row_number, 2, value, kind)
    summary["A1"].font = Font(bold=True, size=14)
    summary.column_dimensions["A"].width = 42
    summary.column_dimensions["B"].width = 36

    projects = workbook.create_sheet("Projekt")
    _table(
        projects,
        PROJECT_COLUMNS,
        export.projects,
        total_row={"name": "Summa", "payouts_sek": figures.payouts_total_sek},
    )
    payouts = workbook.create_sheet("Utbetalningar")
    _table(
        payouts,
        PAYOUT_COLUMNS,
        export.payouts,
        total_row={
            "project": "Summa",
            "amount_sek": sum((row["amount_sek"] for row in export.payouts), Decimal("0.00")),
        },
    )

    paid_by_administration = {
        row.administration: row.amount_sek for row in figures.payouts_by_administration
    }
    counted = {row.administration: row for row in figures.projects_by_administration}
    administrations = sorted_swedish(set(paid_by_administration) | set(counted))
    _table(
        workbook.create_sheet("Per förvaltning"),
        (
            ("administration", "Förvaltning", TEXT, 40),
            ("total", "Antal projekt", INTEGER, 14),
            ("owner", "varav projektägare", INTEGER, 14),
            ("partner", "varav projektpartner", INTEGER, 14),
            ("amount_sek", "Utbetalda EU-medel (kr)", MONEY, 22),
        ),
        [
            {
                "administration": name,
                "total": counted[name].total if name in counted else 0,
                "owner": counted[name].owner if name in counted else 0,
                "partner": counted[name].partner if name in counted else 0,
                "amount_sek": paid_by_administration.get(name, Decimal("0.00")),
            }
            for name in administrations
        ],
        total_row={"administration": "Summa", "amount_sek": figures.payouts_total_sek},
    )
    _table(
        workbook.create_sheet("Per mål"),
        (
            ("goal", "Kommunfullmäktigemål", TEXT, 40),
            ("amount_sek", "Utbetalda EU-medel (kr)", MONEY, 22),
        ),
        [
            {"goal": row.goal, "amount_sek": row.amount_sek}
            for row in figures.payouts_by_council_goal
        ],
        total_row={"goal": "Summa", "amount_sek": figures.payouts_total_sek},
    )
    _table(
        workbook.create_sheet("Per program"),
        (
            ("programme", "Program eller fond", TEXT, 44),
            ("short_name", "Kortnamn", TEXT, 18),
            ("amount_sek", "Utbetalda EU-medel (kr)", MONEY, 22),
        ),
        [
            {"programme": row.programme, "short_name": row.short_name, "amount_sek": row.amount_sek}
            for row in figures.payouts_by_programme
        ],
        total_row={"programme": "Summa", "amount_sek": figures.payouts_total_sek},
    )
    workbook.properties.title = f"Internationellt arbete {export.year}"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


def projects_csv(export: YearExport) -> bytes:
    """The project list for Swedish Excel: UTF-8 with BOM, semicolons, decimal commas."""
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow([header for _key, header, _kind, _width in PROJECT_COLUMNS])
    for row in export.projects:
        writer.writerow([_csv_value(row.get(key)) for key, *_rest in PROJECT_COLUMNS])
    return ("\ufeff" + output.getvalue()).encode("utf-8")


def workbook_filename(export: YearExport) -> str:
    suffix = "-preliminar" if export.preliminary else ""
    return f"internationellt-arbete-{export.year}{suffix}.xlsx"


def csv_filename(export: YearExport) -> str:
    suffix = "-preliminar" if export.preliminary else ""
    return f"projekt-{export.year}{suffix}.csv"
