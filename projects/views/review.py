"""The development coordinator's yearly round: years, the overview, review and reminders."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import FormView, ListView, TemplateView

from projects import access, services
from projects.models import CouncilGoal, ReportingYear, Submission
from projects.pagination import paginate
from projects.selectors import Progress, with_last_changes, year_overview

# --- Forms ----------------------------------------------------------------------------------


class CouncilGoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        until = obj.valid_to_year or _("tills vidare")
        return f"{obj.name} ({obj.valid_from_year}–{until})"


class ReportingYearOpenForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("År"), min_value=2000, max_value=2100)
    deadline = forms.DateField(
        label=gettext_lazy("Sista dag för inrapportering"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Efter detta datum visas ej inskickade inrapporteringar som sena."),
    )
    council_goals = CouncilGoalChoiceField(
        label=gettext_lazy("Kommunfullmäktigemål som gäller året"),
        queryset=CouncilGoal.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Målen som gäller året är förvalda."),
    )

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year")
        if year is None:
            return cleaned
        invalid = [
            goal.name for goal in cleaned.get("council_goals", []) if not goal.is_valid_in(year)
        ]
        if invalid:
            self.add_error(
                "council_goals",
                _("Dessa mål gäller inte år %(year)s: %(goals)s.")
                % {"year": year, "goals": ", ".join(invalid)},
            )
        deadline = cleaned.get("deadline")
        if deadline and deadline < datetime.date(year, 1, 1):
            self.add_error("deadline", _("Sista dag kan inte ligga före redovisningsårets början."))
        elif deadline and deadline <= datetime.date(year, 12, 31):
            # The report covers the whole year, so it cannot be due before the year has ended.
            self.add_error(
                "deadline",
                _("Sista dag måste ligga efter redovisningsårets slut (31 december %(year)s).")
                % {"year": year},
            )
        return cleaned


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


# --- Years ----------------------------------------------------------------------------------


def _default_year() -> int:
    latest = ReportingYear.objects.order_by("-year").values_list("year", flat=True).first()
    return latest + 1 if latest else timezone.localdate().year - 1


class YearListView(access.AllAdministrationsReaderMixin, ListView):
    """All reporting years with how far each round has come."""

    template_name = "projects/year_list.html"
    context_object_name = "years"

    def get_queryset(self):
        return (
            ReportingYear.objects.select_related("closed_by")
            .annotate(
                submission_count=Count("submissions"),
                submitted_count=Count(
                    "submissions",
                    filter=Q(
                        submissions__state__in=[
                            Submission.State.SUBMITTED,
                            Submission.State.APPROVED,
                        ]
                    ),
                ),
                approved_count=Count(
                    "submissions", filter=Q(submissions__state=Submission.State.APPROVED)
                ),
            )
            .order_by("-year")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = access.can_manage_years(self.request.user)
        return context


class YearOpenView(access.DevelopmentCoordinatorRequiredMixin, FormView):
    """Open a reporting year (or reopen a closed one)."""

    template_name = "projects/year_form.html"
    form_class = ReportingYearOpenForm

    def _requested_year(self) -> int:
        try:
            year = int(self.request.GET.get("year", ""))
        except ValueError:
            return _default_year()
        return year if 2000 <= year <= 2100 else _default_year()

    def get_initial(self):
        year = self._requested_year()
        existing = ReportingYear.objects.filter(year=year).first()
        if existing is not None:
            return {
                "year": year,
                "deadline": existing.deadline,
                "council_goals": list(existing.council_goals.all()),
            }
        return {
            "year": year,
            "deadline": datetime.date(year + 1, 2, 28),
            "council_goals": list(CouncilGoal.objects.valid_in(year)),
        }

    def form_valid(self, form):
        year = form.cleaned_data["year"]
        try:
            reporting_year = services.reporting_year_open(
                year=year,
                deadline=form.cleaned_data["deadline"],
                council_goals=form.cleaned_data["council_goals"],
                user=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        count = reporting_year.submissions.count()
        messages.success(
            self.request,
            ngettext(
                "Redovisningsåret %(year)s är öppet: %(count)s förvaltning rapporterar.",
                "Redovisningsåret %(year)s är öppet: %(count)s förvaltningar rapporterar.",
                count,
            )
            % {"year": year, "count": count},
        )
        return redirect("projects:overview", year=year)


@method_decorator(require_POST, name="dispatch")
class YearCloseView(access.DevelopmentCoordinatorRequiredMixin, View):
    """Close a year: locks all entry and review."""

    def post(self, request, year):
        reporting_year = get_object_or_404(ReportingYear, year=year)
        services.reporting_year_close(reporting_year=reporting_year, user=request.user)
        messages.success(
            request,
            _("Redovisningsåret %(year)s är stängt. Ingen kan längre ändra inrapporteringarna.")
            % {"year": year},
        )
        return redirect("projects:year_list")


# --- Overview and reminders -----------------------------------------------------------------


OVERVIEW_PAGE_SIZE = 200


class OverviewView(access.AllAdministrationsReaderMixin, TemplateView):
    """Where every administration stands in a year's round."""

    template_name = "projects/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reporting_year = get_object_or_404(ReportingYear, year=self.kwargs["year"])
        form = OverviewFilterForm(self.request.GET or None)
        progress = form.cleaned_data["status"] if form.is_valid() else ""
        overview = year_overview(reporting_year, progress=progress)
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


@method_decorator(require_POST, name="dispatch")
class RemindersSendView(access.DevelopmentCoordinatorRequiredMixin, View):
    """Send reminders to administrations that have not submitted (same as the cron command)."""

    def post(self, request, year):
        reporting_year = get_object_or_404(ReportingYear, year=year)
        try:
            result = services.reminders_send(reporting_year=reporting_year)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("projects:overview", year=year)
        if result.sent:
            messages.success(
                request,
                ngettext(
                    "%(count)s påminnelse skickad till: %(names)s.",
                    "%(count)s påminnelser skickade till: %(names)s.",
                    result.email_count,
                )
                % {
                    "count": result.email_count,
                    "names": ", ".join(str(a) for a in result.sent),
                },
            )
        else:
            messages.info(request, _("Ingen påminnelse skickades."))
        if result.without_coordinator:
            messages.warning(
                request,
                _("Dessa förvaltningar har ingen aktiv samordnare att påminna: %(names)s.")
                % {"names": ", ".join(str(a) for a in result.without_coordinator)},
            )
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
