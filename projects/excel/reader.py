"""Opening an uploaded template: checks that it is this submission's, then plans the import."""

from __future__ import annotations

import hashlib
import io

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from projects.access import SUBMISSION_LOCKED, SubmissionLocked
from projects.excel import layout
from projects.excel.cells import Sheet, cell_text
from projects.excel.plan import ImportPlan
from projects.excel.planner import Planner
from projects.excel.safety import WorkbookRefused, unpacked_workbook
from projects.models import Submission
from projects.selectors import organisation_letterhead


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
            meta[cell_text(row[0])] = cell_text(row[1])
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
    """A submission its administration may not change takes no import (``is_editable``)."""
    if not submission.is_editable:
        raise WorkbookRefused(str(SUBMISSION_LOCKED), SubmissionLocked.code)


def plan_import(*, submission: Submission, data: bytes) -> ImportPlan:
    """Check the uploaded bytes and work out what an import would change; writes nothing."""
    ensure_importable(submission)
    # openpyxl reads only the checked parts, as unpacked under their caps: never the upload.
    workbook_bytes = unpacked_workbook(data)
    try:
        workbook = load_workbook(
            io.BytesIO(workbook_bytes), read_only=True, data_only=False, keep_links=False
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
            genitive = organisation_letterhead(submission.reporting_year.year).name_genitive
            Planner(plan).run(
                Sheet(workbook[layout.SHEET_PROJECTS], layout.project_columns(genitive)),
                Sheet(workbook[layout.SHEET_PAYOUTS], layout.PAYOUT_COLUMNS),
            )
    finally:
        workbook.close()
    return plan


def report_versions(submission: Submission) -> dict[int, int]:
    """The version of every report in the submission now (one query)."""
    return dict(submission.project_reports.values_list("pk", "version"))


def current_plan(*, submission: Submission, data: bytes, kept: ImportPlan | None) -> ImportPlan:
    """The plan made when the file came in, while the submission's reports are as it saw them;
    otherwise a new plan from ``data`` (the file is parsed again only then)."""
    ensure_importable(submission)
    if (
        kept is not None
        and kept.submission.pk == submission.pk
        and kept.checksum == hashlib.sha256(data).hexdigest()
        and kept.report_versions == report_versions(submission)
    ):
        kept.submission = submission
        return kept
    return plan_import(submission=submission, data=data)
