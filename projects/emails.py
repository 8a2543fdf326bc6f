"""E-mails the yearly round sends; texts live in templates/emails/."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.template.loader import render_to_string

from projects import selectors
from projects.models import Submission, SubmissionComment, User
from projects.organisation import OrganisationFacts
from projects.selectors import review_comments_since_submit, submission_comments


def submission_url(submission: Submission) -> str:
    """Absolute link to a submission, valid outside a request (cron)."""
    return settings.SITE_URL + submission.get_absolute_url()


def active_coordinators_by_administration(administration_ids: Iterable[int]) -> dict[int, list]:
    """Active coordinators with an e-mail address, grouped by administration id."""
    grouped: dict[int, list] = defaultdict(list)
    coordinators = User.objects.filter(
        administration_id__in=list(administration_ids),
        role=User.Role.COORDINATOR,
        is_active=True,
    ).exclude(email="")
    for user in coordinators.order_by("email"):
        grouped[user.administration_id].append(user)
    return dict(grouped)


def sender(organisation: OrganisationFacts) -> str:
    """The organisation's sender address, or the installation's default when it has none."""
    return organisation.email_from or settings.DEFAULT_FROM_EMAIL


def _send_each(template: str, context: dict, recipients: Iterable[User]) -> int:
    """Send one personal message per recipient over one connection; returns how many were sent.
    The texts sign with the organisation as the submission's year knows it."""
    recipients = list(recipients)
    if not recipients:
        return 0
    organisation = selectors.organisation_letterhead(context["submission"].reporting_year.year)
    messages = []
    for recipient in recipients:
        personal = {**context, "recipient": recipient, "organisation": organisation}
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", personal).split())
        body = render_to_string(f"emails/{template}.txt", personal)
        messages.append(
            EmailMessage(subject, body, from_email=sender(organisation), to=[recipient.email])
        )
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0


def submission_returned(*, submission: Submission, comment: SubmissionComment) -> int:
    """Tell the administration's coordinators their report was returned (or reopened) and why."""
    recipients = active_coordinators_by_administration([submission.administration_id])
    context = {
        "submission": submission,
        "comment": comment,
        "url": submission_url(submission),
        "review_comments": review_comments_since_submit(submission_comments(submission)),
    }
    return _send_each(
        "submission_returned", context, recipients.get(submission.administration_id, [])
    )


def submission_approved(*, submission: Submission) -> int:
    """Tell the administration's coordinators their report was approved."""
    recipients = active_coordinators_by_administration([submission.administration_id])
    context = {"submission": submission, "url": submission_url(submission)}
    return _send_each(
        "submission_approved", context, recipients.get(submission.administration_id, [])
    )


def reminder(
    *, submission: Submission, recipients: Iterable[User], progress: str, deadline_passed: bool
) -> int:
    """Remind coordinators that their administration has not submitted yet: ``progress`` is
    the overview's word for how far it has come ("Inte påbörjad")."""
    context = {
        "submission": submission,
        "url": submission_url(submission),
        "progress": progress,
        "deadline_passed": deadline_passed,
    }
    return _send_each("reminder", context, recipients)


def submission_submitted(*, submission: Submission) -> int:
    """Tell every active development coordinator that an administration has submitted."""
    recipients = (
        User.objects.filter(is_active=True)
        .filter(Q(role=User.Role.DEVELOPMENT_COORDINATOR) | Q(is_superuser=True))
        .exclude(email="")
        .order_by("email")
    )
    context = {"submission": submission, "url": submission_url(submission)}
    return _send_each("submission_submitted", context, recipients)
