"""The year's data for the City Office as an Excel workbook (its CSV: ``year_csv.py``).

``year_export_data`` says what to read (one query per table, run while the rows are written);
``year_workbook`` only formats what it is given, a row at a time,
so a large year is never held in memory. No text is ever written so that a spreadsheet would
run it.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.numbers import FORMAT_DATE_YYYYMMDD2
from openpyxl.utils import get_column_letter

from projects.collation import sorted_swedish
from projects.models import Payout
from projects.numbers import MONEY_FIELD, XLSX_EUR_FORMAT, XLSX_SEK_FORMAT, ZERO, sum_sek
from projects.organisation import OrganisationFacts
from projects.selectors import organisation_letterhead
from reporting.exports.columns import (
    DATE,
    EUR,
    INTEGER,
    MONEY,
    PAYOUT_COLUMNS,
    PERCENT,
    PROJECT_COLUMNS,
    RATE,
    TEXT,
    project_columns,
)
from reporting.labels import role_labels, state_labels
from reporting.selectors import (
    YearFigures,
    YearStatus,
    year_figures,
    year_payouts,
    year_reports,
    year_status,
)
from reporting.selectors.projects import participant_names

MONEY_FORMAT = XLSX_SEK_FORMAT
EUR_FORMAT = XLSX_EUR_FORMAT
PERCENT_FORMAT = '0.00\\ "%"'
RATE_FORMAT = "0.0000"
# openpyxl's own format for a date: a plain date value gets it without a styled cell.
DATE_FORMAT = FORMAT_DATE_YYYYMMDD2
# Text starting with one of these may run as a formula in a spreadsheet (formula injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", fgColor="0A3C78")
HEADER_FONT = Font(bold=True, color="FFFFFF")

FORMATS = {
    MONEY: MONEY_FORMAT,
    EUR: EUR_FORMAT,
    PERCENT: PERCENT_FORMAT,
    RATE: RATE_FORMAT,
    DATE: DATE_FORMAT,
    INTEGER: "0",
}

# The project columns read as stored; ``year_export``'s ``project_row`` makes the others.
_STORED_PROJECT_COLUMNS = tuple(
    key
    for key, *_rest in PROJECT_COLUMNS
    if key not in {"programme", "participating", "council_goal"}
)


class Rows:
    """Export rows read from the database each time they are iterated, in one query, one chunk
    at a time: a large year is never held in memory as a whole."""

    CHUNK = 2000

    def __init__(self, queryset, to_row):
        self.queryset = queryset
        self.to_row = to_row

    def __iter__(self) -> Iterator[dict]:
        return map(self.to_row, self.queryset.iterator(chunk_size=self.CHUNK))


@dataclass(frozen=True)
class YearExport:
    """Rows and figures for one year's export."""

    year: int
    preliminary: bool
    projects: Rows
    payouts: Rows

    @cached_property
    def figures(self) -> YearFigures:
        return year_figures(self.year, preliminary=self.preliminary)

    @cached_property
    def status(self) -> YearStatus:
        """Where the year stands as the file is made (kept per data version, which closing,
        reopening and publishing raise)."""
        return year_status(self.year)

    @cached_property
    def organisation(self) -> OrganisationFacts:
        """The organisation as the year knows it (a closed year as it closed)."""
        return organisation_letterhead(self.year)


def neutralise(value: str) -> str:
    """Text a spreadsheet would treat as a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def _participants(reports) -> dict[int, str]:
    """The other administrations of each report, by name: one query for the whole year."""
    return {report_id: ", ".join(names) for report_id, names in participant_names(reports).items()}


def year_export_data(year: int, *, preliminary: bool = False) -> YearExport:
    """The year's project reports and payouts (approved submissions unless ``preliminary``).

    Nothing is read until the rows are iterated (or the figures asked for)."""
    reports = year_reports(year, preliminary=preliminary)
    paid = (
        Payout.objects.filter(report=OuterRef("pk"))
        .dated_in(year)
        .order_by()
        .values("report")
        .annotate(total=sum_sek("amount_sek"))
        .values("total")
    )
    roles, states = role_labels(), state_labels()
    participants = SimpleLazyObject(lambda: _participants(reports))

    def project_row(report: dict) -> dict:
        return {
            **report,
            "role": roles.get(report["role"], report["role"]),
            "participating": participants.get(report["pk"], ""),
            "programme": report["programme_name"],
            "council_goal": report["council_goal_name"] or "",
            "payouts_sek": Decimal(report["payouts_sek"]).quantize(Decimal("0.01")),
            "suggested_as_example": _("Ja") if report["suggested_as_example"] else _("Nej"),
            "state": states.get(report["state"], report["state"]),
        }

    projects = (
        reports.annotate(
            administration=F("submission__administration_name"),
            state=F("submission__state"),
            payouts_sek=Coalesce(Subquery(paid), Value(ZERO), output_field=MONEY_FIELD),
        )
        .values("pk", *_STORED_PROJECT_COLUMNS, "programme_name", "council_goal_name")
        .order_by("administration", "name", "pk")
    )
    payouts = (
        year_payouts(reports, year)
        .order_by(
            "report__submission__administration_name",
            "report__name",
            "payment_date",
            "pk",
        )
        .values(
            "payment_date",
            "amount_sek",
            "amount_eur",
            "exchange_rate",
            "note",
            administration=F("report__submission__administration_name"),
            project=F("report__name"),
            acronym=F("report__acronym"),
        )
    )
    return YearExport(
        year=year,
        preliminary=preliminary,
        projects=Rows(projects, project_row),
        payouts=Rows(payouts, dict),
    )


def _cell(sheet, value, kind: str, *, font: Font | None = None):
    """What to write for ``value``: text and unformatted values as they are, a styled cell
    only for a number format or a font (openpyxl writes plain values several times faster)."""
    if isinstance(value, str):
        # Never a formula: neutralised text does not start with "=", so it is stored as text.
        value = neutralise(value)
        if font is None:
            return value
    elif font is None and (value is None or kind == DATE or kind not in FORMATS):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    elif kind in FORMATS:
        cell.number_format = FORMATS[kind]
    if font is not None:
        cell.font = font
    return cell


def _table(sheet, columns, rows, *, total_row: dict | None = None) -> None:
    """A header, one line per row and a total after a blank line, written as they come."""
    # Widths and the frozen header go before the first row: a write-only sheet writes them first.
    for index, (_key, _header, _kind, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for _key, title, _kind, _width in columns:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    sheet.append(header)
    last = 1
    for row in rows:
        sheet.append([_cell(sheet, row.get(key), kind) for key, _title, kind, _w in columns])
        last += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(last, 2)}"
    if total_row:
        sheet.append([])
        bold = Font(bold=True)
        sheet.append(
            [
                _cell(sheet, total_row[key], kind, font=bold) if key in total_row else None
                for key, _title, kind, _w in columns
            ]
        )


def year_workbook(export: YearExport) -> bytes:
    """The full-year workbook: summary, projects, payouts and figures per group.

    Written in openpyxl's write-only mode: rows go to the file as they are read, so the
    workbook never holds a large year's cells in memory."""
    figures = export.figures
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet("Sammanfattning")
    summary.column_dimensions["A"].width = 42
    summary.column_dimensions["B"].width = 36
    status = (
        "Preliminär (alla inrapporteringar)" if export.preliminary else "Godkända inrapporteringar"
    )
    summary.append(
        [
            _cell(
                summary,
                "Redovisning av internationellt arbete",
                TEXT,
                font=Font(bold=True, size=14),
            )
        ]
    )
    # The year's status in the words of the pages, in Swedish as the rest of the workbook.
    with translation.override("sv"):
        year_status_line = export.status.label
    for label, value in [
        ("Årets status", year_status_line),
        ("År", export.year),
        ("Underlag", status),
        ("Antal projekt", figures.projects_total),
        (f"varav {export.organisation.name} projektägare", figures.projects_owner),
        (f"varav {export.organisation.name} projektpartner", figures.projects_partner),
        ("Projekt som startat under året", figures.projects_started),
        ("Projekt som avslutats under året", figures.projects_ended),
        ("Projekt med flera förvaltningar", figures.projects_cross_administration),
        ("Utbetalda EU-medel under året (kr)", figures.payouts_total_sek),
    ]:
        kind = MONEY if isinstance(value, Decimal) else INTEGER
        summary.append([_cell(summary, label, TEXT), _cell(summary, value, kind)])

    _table(
        workbook.create_sheet("Projekt"),
        project_columns(export.organisation.name_genitive),
        export.projects,
        total_row={"name": "Summa", "payouts_sek": figures.payouts_total_sek},
    )
    # The year's payouts of the counted reports: the same rows the figures' total adds up.
    _table(
        workbook.create_sheet("Utbetalningar"),
        PAYOUT_COLUMNS,
        export.payouts,
        total_row={"project": "Summa", "amount_sek": figures.payouts_total_sek},
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
            {"goal": row.label, "amount_sek": row.amount_sek}
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


def workbook_filename(export: YearExport) -> str:
    suffix = "-preliminar" if export.preliminary else ""
    return f"internationellt-arbete-{export.year}{suffix}.xlsx"
