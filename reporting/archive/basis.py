"""The approved submissions a published version was published from, as a workbook for its
archival package: the submissions with their texts, their projects and their payouts.

Read from the submissions kept with the version (``PublishedMemoSubmission``); a submission
reopened since the version was published says so in its row."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from projects.models import Payout, ProjectReport, Submission
from projects.numbers import XLSX_EUR_FORMAT, XLSX_SEK_FORMAT
from reporting.exports.workbook import DATE_FORMAT, PERCENT_FORMAT, RATE_FORMAT, neutralise
from reporting.labels import role_labels, state_labels
from reporting.models import PublishedMemo, PublishedMemoSubmission


@dataclass(frozen=True)
class BasisRow:
    """A submission of the basis: as kept at publishing, and whether it still reads so."""

    kept: PublishedMemoSubmission
    submission: Submission

    @property
    def unchanged(self) -> bool:
        return (
            self.submission.version == self.kept.submission_version
            and self.submission.state == Submission.State.APPROVED
        )


def published_basis(published: PublishedMemo) -> list[BasisRow]:
    """The submissions the version was published from (none for a version published before
    they were kept), in the order kept."""
    kept = list(
        PublishedMemoSubmission.objects.filter(published=published).order_by(
            "administration_name", "pk"
        )
    )
    submissions = Submission.objects.in_bulk([row.submission_id for row in kept])
    return [BasisRow(kept=row, submission=submissions[row.submission_id]) for row in kept]


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _text(value) -> str:
    return neutralise(value) if isinstance(value, str) else value


def _sheet(
    workbook: Workbook, title: str, headers: list[str], rows, formats: dict[int, str] | None = None
) -> None:
    """A sheet with a bold header; ``formats``: the number format of a column (by index)."""
    sheet = workbook.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([_text(value) for value in row])
        for index, number_format in (formats or {}).items():
            sheet.cell(row=sheet.max_row, column=index + 1).number_format = number_format


def basis_workbook(published: PublishedMemo, basis: list[BasisRow]) -> bytes:
    """The workbook of the basis, in the active language: submissions, projects, payouts."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    states, roles = state_labels(), role_labels()
    _sheet(
        workbook,
        _("Inrapporteringar"),
        [
            _("Förvaltning"),
            _("Status nu"),
            _("Godkänd"),
            _("Version vid publiceringen"),
            _("Oförändrad sedan publiceringen"),
            *(
                str(Submission._meta.get_field(name).verbose_name)
                for name in Submission.NARRATIVE_FIELDS
            ),
        ],
        (
            [
                row.kept.administration_name,
                states.get(row.submission.state, row.submission.state),
                _when(row.kept.approved_at),
                row.kept.submission_version,
                _("Ja") if row.unchanged else _("Nej"),
                *(getattr(row.submission, name) for name in Submission.NARRATIVE_FIELDS),
            ]
            for row in basis
        ),
    )
    submission_ids = [row.kept.submission_id for row in basis]
    reports = (
        ProjectReport.objects.filter(submission_id__in=submission_ids)
        .select_related("submission", "programme", "council_goal")
        .order_by("submission__administration_name", "name", "pk")
    )
    _sheet(
        workbook,
        _("Projekt"),
        [
            _("Förvaltning"),
            _("Projektnamn"),
            _("Förkortning"),
            _("Program eller fond"),
            _("Roll"),
            _("Startdatum"),
            _("Slutdatum"),
            _("Total projektbudget (kr)"),
            _("Egen del av budgeten (kr)"),
            _("EU-medfinansiering (%)"),
            _("Kommunfullmäktigemål"),
            _("Resultat under året"),
        ],
        (
            [
                report.submission.administration_name,
                report.name,
                report.acronym,
                report.programme.name,
                roles.get(report.role, report.role),
                report.start_date,
                report.end_date,
                report.total_budget_sek,
                report.own_budget_sek,
                report.eu_cofinancing_rate,
                report.council_goal.name if report.council_goal else "",
                report.results,
            ]
            for report in reports
        ),
        {5: DATE_FORMAT, 6: DATE_FORMAT, 7: XLSX_SEK_FORMAT, 8: XLSX_SEK_FORMAT, 9: PERCENT_FORMAT},
    )
    payouts = (
        Payout.objects.filter(report__submission_id__in=submission_ids)
        .dated_in(published.year)
        .select_related("report__submission")
        .order_by("report__submission__administration_name", "report__name", "payment_date", "pk")
    )
    _sheet(
        workbook,
        _("Utbetalningar"),
        [
            _("Förvaltning"),
            _("Projektnamn"),
            _("Utbetalningsdatum"),
            _("Belopp (kr)"),
            _("Belopp (euro)"),
            _("Växelkurs (kr per euro)"),
            _("Anteckning"),
        ],
        (
            [
                payout.report.submission.administration_name,
                payout.report.name,
                payout.payment_date,
                payout.amount_sek,
                payout.amount_eur,
                payout.exchange_rate,
                payout.note,
            ]
            for payout in payouts
        ),
        {2: DATE_FORMAT, 3: XLSX_SEK_FORMAT, 4: XLSX_EUR_FORMAT, 5: RATE_FORMAT},
    )
    workbook.properties.title = _("Underlag för %(title)s, version %(version)s") % {
        "title": published.title,
        "version": published.version,
    }
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
