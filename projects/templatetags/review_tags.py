"""Template helpers for the review panel."""

from django import template

from projects import access

register = template.Library()


@register.simple_tag
def can_review(user, submission) -> bool:
    return access.can_review(user, submission)
