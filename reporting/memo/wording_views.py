"""The memo's wording pages: the organisation's wording of every fixed sentence and heading,
with its placeholders and a preview, and an open year's memo taking the current wording."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from projects.access import (
    DevelopmentCoordinatorRequiredMixin,
)
from projects.form_tokens import FormTokenMixin
from projects.models import ReportingYear
from reporting.memo import wording_catalogue
from reporting.memo.forms import (
    MemoWordingForm,
)
from reporting.memo.pdf import memo_body_html
from reporting.memo.selectors import (
    current_templates,
    memo_wording_changes,
    wording_organisation,
)
from reporting.memo.services import (
    memo_refresh_wording,
    memo_wording_preview,
    memo_wording_save,
)
from reporting.memo.wording_catalogue import Wording
from reporting.models import Memo, MemoDecisionStep


class MemoRefreshWordingView(DevelopmentCoordinatorRequiredMixin, View):
    """An open year's memo takes the organisation's current wording (an explicit action)."""

    def post(self, request, year):
        memo = get_object_or_404(Memo, year=year)
        try:
            memo_refresh_wording(memo=memo, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _(
                    "Tjänsteskrivelsen har fått de nuvarande formuleringarna. Texter du har "
                    "ändrat själv är kvar."
                ),
            )
        return redirect("reporting:memo_edit", year=year)


def wording_groups(form, wording: Wording | None) -> list[dict]:
    """The wording page's fields in their groups, each with the placeholders it may use: what
    each stands for and its value in the preview's year ("–" where the year gives none)."""
    seen = (wording.seen or {}) if wording is not None else {}
    common = wording.values if wording is not None else {}
    groups: dict[str, dict] = {}
    for entry in wording_catalogue.CATALOGUE:
        values = {**common, **seen.get(entry.key, {})}
        group = groups.setdefault(
            entry.group, {"label": wording_catalogue.GROUPS[entry.group], "rows": []}
        )
        group["rows"].append(
            {
                "field": form[entry.key],
                "placeholders": [
                    {
                        "name": f"{{{name}}}",
                        "label": wording_catalogue.PLACEHOLDERS[name],
                        "value": str(values[name]) if str(values.get(name, "")) else "–",
                    }
                    for name in entry.allowed
                ],
            }
        )
    return list(groups.values())


class MemoWordingView(FormTokenMixin, DevelopmentCoordinatorRequiredMixin, TemplateView):
    """The organisation's wording of the memo: every fixed sentence and heading as a template,
    its placeholders with this year's values, and the whole memo text as a new draft of the
    latest year would come out. Memos already drafted keep their copy."""

    template_name = "reporting/memo_wording.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = kwargs.get("form") or MemoWordingForm(initial=current_templates())
        templates = kwargs.get("templates") or current_templates()
        year = ReportingYear.objects.order_by("-year").values_list("year", flat=True).first()
        preview, wording = None, None
        if year is not None:
            memo, wording = memo_wording_preview(templates=templates, year=year)
            path = wording_organisation(memo.reporting_year).decision_steps
            steps = [MemoDecisionStep(body=step.body, date=None) for step in path]
            preview = memo_body_html(memo, steps=steps, officials=[], wording=wording)
        context.update(
            form=form,
            groups=wording_groups(form, wording),
            preview=preview,
            preview_year=year,
            changes=memo_wording_changes(),
        )
        return context

    def post(self, request):
        form = MemoWordingForm(request.POST)
        if form.is_valid() and "preview" not in request.POST:
            memo_wording_save(templates=form.templates(), user=request.user)
            messages.success(request, _("Formuleringarna är sparade."))
            url = reverse("reporting:memo_wording")
            self.form_token.saved(url)
            return redirect(url)
        # The preview shows what the fields say; a field still in error shows the saved wording.
        valid = {key: value for key, value in form.cleaned_data.items() if key not in form.errors}
        templates = {**current_templates(), **valid}
        return self.render_to_response(
            self.get_context_data(form=form, templates=templates),
            status=200 if form.is_valid() else 400,
        )
