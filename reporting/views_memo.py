"""Pages for the council memo: drafting, editing with live preview, publishing, downloading."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, OuterRef, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from projects.access import (
    DevelopmentCoordinatorRequiredMixin,
    can_view_all_administrations,
    is_development_coordinator,
)
from projects.models import ReportingYear
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
    memo_docx,
    published_docx_filename,
    published_memo_docx,
)
from reporting.models import Memo, PublishedMemo
from reporting.pdf import Official, Step, memo_body_html, memo_pdf
from reporting.selectors import YearFigures, year_figures
from reporting.services import (
    memo_create_draft,
    memo_figures,
    memo_figures_changed,
    memo_publish,
    memo_publish_problems,
    memo_refresh_figures,
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


class MemoEditView(DevelopmentCoordinatorRequiredMixin, TemplateView):
    """Every text of the memo, with a live preview of the document."""

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
        context.update(
            memo=self.memo,
            year=self.memo.year,
            figures_changed=memo_figures_changed(self.memo),
            publish_problems=memo_publish_problems(self.memo),
            preview=memo_body_html(self.memo),
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


class MemoDraftPdfView(DevelopmentCoordinatorRequiredMixin, View):
    """The current draft as PDF, to read before publishing."""

    def get(self, request, year):
        memo = get_object_or_404(Memo, year=year)
        data = memo_pdf(memo_figures(year), memo)
        return pdf_response(data, f"utkast-redovisning-internationellt-arbete-{year}.pdf")


class MemoDraftDocxView(DevelopmentCoordinatorRequiredMixin, View):
    """The current draft as a Word document, for the city's case management system."""

    def get(self, request, year):
        memo = get_object_or_404(Memo, year=year)
        return docx_response(memo_docx(memo_figures(year), memo), draft_docx_filename(year))


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
        )
        return context

    def post(self, request, year):
        memo = get_object_or_404(Memo, year=year)
        try:
            published = memo_publish(memo=memo, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("reporting:memo_publish", year=year)
        messages.success(
            request,
            _("Version %(version)s är publicerad.") % {"version": published.version},
        )
        return redirect("reporting:memo_year", year=year)


class PublishedMemoDownloadView(LoginRequiredMixin, View):
    """A published version exactly as it was published."""

    def get(self, request, year, version):
        published = PublishedMemo.objects.filter(year=year, version=version).first()
        if published is None:
            raise Http404
        return pdf_response(bytes(published.pdf), published.filename)


class PublishedMemoDocxView(LoginRequiredMixin, View):
    """A published version as a Word document: the file stored with its PDF when publishing
    (for older versions, written again while the content still gives the same PDF)."""

    def get(self, request, year, version):
        published = PublishedMemo.objects.defer("pdf").filter(year=year, version=version).first()
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
