"""What reading an uploaded workbook finds: an error or warning at a sheet, row and column, or
a refusal of the whole file.

The lowest layer of the import: the cells, the plan and the planner all name it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _


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


class WorkbookRefused(Exception):
    """The file is not accepted; ``message`` is shown to the user as it is, ``code`` says which
    check refused it."""

    def __init__(self, message: str, code: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code
