"""The Excel template a coordinator fills in: one administration, one open year."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from projects.excel import layout
from projects.excel.layout import DATE, MONEY, PERCENT, RATE, Column
from projects.models import (
    Administration,
    FundingProgramme,
    Payout,
    ProjectReport,
    Submission,
)
from projects.selectors import copy_forward_candidates, organisation_letterhead

# Data validation and unlocked cells reach this many rows below the prefilled ones.
SPARE_ROWS = 500
MIN_ROWS = 1000
HEADER_FILL = PatternFill("solid", fgColor="0A3C78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)


@dataclass
class TemplateData:
    """Everything the template shows, computed from the database before the workbook is built."""

    year: int
    administration_code: str
    administration_name: str
    programmes: list[str]
    roles: list[str]
    goals: list[str]
    administrations: list[str]
    grant_sources: list[str] = field(default_factory=list)
    project_rows: list[dict] = field(default_factory=list)
    payout_rows: list[dict] = field(default_factory=list)
    created_at: datetime.datetime | None = None
    # The organisation's name in the genitive, for the headings that name it.
    organisation_genitive: str = ""


def _project_row(report: ProjectReport, origin: str, *, this_year: bool) -> dict:
    """A row of the project sheet from a report: this year's, or last year's for copy-forward
    (its facts are the starting point; results and the example choice are the new year's)."""
    participating = [a.name for a in report.participating_administrations.all()]
    row = {
        "key": layout.project_key(report.project_id),
        "origin": origin,
        "include": layout.YES if this_year else "",
        "name": report.name,
        "acronym": report.acronym,
        "programme": report.programme.name,
        "grant_source": report.get_grant_source_display() if report.grant_source else "",
        "grant_number": report.grant_number,
        "role": report.get_role_display(),
        "lead_organisation": report.lead_organisation,
        "partner_locations": report.partner_locations,
        "start_date": report.start_date,
        "end_date": report.end_date,
        "total_budget_sek": report.total_budget_sek,
        "own_budget_sek": report.own_budget_sek,
        "eu_cofinancing_rate": report.eu_cofinancing_rate,
        "council_goal": report.council_goal.name if report.council_goal else "",
        "results": report.results if this_year else "",
        "suggested_as_example": (
            (layout.YES if report.suggested_as_example else layout.NO) if this_year else ""
        ),
        "description": report.description,
        "website": report.website,
    }
    last = layout.PARTICIPATING_COLUMNS
    for n in range(1, last + 1):
        row[f"participating_{n}"] = participating[n - 1] if n <= len(participating) else ""
    if len(participating) > last:
        # Keep every administration: the last column takes the rest, separated by semicolons.
        row[f"participating_{last}"] = "; ".join(participating[last - 1 :])
    return row


def template_data(submission: Submission) -> TemplateData:
    """Collect the submission's projects and payouts and those offered for copy-forward."""
    year = submission.reporting_year.year
    administration = submission.administration
    participants = Prefetch(
        "participating_administrations", queryset=Administration.objects.order_by("name")
    )
    reports = list(
        submission.project_reports.select_related("council_goal", "programme")
        .prefetch_related(
            participants,
            Prefetch("payouts", queryset=Payout.objects.order_by("payment_date", "pk")),
        )
        .order_by("name", "pk")
    )
    goals = list(submission.reporting_year.council_goals.order_by("order", "name"))
    goal_ids = {goal.pk for goal in goals}
    candidates = copy_forward_candidates(submission).select_related("council_goal")
    project_rows = [
        _project_row(report, "I inrapporteringen", this_year=True) for report in reports
    ]
    for last_year in candidates.prefetch_related(participants):
        row = _project_row(last_year, f"Från {year - 1}", this_year=False)
        if last_year.council_goal_id not in goal_ids:
            row["council_goal"] = ""
        project_rows.append(row)

    payout_rows = [
        {
            "key": layout.payout_key(payout.pk),
            "project_key": layout.project_key(report.project_id),
            "project_name": report.name,
            "payment_date": payout.payment_date,
            "amount_sek": payout.amount_sek,
            "amount_eur": payout.amount_eur,
            "exchange_rate": payout.exchange_rate,
            "note": payout.note,
        }
        for report in reports
        for payout in report.payouts.all()
    ]
    return TemplateData(
        year=year,
        organisation_genitive=organisation_letterhead(year).name_genitive,
        administration_code=administration.short_code,
        administration_name=administration.name,
        programmes=list(
            FundingProgramme.objects.filter(is_active=True)
            .order_by("name")
            .values_list("name", flat=True)
        ),
        roles=[str(label) for _value, label in ProjectReport.Role.choices],
        grant_sources=[str(label) for _value, label in ProjectReport.GrantSource.choices],
        goals=[goal.name for goal in goals],
        administrations=list(
            Administration.objects.valid_in(year)
            .exclude(pk=administration.pk)
            .order_by("name")
            .values_list("name", flat=True)
        ),
        project_rows=project_rows,
        payout_rows=payout_rows,
        created_at=timezone.now(),
    )


def submission_template(submission: Submission) -> bytes:
    """The template is always in Swedish, so that its dropdown values (roles, goals) match
    what the import expects whatever language the coordinator's screen uses."""
    with translation.override("sv"):
        return build_template(template_data(submission))


def template_filename(submission: Submission) -> str:
    return f"mall-{submission.administration.short_code}-{submission.reporting_year.year}.xlsx"


def build_template(data: TemplateData) -> bytes:
    """Write the template workbook; a pure function of ``data``."""
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = layout.SHEET_INSTRUCTIONS
    _write_instructions(instructions, data)

    lists = workbook.create_sheet(layout.SHEET_LISTS)
    ranges = _write_lists(lists, data)

    projects = workbook.create_sheet(layout.SHEET_PROJECTS, 1)
    payouts = workbook.create_sheet(layout.SHEET_PAYOUTS, 2)
    project_columns = layout.project_columns(data.organisation_genitive)
    _write_table(projects, project_columns, data.project_rows, ranges, data.year)
    _write_table(payouts, layout.PAYOUT_COLUMNS, data.payout_rows, ranges, data.year)

    meta = workbook.create_sheet(layout.SHEET_META)
    meta.append(["Nyckel", "Värde"])
    meta.append([layout.META_VERSION, layout.TEMPLATE_VERSION])
    meta.append([layout.META_YEAR, data.year])
    meta.append([layout.META_ADMINISTRATION, data.administration_code])
    meta.append(["Förvaltningens namn", data.administration_name])
    if data.created_at:
        meta.append(["Skapad", timezone.localtime(data.created_at).replace(tzinfo=None)])
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    lists.sheet_state = "hidden"
    lists.protection.sheet = True
    workbook.active = 0

    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _write_instructions(sheet, data: TemplateData) -> None:
    sheet.column_dimensions["A"].width = 110
    lines = [
        f"Mall för inrapportering av EU-projekt {data.year} – {data.administration_name}",
        "",
        "Så här fyller du i mallen",
        "1. Bladet Projekt har en rad per projekt som förvaltningen redovisar för året. "
        "Projekt som redan finns i inrapporteringen och projekt från förra året som "
        "fortfarande pågår är redan ifyllda.",
        f"2. Förra årets pågående projekt läses in bara om du skriver {layout.YES} i kolumnen "
        f"{layout.INCLUDE_HEADER}: en mall som laddas upp orörd läser inte in något. Skriv "
        f"{layout.NO} eller ta bort raden för ett projekt som inte ska redovisas i år. Lägg "
        "till nya projekt på tomma rader.",
        "3. Ändra inte Projektnyckel eller Utbetalningsnyckel: de kopplar raderna till det som "
        "redan finns. Ett nytt projekt kan få en egen kort nyckel, till exempel NY1, som du "
        "sedan använder i bladet Utbetalningar.",
        "4. Bladet Utbetalningar har en rad per utbetalning av EU-medel under året. Ange "
        "projektets nyckel (eller exakt projektnamn), datum och belopp i kronor.",
        "5. Välj program, roll, kommunfullmäktigemål och medverkande förvaltningar i "
        "listorna. Datum skrivs ÅÅÅÅ-MM-DD. Belopp skrivs i kronor, till exempel 1 250 000 "
        "eller 12,5.",
        "6. Skriv värden, inte formler: celler med formler tas inte emot.",
        "7. Ladda upp filen i tjänsten. Du ser först en förhandsgranskning av vad som läggs "
        "till, ändras och tas bort, och alla fel med blad, rad och kolumn. Ingenting sparas "
        "förrän du bekräftar.",
        "",
        "Mallen gäller bara för " + data.administration_name + f" och år {data.year}. "
        "Rubrikraderna är låsta.",
        "Filen får vara högst 10 MB.",
    ]
    for line in lines:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A3"].font = Font(bold=True)
    for row in sheet.iter_rows(min_row=4):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.protection.sheet = True


def _write_lists(sheet, data: TemplateData) -> dict[str, str]:
    """One column per dropdown; returns the absolute range each dropdown uses."""
    columns = {
        "programmes": ("Program eller fond", data.programmes),
        "roles": ("Roll", data.roles),
        "goals": ("Kommunfullmäktigemål", data.goals),
        "administrations": ("Förvaltning", data.administrations),
        "yes_no": ("Ja/Nej", [layout.YES, layout.NO]),
        "grant_sources": ("Källa", data.grant_sources),
    }
    ranges = {}
    for index, (name, (header, values)) in enumerate(columns.items(), start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index, value=header).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            sheet.cell(row=row, column=index, value=value).data_type = "s"
        last = max(len(values) + 1, 2)
        ranges[name] = f"{quote_sheetname(sheet.title)}!${letter}$2:${letter}${last}"
    return ranges


def _rule(kind: str, title: str, error: str, **condition) -> DataValidation:
    """A cell rule that lets the cell stay empty and says what it refuses (the import checks
    again, whatever Excel let through)."""
    return DataValidation(
        type=kind,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=title,
        error=error,
        **condition,
    )


def _validation(column: Column, ranges: dict[str, str], year: int) -> DataValidation | None:
    if column.choices:
        return _rule(
            "list", "Välj i listan", "Välj ett värde i listan.", formula1=ranges[column.choices]
        )
    if column.kind == DATE:
        # Excel date serials: 2000-01-01 = 36526, 2100-12-31 = 73415.
        error = "Skriv ett datum, till exempel 2023-05-31."
        return _rule("date", "Datum", error, operator="between", formula1="36526", formula2="73415")
    if column.kind in (MONEY, RATE):
        error = "Skriv ett belopp som är 0 eller större."
        return _rule("decimal", "Belopp", error, operator="greaterThanOrEqual", formula1="0")
    if column.kind == PERCENT:
        error = "Skriv en procentsats mellan 0 och 100."
        return _rule("decimal", "Procent", error, operator="between", formula1="0", formula2="100")
    return None


def _number_format(column: Column) -> str | None:
    """The number format of the column's cells, None for text."""
    if column.kind not in layout.NUMBER_FORMATS:
        return None
    return layout.EUR_FORMAT if column.key == "amount_eur" else layout.NUMBER_FORMATS[column.kind]


def _write_table(sheet, columns, rows: list[dict], ranges: dict[str, str], year: int) -> None:
    last_row = max(len(rows) + 1 + SPARE_ROWS, MIN_ROWS)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.protection = LOCKED
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        letter = get_column_letter(index)
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width
        # Column style: empty cells below the header stay editable under sheet protection.
        dimension.protection = UNLOCKED
        if number_format := _number_format(column):
            dimension.number_format = number_format
        validation = _validation(column, ranges, year)
        if validation is not None:
            validation.add(f"{letter}2:{letter}{last_row}")
            sheet.add_data_validation(validation)

    for row_index, row in enumerate(rows, start=2):
        for index, column in enumerate(columns, start=1):
            value = row.get(column.key)
            if value is None or value == "":
                continue
            cell = sheet.cell(row=row_index, column=index, value=value)
            if isinstance(value, str):
                # Text is stored as text, so nothing a project manager typed can run as a formula.
                cell.data_type = "s"
            cell.protection = UNLOCKED
            if number_format := _number_format(column):
                cell.number_format = number_format
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 32
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows) + 1, 2)}"
    protection = sheet.protection
    protection.sheet = True
    # Under protection these stay allowed: sorting, filtering, adding and removing rows.
    protection.sort = False
    protection.autoFilter = False
    protection.insertRows = False
    protection.deleteRows = False
    protection.formatColumns = False
