"""The development coordinator's review: the year's overview and returning, approving or
reopening one submission."""

from __future__ import annotations

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
from projects.models import ReportingYear
from projects.pagination import paginate
from projects.selectors import Progress, with_last_changes, year_overview

# --- Forms ----------------------------------------------------------------------------------


class OverviewFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Filtrera på status"),
        required=False,
        choices=[("", gettext_lazy("Alla förvaltningar"))]
        + list(Progress.choices)
        + [("overdue", gettext_lazy("Sena (ej inskickade efter sista dag)"))],
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReturnForm(VersionForm):
    comment = forms.CharField(
        label=gettext_lazy("Kommentar till förvaltningen"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Skriv vad som behöver kompletteras. Kommentaren skickas med e-post."
        ),
        error_messages={
            "required": gettext_lazy("Skriv en kommentar om vad som ska kompletteras.")
        },
    )


class ReopenForm(VersionForm):
    reason = forms.CharField(
        label=gettext_lazy("Anledning till återöppning"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Skriv varför inrapporteringen återöppnas.")},
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
        )
        return context


class CurrentOverviewView(access.AllAdministrationsReaderMixin, View):
    """The overview of the open year (the newest one if several are open)."""

    def get(self, request):
        year = (
            ReportingYear.objects.order_by("-is_open", "-year")
            .values_list("year", flat=True)
            .first()
        )
        if year is None:
            messages.info(request, _("Inget redovisningsår finns ännu."))
            return redirect("projects:year_list")
        return redirect("projects:overview", year=year)


# --- Review of one submission ---------------------------------------------------------------


@method_decorator(require_POST, name="dispatch")
class ReviewActionView(LoginRequiredMixin, View):
    """Base for return, approve and reopen: 404 outside the user's scope, 403 without the right."""

    form_class = VersionForm
    template_name = ""
    success_message = ""

    def perform(self, submission, form):
        raise NotImplementedError

    def post(self, request, pk):
        submission = access.submission_for(request.user, pk)
        access.require(access.can_review(request.user, submission))
        form = self.form_class(request.POST)
        if not form.is_valid():
            if "version" in form.errors or not self.template_name:
                messages.error(request, _("Formuläret var ofullständigt. Försök igen."))
                return HttpResponseRedirect(submission.get_absolute_url())
            return render(
                request, self.template_name, {"submission": submission, "form": form}, status=200
            )
        try:
            self.perform(submission, form)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(submission.get_absolute_url())
        messages.success(
            request, self.success_message % {"administration": submission.administration}
        )
        return HttpResponseRedirect(submission.get_absolute_url())


class SubmissionReturnView(ReviewActionView):
    form_class = ReturnForm
    template_name = "projects/review_return.html"
    success_message = gettext_lazy(
        "Inrapporteringen har skickats tillbaka till %(administration)s för komplettering."
    )

    def perform(self, submission, form):
        services.submission_return(
            submission=submission,
            user=self.request.user,
            comment=form.cleaned_data["comment"],
            version=form.cleaned_data["version"],
        )


class SubmissionApproveView(ReviewActionView):
    success_message = gettext_lazy("Inrapporteringen från %(administration)s är godkänd.")

    def perform(self, submission, form):
        services.submission_approve(
            submission=submission, user=self.request.user, version=form.cleaned_data["version"]
        )


class SubmissionReopenView(ReviewActionView):
    form_class = ReopenForm
    template_name = "projects/review_reopen.html"
    success_message = gettext_lazy(
        "Inrapporteringen från %(administration)s är återöppnad och kan ändras igen."
    )

    def perform(self, submission, form):
        services.submission_reopen(
            submission=submission,
            user=self.request.user,
            reason=form.cleaned_data["reason"],
            version=form.cleaned_data["version"],
        )
