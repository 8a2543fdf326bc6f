"""Read a filled template, check it with the entry rules, and plan (then apply) the changes.

``plan_import`` never writes. ``apply_plan`` writes and is only called from the service
``submission_import_workbook``, inside one transaction.
"""

from __future__ import annotations

import datetime
import hashlib
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history

from projects import validation
from projects.excel import layout
from projects.excel.layout import DATE, MONEY, PERCENT, RATE, Column
from projects.excel.safety import WorkbookRefused, check_workbook_bytes
from projects.models import (
    Administration,
    CouncilGoal,
    FundingProgramme,
    Payout,
    Project,
    ProjectReport,
    Submission,
)
from projects.numbers import AmountError, parse_amount

PROJECT_FIELDS = (
    "name",
    "acronym",
    "programme",
    "role",
    "lead_organisation",
    "partner_locations",
    "start_date",
    "end_date",
    "total_budget_sek",
    "malmo_budget_sek",
    "eu_cofinancing_rate",
    "description",
    "website",
)
PAYOUT_FIELDS = ("payment_date", "amount_sek", "amount_eur", "exchange_rate", "note")
DECIMAL_PLACES = {MONEY: 2, PERCENT: 2, RATE: 4}
MAX_DATA_ROWS = 20_000
# Empty but formatted rows count too: reading them is not free.
MAX_SHEET_ROWS = 100_000


# --- Findings with a place in the workbook ------------------------------------------------------


@dataclass(frozen=True)
class Issue:
    """An error or warning at a sheet, row and (optional) column of the uploaded workbook."""

    sheet: str
    row: int | None
    column: str  # letter, "" for the whole row
    header: str
    message: str
    blocking: bool
    code: str = ""

    @property
    def location(self) -> str:
        parts = [_("Blad %(sheet)s") % {"sheet": self.sheet}]
        if self.row:
            parts.append(_("rad %(row)s") % {"row": self.row})
        if self.column:
            parts.append(
                _("kolumn %(column)s (%(header)s)") % {"column": self.column, "header": self.header}
            )
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


# --- Reading cells ------------------------------------------------------------------------------


class CellError(ValueError):
    pass


def parse_date(value) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y%m%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(
        _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel %(year)s-05-31.") % {"year": "2023"}
    )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _is_formula(cell) -> bool:
    value = cell.value
    return getattr(cell, "data_type", None) == "f" or (
        isinstance(value, str) and value.lstrip().startswith("=")
    )


# --- What the workbook holds --------------------------------------------------------------------


@dataclass
class ProjectRow:
    row: int
    key: str
    project: Project | None  # existing project the key points at
    report: ProjectReport | None  # the project's report in this submission, if it has one
    values: dict  # the project's facts for the year (ProjectReport fields)
    participating: list[Administration]
    council_goal: CouncilGoal | None
    results: str
    suggested_as_example: bool
    changes: list[str] = field(default_factory=list)  # labels of changed facts


@dataclass
class PayoutRow:
    row: int
    payout: Payout | None
    project_row: ProjectRow | None
    values: dict
    changes: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    """What an upload would do, and every problem found; nothing is written to make it."""

    submission: Submission
    checksum: str
    issues: list[Issue] = field(default_factory=list)
    project_rows: list[ProjectRow] = field(default_factory=list)
    payout_rows: list[PayoutRow] = field(default_factory=list)
    reports_removed: list[ProjectReport] = field(default_factory=list)
    payouts_removed: list[Payout] = field(default_factory=list)
    existing_reports: dict[int, ProjectReport] = field(default_factory=dict)  # by project id

    @property
    def report_versions(self) -> dict[int, int]:
        """The version of every report in the submission when the plan was made."""
        return {report.pk: report.version for report in self.existing_reports.values()}

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.blocking]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if not issue.blocking]

    @property
    def has_errors(self) -> bool:
        return any(issue.blocking for issue in self.issues)

    @property
    def projects_created(self) -> list[ProjectRow]:
        return [row for row in self.project_rows if row.project is None]

    @property
    def projects_changed(self) -> list[ProjectRow]:
        """This year's projects whose facts change."""
        return [row for row in self.project_rows if row.report is not None and row.changes]

    @property
    def reports_created(self) -> list[ProjectRow]:
        """Existing projects added to this year's submission (copy-forward or older projects)."""
        return [row for row in self.project_rows if row.project is not None and row.report is None]

    @property
    def reports_changed(self) -> list[ProjectRow]:
        """This year's projects whose goal, results or example suggestion change."""
        return [row for row in self.project_rows if _report_fields_changed(row)]

    @property
    def payouts_created(self) -> list[PayoutRow]:
        return [row for row in self.payout_rows if row.payout is None]

    @property
    def payouts_changed(self) -> list[PayoutRow]:
        return [row for row in self.payout_rows if row.payout is not None and row.changes]

    @property
    def has_changes(self) -> bool:
        return bool(
            self.projects_created
            or self.projects_changed
            or self.reports_created
            or self.reports_changed
            or self.reports_removed
            or self.payouts_created
            or self.payouts_changed
            or self.payouts_removed
        )

    def totals(self) -> dict:
        """Project count and payout sum after the import, for the preview."""
        return {
            "projects": len(self.project_rows),
            "payouts": len(self.payout_rows),
            "payouts_sek": sum(
                (row.values.get("amount_sek") or Decimal("0") for row in self.payout_rows),
                Decimal("0"),
            ),
        }


# --- Reading the workbook -----------------------------------------------------------------------


class _Sheet:
    """The data rows of one sheet, with cells looked up by column key."""

    def __init__(self, worksheet, columns: tuple[Column, ...]):
        self.title = worksheet.title
        rows = worksheet.iter_rows()
        try:
            header = next(rows)
        except StopIteration:
            header = ()
        positions = {}
        for index, cell in enumerate(header):
            text = _text(cell.value).casefold()
            for column in columns:
                if text == column.header.casefold():
                    positions[column.key] = index
        missing = [
            column.header
            for column in columns
            if column.key not in positions and not column.informational
        ]
        if missing:
            raise WorkbookRefused(
                _(
                    "Bladet %(sheet)s saknar kolumnerna %(columns)s. Ladda ner en ny mall och "
                    "flytta över uppgifterna."
                )
                % {"sheet": self.title, "columns": ", ".join(missing)}
            )
        self.columns = {column.key: column for column in columns}
        self.positions = positions
        self.rows = rows

    def letter(self, key: str) -> str:
        return get_column_letter(self.positions[key] + 1) if key in self.positions else ""

    def header(self, key: str) -> str:
        return self.columns[key].header if key in self.columns else ""


class _Reader:
    def __init__(self, plan: ImportPlan):
        self.plan = plan

    def issue(self, sheet: _Sheet, row: int, key: str, message: str, *, blocking=True, code=""):
        self.plan.issues.append(
            Issue(
                sheet=sheet.title,
                row=row,
                column=sheet.letter(key) if key else "",
                header=sheet.header(key) if key else "",
                message=message,
                blocking=blocking,
                code=code,
            )
        )


def _row_cells(sheet: _Sheet, cells) -> dict:
    return {
        key: cells[position] if position < len(cells) else None
        for key, position in sheet.positions.items()
    }


def _read_meta(workbook) -> dict:
    if layout.SHEET_META not in workbook.sheetnames:
        raise WorkbookRefused(
            _(
                "Filen är inte en mall från tjänsten (mallinformationen saknas). Ladda ner "
                "mallen för din förvaltning och fyll i den."
            )
        )
    meta = {}
    for index, row in enumerate(workbook[layout.SHEET_META].iter_rows(values_only=True)):
        if index > 50:
            break
        if row and len(row) >= 2 and row[0] is not None:
            meta[_text(row[0])] = _text(row[1])
    return meta


def _check_meta(meta: dict, submission: Submission) -> None:
    year = submission.reporting_year.year
    if meta.get(layout.META_VERSION) != layout.TEMPLATE_VERSION:
        raise WorkbookRefused(
            _("Mallen är av en äldre version. Ladda ner en ny mall och flytta över uppgifterna.")
        )
    if meta.get(layout.META_YEAR) != str(year):
        raise WorkbookRefused(
            _("Mallen gäller år %(file_year)s, men inrapporteringen gäller %(year)s.")
            % {"file_year": meta.get(layout.META_YEAR) or "?", "year": year}
        )
    if (meta.get(layout.META_ADMINISTRATION) or "").casefold() != (
        submission.administration.short_code.casefold()
    ):
        raise WorkbookRefused(
            _("Mallen gäller en annan förvaltning (%(code)s) än %(administration)s.")
            % {
                "code": meta.get(layout.META_ADMINISTRATION) or "?",
                "administration": submission.administration.name,
            }
        )


def ensure_importable(submission: Submission) -> None:
    """A submitted or approved submission, or a closed year, takes no import."""
    if not submission.reporting_year.is_open:
        raise WorkbookRefused(
            _("Redovisningsåret %(year)s är stängt; inget kan läsas in.")
            % {"year": submission.reporting_year.year}
        )
    if not submission.is_editable_state:
        raise WorkbookRefused(
            _("Inrapporteringen är %(state)s och kan inte ändras med en Excel-fil.")
            % {"state": submission.get_state_display().lower()}
        )


def _lookup(items, *attributes) -> dict:
    table = {}
    for item in items:
        for attribute in attributes:
            value = getattr(item, attribute)
            if value:
                table.setdefault(str(value).strip().casefold(), item)
    return table


def plan_import(*, submission: Submission, data: bytes) -> ImportPlan:
    """Check the uploaded bytes and work out what an import would change; writes nothing."""
    ensure_importable(submission)
    check_workbook_bytes(data)
    try:
        workbook = load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except WorkbookRefused:
        raise
    except Exception as error:  # openpyxl raises many kinds on malformed parts
        raise WorkbookRefused(_("Filen kan inte läsas som en Excel-arbetsbok.")) from error
    try:
        _check_meta(_read_meta(workbook), submission)
        for name in (layout.SHEET_PROJECTS, layout.SHEET_PAYOUTS):
            if name not in workbook.sheetnames:
                raise WorkbookRefused(_("Bladet %(sheet)s saknas i filen.") % {"sheet": name})
        plan = ImportPlan(submission=submission, checksum=hashlib.sha256(data).hexdigest())
        # The template's values (roles, Ja/Nej, goals) are Swedish: read them in Swedish.
        with translation.override("sv"):
            _Planner(plan).run(
                _Sheet(workbook[layout.SHEET_PROJECTS], layout.PROJECT_COLUMNS),
                _Sheet(workbook[layout.SHEET_PAYOUTS], layout.PAYOUT_COLUMNS),
            )
    finally:
        workbook.close()
    return plan


class _Planner(_Reader):
    def __init__(self, plan: ImportPlan):
        super().__init__(plan)
        submission = plan.submission
        self.submission = submission
        self.year = submission.reporting_year.year
        self.administration = submission.administration
        reports = list(
            submission.project_reports.select_related("project").prefetch_related(
                "participating_administrations", "payouts"
            )
        )
        plan.existing_reports = {report.project_id: report for report in reports}
        self.existing_payouts = {
            payout.pk: payout for report in reports for payout in report.payouts.all()
        }
        self.programmes = _lookup(FundingProgramme.objects.all(), "name", "short_name")
        self.administrations = _lookup(
            Administration.objects.valid_in(self.year), "name", "short_code"
        )
        reporting_year = submission.reporting_year
        # check_project_report iterates council_goals.all(): prefetch it once.
        self.reporting_year = (
            type(reporting_year).objects.prefetch_related("council_goals").get(pk=reporting_year.pk)
        )
        # The year's goals win over older goals with the same name.
        year_goals = list(self.reporting_year.council_goals.all())
        self.goals = _lookup(
            [*year_goals, *CouncilGoal.objects.exclude(pk__in=[g.pk for g in year_goals])],
            "name",
        )
        # The duplicate check against other administrations, read once instead of per row.
        self.duplicates = validation.ReportedElsewhere.load(
            year=self.year, administration=self.administration
        )
        self.roles = {}
        for value, label in ProjectReport.Role.choices:
            self.roles[value.casefold()] = value
            self.roles[str(label).casefold()] = value

    # -- projects --

    def run(self, projects: _Sheet, payouts: _Sheet) -> None:
        raw_projects = self._read_rows(projects)
        raw_payouts = self._read_rows(payouts)
        wanted = {
            pk
            for _row, cells in raw_projects
            if (pk := layout.parse_key(_text(cells["key"].value), layout.PROJECT_KEY_PREFIX))
        }
        known = {project.pk: project for project in Project.objects.filter(pk__in=wanted)}
        for report in self.plan.existing_reports.values():
            known[report.project_id] = report.project
        rows_by_key: dict[str, ProjectRow] = {}
        rows_by_name: dict[str, ProjectRow] = {}
        for row_number, cells in raw_projects:
            project_row = self._project_row(projects, row_number, cells, known, rows_by_key)
            if project_row is None:
                continue
            self.plan.project_rows.append(project_row)
            if project_row.key:
                rows_by_key[project_row.key.casefold()] = project_row
            name = (project_row.values.get("name") or "").casefold()
            if name:
                rows_by_name.setdefault(name, project_row)

        kept = {row.project.pk for row in self.plan.project_rows if row.project}
        self.plan.reports_removed = [
            report
            for project_id, report in self.plan.existing_reports.items()
            if project_id not in kept
        ]

        for row_number, cells in raw_payouts:
            payout_row = self._payout_row(payouts, row_number, cells, rows_by_key, rows_by_name)
            if payout_row is not None:
                self.plan.payout_rows.append(payout_row)
        listed = {row.payout.pk for row in self.plan.payout_rows if row.payout}
        self.plan.payouts_removed = [
            payout for pk, payout in self.existing_payouts.items() if pk not in listed
        ]
        self._check_payout_totals(projects)

    def _read_rows(self, sheet: _Sheet) -> list[tuple[int, dict]]:
        rows = []
        for row_number, cells in enumerate(sheet.rows, start=2):
            if row_number > MAX_SHEET_ROWS:
                raise WorkbookRefused(
                    _("Bladet %(sheet)s har fler än %(rows)s rader och tas inte emot.")
                    % {"sheet": sheet.title, "rows": MAX_SHEET_ROWS}
                )
            by_key = _row_cells(sheet, cells)
            if all(
                by_key[key] is None or _text(by_key[key].value) == ""
                for key in by_key
                if not sheet.columns[key].informational
            ):
                continue
            if len(rows) >= MAX_DATA_ROWS:
                raise WorkbookRefused(
                    _("Bladet %(sheet)s har fler än %(rows)s rader och tas inte emot.")
                    % {"sheet": sheet.title, "rows": MAX_DATA_ROWS}
                )
            for key, cell in by_key.items():
                if cell is not None and _is_formula(cell):
                    self.issue(
                        sheet,
                        row_number,
                        key,
                        _("Cellen innehåller en formel. Skriv in värdet i stället."),
                        code="formula",
                    )
            rows.append((row_number, by_key))
        return rows

    def _value(self, sheet, row, cells, key, failed: set):
        """The parsed value of one cell, or None after recording the problem."""
        cell = cells.get(key)
        if cell is None or _is_formula(cell):
            if cell is not None:
                failed.add(key)
            return None
        column = sheet.columns[key]
        try:
            if column.kind == DATE:
                return parse_date(cell.value)
            if column.kind in DECIMAL_PLACES:
                return parse_amount(cell.value, DECIMAL_PLACES[column.kind])
        except (CellError, AmountError) as error:
            failed.add(key)
            self.issue(sheet, row, key, str(error), code="invalid_value")
            return None
        return _text(cell.value)

    def _choice(self, sheet, row, cells, key, table, failed, message):
        text = self._value(sheet, row, cells, key, failed)
        if not text:
            return None
        found = table.get(text.casefold())
        if found is None:
            failed.add(key)
            self.issue(sheet, row, key, message % {"value": text}, code="unknown_choice")
        return found

    def _project_row(self, sheet, row, cells, known, rows_by_key) -> ProjectRow | None:
        failed: set[str] = set()
        key = self._value(sheet, row, cells, "key", failed) or ""
        project = None
        if key:
            if key.casefold() in rows_by_key:
                self.issue(
                    sheet,
                    row,
                    "key",
                    _("Projektnyckeln %(key)s finns på flera rader.") % {"key": key},
                    code="duplicate_key",
                )
                return None
            pk = layout.parse_key(key, layout.PROJECT_KEY_PREFIX)
            if pk is not None:
                project = known.get(pk)
                if project is None or project.administration_id != self.administration.pk:
                    self.issue(
                        sheet,
                        row,
                        "key",
                        _(
                            "Projektnyckeln %(key)s hör inte till förvaltningens projekt. "
                            "Ändra inte nyckeln; töm den för ett nytt projekt."
                        )
                        % {"key": key},
                        code="unknown_key",
                    )
                    return None
        values = {
            name: self._value(sheet, row, cells, name, failed)
            for name in PROJECT_FIELDS
            if name not in ("programme", "role")
        }
        for name in ("name", "acronym", "lead_organisation", "partner_locations"):
            values[name] = values[name] or ""
        values["description"] = values["description"] or ""
        values["website"] = values["website"] or ""
        values["programme"] = self._choice(
            sheet,
            row,
            cells,
            "programme",
            self.programmes,
            failed,
            _("Programmet ”%(value)s” finns inte i listan. Välj ett program i listan."),
        )
        role = self._value(sheet, row, cells, "role", failed)
        values["role"] = self.roles.get((role or "").casefold()) if role else None
        if role and values["role"] is None:
            failed.add("role")
            self.issue(
                sheet,
                row,
                "role",
                _("Rollen ”%(value)s” finns inte. Välj Projektägare eller Projektpartner.")
                % {"value": role},
                code="unknown_choice",
            )

        participating = []
        for n in range(1, layout.PARTICIPATING_COLUMNS + 1):
            column_key = f"participating_{n}"
            text = self._value(sheet, row, cells, column_key, failed) or ""
            for name in filter(None, (part.strip() for part in text.split(";"))):
                administration = self.administrations.get(name.casefold())
                if administration is None:
                    self.issue(
                        sheet,
                        row,
                        column_key,
                        _("Förvaltningen ”%(value)s” finns inte i listan.") % {"value": name},
                        code="unknown_choice",
                    )
                elif administration not in participating:
                    participating.append(administration)

        council_goal = self._choice(
            sheet,
            row,
            cells,
            "council_goal",
            self.goals,
            failed,
            _("Kommunfullmäktigemålet ”%(value)s” finns inte. Välj ett mål i listan."),
        )
        results = self._value(sheet, row, cells, "results", failed) or ""
        suggested_text = self._value(sheet, row, cells, "suggested_as_example", failed) or ""
        suggested = suggested_text.casefold() in ("ja", "j", "x", "1", "true", "sant", "yes")
        if (
            suggested_text
            and not suggested
            and suggested_text.casefold() not in ("nej", "n", "0", "false", "falskt", "no")
        ):
            self.issue(
                sheet,
                row,
                "suggested_as_example",
                _("Skriv Ja eller Nej."),
                code="invalid_value",
            )

        # The same checks as the entry forms, from the same code.
        findings = validation.check_project(
            values=values,
            administration=self.administration,
            year=self.year,
            exclude_project_id=project.pk if project else None,
            duplicates=self.duplicates,
        )
        findings += validation.check_project_report(
            council_goal=council_goal, reporting_year=self.reporting_year
        )
        for finding in validation.check_participants(
            administration=self.administration, participants=participating
        ):
            # Reported at the first column of participating administrations.
            self.issue(sheet, row, "participating_1", finding.message, code=finding.code)
        self._findings(sheet, row, findings, failed)
        self._field_errors(sheet, row, ProjectReport, values, failed)

        report = self.plan.existing_reports.get(project.pk) if project is not None else None
        project_row = ProjectRow(
            row=row,
            key=key,
            project=project,
            report=report,
            values=values,
            participating=participating,
            council_goal=council_goal,
            results=results,
            suggested_as_example=suggested,
        )
        if report is not None:
            project_row.changes = _fact_changes(report, values, participating)
        return project_row

    def _findings(self, sheet, row, findings, failed) -> None:
        for finding in findings:
            if finding.field in failed:
                continue  # the cell's own message says it already
            key = finding.field if finding.field in sheet.positions else ""
            self.issue(
                sheet, row, key, finding.message, blocking=finding.blocking, code=finding.code
            )

    def _field_errors(self, sheet, row, model, values, failed, exclude_extra=()) -> None:
        """Lengths, URLs and digits as the model fields define them (no queries)."""
        instance = model(**{k: v for k, v in values.items() if k != "programme"})
        exclude = (
            set(failed) | set(exclude_extra) | {"programme", "report", "submission", "project"}
        )
        # Empty required fields are reported once, by the shared checks.
        exclude |= {name for name, value in values.items() if value is None or value == ""}
        try:
            instance.clean_fields(exclude=exclude)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                key = name if name in sheet.positions else ""
                for message in messages:
                    self.issue(sheet, row, key, message, code="invalid_value")

    # -- payouts --

    def _payout_row(self, sheet, row, cells, rows_by_key, rows_by_name) -> PayoutRow | None:
        failed: set[str] = set()
        key = self._value(sheet, row, cells, "key", failed) or ""
        payout = None
        if key:
            pk = layout.parse_key(key, layout.PAYOUT_KEY_PREFIX)
            payout = self.existing_payouts.get(pk) if pk is not None else None
            if payout is None:
                self.issue(
                    sheet,
                    row,
                    "key",
                    _(
                        "Utbetalningsnyckeln %(key)s finns inte i inrapporteringen. Töm cellen "
                        "för en ny utbetalning."
                    )
                    % {"key": key},
                    code="unknown_key",
                )
                return None
        project_key = self._value(sheet, row, cells, "project_key", failed) or ""
        project_name = self._value(sheet, row, cells, "project_name", failed) or ""
        project_row = rows_by_key.get(project_key.casefold()) if project_key else None
        if project_row is None and not project_key and project_name:
            project_row = rows_by_name.get(project_name.casefold())
        if project_row is None:
            self.issue(
                sheet,
                row,
                "project_key" if project_key or not project_name else "project_name",
                _(
                    "Projektet ”%(project)s” finns inte i bladet Projekt. Ange projektets "
                    "nyckel från bladet Projekt."
                )
                % {"project": project_key or project_name or "–"},
                code="unknown_project",
            )
        values = {name: self._value(sheet, row, cells, name, failed) for name in PAYOUT_FIELDS}
        values["note"] = values["note"] or ""
        project_values = project_row.values if project_row else {}
        findings = validation.check_payout(
            payment_date=values["payment_date"],
            amount_sek=values["amount_sek"],
            year=self.year,
            project_start=project_values.get("start_date"),
            project_end=project_values.get("end_date"),
        )
        self._findings(sheet, row, findings, failed)
        self._field_errors(sheet, row, Payout, values, failed)
        payout_row = PayoutRow(row=row, payout=payout, project_row=project_row, values=values)
        if payout is not None:
            payout_row.changes = [
                str(Payout._meta.get_field(name).verbose_name)
                for name in PAYOUT_FIELDS
                if getattr(payout, name) != values[name]
            ]
            if (
                project_row is None
                or project_row.project is None
                or (payout.report.project_id != project_row.project.pk)
            ):
                payout_row.changes.append(str(_("projekt")))
        return payout_row

    def _check_payout_totals(self, projects: _Sheet) -> None:
        paid: dict[int, Decimal] = defaultdict(Decimal)
        for payout_row in self.plan.payout_rows:
            if payout_row.project_row is not None and payout_row.values.get("amount_sek"):
                paid[id(payout_row.project_row)] += payout_row.values["amount_sek"]
        # Payouts of the same projects reported in other years count towards the share too.
        elsewhere = validation.paid_in_other_years(
            [row.project.pk for row in self.plan.project_rows if row.project],
            submission=self.submission,
        )
        for project_row in self.plan.project_rows:
            findings = validation.check_payout_total(
                year=self.year,
                this_year_sek=paid.get(id(project_row), Decimal("0")),
                other_years_sek=(
                    elsewhere.get(project_row.project.pk) or Decimal("0")
                    if project_row.project is not None
                    else Decimal("0")
                ),
                malmo_budget_sek=project_row.values.get("malmo_budget_sek"),
            )
            self._findings(projects, project_row.row, findings, set())


def _fact_changes(report: ProjectReport, values: dict, participating) -> list[str]:
    """Labels of the facts that the row changes in this year's report."""

    def current(name):
        # Compare the programme by id: reading report.programme would cost a query per row.
        return report.programme_id if name == "programme" else getattr(report, name)

    def wanted(name):
        value = values.get(name)
        return value.pk if name == "programme" and value is not None else value

    changed = [
        str(ProjectReport._meta.get_field(name).verbose_name)
        for name in PROJECT_FIELDS
        if values.get(name) is not None and current(name) != wanted(name)
    ]
    before = {a.pk for a in report.participating_administrations.all()}
    if before != {a.pk for a in participating}:
        changed.append(
            str(ProjectReport._meta.get_field("participating_administrations").verbose_name)
        )
    return changed


def _report_fields_changed(row: ProjectRow) -> bool:
    report = row.report
    return report is not None and (
        report.council_goal_id != (row.council_goal.pk if row.council_goal else None)
        or report.results != row.results
        or report.suggested_as_example != row.suggested_as_example
    )


# --- Writing (called by the service, inside its transaction) ------------------------------------


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
        if report.pk is None or row.changes or _report_fields_changed(row):
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
