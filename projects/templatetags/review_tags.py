"""Template helpers for the review panel and the submission's comments."""

from django import template

from projects import access
from projects.models import SubmissionComment

register = template.Library()


@register.simple_tag
def can_review(user, submission) -> bool:
    return access.can_review(user, submission)


@register.simple_tag
def submission_comments(submission) -> list:
    return list(SubmissionComment.objects.filter(submission=submission).select_related("author"))
