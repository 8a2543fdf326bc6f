"""Reading the cells of an uploaded template: values, places and the findings tied to them."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from projects.excel.issues import Issue
from projects.excel.layout import DATE, MONEY, PERCENT, RATE, Column
from projects.excel.safety import WorkbookRefused
from projects.models import Payout, ProjectReport
from projects.numbers import AmountError, parse_amount

if TYPE_CHECKING:
    from projects.excel.plan import ImportPlan

# The model field each kind of number column is stored in: its decimals and digits.
NUMBER_FIELDS = {
    MONEY: Payout._meta.get_field("amount_sek"),
    PERCENT: ProjectReport._meta.get_field("eu_cofinancing_rate"),
    RATE: Payout._meta.get_field("exchange_rate"),
}
MAX_DATA_ROWS = 20_000
# Empty but formatted rows count too: reading them is not free.
MAX_SHEET_ROWS = 100_000


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
            # A calendar date, read without a time zone on purpose: only .date() is kept.
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007
        except ValueError:
            continue
    raise CellError(
        _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel %(year)s-05-31.") % {"year": "2023"}
    )


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def is_formula(cell) -> bool:
    value = cell.value
    return getattr(cell, "data_type", None) == "f" or (
        isinstance(value, str) and value.lstrip().startswith("=")
    )


class Sheet:
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
            text = cell_text(cell.value).casefold()
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


def row_cells(sheet: Sheet, cells) -> dict:
    return {
        key: cells[position] if position < len(cells) else None
        for key, position in sheet.positions.items()
    }


def lookup(items, *attributes) -> dict:
    table = {}
    for item in items:
        for attribute in attributes:
            value = getattr(item, attribute)
            if value:
                table.setdefault(str(value).strip().casefold(), item)
    return table


class Reader:
    """Reads rows and cells of a sheet, recording each problem at its place in the plan."""

    def __init__(self, plan: ImportPlan):
        self.plan = plan

    def key_refused(self, sheet: Sheet, row: int, message, key: str, *, code: str) -> None:
        """The row's key cell refused, ``message`` naming the key as ``%(key)s``; the caller
        leaves the row out."""
        self.issue(sheet, row, "key", message % {"key": key}, code=code)

    def issue(self, sheet: Sheet, row: int, key: str, message: str, *, blocking=True, code=""):
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

    def _read_rows(self, sheet: Sheet) -> list[tuple[int, dict]]:
        rows = []
        for row_number, cells in enumerate(sheet.rows, start=2):
            if row_number > MAX_SHEET_ROWS:
                raise WorkbookRefused(
                    _("Bladet %(sheet)s har fler än %(rows)s rader och tas inte emot.")
                    % {"sheet": sheet.title, "rows": MAX_SHEET_ROWS}
                )
            by_key = row_cells(sheet, cells)
            if all(
                by_key[key] is None or cell_text(by_key[key].value) == ""
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
                if cell is not None and is_formula(cell):
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
        if cell is None or is_formula(cell):
            if cell is not None:
                failed.add(key)
            return None
        column = sheet.columns[key]
        try:
            if column.kind == DATE:
                return parse_date(cell.value)
            if column.kind in NUMBER_FIELDS:
                field = NUMBER_FIELDS[column.kind]
                return parse_amount(cell.value, field.decimal_places, field.max_digits)
        except (CellError, AmountError) as error:
            failed.add(key)
            too_large = isinstance(error, AmountError) and error.code == "too_large"
            code = "number_too_large" if too_large else "invalid_value"
            self.issue(sheet, row, key, str(error), code=code)
            return None
        return cell_text(cell.value)

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
