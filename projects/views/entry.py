"""The administration coordinator's submission: the submission page, the narrative and
submitting."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView, View

from projects import access, selectors, services, validation
from projects.form_tokens import FormTokenMixin
from projects.forms.entry import NarrativeForm, SubmitForm
from projects.history import SubmissionChanges
from projects.models import Submission
from projects.pagination import paginate
from projects.selectors.entry import latest_return_note, open_submissions
from projects.selectors.eu_data import source_comparisons, source_suggestions
from projects.text import count_projects
from projects.views.mixins import EntryMixin, removed_project


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
        validation.SECTION_PROJECTS: count_projects(project_count),
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


@dataclass(frozen=True)
class LinkedFinding:
    """A finding with the address of the form field that fixes it."""

    message: str
    href: str


def _finding_href(submission, finding) -> str:
    """Where the coordinator fixes ``finding``: the form, anchored at the field."""
    pk = submission.pk
    if finding.section == validation.SECTION_NARRATIVE:
        return f"{reverse('projects:narrative', args=[pk])}#id_{finding.field}"
    if finding.code == "running_not_carried_forward":
        return reverse("projects:copy_forward", args=[pk])
    if finding.report_id is None:
        return reverse("projects:project_create", args=[pk])
    url = reverse("projects:project_update", args=[pk, finding.report_id])
    if finding.payout_index is not None:
        field = finding.field or "payment_date"
        return f"{url}#id_payouts-{finding.payout_index}-{field}"
    if finding.section == validation.SECTION_PAYOUTS:
        return f"{url}#payout-rows"
    if not finding.field:
        return url
    # A group of radio buttons or checkboxes is reached at its first option.
    grouped = finding.field in ("role", "participating_administrations")
    return f"{url}#id_{finding.field}{'_0' if grouped else ''}"


def linked_findings(submission, findings) -> list[LinkedFinding]:
    return [
        LinkedFinding(message=finding.message, href=_finding_href(submission, finding))
        for finding in findings
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
        compared = source_comparisons(reports, eur_rate_sek=submission.reporting_year.eur_rate_sek)
        findings = validation.check_submission(submission, reports=reports, comparisons=compared)
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
        # The review comments beside the project (and payout) they are about.
        comments = selectors.submission_comments(submission)
        by_report = selectors.review_comments_by_report(comments)
        suggested = source_suggestions(report_pages.object_list)
        for report in report_pages.object_list:
            report.review_comments_shown = by_report.get(report.pk, [])
            report.source_comparison = compared.get(report.pk)
            report.source_suggestions = suggested.get(report.pk, [])
            report.source_anchor = f"report-{report.pk}-source"
        context.update(
            submission=submission,
            organisation=selectors.organisation_letterhead(submission.reporting_year.year),
            return_note=latest_return_note(submission),
            comments=comments,
            submit_record=selectors.submit_record(submission, comments),
            can_comment=access.can_review(user, submission) and not submission.is_locked,
            reports=report_pages.object_list,
            report_pagination=report_pages,
            project_count=len(reports),
            payout_total=totals["total"],
            payout_count=totals["count"],
            narrative=narrative,
            findings=findings,
            blocking_findings=linked_findings(submission, validation.blocking(findings)),
            warning_findings=linked_findings(submission, validation.warnings(findings)),
            sections=_sections(
                submission,
                findings,
                project_count=len(reports),
                payout_count=totals["count"],
                narrative_done=sum(1 for _label, text in narrative if text.strip()),
            ),
            can_edit=can_edit,
            removed_project=removed_project(self.request, submission) if can_edit else None,
            project_endings=list(submission.project_endings.all()),
            # The checks already name last year's running projects that are not here yet.
            has_copy_candidates=can_edit
            and any(finding.code == "running_not_carried_forward" for finding in findings),
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


class MySubmissionView(LoginRequiredMixin, View):
    """A coordinator's landing: the open submission needing them most (returned, draft, newest)."""

    def get(self, request, *args, **kwargs):
        submission = open_submissions(request.user, own_administration=True).first()
        if submission is None:
            messages.info(
                request,
                _("Inget redovisningsår är öppet för inrapportering just nu."),
                extra_tags="no_open_year",
            )
            return redirect("projects:home")
        return redirect(submission)


class NarrativeView(FormTokenMixin, EntryMixin, TemplateView):
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
                return redirect(
                    self.form_token.saved(f"{self.submission.get_absolute_url()}#narrative")
                )
        return self.render_to_response(self.get_context_data(form=form))


class SubmitView(FormTokenMixin, EntryMixin, TemplateView):
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
                # Said in the warning box, which takes the focus, next to the checkbox.
                return self.render_to_response(
                    self.get_context_data(
                        form=form,
                        findings=refused.findings,
                        confirm_missing=_(
                            "Bekräfta att du har kontrollerat varningarna innan du skickar in."
                        ),
                    )
                )
            form.add_error(
                None,
                ValidationError(
                    _("Inrapporteringen kan inte skickas in förrän felen är rättade."),
                    code="blocking_findings",
                ),
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
                "Inrapporteringen har skickats in till %(office)s. Du kan inte ändra den "
                "förrän den eventuellt skickas tillbaka."
            )
            % {"office": selectors.organisation_letterhead().office_in_sentence},
        )
        return redirect(self.form_token.saved(self.submission.get_absolute_url()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        findings = context.get("findings", [])
        context["blocking_findings"] = linked_findings(
            self.submission, validation.blocking(findings)
        )
        context["warning_findings"] = linked_findings(
            self.submission, validation.warnings(findings)
        )
        return context
