"""Read queries of a coordinator's pages: the open submissions, the one needing them most
first, and why a returned submission came back."""

from __future__ import annotations

from projects.models import Submission, SubmissionComment, User
from projects.selectors import needing_action_first


def open_submissions(user: User, *, own_administration: bool = False):
    """The submissions of open years the user may see, the one to work on first
    (``needing_action_first``); with ``own_administration``, their administration's only."""
    submissions = Submission.objects.visible_to(user).filter(reporting_year__is_open=True)
    if own_administration:
        submissions = submissions.filter(administration_id=user.administration_id)
    return needing_action_first(submissions)


def latest_return_note(submission: Submission) -> SubmissionComment | None:
    """The comment that explains why a returned submission is back with the administration."""
    if submission.state != Submission.State.RETURNED:
        return None
    return (
        submission.comments.filter(
            kind__in=[SubmissionComment.Kind.RETURNED, SubmissionComment.Kind.REOPENED]
        )
        .select_related("author")
        .order_by("-created_at", "-pk")
        .first()
    )
