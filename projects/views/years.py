"""The development coordinator's reporting years: the list, opening, closing, deleting and
reminders."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, ListView, TemplateView

from projects import access, services
from projects.form_tokens import FormTokenMixin
from projects.forms_review import ReportingYearOpenForm, ReportingYearReopenForm
from projects.models import CouncilGoal, ReportingYear
from projects.selectors import Progress, administrations_without_submission
from projects.selectors.years import (
    latest_year,
    reminders_plan,
    reporting_year_has_entries,
    reporting_year_or_none,
    year_close_state,
    year_list,
)
from projects.services.review import reporting_year_delete
from projects.years import is_plausible_year

# --- Years ----------------------------------------------------------------------------------


def _default_year() -> int:
    latest = latest_year()
    return latest + 1 if latest else timezone.localdate().year - 1


class YearListView(access.AllAdministrationsReaderMixin, ListView):
    """All reporting years with how far each round has come."""

    template_name = "projects/year_list.html"
    context_object_name = "years"

    def get_queryset(self):
        return year_list()

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
        return year if is_plausible_year(year) else _default_year()

    def get_initial(self):
        year = self._requested_year()
        existing = reporting_year_or_none(year)
        if existing is not None:
            return {
                "year": year,
                "deadline": existing.deadline,
                "council_goals": list(existing.council_goals.all()),
                "eur_rate_sek": existing.eur_rate_sek,
            }
        return {
            "year": year,
            "deadline": datetime.date(year + 1, 2, 28),
            "council_goals": list(CouncilGoal.objects.valid_in(year)),
        }

    def form_valid(self, form):
        year = form.cleaned_data["year"]
        if self.request.POST.get("change"):
            initial = {**form.cleaned_data, "confirmed": False}
            return self.render_to_response(
                self.get_context_data(form=self.form_class(initial=initial))
            )
        if not form.cleaned_data.get("confirmed"):
            # Nothing is opened until the coordinator has seen what opening will do.
            return render(
                self.request,
                "projects/year_open_confirm.html",
                _open_confirmation(form),
            )
        try:
            reporting_year = services.reporting_year_open(
                year=year,
                deadline=form.cleaned_data["deadline"],
                council_goals=form.cleaned_data["council_goals"],
                eur_rate_sek=form.cleaned_data["eur_rate_sek"],
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


def _open_confirmation(form) -> dict:
    """What opening the year in ``form`` will do, counted from the data."""
    year = form.cleaned_data["year"]
    existing = reporting_year_or_none(year)
    new_drafts = list(administrations_without_submission(year=year))
    latest = latest_year()
    hidden = form.__class__(
        initial={**form.cleaned_data, "confirmed": True},
    )
    for field in hidden.fields.values():
        field.widget = field.hidden_widget()
    return {
        "form": hidden,
        "year": year,
        "existing": existing,
        "deadline": form.cleaned_data["deadline"],
        "council_goals": list(form.cleaned_data["council_goals"]),
        "eur_rate_sek": form.cleaned_data["eur_rate_sek"],
        "new_drafts": new_drafts,
        "skips_years": latest is not None and existing is None and year > latest + 1,
        "latest_year": latest,
    }


class YearCloseView(access.DevelopmentCoordinatorRequiredMixin, TemplateView):
    """Close a year after a confirmation page that says who has not finished: locks all entry
    and review."""

    template_name = "projects/year_close_confirm.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reporting_year = get_object_or_404(ReportingYear, year=self.kwargs["year"])
        state = year_close_state(reporting_year)
        counts = state.counts
        context.update(
            reporting_year=reporting_year,
            state=state,
            not_started=counts[Progress.NOT_STARTED],
            drafts=counts[Progress.DRAFT] + counts[Progress.RETURNED],
            submitted=counts[Progress.SUBMITTED],
            approved=counts[Progress.APPROVED],
            deadline_passed=reporting_year.is_overdue(timezone.localdate()),
        )
        return context

    def post(self, request, year):
        reporting_year = get_object_or_404(ReportingYear, year=year)
        try:
            services.reporting_year_close(reporting_year=reporting_year, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("projects:year_list")
        messages.success(
            request,
            _("Redovisningsåret %(year)s är stängt. Ingen kan längre ändra inrapporteringarna.")
            % {"year": year},
        )
        return redirect("projects:year_list")


class YearReopenView(access.DevelopmentCoordinatorRequiredMixin, FormView):
    """Open a closed year again, with a reason that stays on the year's record."""

    template_name = "projects/year_reopen.html"
    form_class = ReportingYearReopenForm

    @cached_property
    def reporting_year(self) -> ReportingYear:
        # After the mixin's permission check, like every object lookup.
        return get_object_or_404(ReportingYear, year=self.kwargs["year"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(reporting_year=self.reporting_year, **kwargs)

    def form_valid(self, form):
        try:
            services.reporting_year_reopen(
                reporting_year=self.reporting_year,
                user=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Redovisningsåret %(year)s är öppet igen. Anledningen finns i årets historik.")
            % {"year": self.reporting_year.year},
        )
        return redirect("projects:overview", year=self.reporting_year.year)


class YearDeleteView(access.DevelopmentCoordinatorRequiredMixin, TemplateView):
    """Delete a year opened by mistake, after a confirmation; refused once anything is entered."""

    template_name = "projects/year_delete_confirm.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reporting_year = get_object_or_404(ReportingYear, year=self.kwargs["year"])
        context.update(
            reporting_year=reporting_year,
            has_entries=reporting_year_has_entries(reporting_year),
            draft_count=reporting_year.submissions.count(),
        )
        return context

    def post(self, request, year):
        reporting_year = get_object_or_404(ReportingYear, year=year)
        try:
            reporting_year_delete(reporting_year=reporting_year, user=request.user)
        except ValidationError as error:
            messages.error(
                request, " ".join(error.messages), extra_tags=getattr(error, "code", None) or ""
            )
            return redirect("projects:year_delete", year=year)
        messages.success(request, _("Redovisningsåret %(year)s är borttaget.") % {"year": year})
        return redirect("projects:year_list")


# --- Reminders ------------------------------------------------------------------------------


class RemindersSendView(FormTokenMixin, access.DevelopmentCoordinatorRequiredMixin, TemplateView):
    """Send reminders to administrations that have not submitted (same as the cron command),
    after a confirmation page that names who will get one."""

    template_name = "projects/reminders_confirm.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reporting_year = get_object_or_404(ReportingYear, year=self.kwargs["year"])
        context.update(
            reporting_year=reporting_year,
            plan=reminders_plan(reporting_year=reporting_year),
        )
        return context

    def post(self, request, year):
        reporting_year = get_object_or_404(ReportingYear, year=year)
        # Sent from the close page: back there; one administration's button reminds it alone.
        back = reverse(
            "projects:year_close" if request.POST.get("back") == "close" else "projects:overview",
            args=[year],
        )
        chosen = request.POST.get("administration", "")
        try:
            result = services.reminders_send(
                reporting_year=reporting_year,
                administration_ids={int(chosen)} if chosen.isdigit() else None,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
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
                extra_tags="reminders_sent",
            )
        else:
            messages.info(request, _("Ingen påminnelse skickades."), extra_tags="no_reminders")
        if result.without_coordinator:
            messages.warning(
                request,
                _("Dessa förvaltningar har ingen aktiv samordnare att påminna: %(names)s.")
                % {"names": ", ".join(str(a) for a in result.without_coordinator)},
                extra_tags="no_coordinator",
            )
        # The same form sent again (a double click, a retry) sends no second round of e-mails.
        return redirect(self.form_token.saved(back))
