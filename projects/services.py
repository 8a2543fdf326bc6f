"""Workflow steps and writes that touch several models: keyword-only, atomic, validated."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from projects import emails, validation
from projects.excel import importer as excel_importer
from projects.models import (
    Administration,
    CouncilGoal,
    Payout,
    Project,
    ProjectReport,
    ReportingYear,
    Submission,
    SubmissionComment,
    User,
)

# --- The development coordinator's yearly round: years, review, reminders ----------------------


@transaction.atomic
def reporting_year_open(
    *,
    year: int,
    deadline: datetime.date | None,
    council_goals: Iterable[CouncilGoal],
    user: User | None = None,
) -> ReportingYear:
    """Open (or reopen) a year and give every administration existing that year a draft."""
    goals = list(council_goals)
    invalid = [goal.name for goal in goals if not goal.is_valid_in(year)]
    if invalid:
        raise ValidationError(
            _("Målen gäller inte år %(year)s: %(goals)s.")
            % {"year": year, "goals": ", ".join(invalid)},
            code="goal_not_valid",
        )
    if deadline is not None and deadline <= datetime.date(year, 12, 31):
        raise ValidationError(
            {
                "deadline": _(
                    "Sista dag måste ligga efter redovisningsårets slut (31 december %(year)s)."
                )
                % {"year": year}
            },
            code="deadline_within_year",
        )
    reporting_year, _created = ReportingYear.objects.select_for_update().get_or_create(year=year)
    reporting_year.deadline = deadline
    reporting_year.is_open = True
    reporting_year.opened_at = timezone.now()
    reporting_year.closed_at = None
    reporting_year.full_clean()
    reporting_year.save()
    reporting_year.council_goals.set(goals)
    existing = set(reporting_year.submissions.values_list("administration_id", flat=True))
    for administration in Administration.objects.valid_in(year).exclude(pk__in=existing):
        # save() per row (not bulk_create) so each new draft gets its history record.
        Submission.objects.create(
            administration=administration, reporting_year=reporting_year, updated_by=user
        )
    return reporting_year


@transaction.atomic
def reporting_year_close(
    *, reporting_year: ReportingYear, user: User | None = None
) -> ReportingYear:
    """Close a year: all entry and review is locked until it is opened again."""
    reporting_year.is_open = False
    reporting_year.closed_at = timezone.now()
    reporting_year.save(update_fields=["is_open", "closed_at"])
    return reporting_year


def _locked_submission(submission: Submission, version: int | None) -> Submission:
    """Re-read the submission under a row lock and refuse if someone changed it meanwhile."""
    current = (
        Submission.objects.select_for_update()
        .select_related("administration", "reporting_year")
        .get(pk=submission.pk)
    )
    if version is not None and current.version != version:
        raise ValidationError(
            _(
                "Inrapporteringen har ändrats av någon annan sedan du öppnade sidan. "
                "Läs igenom den aktuella versionen och försök igen."
            ),
            code="stale",
        )
    return current


def _require_state(submission: Submission, allowed: Submission.State, message: str) -> None:
    if submission.state != allowed:
        raise ValidationError(
            message % {"state": submission.get_state_display()}, code="invalid_transition"
        )


def _change_state(submission: Submission, *, state: str, user: User, now) -> None:
    submission.state = state
    submission.state_changed_at = now
    submission.state_changed_by = user
    submission.updated_by = user
    submission.version += 1
    # The history names the person even when the step runs outside a request.
    submission._history_user = user


@transaction.atomic
def submission_return(
    *, submission: Submission, user: User, comment: str, version: int | None = None
) -> Submission:
    """Send a submitted report back to the administration for completion, with a comment."""
    submission = _locked_submission(submission, version)
    _require_state(
        submission,
        Submission.State.SUBMITTED,
        _("Bara en inskickad inrapportering kan skickas tillbaka. Den är nu: %(state)s."),
    )
    if not comment.strip():
        raise ValidationError(_("Skriv en kommentar om vad som ska kompletteras."), code="required")
    now = timezone.now()
    _change_state(submission, state=Submission.State.RETURNED, user=user, now=now)
    submission.save()
    note = SubmissionComment.objects.create(
        submission=submission,
        author=user,
        kind=SubmissionComment.Kind.RETURNED,
        text=comment.strip(),
        created_at=now,
    )
    transaction.on_commit(lambda: emails.submission_returned(submission=submission, comment=note))
    return submission


@transaction.atomic
def submission_approve(
    *, submission: Submission, user: User, version: int | None = None
) -> Submission:
    """Approve a submitted report; it is then read only for everyone."""
    submission = _locked_submission(submission, version)
    _require_state(
        submission,
        Submission.State.SUBMITTED,
        _("Bara en inskickad inrapportering kan godkännas. Den är nu: %(state)s."),
    )
    now = timezone.now()
    _change_state(submission, state=Submission.State.APPROVED, user=user, now=now)
    submission.approved_at = now
    submission.approved_by = user
    submission.save()
    SubmissionComment.objects.create(
        submission=submission, author=user, kind=SubmissionComment.Kind.APPROVED, created_at=now
    )
    transaction.on_commit(lambda: emails.submission_approved(submission=submission))
    return submission


@transaction.atomic
def submission_reopen(
    *, submission: Submission, user: User, reason: str, version: int | None = None
) -> Submission:
    """Reopen an approved report so the administration can change it again."""
    submission = _locked_submission(submission, version)
    _require_state(
        submission,
        Submission.State.APPROVED,
        _("Bara en godkänd inrapportering kan återöppnas. Den är nu: %(state)s."),
    )
    if not reason.strip():
        raise ValidationError(_("Skriv varför inrapporteringen återöppnas."), code="required")
    now = timezone.now()
    _change_state(submission, state=Submission.State.RETURNED, user=user, now=now)
    submission.approved_at = None
    submission.approved_by = None
    submission.save()
    note = SubmissionComment.objects.create(
        submission=submission,
        author=user,
        kind=SubmissionComment.Kind.REOPENED,
        text=reason.strip(),
        created_at=now,
    )
    transaction.on_commit(lambda: emails.submission_returned(submission=submission, comment=note))
    return submission


@dataclass
class ReminderResult:
    """Who got a reminder, and which late administrations have nobody to remind."""

    sent: dict[Administration, int] = field(default_factory=dict)
    without_coordinator: list[Administration] = field(default_factory=list)

    @property
    def email_count(self) -> int:
        return sum(self.sent.values())


def reminders_send(*, reporting_year: ReportingYear) -> ReminderResult:
    """E-mail the coordinators of every administration that has not submitted for an open year."""
    if not reporting_year.is_open:
        raise ValidationError(
            _("Året %(year)s är stängt; påminnelser skickas bara för öppna år.")
            % {"year": reporting_year.year},
            code="closed",
        )
    pending = (
        reporting_year.submissions.filter(
            state__in=[Submission.State.DRAFT, Submission.State.RETURNED]
        )
        .select_related("administration", "reporting_year")
        .order_by("administration__name")
    )
    coordinators = emails.active_coordinators_by_administration(
        [submission.administration_id for submission in pending]
    )
    result = ReminderResult()
    for submission in pending:
        recipients = coordinators.get(submission.administration_id, [])
        if not recipients:
            result.without_coordinator.append(submission.administration)
            continue
        result.sent[submission.administration] = emails.reminder(
            submission=submission, recipients=recipients
        )
    return result


# --- The administration coordinator's entry: projects, payouts, narrative, submit --------------


class SubmitRefused(Exception):
    """The submission cannot be submitted yet; ``findings`` says why."""

    def __init__(self, findings: list[validation.Finding], *, needs_confirmation: bool = False):
        self.findings = findings
        self.needs_confirmation = needs_confirmation
        super().__init__("; ".join(finding.message for finding in findings))


def _stale(what: str) -> ValidationError:
    return ValidationError(
        _(
            "Någon annan har ändrat %(what)s medan du redigerade. Ladda om sidan för att se de "
            "senaste uppgifterna och gör dina ändringar igen. Inget av det du skrev har sparats."
        )
        % {"what": what},
        code="stale",
    )


def _editable_submission(submission: Submission) -> Submission:
    """Re-read the submission under a row lock; entry is only possible in an open draft/return."""
    current = (
        Submission.objects.select_for_update()
        .select_related("administration", "reporting_year")
        .get(pk=submission.pk)
    )
    if not (current.is_editable_state and current.reporting_year.is_open):
        raise ValidationError(
            _("Inrapporteringen är %(state)s och kan inte ändras.")
            % {"state": current.get_state_display().lower()},
            code="locked",
        )
    return current


def _touch(submission: Submission, by: User | None) -> None:
    # The overview shows the last change and who made it; update() keeps the version alone.
    Submission.objects.filter(pk=submission.pk).update(updated_by=by, updated_at=timezone.now())


def _bump_version(model, pk: int, version: int | None, what: str) -> int:
    """Optimistic lock: only the writer who read the current version may save."""
    if version is None or not model.objects.filter(pk=pk, version=version).update(
        version=F("version") + 1
    ):
        raise _stale(what)
    return version + 1


@transaction.atomic
def project_report_save(
    *,
    submission: Submission,
    report: ProjectReport | None,
    project_values: dict,
    participating_administrations: Iterable[Administration] = (),
    report_values: dict,
    payouts: Iterable[dict] = (),
    version: int | None = None,
    by: User | None,
) -> ProjectReport:
    """Create or change a project, its report for the year and its payouts: all or nothing.

    ``payouts``: dicts with ``id`` (None for a new row), ``delete`` and the Payout fields.
    """
    submission = _editable_submission(submission)
    if report is None:
        project = Project(administration=submission.administration)
        report = ProjectReport(submission=submission)
    else:
        project = report.project
        project.version = _bump_version(Project, project.pk, version, _("projektet"))
    for name, value in project_values.items():
        setattr(project, name, value)
    project._history_user = by
    project.full_clean()
    project.save()
    project.participating_administrations.set(list(participating_administrations))

    report.project = project
    for name, value in report_values.items():
        setattr(report, name, value)
    report._history_user = by
    report.full_clean()
    report.save()

    existing = {payout.pk: payout for payout in report.payouts.all()}
    for change in payouts:
        values = {k: v for k, v in change.items() if k not in ("id", "delete")}
        if change.get("id") is not None and change["id"] not in existing:
            raise _stale(_("projektets utbetalningar"))
        payout = existing[change["id"]] if change.get("id") else Payout(report=report)
        payout._history_user = by
        if change.get("delete"):
            if payout.pk:
                payout.delete()
            continue
        for name, value in values.items():
            setattr(payout, name, value)
        payout.full_clean()
        payout.save()
    _touch(submission, by)
    return report


@transaction.atomic
def project_report_remove(*, report: ProjectReport, version: int | None, by: User | None) -> None:
    """Remove a project (with its payouts) from a submission; a project with no report left goes."""
    submission = _editable_submission(report.submission)
    project = report.project
    _bump_version(Project, project.pk, version, _("projektet"))
    for payout in report.payouts.all():
        payout._history_user = by
        payout.delete()
    report._history_user = by
    report.delete()
    if not project.reports.exists():
        project._history_user = by
        project.delete()
    _touch(submission, by)


def copy_forward_candidates(submission: Submission):
    """Last year's projects of the same administration still running this year, not yet added."""
    year = submission.year
    return (
        Project.objects.for_administration(submission.administration_id)
        .filter(
            reports__submission__reporting_year__year=year - 1,
            reports__submission__administration_id=submission.administration_id,
            end_date__gte=datetime.date(year, 1, 1),
        )
        .exclude(reports__submission=submission)
        .select_related("programme")
        .distinct()
        .order_by("name")
    )


@transaction.atomic
def projects_copy_forward(
    *, submission: Submission, projects: Iterable[Project], by: User | None
) -> list[ProjectReport]:
    """Include chosen projects from last year; payouts and results are never copied."""
    submission = _editable_submission(submission)
    chosen = {project.pk for project in projects}
    candidates = list(copy_forward_candidates(submission).filter(pk__in=chosen))
    if len(candidates) != len(chosen):
        raise ValidationError(
            _("Några av de valda projekten kan inte tas med i år. Ladda om sidan."),
            code="invalid_choice",
        )
    valid_goal_ids = set(submission.reporting_year.council_goals.values_list("pk", flat=True))
    last_goal = dict(
        ProjectReport.objects.filter(
            project__in=candidates, submission__reporting_year__year=submission.year - 1
        ).values_list("project_id", "council_goal_id")
    )
    created = []
    for project in candidates:
        goal_id = last_goal.get(project.pk)
        report = ProjectReport(
            submission=submission,
            project=project,
            council_goal_id=goal_id if goal_id in valid_goal_ids else None,
        )
        report._history_user = by
        report.full_clean()
        report.save()
        created.append(report)
    if created:
        _touch(submission, by)
    return created


@transaction.atomic
def submission_narrative_update(
    *, submission: Submission, values: dict, version: int | None, by: User | None
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
    *, submission: Submission, by: User, confirm_warnings: bool, version: int | None = None
) -> Submission:
    """Submit to the City Office after the checks; then read only for the administration.

    ``version``: the version the user saw; refused if the submission changed since.
    """
    submission = _editable_submission(submission)
    if version is not None and version != submission.version:
        raise _stale(_("inrapporteringen"))
    findings = validation.check_submission(submission)
    if validation.blocking(findings):
        raise SubmitRefused(validation.blocking(findings))
    if findings and not confirm_warnings:
        raise SubmitRefused(findings, needs_confirmation=True)
    now = timezone.now()
    _change_state(submission, state=Submission.State.SUBMITTED, user=by, now=now)
    submission.submitted_at = now
    submission.submitted_by = by
    submission.save()
    SubmissionComment.objects.create(
        submission=submission, author=by, kind=SubmissionComment.Kind.SUBMITTED, created_at=now
    )
    transaction.on_commit(lambda: emails.submission_submitted(submission=submission))
    return submission


@transaction.atomic
def submission_import_workbook(
    *, submission: Submission, data: bytes, checksum: str | None = None, by: User | None
) -> excel_importer.ImportPlan:
    """Import a filled Excel template: checked again under the row lock, then all or nothing.

    ``checksum`` is the file's SHA-256 the coordinator previewed; another file is refused.
    """
    submission = _editable_submission(submission)
    plan = excel_importer.plan_import(submission=submission, data=data)
    if checksum is not None and plan.checksum != checksum:
        raise ValidationError(
            _("Filen är inte samma som förhandsgranskades. Ladda upp den igen."), code="stale"
        )
    if plan.has_errors:
        raise ValidationError([str(issue) for issue in plan.errors], code="invalid")
    excel_importer.apply_plan(plan, by=by)
    _touch(submission, by)
    return plan
