"""The rows behind a figure as files for people: CSV and XLSX.

Pure functions from ``FigureRows`` to bytes, with the same headings and labels (Swedish first,
in the reader's language; docs/report-summary.md). The CSV is the people's CSV of
``reporting.csv_files`` (semicolons, byte-order mark, decimal comma); the workbook has amounts
as numbers and dates as dates, and a total row equal to the figure.
"""

from __future__ import annotations

import io
from collections.abc import Collection, Iterator, Sequence

from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from projects.numbers import XLSX_AMOUNT_FORMAT
from reporting.csv_files import people_csv
from reporting.exports.workbook import neutralise
from reporting.labels import once_per_language, role_labels, state_labels
from reporting.selectors.rows import FigureRows, RowSlice
from reporting.selectors.stated import (
    GOALS_SECTION,
    PAYOUTS_SECTION,
    PROJECTS_SECTION,
    StatedFigure,
)

# What every row says of its project, before the payout's or the report's own columns.
_PROJECT_COLUMNS = (
    "administration_code",
    "administration",
    "project",
    "acronym",
    "programme",
    "council_goal",
    "role",
)
PAYOUT_COLUMNS = (*_PROJECT_COLUMNS, "payment_date", "amount_sek", "submission_state")
REPORT_COLUMNS = (
    *_PROJECT_COLUMNS,
    "start_date",
    "end_date",
    "total_budget_sek",
    "submission_state",
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The column widths of a rows sheet (A, B, …) and of the memo workbook's overview sheet.
ROWS_WIDTHS = (10, 36, 40, 14, 30, 30, 16, 14, 16, 16, 22)
OVERVIEW_WIDTHS = (12, 36, 70, 20, 24, 12)
AMOUNT_FORMAT = XLSX_AMOUNT_FORMAT
DATE_FORMAT = "yyyy-mm-dd"


def columns(rows: FigureRows) -> tuple[str, ...]:
    return PAYOUT_COLUMNS if rows.figure.kind == "payouts" else REPORT_COLUMNS


def rows_csv(rows: FigureRows) -> bytes:
    """One line per payout (sums) or project report (counts), after a line of headings: the
    CSV for people (``reporting.csv_files``)."""
    headings = _headings()
    return b"".join(people_csv([headings[name] for name in columns(rows)], _labelled(rows)))


def _headings() -> dict[str, str]:
    return {
        "administration_code": _("Kortnamn"),
        "administration": _("Förvaltning"),
        "project": _("Projekt"),
        "acronym": _("Förkortning"),
        "programme": _("Program eller fond"),
        "council_goal": _("Kommunfullmäktigemål"),
        "role": _("Roll"),
        "payment_date": _("Utbetalningsdatum"),
        "amount_sek": _("Belopp (kr)"),
        "start_date": _("Startdatum"),
        "end_date": _("Slutdatum"),
        "total_budget_sek": _("Total budget (kr)"),
        "submission_state": _("Inrapporteringens status"),
    }


def _labelled(rows: FigureRows) -> Iterator[list]:
    """Each row's values in the order of its columns, the role and the submission's state as
    labels in the reader's language."""
    roles, states = role_labels(), state_labels()
    names = columns(rows)
    for row in rows.rows:
        values = [getattr(row, name) for name in names]
        for index, name in enumerate(names):
            if name == "role":
                values[index] = roles.get(values[index], values[index])
            elif name == "submission_state":
                values[index] = states.get(values[index], values[index])
        yield values


def _write_rows(sheet, rows: FigureRows, *, title: str) -> None:
    """A title, the table of rows and its total (equal to the figure) on ``sheet``.

    Only appends rows of ready-made cells, so ``sheet`` may be a write-only sheet: the
    download of a whole city's payouts at ten cities' size is written as it goes."""
    names = columns(rows)
    # Widths go first: a write-only sheet takes them only before its rows.
    _set_widths(sheet, ROWS_WIDTHS)
    bold = Font(bold=True)
    sheet.append([_cell(sheet, title, font=bold)])
    headings = _headings()
    sheet.append([_cell(sheet, headings[name], font=bold) for name in names])
    for values in _labelled(rows):
        sheet.append([_cell(sheet, neutralise(v) if isinstance(v, str) else v) for v in values])
    total_label = _("Summa") if rows.is_sum else _("Antal")
    # The figure under the column it adds up: amounts or budgets; a count beside its label.
    if rows.figure.kind == "payouts":
        total_column = names.index("amount_sek")
    elif rows.figure.kind == "budget":
        total_column = names.index("total_budget_sek")
    else:
        total_column = 1  # a count, beside its label
    total_row = [total_label] + [None] * (len(names) - 1)
    total_row[total_column] = rows.total
    sheet.append([_cell(sheet, value, font=bold) for value in total_row])


def _cell(sheet, value, *, font: Font | None = None):
    """A cell with the number format its value needs (dates as dates, amounts with öre); a
    plain value when it needs none, which is what a large sheet is mostly made of."""
    number_format = _format_for(value)
    if font is None and number_format is None:
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if font is not None:
        cell.font = font
    if number_format is not None:
        cell.number_format = number_format
    return cell


def _format_for(value) -> str | None:
    if hasattr(value, "isoformat"):
        return DATE_FORMAT
    if value is not None and not isinstance(value, str | int):
        return AMOUNT_FORMAT
    return None


def _number_format(cell) -> None:
    number_format = _format_for(cell.value)
    if number_format is not None:
        cell.number_format = number_format


def _save(workbook: Workbook) -> bytes:
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def rows_workbook(rows: FigureRows, *, title: str) -> bytes:
    """The rows as a workbook in the active language: a title, the table and its total."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Rader"))
    _write_rows(sheet, rows, title=title)
    return _save(workbook)


@once_per_language
def figure_labels() -> dict[str, str]:
    """What each figure is called (in the active language), by slug."""
    return {
        "projekt": _("EU-projekt"),
        "projektagare": _("EU-projekt som projektägare"),
        "projektpartner": _("EU-projekt som projektpartner"),
        "startade": _("Projekt som startade under året"),
        "avslutade": _("Projekt som avslutades under året"),
        "flera-forvaltningar": _("Projekt där flera förvaltningar deltar"),
        "utbetalt": _("Utbetalda EU-medel"),
        "minsta-budget": _("Minsta projektbudget"),
        "storsta-budget": _("Största projektbudget"),
    }


def stated_figure_title(stated: StatedFigure) -> str:
    """A stated figure's name: the measure and year, and the administration or goal it is for."""
    title = f"{figure_labels()[stated.slug]} {stated.year}"
    return f"{title} – {stated.part}" if stated.part else title


def section_labels() -> dict[str, str]:
    return {
        PROJECTS_SECTION: _("Projekt"),
        PAYOUTS_SECTION: _("Utbetalningar per förvaltning"),
        GOALS_SECTION: _("Utbetalningar per kommunfullmäktigemål"),
    }


def memo_rows_workbook(
    figures: Sequence[tuple[StatedFigure, FigureRows]], *, title: str, published: str
) -> bytes:
    """The rows behind every figure a memo's text states, in the active language.

    A first sheet lists each figure as the memo states it and its rows' total; then one sheet
    per figure ("Siffra 1", …) with its rows and their total. ``published``: which version of
    which memo, written under the title."""
    workbook = Workbook()
    overview = workbook.active
    overview.title = _("Siffror")
    overview.append([title])
    overview["A1"].font = Font(bold=True)
    overview.append([published])
    overview.append([])
    overview.append(
        [
            _("Blad"),
            _("Avsnitt"),
            _("Siffra"),
            _("I tjänsteskrivelsen"),
            _("Radernas summa eller antal"),
            _("Antal rader"),
        ]
    )
    for cell in overview[overview.max_row]:
        cell.font = Font(bold=True)
    sections = section_labels()
    for number, (stated, rows) in enumerate(figures, start=1):
        name = _("Siffra %(number)s") % {"number": number}
        overview.append(
            [
                name,
                sections[stated.section],
                stated_figure_title(stated),
                stated.value,
                rows.total,
                rows.count,
            ]
        )
        overview.cell(row=overview.max_row, column=1).hyperlink = f"#'{name}'!A1"
        for cell in overview[overview.max_row]:
            _number_format(cell)
        _write_rows(workbook.create_sheet(name), rows, title=stated_figure_title(stated))
    _set_widths(overview, OVERVIEW_WIDTHS)
    return _save(workbook)


def _set_widths(sheet, widths: Sequence[int]) -> None:
    for letter, width in zip("ABCDEFGHIJK", widths, strict=False):
        sheet.column_dimensions[letter].width = width


def memo_rows_workbook_part(
    data: bytes, *, administration_names: Collection[str], note: str
) -> bytes:
    """A workbook of ``memo_rows_workbook`` (``data``) with one administration's rows only.

    Each figure's sheet keeps its title, its headings and the rows whose administration is one
    of ``administration_names`` (the names it had in the years the rows are of); its total line,
    the whole city's figure, goes. The overview keeps the title and the line naming the
    version, then ``note``: its table of figures and their rows' totals is the whole city's."""
    names = {neutralise(name) for name in administration_names}
    administration = _PROJECT_COLUMNS.index("administration")
    source = load_workbook(io.BytesIO(data), read_only=True)
    workbook = Workbook(write_only=True)
    try:
        overview, *sheets = source.worksheets
        target = workbook.create_sheet(overview.title)
        _set_widths(target, OVERVIEW_WIDTHS)
        for row in overview.iter_rows(max_row=2):
            target.append([_copied(target, cell) for cell in row])
        target.append([])
        target.append([note])
        for sheet in sheets:
            target = workbook.create_sheet(sheet.title)
            _set_widths(target, ROWS_WIDTHS)
            for number, row in enumerate(sheet.iter_rows(), start=1):
                # The title and the headings, then the administration's rows.
                if number <= 2 or (
                    len(row) > administration and row[administration].value in names
                ):
                    target.append([_copied(target, cell) for cell in row])
    finally:
        source.close()
    return _save(workbook)


def _copied(sheet, cell):
    """A cell read from a stored workbook, as a cell of ``sheet`` with its font and format."""
    if cell.value is None:
        return None
    copy = WriteOnlyCell(sheet, value=cell.value)
    if cell.font is not None and cell.font.b:
        copy.font = Font(bold=True)
    if cell.number_format and cell.number_format != "General":
        copy.number_format = cell.number_format
    return copy


def filename(rows: FigureRows, extension: str) -> str:
    return rows_filename(
        rows.year,
        rows.figure.slug,
        row_slice=rows.row_slice,
        preliminary=rows.preliminary,
        extension=extension,
    )


def rows_filename(
    year: int, slug: str, *, row_slice: RowSlice, preliminary: bool, extension: str
) -> str:
    """The file's name, known before its rows are read (the worker makes the workbook later)."""
    parts = [f"rader-{year}-{slug}"]
    if row_slice.administration_code:
        parts.append(slugify(row_slice.administration_code))
    if preliminary:
        parts.append("preliminar")
    # The name stays ASCII: goal and programme names are not put in it.
    return "-".join(parts) + f".{extension}"


def rows_title(year: int, slug: str, *, row_slice: RowSlice, administration: str) -> str:
    """What the rows are called on their page and in the workbook (in the active language):
    the figure and year, then the administration, goal and programme they are narrowed to."""
    parts = [f"{figure_labels()[slug]} {year}"]
    if administration:
        parts.append(administration)
    if row_slice.no_goal:
        parts.append(_("Inget mål angivet"))
    elif row_slice.goal:
        parts.append(row_slice.goal)
    if row_slice.programme:
        parts.append(row_slice.programme)
    return " – ".join(parts)
