"""Pages for the council memo: drafting, editing with live preview, publishing, downloading."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, OuterRef, Subquery
from django.forms import Textarea
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from projects.access import (
    DevelopmentCoordinatorRequiredMixin,
    can_view_all_administrations,
    is_development_coordinator,
)
from projects.models import ReportingYear, Submission
from reporting import exports_rows
from reporting import formatting as fmt
from reporting.forms import (
    DecisionStepFormSet,
    MemoForm,
    OfficialFormSet,
    decision_steps_from,
    officials_from,
)
from reporting.memo_docx import (
    DOCX_CONTENT_TYPE,
    draft_docx_filename,
    published_docx_filename,
    published_memo_docx,
)
from reporting.models import Memo, MemoRender, PublishedMemo
from reporting.pdf import Official, Step, memo_body_html
from reporting.selectors import MemoSources, YearFigures, memo_sources, year_figures
from reporting.services import (
    memo_create_draft,
    memo_figures,
    memo_figures_changed,
    memo_publish_problems,
    memo_publish_request,
    memo_refresh_figures,
    memo_render_request,
    memo_stated_figures,
    memo_update,
)


def pdf_response(data: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def docx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


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
            {"goal": row.goal, "amount": fmt.table_amount(row.amount_sek)}
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
        drafts = (
            {memo.year: memo.title for memo in Memo.objects.only("year", "title")}
            if can_edit
            else {}
        )
        latest_title = (
            PublishedMemo.objects.filter(year=OuterRef("year"))
            .order_by("-version")
            .values("title")[:1]
        )
        published = {
            row["year"]: row
            for row in PublishedMemo.objects.values("year")
            .annotate(
                count=Count("pk"),
                latest=Max("published_at"),
                version=Max("version"),
                title=Subquery(latest_title),
            )
            .order_by()
        }
        rows = []
        for reporting_year in ReportingYear.objects.order_by("-year"):
            year_published = published.get(reporting_year.year)
            published_title = year_published["title"] if year_published else None
            rows.append(
                {
                    "year": reporting_year.year,
                    "title": drafts.get(reporting_year.year) if can_edit else published_title,
                    "published": year_published,
                }
            )
        context.update(rows=rows, can_edit=can_edit)
        return context


class MemoYearView(LoginRequiredMixin, TemplateView):
    """One year: the figures the user may see, the published versions, and the draft's state."""

    template_name = "reporting/memo_year.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = get_object_or_404(ReportingYear, year=self.kwargs["year"]).year
        user = self.request.user
        figures = year_figures(year)
        memo = Memo.objects.filter(year=year).first()
        figures_changed = memo is not None and memo_figures_changed(memo, figures)
        published = list(PublishedMemo.objects.for_year(year).without_file())
        for version in published:
            # A version published before Word files were stored can still be written from
            # the memo as long as neither the memo nor the figures changed since.
            version.docx_available = version.has_docx or (
                version.memo_unchanged and not figures_changed
            )
        context.update(
            year=year,
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


class MemoCreateDraftView(DevelopmentCoordinatorRequiredMixin, View):
    """One click: the year's memo with every section written from the figures."""

    def post(self, request, year):
        reporting_year = get_object_or_404(ReportingYear, year=year)
        try:
            memo_create_draft(year=reporting_year.year, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("reporting:memo_year", year=year)
        messages.success(request, _("Utkastet är skapat från siffrorna. Läs igenom texterna."))
        return redirect("reporting:memo_edit", year=year)


def memo_source_groups(sources: MemoSources) -> list[dict]:
    """The sources beside the editor, with their labels: per administration, the narratives
    and the example projects' results."""
    groups = []
    for row in sources.administrations:
        passages = [
            {
                "label": capfirst(Submission._meta.get_field(narrative.field).verbose_name),
                "text": narrative.text,
            }
            for narrative in row.narratives
        ]
        passages += [
            {
                "label": _("Projektet ”%(project)s”: resultat under året")
                % {"project": project.project},
                "text": project.results,
            }
            for project in row.projects
            if project.results
        ]
        if passages:
            groups.append({"administration": row.administration, "passages": passages})
    return groups


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


class MemoEditView(DevelopmentCoordinatorRequiredMixin, TemplateView):
    """Every text of the memo, with a live preview of the document and, beside it, what the
    administrations wrote."""

    template_name = "reporting/memo_edit.html"

    def dispatch(self, request, *args, **kwargs):
        # Permission first (403 for others), then the memo (404 when the year has none).
        self.memo = None
        if is_development_coordinator(request.user):
            self.memo = get_object_or_404(Memo, year=kwargs["year"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "form" not in kwargs:
            context["form"], context["steps_formset"], context["officials_formset"] = memo_forms(
                self.memo
            )
        sources = memo_sources(self.memo.year)
        drafted_basis = (self.memo.figures_snapshot or {}).get("basis")
        figures = memo_figures(self.memo.year)
        context.update(
            memo=self.memo,
            year=self.memo.year,
            figures_changed=memo_figures_changed(self.memo, figures),
            figure_rows_groups=memo_figure_rows(self.memo, figures),
            publish_problems=memo_publish_problems(self.memo),
            preview=memo_body_html(self.memo),
            basis=sources.basis,
            drafted_basis=drafted_basis,
            basis_changed=drafted_basis is not None and drafted_basis != sources.basis.as_dict(),
            source_groups=memo_source_groups(sources),
            text_sections=memo_text_sections(context["form"]),
            examples_text_id=context["form"]["examples_text"].id_for_label,
        )
        return context

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
                return redirect("reporting:memo_edit", year=year)
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
            Step(body=row.cleaned_data["body"], date=row.cleaned_data.get("date"))
            for row in steps
            if row.is_valid() and row.cleaned_data.get("body")
        ]
        official_rows = [
            Official(name=row.cleaned_data["name"], title=row.cleaned_data.get("title", ""))
            for row in officials
            if row.is_valid() and row.cleaned_data.get("name")
        ]
        html = memo_body_html(memo, steps=step_rows, officials=official_rows)
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


class MemoDraftFileView(DevelopmentCoordinatorRequiredMixin, View):
    """The current draft as a file: served from storage when made, else made by the worker
    while the status page says so (asking again never makes it twice)."""

    kind = MemoRender.Kind.PDF

    def get(self, request, year):
        memo = get_object_or_404(Memo, year=year)
        render = memo_render_request(memo=memo, kind=self.kind, user=request.user)
        if not render.is_done:
            return redirect(RENDER_URLS[self.kind]["status_url"], year=year)
        data = bytes(MemoRender.objects.values_list("data", flat=True).get(pk=render.pk))
        if self.kind == MemoRender.Kind.PDF:
            return pdf_response(data, f"utkast-redovisning-internationellt-arbete-{year}.pdf")
        return docx_response(data, draft_docx_filename(year))


class MemoDraftPdfView(MemoDraftFileView):
    """The current draft as PDF, to read before publishing."""

    kind = MemoRender.Kind.PDF


class MemoDraftDocxView(MemoDraftFileView):
    """The current draft as a Word document, for the city's case management system."""

    kind = MemoRender.Kind.DOCX


def render_words(kind: str) -> dict:
    """What the status of a file being made is called on the pages, per kind."""
    return {
        MemoRender.Kind.PDF: {
            "title": _("Utkastet som PDF"),
            "pending": _("PDF:en skapas…"),
            "done": _("PDF:en är klar."),
            "download": _("Ladda ner utkastet som PDF"),
            "failed": _("PDF:en kunde inte skapas."),
        },
        MemoRender.Kind.DOCX: {
            "title": _("Utkastet som Word"),
            "pending": _("Word-filen skapas…"),
            "done": _("Word-filen är klar."),
            "download": _("Ladda ner utkastet som Word"),
            "failed": _("Word-filen kunde inte skapas."),
        },
        MemoRender.Kind.PUBLISH: {
            "title": _("Publicering"),
            "pending": _("Versionen publiceras…"),
            "done": _("Versionen är publicerad."),
            "download": "",
            "failed": _("Versionen kunde inte publiceras."),
        },
    }[kind]


RENDER_URLS = {
    MemoRender.Kind.PDF: {
        "status_url": "reporting:memo_pdf_status",
        "file_url": "reporting:memo_pdf",
    },
    MemoRender.Kind.DOCX: {
        "status_url": "reporting:memo_docx_status",
        "file_url": "reporting:memo_docx",
    },
}


def render_status_context(render: MemoRender | None, kind: str, year: int) -> dict:
    """What the status box shows: pending (with the address it polls), done, or failed."""
    if render is None:
        state = "none"
    elif render.is_done:
        state = "done"
    elif render.can_retry:
        state = "failed"
    else:
        state = "pending"
    context = {
        "render": render,
        "kind": kind,
        "state": state,
        "year": year,
        "words": render_words(kind),
        "progress_url": reverse("reporting:memo_render_progress", args=[year]) + f"?kind={kind}",
    }
    if kind in RENDER_URLS:
        context["status_url"] = reverse(RENDER_URLS[kind]["status_url"], args=[year])
        context["file_url"] = reverse(RENDER_URLS[kind]["file_url"], args=[year])
    return context


def publish_status_context(memo: Memo) -> dict | None:
    """The status box of a publication waiting for the worker, or of the last one that failed."""
    publish = MemoRender.objects.latest_for(memo, MemoRender.Kind.PUBLISH)
    if publish is None or publish.is_done:
        return None
    return render_status_context(publish, MemoRender.Kind.PUBLISH, memo.year)


class MemoRenderStatusView(DevelopmentCoordinatorRequiredMixin, TemplateView):
    """GET: the draft file's state (asked for if it is not yet); POST: ask again after a
    failure."""

    template_name = "reporting/memo_render.html"
    kind = MemoRender.Kind.PDF

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        memo = get_object_or_404(Memo, year=self.kwargs["year"])
        render = memo_render_request(memo=memo, kind=self.kind, user=self.request.user)
        context.update(render_status_context(render, self.kind, memo.year))
        return context

    def post(self, request, year):
        memo = get_object_or_404(Memo, year=year)
        memo_render_request(memo=memo, kind=self.kind, user=request.user, retry=True)
        return redirect(RENDER_URLS[self.kind]["status_url"], year=year)


class MemoRenderProgressView(DevelopmentCoordinatorRequiredMixin, View):
    """The status box alone, for the page to poll: the latest request of one kind (never asks
    for anything, and never computes the figures)."""

    def get(self, request, year):
        memo = get_object_or_404(Memo.objects.only("pk", "year"), year=year)
        kind = request.GET.get("kind", MemoRender.Kind.PDF)
        if kind not in MemoRender.Kind.values:
            raise Http404
        render = MemoRender.objects.latest_for(memo, kind)
        context = render_status_context(render, kind, year)
        response = TemplateResponse(request, "reporting/includes/memo_render_status.html", context)
        response["Cache-Control"] = "no-store"
        return response


class MemoPublishView(DevelopmentCoordinatorRequiredMixin, TemplateView):
    """GET: what is about to be published, or what is missing; POST: publish the version."""

    template_name = "reporting/memo_publish_confirm.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        memo = get_object_or_404(Memo, year=self.kwargs["year"])
        last = PublishedMemo.objects.filter(year=memo.year).aggregate(n=Max("version"))["n"]
        context.update(
            memo=memo,
            year=memo.year,
            next_version=(last or 0) + 1,
            problems=memo_publish_problems(memo),
            figures_changed=memo_figures_changed(memo),
            publish_status=publish_status_context(memo),
        )
        return context

    def post(self, request, year):
        memo = get_object_or_404(Memo, year=year)
        try:
            publish = memo_publish_request(memo=memo, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("reporting:memo_publish", year=year)
        if publish.is_done:
            messages.success(
                request,
                _("Version %(version)s är publicerad.") % {"version": publish.published.version},
            )
        elif publish.status == MemoRender.Status.FAILED:
            messages.error(request, publish.error)
            return redirect("reporting:memo_publish", year=year)
        else:
            messages.info(
                request,
                _("Tjänsteskrivelsen publiceras. Den nya versionen visas här när den är klar."),
            )
        return redirect("reporting:memo_year", year=year)


class PublishedMemoDownloadView(LoginRequiredMixin, View):
    """A published version exactly as it was published."""

    def get(self, request, year, version):
        published = (
            PublishedMemo.objects.defer("docx", "rows").filter(year=year, version=version).first()
        )
        if published is None:
            raise Http404
        return pdf_response(bytes(published.pdf), published.filename)


class PublishedMemoDocxView(LoginRequiredMixin, View):
    """A published version as a Word document: the file stored with its PDF when publishing
    (for older versions, written again while the content still gives the same PDF)."""

    def get(self, request, year, version):
        published = (
            PublishedMemo.objects.defer("pdf", "rows").filter(year=year, version=version).first()
        )
        if published is None:
            raise Http404
        data = published_memo_docx(published)
        if data is None:
            messages.error(
                request,
                _(
                    "Word-filen för version %(version)s kan inte skapas längre: "
                    "tjänsteskrivelsen eller siffrorna har ändrats sedan versionen publicerades. "
                    "Versionens PDF finns kvar oförändrad."
                )
                % {"version": published.version},
            )
            return redirect("reporting:memo_year", year=year)
        return docx_response(data, published_docx_filename(published))


class PublishedMemoRowsView(LoginRequiredMixin, View):
    """The rows behind the figures of a published version, as stored when it was published
    (versions published before the workbook was stored have none)."""

    def get(self, request, year, version):
        published = (
            PublishedMemo.objects.defer("pdf", "docx")
            .filter(year=year, version=version, rows__isnull=False)
            .first()
        )
        if published is None:
            raise Http404
        response = HttpResponse(bytes(published.rows), content_type=exports_rows.XLSX)
        response["Content-Disposition"] = f'attachment; filename="{published.rows_filename}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
