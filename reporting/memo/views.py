"""Pages for the council memo: the years, drafting, editing with live preview, refreshing.

Its files (draft PDF and Word file, publishing, downloads) are in ``reporting.memo.file_views``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.forms import Textarea
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from projects.access import (
    DevelopmentCoordinatorRequiredMixin,
    can_view_all_administrations,
    is_development_coordinator,
)
from projects.form_tokens import FormTokenMixin
from projects.models import ReportingYear, Submission
from reporting import formatting as fmt
from reporting.exports import rows as exports_rows
from reporting.memo import drafting
from reporting.memo.forms import (
    DecisionStepFormSet,
    MemoForm,
    OfficialFormSet,
    decision_steps_from,
    officials_from,
)
from reporting.memo.pdf import memo_body_html, memo_organisation
from reporting.memo.selectors import (
    current_templates,
    memo_index_rows,
    memo_publish_problems,
    memo_wording,
    year_memo,
)
from reporting.memo.services import (
    memo_create_draft,
    memo_figures,
    memo_figures_changed,
    memo_refresh_figures,
    memo_sources_kept,
    memo_stated_figures,
    memo_update,
)
from reporting.memo.status import publish_status_context
from reporting.memo.wording_catalogue import complete
from reporting.models import Memo, MemoDecisionStep, MemoOfficial, PublishedMemo
from reporting.selectors import (
    MemoSources,
    YearFigures,
    year_figures,
    year_status,
)
from reporting.selectors.sources import SOURCE_FIELDS


def figures_summary(figures: YearFigures, user) -> dict:
    """The figures a user may see on the year page: all of them for the City Office and
    officials, their own administration's rows for a coordinator."""
    projects = figures.projects_by_administration
    payouts = {row.administration: row.amount_sek for row in figures.payouts_by_administration}
    all_rows = can_view_all_administrations(user)
    own = user.administration.name if user.administration_id else None
    rows = [
        {
            "administration": row.administration,
            "total": row.total,
            "owner": row.owner,
            "partner": row.partner,
            "payouts": fmt.table_amount(payouts.get(row.administration, 0)),
        }
        for row in projects
        if all_rows or row.administration == own
    ]
    return {
        "all_administrations": all_rows,
        "own_administration": own,
        "administration_rows": rows,
        "goal_rows": [
            {"goal": row.label, "amount": fmt.table_amount(row.amount_sek)}
            for row in figures.payouts_by_council_goal
        ]
        if all_rows
        else [],
        "totals": {
            "projects": figures.projects_total,
            "owner": figures.projects_owner,
            "partner": figures.projects_partner,
            "payouts": fmt.sek_exact(figures.payouts_total_sek),
        }
        if all_rows
        else None,
    }


def memo_forms(memo: Memo, data=None):
    """The memo form and its two row formsets, bound to ``data`` when given."""
    form = MemoForm(data, instance=memo, initial={"examples": list(memo.examples.all())})
    steps = DecisionStepFormSet(
        data,
        prefix="steps",
        initial=[{"body": s.body, "date": s.date} for s in memo.steps.all()],
    )
    officials = OfficialFormSet(
        data,
        prefix="officials",
        initial=[{"name": o.name, "title": o.title} for o in memo.officials.all()],
    )
    return form, steps, officials


class MemoIndexView(LoginRequiredMixin, TemplateView):
    """Every reporting year with its published versions; the draft's title only for the one who
    may edit it (the development coordinator), the latest published title for everyone else."""

    template_name = "reporting/memo_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        can_edit = is_development_coordinator(self.request.user)
        context.update(rows=memo_index_rows(with_drafts=can_edit), can_edit=can_edit)
        return context


class MemoYearView(LoginRequiredMixin, TemplateView):
    """One year: the figures the user may see, the published versions, and the draft's state."""

    template_name = "reporting/memo_year.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = get_object_or_404(ReportingYear, year=self.kwargs["year"]).year
        user = self.request.user
        figures = year_figures(year)
        memo = year_memo(year)
        figures_changed = memo is not None and memo_figures_changed(memo)
        published = list(PublishedMemo.objects.for_year(year).without_file())
        for version in published:
            # A version published before Word files were stored can still be written from
            # the memo as long as neither the memo nor the figures changed since.
            version.docx_available = version.has_docx or (
                version.memo_unchanged and not figures_changed
            )
        context.update(
            year=year,
            status=year_status(year),
            figures=figures,
            memo=memo,
            published=published,
            is_development_coordinator=user.is_development_coordinator,
            figures_changed=figures_changed,
            publish_problems=memo_publish_problems(memo)
            if memo is not None and user.is_development_coordinator
            else [],
            publish_status=publish_status_context(memo)
            if memo is not None and user.is_development_coordinator
            else None,
            **figures_summary(figures, user),
        )
        return context


class MemoCreateDraftView(FormTokenMixin, DevelopmentCoordinatorRequiredMixin, View):
    """One click: the year's memo with every section written from the figures."""

    def post(self, request, year):
        reporting_year = get_object_or_404(ReportingYear, year=year)
        try:
            memo_create_draft(year=reporting_year.year, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("reporting:memo_year", year=year)
        messages.success(request, _("Utkastet är skapat från siffrorna. Läs igenom texterna."))
        return redirect(self.form_token.saved(reverse("reporting:memo_edit", args=[year])))


def memo_source_groups(sources: MemoSources) -> list[dict]:
    """The sources beside the editor, with their labels: per administration, the narratives
    and the example projects' results."""
    # Each label translated once, not once per administration.
    labels = {
        field: capfirst(str(Submission._meta.get_field(field).verbose_name))
        for field in SOURCE_FIELDS
    }
    project_label = _("Projektet ”%(project)s”: resultat under året")
    groups = []
    for row in sources.administrations:
        passages = [
            {"label": labels[narrative.field], "text": narrative.text}
            for narrative in row.narratives
        ]
        passages += [
            {"label": project_label % {"project": project.project}, "text": project.results}
            for project in row.projects
            if project.results
        ]
        if passages:
            groups.append({"administration": row.administration, "passages": passages})
    return groups


# Passages beside the editor before the rest is one click away (whole administrations: the
# first administration's passages are shown however many they are).
SOURCE_PASSAGES_SHOWN = 200
# ?underlag=alla shows every administration's passages.
ALL_SOURCES_PARAM, ALL_SOURCES_VALUE = "underlag", "alla"


def first_source_groups(groups: list[dict], *, limit: int) -> list[dict]:
    """The first administrations' groups up to ``limit`` passages in all (at least one group)."""
    shown, passages = [], 0
    for group in groups:
        passages += len(group["passages"])
        if shown and passages > limit:
            break
        shown.append(group)
    return shown


def memo_text_sections(form) -> list[tuple[str, str]]:
    """The sections a passage can be inserted into: every multi-line text of the form."""
    return [
        (form[name].id_for_label, form[name].label)
        for name, field in form.fields.items()
        if isinstance(field.widget, Textarea)
    ]


def memo_figure_rows(memo: Memo, figures: YearFigures) -> list[dict]:
    """The figures the figure sections state, per section, each with its value as the page
    shows it and the address of its rows (no query)."""
    sections = exports_rows.section_labels()
    groups = {}
    for stated in memo_stated_figures(memo, figures):
        value = stated.value if isinstance(stated.value, int) else fmt.sek_exact(stated.value)
        group = groups.setdefault(
            stated.section, {"label": sections[stated.section], "figures": []}
        )
        group["figures"].append(
            {"label": exports_rows.stated_figure_title(stated), "value": value, "url": stated.url}
        )
    return list(groups.values())


class MemoEditView(FormTokenMixin, DevelopmentCoordinatorRequiredMixin, TemplateView):
    """Every text of the memo, with a live preview of the document and, beside it, what the
    administrations wrote."""

    template_name = "reporting/memo_edit.html"

    @cached_property
    def memo(self) -> Memo:
        # Looked up by the page and the save, after the mixin's permission check: a 403 never
        # says whether the year has a memo.
        return get_object_or_404(Memo, year=self.kwargs["year"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "form" not in kwargs:
            context["form"], context["steps_formset"], context["officials_formset"] = memo_forms(
                self.memo
            )
        sources = memo_sources_kept(self.memo.year)
        drafted_basis = (self.memo.figures_snapshot or {}).get("basis")
        figures = memo_figures(self.memo.year)
        context.update(
            memo=self.memo,
            year=self.memo.year,
            figures_changed=memo_figures_changed(self.memo),
            figure_rows_groups=memo_figure_rows(self.memo, figures),
            publish_problems=memo_publish_problems(self.memo),
            preview=memo_body_html(self.memo),
            organisation=memo_organisation(self.memo),
            basis=sources.basis,
            status=sources.status,
            drafted_basis=drafted_basis,
            basis_changed=drafted_basis is not None and drafted_basis != sources.basis.as_dict(),
            **self.source_groups(sources),
            text_sections=memo_text_sections(context["form"]),
            examples_text_id=context["form"]["examples_text"].id_for_label,
            wording_changed=complete(self.memo.wording) != current_templates(),
            wording_refreshable=self.memo.reporting_year is not None
            and self.memo.reporting_year.is_open,
        )
        return context

    def source_groups(self, sources: MemoSources) -> dict:
        """The sources shown beside the editor: the first ``SOURCE_PASSAGES_SHOWN`` passages,
        every one when asked for, and how many administrations' are left out."""
        groups = memo_source_groups(sources)
        shown = groups
        if self.request.GET.get(ALL_SOURCES_PARAM) != ALL_SOURCES_VALUE:
            shown = first_source_groups(groups, limit=SOURCE_PASSAGES_SHOWN)
        return {
            "source_groups": shown,
            "sources_left_out": len(groups) - len(shown),
            "all_sources_url": f"?{ALL_SOURCES_PARAM}={ALL_SOURCES_VALUE}#memo-sources",
        }

    def post(self, request, year):
        form, steps, officials = memo_forms(self.memo, request.POST)
        if form.is_valid() and steps.is_valid() and officials.is_valid():
            try:
                memo_update(
                    memo=self.memo,
                    user=request.user,
                    revision=form.cleaned_data["revision"],
                    fields=form.text_fields(),
                    decision_steps=decision_steps_from(steps),
                    officials=officials_from(officials),
                    examples=list(form.cleaned_data["examples"]),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Tjänsteskrivelsen är sparad."))
                return redirect(self.form_token.saved(reverse("reporting:memo_edit", args=[year])))
        self.memo.refresh_from_db()
        return self.render_to_response(
            self.get_context_data(form=form, steps_formset=steps, officials_formset=officials),
            status=400,
        )


class MemoPreviewView(DevelopmentCoordinatorRequiredMixin, View):
    """The memo body as it would look with the texts in the form (not saved)."""

    def post(self, request, year):
        memo = get_object_or_404(Memo, year=year)
        form, steps, officials = memo_forms(memo, request.POST)
        # Show what can be shown even while a field is still invalid.
        form.is_valid()
        for name, value in form.cleaned_data.items():
            if name not in ("revision", "examples"):
                setattr(memo, name, value)
        step_rows = [
            MemoDecisionStep(body=row.cleaned_data["body"], date=row.cleaned_data.get("date"))
            for row in steps
            if row.is_valid() and row.cleaned_data.get("body")
        ]
        official_rows = [
            MemoOfficial(name=row.cleaned_data["name"], title=row.cleaned_data.get("title", ""))
            for row in officials
            if row.is_valid() and row.cleaned_data.get("name")
        ]
        # As saving will: the default decision basis follows the first step's meeting date.
        stored_first = next(iter(memo.steps.all()), None)
        wording = memo_wording(memo)
        memo.decision_basis = drafting.follow_decision_basis(
            memo.decision_basis,
            wording,
            stored_first.date if stored_first else None,
            step_rows[0].date if step_rows else None,
        )
        html = memo_body_html(memo, steps=step_rows, officials=official_rows, wording=wording)
        return HttpResponse(html)


class MemoRefreshView(DevelopmentCoordinatorRequiredMixin, View):
    def post(self, request, year):
        memo = get_object_or_404(Memo, year=year)
        memo_refresh_figures(memo=memo, user=request.user)
        messages.success(
            request,
            _("Siffrorna är uppdaterade. Texterna som skrivs från siffrorna är omskrivna."),
        )
        return redirect("reporting:memo_edit", year=year)
