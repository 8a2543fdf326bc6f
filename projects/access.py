"""The one place that decides what a user may see and change.

Views get their objects through the ``visible_to`` querysets (another administration's object
answers 404) and ask the ``can_*`` functions before a change (a forbidden change answers 403).
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from projects.models import Administration, Submission, User

# The one wording of a refused change to a submission that cannot be changed, whoever refuses it:
# a service, an entry page, the Excel import or the admin.
SUBMISSION_LOCKED = gettext_lazy(
    "Inrapporteringen kan inte ändras: den är inskickad eller godkänd, eller så är "
    "redovisningsåret stängt."
)


class SubmissionLocked(ValidationError):
    """The refusal of a change to a submission that is not ``Submission.is_editable`` (or, in
    the admin, is ``Submission.is_locked``): code ``locked``, one message."""

    code = "locked"

    def __init__(self, message=SUBMISSION_LOCKED, code="locked", params=None):
        # The arguments are there for copying and pickling: callers raise it without any.
        super().__init__(message, code, params)


def has_role(user) -> bool:
    """An account nobody has given a role yet may see no data at all, only a page saying so
    (``projects.middleware.RoleRequiredMiddleware``); ``visible_to`` gives it no rows."""
    return user.is_authenticated and user.is_active and user.has_role


def is_development_coordinator(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_development_coordinator


def can_view_all_administrations(user) -> bool:
    """The City Office and officials read every administration's data."""
    return user.is_authenticated and (user.is_development_coordinator or user.is_official)


def can_edit_submission(user, submission: Submission) -> bool:
    """Coordinators change their administration's draft or returned submission in an open year."""
    return (
        user.is_authenticated
        and user.is_active
        and user.role == User.Role.COORDINATOR
        and user.administration_id == submission.administration_id
        and submission.is_editable
    )


def can_review(user, submission: Submission) -> bool:
    """Only the development coordinator returns, approves and reopens submissions."""
    return is_development_coordinator(user) and submission.reporting_year.is_open


def can_manage_years(user) -> bool:
    return is_development_coordinator(user)


def submission_for(user, pk) -> Submission:
    return get_object_or_404(
        Submission.objects.visible_to(user).select_related("administration", "reporting_year"),
        pk=pk,
    )


def require(allowed: bool) -> None:
    """Raise 403 unless the change is allowed."""
    if not allowed:
        raise PermissionDenied


class DevelopmentCoordinatorRequiredMixin(LoginRequiredMixin):
    """Views only the City Office's development coordinator may use."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_development_coordinator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AllAdministrationsReaderMixin(LoginRequiredMixin):
    """Views for the development coordinator and officials (read access to every administration)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_view_all_administrations(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def figures_scope(user) -> Administration | None:
    """Whose figures and rows ``user`` reads: None for every administration's (the development
    coordinator and officials), or a coordinator's own administration; anyone else is refused.
    The figures pages, the rows behind a figure and a published version's rows follow it."""
    if can_view_all_administrations(user):
        return None
    if user.is_coordinator and user.administration_id is not None:
        return user.administration
    raise PermissionDenied
