"""The administration coordinator's entry: the submission page, projects with payouts,
copy forward, the narrative and submitting."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView, View

from projects import access, selectors, services, validation
from projects.forms import (
    CopyForwardForm,
    NarrativeForm,
    PayoutFormSet,
    ProjectEntryForm,
    SubmitForm,
    mark_invalid_fields,
)
from projects.history import SubmissionChanges
from projects.models import ProjectReport, Submission, SubmissionComment
from projects.pagination import paginate


@dataclass(frozen=True)
class SectionStatus:
    """How complete one section of a submission is, for the indicator on the submission page."""

    key: str
    title: str
    summary: str
    blocking: list
    warnings: list

    @property
    def state(self) -> str:
        if self.blocking:
            return "missing"
        return "warnings" if self.warnings else "complete"

    @property
    def state_label(self) -> str:
        return {
            "missing": _("Uppgifter saknas"),
            "warnings": _("Klart, med varningar"),
            "complete": _("Klart"),
        }[self.state]


def _sections(submission, findings, *, project_count, payout_count, narrative_done) -> list:
    grouped = validation.findings_by_section(findings)
    summaries = {
        validation.SECTION_PROJECTS: _("%(count)s projekt") % {"count": project_count},
        validation.SECTION_PAYOUTS: ngettext(
            "%(count)s utbetalning", "%(count)s utbetalningar", payout_count
        )
        % {"count": payout_count},
        validation.SECTION_NARRATIVE: _("%(done)s av %(total)s avsnitt ifyllda")
        % {"done": narrative_done, "total": len(Submission.NARRATIVE_FIELDS)},
    }
    titles = {
        validation.SECTION_PROJECTS: _("Projekt"),
        validation.SECTION_PAYOUTS: _("Utbetalningar"),
        validation.SECTION_NARRATIVE: _("Berättelse"),
    }
    return [
        SectionStatus(
            key=key,
            title=titles[key],
            summary=summaries[key],
            blocking=validation.blocking(grouped.get(key, [])),
            warnings=validation.warnings(grouped.get(key, [])),
        )
        for key in titles
    ]


REPORTS_PER_PAGE = 100
HISTORY_PER_PAGE = 50


class SubmissionDetailView(LoginRequiredMixin, TemplateView):
    """One administration's submission: completeness, projects with payouts, narrative, review."""

    template_name = "projects/submission_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        submission = access.submission_for(user, self.kwargs["pk"])
        # Every report is read for the completeness checks; one page of them is shown.
        reports = selectors.submission_reports(submission)
        totals = selectors.submission_payout_totals(submission)
        findings = validation.check_submission(submission, reports=reports)
        report_pages = paginate(
            self.request,
            reports,
            per_page=REPORTS_PER_PAGE,
            label=_("Sidor i projektlistan"),
            anchor="#projects",
        )
        narrative = [
            (Submission._meta.get_field(name).verbose_name, getattr(submission, name))
            for name in Submission.NARRATIVE_FIELDS
        ]
        can_edit = access.can_edit_submission(user, submission)
        context.update(
            submission=submission,
            return_note=_latest_return_note(submission),
            reports=report_pages.object_list,
            report_pagination=report_pages,
            project_count=len(reports),
            payout_total=totals["total"],
            payout_count=totals["count"],
            narrative=narrative,
            findings=findings,
            blocking_findings=validation.blocking(findings),
            warning_findings=validation.warnings(findings),
            sections=_sections(
                submission,
                findings,
                project_count=len(reports),
                payout_count=totals["count"],
                narrative_done=sum(1 for _label, text in narrative if text.strip()),
            ),
            can_edit=can_edit,
            has_copy_candidates=can_edit and services.copy_forward_candidates(submission).exists(),
            # Only the page of the change history asked for is read from the database.
            history=paginate(
                self.request,
                SubmissionChanges(submission),
                per_page=HISTORY_PER_PAGE,
                param="historik",
                label=_("Sidor i ändringshistoriken"),
                anchor="#submission-history",
            ),
        )
        return context


def _latest_return_note(submission) -> SubmissionComment | None:
    """The comment that explains why a returned submission is back with the administration."""
    if submission.state != Submission.State.RETURNED:
        return None
    return (
        submission.comments.filter(
            kind__in=[SubmissionComment.Kind.RETURNED, SubmissionComment.Kind.REOPENED]
        )
        .select_related("author")
        .order_by("-created_at", "-pk")
        .first()
    )


class MySubmissionView(LoginRequiredMixin, View):
    """A coordinator's landing: the open submission needing them most (returned, draft, newest)."""

    def get(self, request, *args, **kwargs):
        submission = selectors.needing_action_first(
            Submission.objects.visible_to(request.user)
            .filter(administration_id=request.user.administration_id)
            .filter(reporting_year__is_open=True)
        ).first()
        if submission is None:
            messages.info(request, _("Inget redovisningsår är öppet för inrapportering just nu."))
            return redirect("projects:home")
        return redirect(submission)


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
                messages.error(request, self.locked_message())
                return redirect(self.submission)
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def locked_message(self) -> str:
        if not self.submission.reporting_year.is_open:
            return _("Redovisningsåret är stängt. Inrapporteringen kan inte ändras.")
        return _(
            "Inrapporteringen är %(state)s och kan inte ändras förrän stadskontoret skickar "
            "tillbaka den."
        ) % {"state": self.submission.get_state_display().lower()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["submission"] = self.submission
        return context


class ProjectReportFormView(EntryMixin, TemplateView):
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
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

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
                    malmo_budget_sek=cleaned["malmo_budget_sek"],
                )
            )
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
                    return redirect(f"{self.submission.get_absolute_url()}#report-{report.pk}")
        mark_invalid_fields(formset)
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def paid_in_other_years(self) -> Decimal:
        if self.report is None:
            return Decimal("0")
        paid = validation.paid_in_other_years([self.report.project_id], submission=self.submission)
        return paid.get(self.report.project_id) or Decimal("0")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["report"] = self.report
        context["title"] = (
            _("Ändra projekt: %(name)s") % {"name": self.report.name}
            if self.report
            else _("Lägg till projekt")
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
        try:
            services.project_report_remove(report=report, version=version, by=request.user)
        except ValidationError as error:
            return self.render_to_response(
                self.get_context_data(report=report, errors=error.messages)
            )
        messages.success(
            request,
            _("Projektet ”%(name)s” har tagits bort från inrapporteringen.")
            % {"name": report.name},
        )
        return redirect(self.submission)


class NarrativeView(EntryMixin, TemplateView):
    """The submission's narrative sections."""

    template_name = "projects/narrative_form.html"

    def get(self, request, *args, **kwargs):
        form = NarrativeForm(instance=self.submission)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = NarrativeForm(request.POST, instance=self.submission)
        if form.is_valid():
            try:
                services.submission_narrative_update(
                    submission=self.submission,
                    values=form.cleaned_data,
                    version=form.cleaned_data["version"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("Berättelsen har sparats."))
                return redirect(f"{self.submission.get_absolute_url()}#narrative")
        return self.render_to_response(self.get_context_data(form=form))


class CopyForwardView(EntryMixin, TemplateView):
    """Offer last year's still running projects for this year's submission."""

    template_name = "projects/copy_forward.html"

    def get_form(self, data=None):
        return CopyForwardForm(data, candidates=services.copy_forward_candidates(self.submission))

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
                    _(
                        "%(count)s projekt har lagts till. Fyll i årets kommunfullmäktigemål, "
                        "resultat och utbetalningar för varje projekt."
                    )
                    % {"count": len(created)},
                )
                return redirect(self.submission)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["previous_year"] = self.submission.year - 1
        return context


class SubmitView(EntryMixin, TemplateView):
    """Check and submit the submission to the City Office."""

    template_name = "projects/submit_confirm.html"

    def get(self, request, *args, **kwargs):
        findings = validation.check_submission(self.submission)
        return self.render_to_response(
            self.get_context_data(
                form=SubmitForm(initial={"version": self.submission.version}), findings=findings
            )
        )

    def post(self, request, *args, **kwargs):
        form = SubmitForm(request.POST)
        if not form.is_valid():
            # Without the version the page was shown with, a submit cannot be checked as
            # current: the coordinator reloads and sees what they submit.
            form.add_error(
                None,
                _("Sidan är inaktuell. Ladda om den, läs igenom uppgifterna och skicka in igen."),
            )
            return self.render_to_response(
                self.get_context_data(
                    form=form, findings=validation.check_submission(self.submission)
                )
            )
        try:
            services.submission_submit(
                submission=self.submission,
                by=request.user,
                confirm_warnings=form.cleaned_data.get("confirm_warnings", False),
                version=form.cleaned_data["version"],
            )
        except services.SubmitRefused as refused:
            if refused.needs_confirmation:
                form.add_error(
                    "confirm_warnings",
                    _("Bekräfta att du har kontrollerat varningarna innan du skickar in."),
                )
            else:
                form.add_error(
                    None, _("Inrapporteringen kan inte skickas in förrän felen är rättade.")
                )
            return self.render_to_response(
                self.get_context_data(form=form, findings=refused.findings)
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.render_to_response(
                self.get_context_data(
                    form=form, findings=validation.check_submission(self.submission)
                )
            )
        messages.success(
            request,
            _(
                "Inrapporteringen har skickats in till stadskontoret. Du kan inte ändra den "
                "förrän den eventuellt skickas tillbaka."
            ),
        )
        return redirect(self.submission)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        findings = context.get("findings", [])
        context["blocking_findings"] = validation.blocking(findings)
        context["warning_findings"] = validation.warnings(findings)
        return context
