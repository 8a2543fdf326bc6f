"""Last year's running projects that ended early: marked so the submission leaves them out
without a warning, and unmarked when reported again."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from projects import validation
from projects.models import ProjectEnding, Submission, User
from projects.services.locks import _editable_submission, _touch


def _endings_reported_again(submission: Submission, by: User | None) -> None:
    """A project reported in ``submission`` again (restored, imported) is no longer marked as
    ended early there."""
    for ending in ProjectEnding.objects.filter(
        submission=submission, project__reports__submission=submission
    ):
        ending._history_user = by
        ending.delete()


@transaction.atomic
def project_ending_mark(
    *,
    submission: Submission,
    last_year_report_id: int,
    ended_on: datetime.date,
    note: str = "",
    by: User | None,
) -> ProjectEnding:
    """Mark one of last year's running projects as ended early: it then stays out of this
    year's submission without a warning. A project that ran into this year is carried forward
    with its new end date instead."""
    submission = _editable_submission(submission)
    report = validation.running_last_year(submission).filter(pk=last_year_report_id).first()
    if report is None:
        raise ValidationError(
            _("Projektet finns inte längre bland förra årets pågående projekt. Ladda om sidan."),
            code="invalid_choice",
        )
    year_start = datetime.date(submission.year, 1, 1)
    if ended_on >= year_start:
        raise ValidationError(
            {
                "ended_on": ValidationError(
                    _(
                        "Projektet pågick under %(year)s. Ta med det från förra året och ändra "
                        "slutdatumet i stället."
                    )
                    % {"year": submission.year},
                    code="ran_into_year",
                )
            }
        )
    if ended_on < report.start_date:
        raise ValidationError(
            {
                "ended_on": _("Projektet kan inte ha avslutats före sitt startdatum %(start)s.")
                % {"start": report.start_date.isoformat()}
            },
            code="before_start",
        )
    ending = ProjectEnding(
        submission=submission,
        project_id=report.project_id,
        name=report.name,
        planned_end_date=report.end_date,
        ended_on=ended_on,
        note=note.strip(),
        created_by=by,
    )
    ending._history_user = by
    ending.save()
    _touch(submission, by)
    return ending


@transaction.atomic
def project_ending_undo(*, submission: Submission, ending_id: int, by: User | None) -> str:
    """Take back a mark of a project as ended early; returns the project's name."""
    submission = _editable_submission(submission)
    ending = submission.project_endings.filter(pk=ending_id).first()
    if ending is None:
        raise ValidationError(
            _("Markeringen finns inte längre. Ladda om sidan."), code="invalid_choice"
        )
    ending._history_user = by
    ending.delete()
    _touch(submission, by)
    return ending.name
