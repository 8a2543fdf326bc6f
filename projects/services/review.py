"""The development coordinator's yearly round: years, review steps and reminders."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from projects import emails, validation
from projects.access import SubmissionLocked
from projects.models import (
    Administration,
    CouncilGoal,
    Payout,
    ProjectReport,
    ReportingYear,
    ReportingYearEvent,
    Submission,
    SubmissionComment,
    User,
)
from projects.numbers import format_sek
from projects.selectors import administrations_without_submission, organisation_facts
from projects.selectors.years import reminders_plan, reporting_year_has_entries
from projects.services.locks import (
    APPROVE,
    REOPEN,
    RETURN,
    Transition,
    _locked_submission,
    _transition,
)
from projects.services.reference import reference_names_refresh
from projects.services.versions import year_data_changed

# ``reporting_year_open`` leaves the year's exchange rate as it is.
KEEP = object()


@transaction.atomic
def reporting_year_open(
    *,
    year: int,
    deadline: datetime.date | None,
    council_goals: Iterable[CouncilGoal],
    user: User | None = None,
    eur_rate_sek: Decimal | None | object = KEEP,
) -> ReportingYear:
    """Open a new year, or change an open year's deadline, goals and average exchange rate
    (``KEEP``: as it is), and give every administration existing that year a draft. A closed
    year is opened again only by ``reporting_year_reopen``, with a reason."""
    goals = list(council_goals)
    findings = validation.check_year_opening(
        year=year,
        deadline=deadline,
        council_goals=goals,
        eur_rate_sek=None if eur_rate_sek is KEEP else eur_rate_sek,
    )
    if findings:
        raise ValidationError(
            {
                finding.field: ValidationError(finding.message, code=finding.code)
                for finding in findings
            }
        )
    reporting_year, created = ReportingYear.objects.select_for_update().get_or_create(year=year)
    if not created and not reporting_year.is_open:
        raise ValidationError(
            _(
                "Redovisningsåret %(year)s är stängt. Öppna det igen från listan över "
                "redovisningsår och skriv varför."
            )
            % {"year": year},
            code="closed",
        )
    reporting_year.deadline = deadline
    if eur_rate_sek is not KEEP:
        reporting_year.eur_rate_sek = eur_rate_sek
    reporting_year.is_open = True
    if created:
        reporting_year.opened_at = timezone.now()
    reporting_year.full_clean()
    reporting_year.save()
    year_data_changed(year_ids=[reporting_year.pk])
    reporting_year.council_goals.set(goals)
    if created:
        ReportingYearEvent.objects.create(
            reporting_year=reporting_year,
            kind=ReportingYearEvent.Kind.OPENED,
            created_at=reporting_year.opened_at,
            created_by=user,
        )
    for administration in administrations_without_submission(year=year):
        # save() per row (not bulk_create) so each new draft gets its history record.
        Submission.objects.create(
            administration=administration, reporting_year=reporting_year, updated_by=user
        )
    return reporting_year


def _year_for_update(reporting_year: ReportingYear) -> ReportingYear:
    return ReportingYear.objects.select_for_update().get(pk=reporting_year.pk)


@transaction.atomic
def reporting_year_close(
    *, reporting_year: ReportingYear, user: User | None = None
) -> ReportingYear:
    """Close a year: all entry and review is locked, and its rows keep the administrations',
    goals' and programmes' names as they stand now, until it is opened again."""
    current = _year_for_update(reporting_year)
    if not current.is_open:
        raise ValidationError(
            _("Redovisningsåret %(year)s är redan stängt.") % {"year": current.year},
            code="already_closed",
        )
    reference_names_refresh(reporting_year=current)
    current.organisation_snapshot = organisation_facts().as_dict()
    current.is_open = False
    current.closed_at = timezone.now()
    current.closed_by = user
    current.save(update_fields=["is_open", "closed_at", "closed_by", "organisation_snapshot"])
    ReportingYearEvent.objects.create(
        reporting_year=current,
        kind=ReportingYearEvent.Kind.CLOSED,
        created_at=current.closed_at,
        created_by=user,
    )
    return current


@transaction.atomic
def reporting_year_reopen(
    *, reporting_year: ReportingYear, user: User | None, reason: str
) -> ReportingYear:
    """Open a closed year again, on the record: who, when and why. Its goals and deadline stay;
    its rows follow the reference data again until it is closed anew."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Skriv varför året öppnas igen.")}, code="reason_required"
        )
    current = _year_for_update(reporting_year)
    if current.is_open:
        raise ValidationError(
            _("Redovisningsåret %(year)s är redan öppet.") % {"year": current.year},
            code="already_open",
        )
    current.is_open = True
    current.organisation_snapshot = None
    current.save(update_fields=["is_open", "organisation_snapshot"])
    ReportingYearEvent.objects.create(
        reporting_year=current,
        kind=ReportingYearEvent.Kind.REOPENED,
        reason=reason,
        created_by=user,
    )
    reference_names_refresh(reporting_year=current)
    return current


@transaction.atomic
def reporting_year_delete(*, reporting_year: ReportingYear, user: User | None = None) -> int:
    """Delete a year opened by mistake, with its empty drafts; refused once anything is entered.

    Returns the year that was deleted."""
    current = ReportingYear.objects.select_for_update().get(pk=reporting_year.pk)
    # Lock the drafts too, so nobody starts entering while the year goes.
    list(current.submissions.select_for_update().values_list("pk", flat=True))
    if reporting_year_has_entries(current):
        raise ValidationError(
            _(
                "Redovisningsåret %(year)s kan inte tas bort: förvaltningarna har redan fört in "
                "uppgifter. Stäng året i stället."
            )
            % {"year": current.year},
            code="has_entries",
        )
    for submission in current.submissions.all():
        # One at a time so each removed draft gets its history record, naming who removed it.
        submission._history_user = user
        submission.delete()
    year = current.year
    try:
        with transaction.atomic():
            # What other apps keep of the year goes with it (the memo draft), unless they
            # protect it (a published memo).
            current.delete()
    except ProtectedError as error:
        raise ValidationError(
            _("Redovisningsåret %(year)s kan inte tas bort: det har en publicerad version.")
            % {"year": year},
            code="protected",
        ) from error
    return year


@transaction.atomic
def submission_return(
    *, submission: Submission, user: User, comment: str, version: int
) -> Submission:
    """Send a submitted report back to the administration for completion, with a comment."""
    return _send_back(submission, RETURN, user=user, text=comment, version=version)


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
    return _send_back(submission, REOPEN, user=user, text=reason, version=version)


@transaction.atomic
def submission_comment_add(
    *,
    submission: Submission,
    user: User,
    text: str,
    report_id: int | None = None,
    payout_id: int | None = None,
) -> SubmissionComment:
    """A review comment on the whole submission, one of its projects or one of their payouts.

    Refused like every change once the submission is locked (approved, or its year closed)."""
    current = (
        Submission.objects.select_for_update()
        .select_related("administration", "reporting_year")
        .get(pk=submission.pk)
    )
    if current.is_locked:
        raise SubmissionLocked()
    if not text.strip():
        raise ValidationError(_("Skriv en kommentar."), code="required")
    report = payout = None
    label = ""
    if payout_id is not None:
        payout = (
            Payout.objects.filter(pk=payout_id, report__submission=current)
            .select_related("report")
            .first()
        )
        if payout is None:
            raise ValidationError(_("Utbetalningen finns inte längre."), code="invalid_target")
        report = payout.report
        label = _("%(project)s, utbetalning %(date)s, %(amount)s") % {
            "project": report.name,
            "date": f"{payout.payment_date:%Y-%m-%d}",
            "amount": format_sek(payout.amount_sek),
        }
    elif report_id is not None:
        report = ProjectReport.objects.filter(pk=report_id, submission=current).first()
        if report is None:
            raise ValidationError(_("Projektet finns inte längre."), code="invalid_target")
        label = report.name
    comment = SubmissionComment(
        submission=current,
        author=user,
        kind=SubmissionComment.Kind.COMMENT,
        text=text.strip(),
        report=report,
        payout=payout,
        target_label=label,
    )
    comment.full_clean()
    comment.save()
    return comment


def _send_back(
    submission: Submission, step: Transition, *, user: User, text: str, version: int
) -> Submission:
    """Return or reopen: the report goes back to the administration, whose coordinators are
    e-mailed the note. The caller holds the transaction."""
    submission = _locked_submission(submission, version)
    note = _transition(submission, step, user=user, text=text)
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


def reminders_send(
    *,
    reporting_year: ReportingYear,
    administration_ids: set[int] | None = None,
    today: datetime.date | None = None,
) -> ReminderResult:
    """E-mail the coordinators of every administration (or those of ``administration_ids``)
    that has not submitted for an open year, in the overview's words for how far it has come,
    and whether the deadline has passed on ``today`` (by default the local date)."""
    if not reporting_year.is_open:
        raise ValidationError(
            _("Året %(year)s är stängt; påminnelser skickas bara för öppna år.")
            % {"year": reporting_year.year},
            code="closed",
        )
    plan = reminders_plan(reporting_year=reporting_year, administration_ids=administration_ids)
    deadline_passed = reporting_year.is_overdue(today or timezone.localdate())
    result = ReminderResult(without_coordinator=plan.without_coordinator)
    for submission, recipients in plan.recipients:
        result.sent[submission.administration] = emails.reminder(
            submission=submission,
            recipients=recipients,
            progress=plan.progress[submission.pk].label,
            deadline_passed=deadline_passed,
        )
    return result
