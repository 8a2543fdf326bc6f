"""Template helpers for the review panel and the submission's comments and history."""

from django import template

from projects import access
from projects.history import submission_history as build_history
from projects.models import SubmissionComment

register = template.Library()


@register.simple_tag
def can_review(user, submission) -> bool:
    return access.can_review(user, submission)


@register.simple_tag
def submission_comments(submission) -> list:
    return list(SubmissionComment.objects.filter(submission=submission).select_related("author"))


@register.simple_tag
def submission_history(submission):
    return build_history(submission)
