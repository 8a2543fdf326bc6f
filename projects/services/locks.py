"""What every write checks first: the row lock, the state and year that allow it, and the
version the user saw; and the one way a submission changes state."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.access import SubmissionLocked
from projects.models import (
    Submission,
    SubmissionComment,
    User,
)
from projects.services.versions import year_data_changed


def _reread_for_update(submission: Submission) -> Submission:
    """The submission re-read under a row lock, with its administration and year.

    The year's data version is raised first (undone with the transaction if the caller
    refuses)."""
    year_data_changed(year_ids=[submission.reporting_year_id])
    return (
        Submission.objects.select_for_update()
        .select_related("administration", "reporting_year")
        .get(pk=submission.pk)
    )


def _locked_submission(submission: Submission, version: int) -> Submission:
    """Re-read the submission under a row lock and refuse if someone changed it meanwhile."""
    current = _reread_for_update(submission)
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


def _last_change(model, pk: int) -> tuple[str, str] | None:
    """Who last changed the row and when (from its history), for the refusal to say so."""
    record = (
        model.history.filter(id=pk).select_related("history_user").order_by("-history_id").first()
        if pk is not None and hasattr(model, "history")
        else None
    )
    if record is None or record.history_user is None:
        return None
    user = record.history_user
    when = timezone.localtime(record.history_date)
    return user.get_full_name() or user.email, f"{when:%Y-%m-%d %H:%M}"


def _stale(what: str, model=None, pk: int | None = None) -> ValidationError:
    """The refusal of a save that was not made on the current version: it says who changed
    the row and when, if the history knows."""
    change = _last_change(model, pk) if model is not None else None
    if change is not None:
        message = _(
            "%(who)s ändrade %(what)s %(when)s, medan du redigerade. Ladda om sidan för att se "
            "de senaste uppgifterna och gör dina ändringar igen. Inget av det du skrev har "
            "sparats."
        ) % {"who": change[0], "what": what, "when": change[1]}
    else:
        message = _(
            "Någon annan har ändrat %(what)s medan du redigerade. Ladda om sidan för att se de "
            "senaste uppgifterna och gör dina ändringar igen. Inget av det du skrev har sparats."
        ) % {"what": what}
    return ValidationError(message, code="stale")


def _editable_submission(submission: Submission) -> Submission:
    """Re-read the submission under a row lock; entry is only possible in an open draft/return."""
    current = _reread_for_update(submission)
    if not current.is_editable:
        raise SubmissionLocked()
    return current


def _touch(submission: Submission, by: User | None) -> None:
    # The overview shows the last change and who made it; update() keeps the version alone.
    Submission.objects.filter(pk=submission.pk).update(updated_by=by, updated_at=timezone.now())


def _bump_version(model, pk: int, version: int | None, what: str) -> int:
    """Optimistic lock: only the writer who read the current version may save."""
    if version is None or not model.objects.filter(pk=pk, version=version).update(
        version=F("version") + 1
    ):
        raise _stale(what, model, pk)
    return version + 1


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


# Who took the last step and when: written by _transition alone, so neither a form nor the admin
# changes them, and the change history leaves them out (it shows the state itself).
TRANSITION_STAMPS = (
    "state_changed_at",
    "state_changed_by",
    "submitted_at",
    "submitted_by",
    "approved_at",
    "approved_by",
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
