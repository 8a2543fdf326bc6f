"""View plumbing shared by the entry pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from projects import access

# The session key of the project last removed from a submission, for "Ångra borttagningen".
REMOVED_PROJECT = "removed_project"


def removed_project(request, submission) -> dict | None:
    """The project last removed from ``submission`` in this session, to offer to restore it."""
    removed = request.session.get(REMOVED_PROJECT)
    if removed and removed.get("submission") == submission.pk:
        return removed
    return None


class EntryMixin(LoginRequiredMixin):
    """Entry pages: only the administration's coordinator, while the submission is editable."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.submission = access.submission_for(request.user, kwargs["pk"])
        if not access.can_edit_submission(request.user, self.submission):
            if (
                request.user.is_coordinator
                and request.user.administration_id == self.submission.administration_id
            ):
                messages.error(request, access.SUBMISSION_LOCKED)
                return redirect(self.submission)
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["submission"] = self.submission
        return context
