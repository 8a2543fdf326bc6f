"""The administration coordinator's project pages: a project with its payouts, removing a
project and copying last year's running projects forward."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from projects import selectors, services, validation
from projects.eu_data.differences import values_of
from projects.eu_data.prefill import prefill_values
from projects.form_tokens import FormTokenMixin
from projects.forms.entry import (
    CopyForwardForm,
    PayoutFormSet,
    ProjectEndingForm,
    ProjectEntryForm,
    mark_invalid_fields,
)
from projects.models import ProjectReport
from projects.selectors.eu_data import (
    reported_under,
    source_comparison,
    source_record,
    source_search,
    source_suggestions,
)
from projects.views.mixins import REMOVED_PROJECT, EntryMixin, removed_project


class ProjectReportFormView(FormTokenMixin, EntryMixin, TemplateView):
    """Add or change a project, its report for the year and its payouts on one page."""

    template_name = "projects/project_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.report = None
        return super().dispatch(request, *args, **kwargs)

    def get_report(self):
        if "report_pk" not in self.kwargs:
            return None
        return get_object_or_404(
            self.submission.project_reports.select_related("programme", "council_goal"),
            pk=self.kwargs["report_pk"],
        )

    def build_forms(self, data=None):
        self.report = self.get_report()
        form = ProjectEntryForm(data, submission=self.submission, report=self.report)
        formset = PayoutFormSet(
            data,
            instance=self.report or ProjectReport(submission=self.submission),
            prefix="payouts",
            year=self.submission.year,
        )
        return form, formset

    def get(self, request, *args, **kwargs):
        form, formset = self.build_forms()
        context = {}
        if self.report is None and "fran" in request.GET:
            context = self.prefill(form, source_record(request.GET["fran"]))
        return self.render_to_response(self.get_context_data(form=form, formset=formset, **context))

    def prefill(self, form, record) -> dict:
        """A new project's first values from ``record``, each field marked as to be confirmed;
        nothing is saved until the coordinator saves the form."""
        if record is None:
            return {}
        rate = self.submission.reporting_year.eur_rate_sek
        values = prefill_values(record, rate)
        form.initial.update(values)
        note = _("Från %(source)s: kontrollera.") % {"source": record.get_source_display()}
        for field in values:
            help_text = form.fields[field].help_text
            form.fields[field].help_text = f"{help_text} {note}" if help_text else note
        return {"prefilled_from": record, "prefill_without_rate": not rate}

    def post(self, request, *args, **kwargs):
        form, formset = self.build_forms(request.POST)
        form_valid = form.is_valid()
        cleaned = getattr(form, "cleaned_data", {})
        formset.project_start = cleaned.get("start_date")
        formset.project_end = cleaned.get("end_date")
        formset_valid = formset.is_valid()
        if form_valid and formset_valid:
            form.add_findings(
                validation.check_payout_total(
                    year=self.submission.year,
                    this_year_sek=formset.total_sek(),
                    other_years_sek=self.paid_in_other_years(),
                    own_budget_sek=cleaned["own_budget_sek"],
                )
            )
            form.add_findings(formset.removal_findings())
            if not form.warnings or cleaned.get("confirm_warnings"):
                try:
                    report = services.project_report_save(
                        submission=self.submission,
                        report=self.report,
                        values=form.report_values(),
                        participating_administrations=cleaned["participating_administrations"],
                        payouts=formset.payout_changes(),
                        version=cleaned.get("version"),
                        by=request.user,
                    )
                except ValidationError as error:
                    # A refusal about one field is shown next to it; others at the top.
                    form.add_error(None, error)
                else:
                    messages.success(
                        request, _("Projektet ”%(name)s” har sparats.") % {"name": report.name}
                    )
                    return redirect(
                        self.form_token.saved(
                            f"{self.submission.get_absolute_url()}#report-{report.pk}"
                        )
                    )
        mark_invalid_fields(formset)
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def paid_in_other_years(self) -> Decimal:
        if self.report is None:
            return Decimal("0")
        paid = validation.paid_in_other_years([self.report.project_id], submission=self.submission)
        return paid.get(self.report.project_id) or Decimal("0")

    def source_context(self, form) -> dict:
        """The record under the number the form shows, compared with the values it shows (as
        stored, or as just sent); without a number, records of the same acronym or name."""
        report = form.instance  # holds the values sent once the form has been cleaned
        values = {**values_of(report), "grant_source": report.grant_source}
        values["grant_number"] = report.grant_number
        comparison = source_comparison(
            values, eur_rate_sek=self.submission.reporting_year.eur_rate_sek
        )
        suggestions = [] if report.grant_number else source_suggestions([report]).get(report.pk)
        return {
            "source_comparison": comparison,
            "source_suggestions": suggestions or [],
            "source_anchor": "project-source",
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "form" in kwargs:
            context.update(self.source_context(kwargs["form"]))
        context["report"] = self.report
        context["title"] = (
            _("Ändra projekt: %(name)s") % {"name": self.report.name}
            if self.report
            else _("Lägg till projekt")
        )
        return context


class SourceSearchView(EntryMixin, TemplateView):
    """Find a project among the imported EU records, to start a new project from it."""

    template_name = "projects/source_search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        records = source_search(query)
        context.update(
            query=query,
            records=records,
            results=reported_under(self.submission, records),
            title=_("Starta från EU:s uppgifter"),
        )
        return context


class ProjectReportRemoveView(EntryMixin, TemplateView):
    """Remove a project and its payouts from the submission, after a confirmation."""

    template_name = "projects/entry_project_remove.html"

    def get_report(self):
        return get_object_or_404(
            self.submission.project_reports.annotate(payout_count=Count("payouts")),
            pk=self.kwargs["report_pk"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("report", self.get_report())
        return context

    def post(self, request, *args, **kwargs):
        report = self.get_report()
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = None
        report_pk, payout_ids = report.pk, list(report.payouts.values_list("pk", flat=True))
        try:
            services.project_report_remove(report=report, version=version, by=request.user)
        except ValidationError as error:
            return self.render_to_response(
                self.get_context_data(
                    report=report, errors=error.messages, error_code=getattr(error, "code", None)
                )
            )
        # Kept so that the submission page can offer to undo the removal.
        request.session[REMOVED_PROJECT] = {
            "submission": self.submission.pk,
            "report": report_pk,
            "name": report.name,
            "payouts": payout_ids,
            "version": report.version,
        }
        return redirect(self.submission)


class ProjectReportRestoreView(EntryMixin, View):
    """Undo the removal of a project from the submission (POST from the submission page)."""

    def post(self, request, *args, **kwargs):
        removed = removed_project(request, self.submission)
        if removed is None or removed["report"] != self.kwargs["report_pk"]:
            messages.error(
                request, _("Projektet kan inte längre återställas."), extra_tags="not_restorable"
            )
            return redirect(self.submission)
        try:
            services.project_report_restore(
                submission=self.submission,
                report_id=removed["report"],
                payout_ids=removed["payouts"],
                version=removed.get("version", 1),
                by=request.user,
            )
        except ValidationError as error:
            messages.error(
                request, " ".join(error.messages), extra_tags=getattr(error, "code", None) or ""
            )
        else:
            messages.success(
                request,
                _("Projektet ”%(name)s” är tillbaka i inrapporteringen.")
                % {"name": removed["name"]},
                extra_tags="restored",
            )
        request.session.pop(REMOVED_PROJECT, None)
        return redirect(self.submission)


class CopyForwardView(FormTokenMixin, EntryMixin, TemplateView):
    """Offer last year's still running projects for this year's submission."""

    template_name = "projects/copy_forward.html"

    def get_form(self, data=None):
        return CopyForwardForm(data, candidates=selectors.copy_forward_candidates(self.submission))

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                created = services.projects_copy_forward(
                    submission=self.submission,
                    reports=form.cleaned_data["projects"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s projekt har lagts till. Fyll i årets kommunfullmäktigemål, "
                        "resultat och utbetalningar för varje projekt.",
                        "%(count)s projekt har lagts till. Fyll i årets kommunfullmäktigemål, "
                        "resultat och utbetalningar för varje projekt.",
                        len(created),
                    )
                    % {"count": len(created)},
                )
                return redirect(self.form_token.saved(self.submission.get_absolute_url()))
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["previous_year"] = self.submission.year - 1
        return context


class ProjectEndingView(FormTokenMixin, EntryMixin, TemplateView):
    """Mark one of last year's running projects as ended early, so it is not asked for."""

    template_name = "projects/project_ending_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.report = None
        return super().dispatch(request, *args, **kwargs)

    def get_report(self):
        return get_object_or_404(
            selectors.copy_forward_candidates(self.submission), pk=self.kwargs["last_year_pk"]
        )

    def get(self, request, *args, **kwargs):
        self.report = self.get_report()
        return self.render_to_response(self.get_context_data(form=ProjectEndingForm()))

    def post(self, request, *args, **kwargs):
        self.report = self.get_report()
        form = ProjectEndingForm(request.POST)
        if form.is_valid():
            try:
                ending = services.project_ending_mark(
                    submission=self.submission,
                    last_year_report_id=self.report.pk,
                    ended_on=form.cleaned_data["ended_on"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("”%(name)s” är markerat som avslutat %(date)s och behöver inte tas med.")
                    % {"name": ending.name, "date": ending.ended_on.isoformat()},
                    extra_tags="ending_marked",
                )
                return redirect(self.form_token.saved(self.submission.get_absolute_url()))
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["report"] = self.report
        context["previous_year"] = self.submission.year - 1
        return context


class ProjectEndingUndoView(EntryMixin, View):
    """Take back a mark of a project as ended early (POST from the submission page)."""

    def post(self, request, *args, **kwargs):
        try:
            name = services.project_ending_undo(
                submission=self.submission, ending_id=self.kwargs["ending_pk"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("”%(name)s” är inte längre markerat som avslutat i förtid.") % {"name": name},
                extra_tags="ending_undone",
            )
        return redirect(self.submission)
