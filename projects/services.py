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
from django.utils.translation import gettext_lazy, ngettext

from projects import emails, validation
from projects.collation import sort_key
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


def _moved_since_preview(plan, seen_versions: dict[int, int]) -> list[str]:
    """What changed in the submission's projects since the preview, in words."""
    current = {report.pk: report for report in plan.existing_reports.values()}
    moved = []
    for pk, report in sorted(current.items(), key=lambda item: sort_key(item[1].name)):
        if pk not in seen_versions:
            moved.append(_("%(name)s (tillagt)") % {"name": report.name})
        elif seen_versions[pk] != report.version:
            moved.append(_("%(name)s (ändrat)") % {"name": report.name})
    removed = len(set(seen_versions) - set(current))
    if removed:
        moved.append(
            ngettext("%(count)s projekt borttaget", "%(count)s projekt borttagna", removed)
            % {"count": removed}
        )
    return moved


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


def _locked_submission(submission: Submission, version: int) -> Submission:
    """Re-read the submission under a row lock and refuse if someone changed it meanwhile."""
    current = (
        Submission.objects.select_for_update()
        .select_related("administration", "reporting_year")
        .get(pk=submission.pk)
    )
    if not current.reporting_year.is_open:
        raise ValidationError(
            _("Året %(year)s är stängt. Öppna året igen för att granska inrapporteringar.")
            % {"year": current.reporting_year.year},
            code="locked",
        )
    if current.version != version:
        raise ValidationError(
            _(
                "Inrapporteringen har ändrats av någon annan sedan du öppnade sidan. "
                "Läs igenom den aktuella versionen och försök igen."
            ),
            code="stale",
        )
    return current


@dataclass(frozen=True)
class Transition:
    """One step of the review workflow: from which state to which, and what it records."""

    source: str
    target: str
    kind: str  # the SubmissionComment kind that records the step
    refused: str  # said when the submission is in another state (``%(state)s``)
    text_required: str = ""  # said when the step needs a comment and has none


SUBMIT = Transition(
    source="",  # draft or returned: checked by _editable_submission
    target=Submission.State.SUBMITTED,
    kind=SubmissionComment.Kind.SUBMITTED,
    refused="",
)
RETURN = Transition(
    source=Submission.State.SUBMITTED,
    target=Submission.State.RETURNED,
    kind=SubmissionComment.Kind.RETURNED,
    refused=gettext_lazy(
        "Bara en inskickad inrapportering kan skickas tillbaka. Den är nu: %(state)s."
    ),
    text_required=gettext_lazy("Skriv en kommentar om vad som ska kompletteras."),
)
APPROVE = Transition(
    source=Submission.State.SUBMITTED,
    target=Submission.State.APPROVED,
    kind=SubmissionComment.Kind.APPROVED,
    refused=gettext_lazy("Bara en inskickad inrapportering kan godkännas. Den är nu: %(state)s."),
)
REOPEN = Transition(
    source=Submission.State.APPROVED,
    target=Submission.State.RETURNED,
    kind=SubmissionComment.Kind.REOPENED,
    refused=gettext_lazy("Bara en godkänd inrapportering kan återöppnas. Den är nu: %(state)s."),
    text_required=gettext_lazy("Skriv varför inrapporteringen återöppnas."),
)


def _transition(
    submission: Submission, step: Transition, *, user: User, text: str = ""
) -> SubmissionComment:
    """Move a locked, current submission one step and record who, when and why.

    The caller has re-read the submission under its row lock and checked its version."""
    if step.source and submission.state != step.source:
        raise ValidationError(
            step.refused % {"state": submission.get_state_display()}, code="invalid_transition"
        )
    if step.text_required and not text.strip():
        raise ValidationError(str(step.text_required), code="required")
    now = timezone.now()
    was = submission.state
    submission.state = step.target
    submission.state_changed_at = now
    submission.state_changed_by = user
    submission.updated_by = user
    submission.version += 1
    if step.target == Submission.State.SUBMITTED:
        submission.submitted_at, submission.submitted_by = now, user
    if step.target == Submission.State.APPROVED:
        submission.approved_at, submission.approved_by = now, user
    elif was == Submission.State.APPROVED:
        submission.approved_at, submission.approved_by = None, None
    # The history names the person even when the step runs outside a request.
    submission._history_user = user
    submission.save()
    return SubmissionComment.objects.create(
        submission=submission, author=user, kind=step.kind, text=text.strip(), created_at=now
    )


@transaction.atomic
def submission_return(
    *, submission: Submission, user: User, comment: str, version: int
) -> Submission:
    """Send a submitted report back to the administration for completion, with a comment."""
    submission = _locked_submission(submission, version)
    note = _transition(submission, RETURN, user=user, text=comment)
    transaction.on_commit(lambda: emails.submission_returned(submission=submission, comment=note))
    return submission


@transaction.atomic
def submission_approve(*, submission: Submission, user: User, version: int) -> Submission:
    """Approve a submitted report; it is then read only for everyone."""
    submission = _locked_submission(submission, version)
    _transition(submission, APPROVE, user=user)
    transaction.on_commit(lambda: emails.submission_approved(submission=submission))
    return submission


@transaction.atomic
def submission_reopen(
    *, submission: Submission, user: User, reason: str, version: int
) -> Submission:
    """Reopen an approved report so the administration can change it again."""
    submission = _locked_submission(submission, version)
    note = _transition(submission, REOPEN, user=user, text=reason)
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


def copy_forward_candidates(submission: Submission):
    """Last year's reports of the same administration whose project still runs this year and
    is not yet in this year's submission."""
    year = submission.year
    return (
        ProjectReport.objects.filter(
            submission__administration_id=submission.administration_id,
            submission__reporting_year__year=year - 1,
            end_date__gte=datetime.date(year, 1, 1),
        )
        .exclude(project__reports__submission=submission)
        .select_related("programme")
        .order_by("name", "pk")
    )


@transaction.atomic
def projects_copy_forward(
    *, submission: Submission, reports: Iterable[ProjectReport], by: User | None
) -> list[ProjectReport]:
    """Carry chosen projects from last year: last year's facts are this year's starting point;
    payouts and results are never copied."""
    submission = _editable_submission(submission)
    chosen = {report.pk for report in reports}
    candidates = list(
        copy_forward_candidates(submission)
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
        raise _stale(_("inrapporteringen"))
    findings = validation.check_submission(submission)
    if validation.blocking(findings):
        raise SubmitRefused(validation.blocking(findings))
    if findings and not confirm_warnings:
        raise SubmitRefused(findings, needs_confirmation=True)
    _transition(submission, SUBMIT, user=by)
    transaction.on_commit(lambda: emails.submission_submitted(submission=submission))
    return submission


@transaction.atomic
def submission_import_workbook(
    *,
    submission: Submission,
    data: bytes,
    checksum: str,
    seen_versions: dict[int, int],
    by: User | None,
) -> excel_importer.ImportPlan:
    """Import a filled Excel template: checked again under the row lock, then all or nothing.

    ``checksum`` is the file's SHA-256 the coordinator previewed; another file is refused.
    ``seen_versions``: report id -> version as the preview showed them; if anyone has changed,
    added or removed a project since, nothing is written and the message names the projects.
    """
    submission = _editable_submission(submission)
    plan = excel_importer.plan_import(submission=submission, data=data)
    if plan.checksum != checksum:
        raise ValidationError(
            _("Filen är inte samma som förhandsgranskades. Ladda upp den igen."), code="stale"
        )
    moved = _moved_since_preview(plan, seen_versions)
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
    _touch(submission, by)
    return plan
