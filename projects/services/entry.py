"""The administration coordinator's entry: projects, payouts, narrative, import and submit."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from projects import emails, selectors, validation
from projects.collation import sort_key
from projects.excel import importer as excel_importer
from projects.models import (
    Administration,
    Payout,
    Project,
    ProjectReport,
    Submission,
    User,
)
from projects.services.endings import _endings_reported_again
from projects.services.locks import (
    SUBMIT,
    _bump_version,
    _editable_submission,
    _stale,
    _touch,
    _transition,
)


class SubmitRefused(Exception):
    """The submission cannot be submitted yet; ``findings`` says why."""

    def __init__(self, findings: list[validation.Finding], *, needs_confirmation: bool = False):
        self.findings = findings
        self.needs_confirmation = needs_confirmation
        super().__init__("; ".join(finding.message for finding in findings))


def _set_participants(report: ProjectReport, administrations: Iterable[Administration]) -> None:
    """The other administrations taking part; the reporting one is refused, whoever asks."""
    chosen = list(administrations)
    findings = validation.check_participants(
        administration=report.submission.administration, participants=chosen
    )
    if findings:
        raise ValidationError({finding.field: finding.message for finding in findings})
    report.participating_administrations.set(chosen)


@transaction.atomic
def project_report_save(
    *,
    submission: Submission,
    report: ProjectReport | None,
    values: dict,
    participating_administrations: Iterable[Administration] = (),
    payouts: Iterable[dict] = (),
    version: int | None,
    by: User | None,
) -> ProjectReport:
    """Create or change a project's report for the year (its facts that year, its goal and
    results) and its payouts: all or nothing. Earlier years' reports are never touched.

    ``version``: the report's version the user saw (None only for a new project).
    ``payouts``: dicts with ``id`` (None for a new row), ``delete`` and the Payout fields.
    """
    submission = _editable_submission(submission)
    if report is None:
        report = ProjectReport(
            submission=submission, project=Project(administration=submission.administration)
        )
    else:
        if report.submission_id != submission.pk:
            raise _stale(_("projektet"))
        report.version = _bump_version(ProjectReport, report.pk, version, _("projektet"))
    for name, value in values.items():
        setattr(report, name, value)
    if report.project.pk is None:
        report.project._history_user = by
        report.project.save()
        report.project_id = report.project.pk
    report._history_user = by
    report.full_clean()
    report.save()
    _set_participants(report, participating_administrations)

    existing = {payout.pk: payout for payout in report.payouts.all()}
    for change in payouts:
        payout_values = {k: v for k, v in change.items() if k not in ("id", "delete")}
        if change.get("id") is not None and change["id"] not in existing:
            raise _stale(_("projektets utbetalningar"))
        payout = existing[change["id"]] if change.get("id") else Payout(report=report)
        payout._history_user = by
        if change.get("delete"):
            if payout.pk:
                payout.delete()
            continue
        for name, value in payout_values.items():
            setattr(payout, name, value)
        payout.full_clean()
        payout.save()
    _touch(submission, by)
    return report


@transaction.atomic
def project_report_remove(*, report: ProjectReport, version: int, by: User | None) -> None:
    """Remove a project (with its payouts) from a submission; a project with no report left goes."""
    submission = _editable_submission(report.submission)
    project = report.project
    _bump_version(ProjectReport, report.pk, version, _("projektet"))
    for payout in report.payouts.all():
        payout._history_user = by
        payout.delete()
    report._history_user = by
    report.delete()
    if not project.reports.exists():
        project._history_user = by
        project.delete()
    _touch(submission, by)


def _removed_record(model, pk: int):
    """The change history's record of the removal of ``model`` ``pk`` (None if never removed)."""
    return model.history.filter(id=pk, history_type="-").order_by("-history_id").first()


@transaction.atomic
def project_report_restore(
    *,
    submission: Submission,
    report_id: int,
    payout_ids: Iterable[int],
    version: int,
    by: User | None,
) -> ProjectReport:
    """Undo the removal of a project from a submission still being edited: the report as it was
    removed, its payouts ``payout_ids`` and the administrations taking part come back, read from
    the change history (the project too, if it went with its last report).

    ``version``: the report's version when it was removed; the restored report is newer, so a
    page opened before the removal cannot save over it."""
    submission = _editable_submission(submission)
    cannot = _("Projektet kan inte längre återställas.")
    removed = _removed_record(ProjectReport, report_id)
    if (
        removed is None
        or removed.submission_id != submission.pk
        or ProjectReport.objects.filter(pk=report_id).exists()
    ):
        raise ValidationError(cannot, code="not_restorable")
    if ProjectReport.objects.filter(submission=submission, project_id=removed.project_id).exists():
        raise ValidationError(
            _(
                "Projektet finns redan i inrapporteringen igen, till exempel från förra året "
                "eller från Excel. Det kan därför inte återställas."
            ),
            code="not_restorable",
        )
    # The removal's own record keeps no links to other rows: the one before it has them.
    before = (
        ProjectReport.history.filter(id=report_id, history_id__lt=removed.history_id)
        .exclude(history_type="-")
        .order_by("-history_id")
        .first()
    )
    if not Project.objects.filter(pk=removed.project_id).exists():
        project_record = _removed_record(Project, removed.project_id)
        if project_record is None:
            raise ValidationError(cannot, code="not_restorable")
        project = project_record.instance
        project._history_user = by
        project.save(force_insert=True)
    report = removed.instance
    report.version = version + 1
    report._history_user = by
    try:
        # The programme or goal may have gone since: the database says so, not a 500.
        report.full_clean(validate_unique=False)
        with transaction.atomic():
            report.save(force_insert=True)
    except (ValidationError, IntegrityError) as error:
        raise ValidationError(cannot, code="not_restorable") from error
    _endings_reported_again(submission, by)
    if before is not None:
        report.participating_administrations.set(
            [link.administration_id for link in before.participating_administrations.all()]
        )
    for payout_id in payout_ids:
        record = _removed_record(Payout, payout_id)
        if record is None or record.report_id != report_id:
            raise ValidationError(cannot, code="not_restorable")
        if Payout.objects.filter(pk=payout_id).exists():
            continue
        payout = record.instance
        payout._history_user = by
        payout.save(force_insert=True)
    _touch(submission, by)
    return report


@transaction.atomic
def projects_copy_forward(
    *, submission: Submission, reports: Iterable[ProjectReport], by: User | None
) -> list[ProjectReport]:
    """Carry chosen projects from last year: last year's facts are this year's starting point;
    payouts and results are never copied."""
    submission = _editable_submission(submission)
    chosen = {report.pk for report in reports}
    candidates = list(
        selectors.copy_forward_candidates(submission)
        .filter(pk__in=chosen)
        .prefetch_related("participating_administrations")
    )
    if len(candidates) != len(chosen):
        raise ValidationError(
            _("Några av de valda projekten kan inte tas med i år. Ladda om sidan."),
            code="invalid_choice",
        )
    valid_goal_ids = set(submission.reporting_year.council_goals.values_list("pk", flat=True))
    created = []
    for last_year in candidates:
        report = ProjectReport(
            submission=submission,
            project_id=last_year.project_id,
            council_goal_id=(
                last_year.council_goal_id if last_year.council_goal_id in valid_goal_ids else None
            ),
            **{
                name: getattr(last_year, name)
                for name in ProjectReport.FACT_FIELDS
                if name != "participating_administrations"
            },
        )
        report._history_user = by
        report.full_clean()
        report.save()
        _set_participants(report, last_year.participating_administrations.all())
        created.append(report)
    if created:
        _touch(submission, by)
    return created


@transaction.atomic
def submission_narrative_update(
    *, submission: Submission, values: dict, version: int, by: User | None
) -> Submission:
    """Save the narrative sections, refusing if someone saved the submission meanwhile."""
    submission = _editable_submission(submission)
    submission.version = _bump_version(Submission, submission.pk, version, _("inrapporteringen"))
    for name in Submission.NARRATIVE_FIELDS:
        if name in values:
            setattr(submission, name, values[name])
    submission.updated_by = by
    submission._history_user = by
    submission.full_clean()
    submission.save()
    return submission


@transaction.atomic
def submission_submit(
    *, submission: Submission, by: User, confirm_warnings: bool, version: int
) -> Submission:
    """Submit to the City Office after the checks; then read only for the administration.

    ``version``: the version the user saw; refused if the submission changed since.
    """
    submission = _editable_submission(submission)
    if version != submission.version:
        raise _stale(_("inrapporteringen"), Submission, submission.pk)
    findings = validation.check_submission(submission)
    if validation.blocking(findings):
        raise SubmitRefused(validation.blocking(findings))
    if findings and not confirm_warnings:
        raise SubmitRefused(findings, needs_confirmation=True)
    record = _transition(submission, SUBMIT, user=by)
    if findings:
        # The reviewer sees the warnings the coordinator confirmed, as they were shown.
        record.confirmed_warnings = [
            {"code": finding.code, "message": str(finding.message), "report_id": finding.report_id}
            for finding in findings
        ]
        record.save(update_fields=["confirmed_warnings"])
    transaction.on_commit(lambda: emails.submission_submitted(submission=submission))
    return submission


@transaction.atomic
def submission_import_workbook(
    *,
    submission: Submission,
    data: bytes,
    checksum: str,
    by: User | None,
    plan: excel_importer.ImportPlan | None = None,
) -> excel_importer.ImportPlan:
    """Import a filled Excel template as previewed: checked under the row lock, all or nothing.

    ``checksum`` is the file's SHA-256 the coordinator previewed; another file is refused.
    ``plan``: the plan the preview showed, kept on the server. It is written as it is while every
    report of the submission is at the version the plan was made from (``plan.report_versions``);
    if anyone has changed, added or removed a project since, nothing is written and the message
    names the projects. Without a plan the file is planned now, under the lock, and written
    as planned.
    """
    submission = _editable_submission(submission)
    excel_importer.ensure_importable(submission)
    if plan is None:
        plan = excel_importer.current_plan(submission=submission, data=data, kept=None)
        previewed = plan.report_versions
        current = plan.existing_reports.values()
    else:
        if plan.submission.pk != submission.pk:
            raise ValidationError(
                _("Filen är inte samma som förhandsgranskades. Ladda upp den igen."),
                code="stale",
            )
        plan.submission = submission
        previewed = plan.report_versions
        current = submission.project_reports.only("pk", "version", "name")
    if plan.checksum != checksum or hashlib.sha256(data).hexdigest() != checksum:
        raise ValidationError(
            _("Filen är inte samma som förhandsgranskades. Ladda upp den igen."), code="stale"
        )
    moved = _moved_since_preview(previewed, current)
    if moved:
        raise ValidationError(
            _(
                "Sedan du förhandsgranskade filen har någon annan ändrat i inrapporteringen: "
                "%(projects)s. Ingenting har sparats. Granska förhandsvisningen igen; den visar "
                "nu vad filen skulle ändra i de aktuella uppgifterna."
            )
            % {"projects": "; ".join(moved)},
            code="stale",
        )
    if plan.has_errors:
        raise ValidationError([str(issue) for issue in plan.errors], code="invalid")
    excel_importer.apply_plan(plan, by=by)
    _endings_reported_again(submission, by)
    _touch(submission, by)
    return plan


def _moved_since_preview(previewed: dict[int, int], current: Iterable[ProjectReport]) -> list[str]:
    """What changed in the submission's projects since the preview, in words."""
    moved = []
    current_pks = set()
    for report in sorted(current, key=lambda report: sort_key(report.name)):
        current_pks.add(report.pk)
        if report.pk not in previewed:
            moved.append(_("%(name)s (tillagt)") % {"name": report.name})
        elif previewed[report.pk] != report.version:
            moved.append(_("%(name)s (ändrat)") % {"name": report.name})
    removed = len(set(previewed) - current_pks)
    if removed:
        moved.append(
            ngettext("%(count)s projekt borttaget", "%(count)s projekt borttagna", removed)
            % {"count": removed}
        )
    return moved
