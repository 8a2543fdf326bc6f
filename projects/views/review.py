"""The development coordinator's review: the year's overview and returning, approving or
reopening one submission."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from projects import access, services
from projects.form_tokens import FormTokenMixin
from projects.forms_review import (
    OverviewFilterForm,
    ReopenForm,
    ReturnForm,
    ReviewCommentForm,
    VersionForm,
)
from projects.models import ReportingYear, Submission
from projects.pagination import paginate
from projects.selectors import (
    current_overview_year,
    with_last_changes,
    year_events,
    year_overview,
)

# --- Overview -------------------------------------------------------------------------------


OVERVIEW_PAGE_SIZE = 200


class OverviewView(access.AllAdministrationsReaderMixin, TemplateView):
    """Where every administration stands in a year's round."""

    template_name = "projects/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reporting_year = get_object_or_404(ReportingYear, year=self.kwargs["year"])
        form = OverviewFilterForm(self.request.GET or None)
        progress = form.cleaned_data["status"] if form.is_valid() else ""
        overview = year_overview(
            reporting_year,
            progress=progress,
            search=self.request.GET.get("q", ""),
            sort=self.request.GET.get("sort", ""),
        )
        pagination = paginate(
            self.request,
            overview.rows,
            per_page=OVERVIEW_PAGE_SIZE,
            label=_("Sidor i översikten"),
            anchor="#overview-table",
        )
        context.update(
            reporting_year=reporting_year,
            filter_form=form,
            overview=overview,
            pagination=pagination,
            # The last changes are read for the rows this page shows only.
            rows=with_last_changes(pagination.object_list),
            progress=progress,
            can_manage=access.can_manage_years(self.request.user),
            year_events=year_events(reporting_year),
        )
        return context


class CurrentOverviewView(access.AllAdministrationsReaderMixin, View):
    """The overview of the open year (the newest one if several are open)."""

    def get(self, request):
        year = current_overview_year()
        if year is None:
            messages.info(request, _("Inget redovisningsår finns ännu."))
            return redirect("projects:year_list")
        return redirect("projects:overview", year=year)


# --- Review of one submission ---------------------------------------------------------------


@dataclass(frozen=True)
class ReviewStep:
    """A review step as its view runs it: the service, the form whose fields are the service's
    keyword arguments besides the submission and the user, and the page that shows the form
    again when it is incomplete (none: back to the submission)."""

    service: Callable[..., Submission]
    form_class: type[forms.Form] = VersionForm
    template_name: str = ""


@method_decorator(require_POST, name="dispatch")
class ReviewActionView(FormTokenMixin, LoginRequiredMixin, View):
    """Base for return, approve and reopen: 404 outside the user's scope, 403 without the right."""

    step: ReviewStep
    success_message = ""

    def post(self, request, pk):
        submission = access.submission_for(request.user, pk)
        access.require(access.can_review(request.user, submission))
        form = self.step.form_class(request.POST)
        if not form.is_valid():
            if "version" in form.errors or not self.step.template_name:
                messages.error(request, _("Formuläret var ofullständigt. Försök igen."))
                return HttpResponseRedirect(submission.get_absolute_url())
            return render(
                request, self.step.template_name, {"submission": submission, "form": form}
            )
        try:
            self.step.service(submission=submission, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(submission.get_absolute_url())
        messages.success(
            request, self.success_message % {"administration": submission.administration}
        )
        return HttpResponseRedirect(self.form_token.saved(submission.get_absolute_url()))


class SubmissionReturnView(ReviewActionView):
    step = ReviewStep(services.submission_return, ReturnForm, "projects/review_return.html")
    success_message = gettext_lazy(
        "Inrapporteringen har skickats tillbaka till %(administration)s för komplettering."
    )


class SubmissionApproveView(ReviewActionView):
    step = ReviewStep(services.submission_approve)
    success_message = gettext_lazy("Inrapporteringen från %(administration)s är godkänd.")


class SubmissionReopenView(ReviewActionView):
    step = ReviewStep(services.submission_reopen, ReopenForm, "projects/review_reopen.html")
    success_message = gettext_lazy(
        "Inrapporteringen från %(administration)s är återöppnad och kan ändras igen."
    )


@method_decorator(require_POST, name="dispatch")
class SubmissionCommentView(FormTokenMixin, LoginRequiredMixin, View):
    """The reviewer's comment on the whole submission, a project or a payout."""

    def post(self, request, pk):
        submission = access.submission_for(request.user, pk)
        access.require(access.can_review(request.user, submission))
        form = ReviewCommentForm(request.POST)
        report_id = form.data.get("report") or ""
        # Back to what the comment is about: the project's card, or the list of comments.
        anchor = f"#report-{report_id}" if report_id.isdigit() else "#submission-comments"
        back = submission.get_absolute_url() + anchor
        if not form.is_valid():
            messages.error(request, " ".join(form.errors.get("text", [])) or _("Försök igen."))
            return HttpResponseRedirect(back)
        try:
            services.submission_comment_add(
                submission=submission,
                user=request.user,
                text=form.cleaned_data["text"],
                report_id=form.cleaned_data["report"],
                payout_id=form.cleaned_data["payout"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(back)
        messages.success(request, _("Kommentaren är sparad. Förvaltningen ser den på sidan."))
        return HttpResponseRedirect(self.form_token.saved(back))
