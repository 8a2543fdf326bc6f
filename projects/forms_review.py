"""Forms of the development coordinator's round: opening a year, filtering the overview and
returning, approving or reopening a submission."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects import validation
from projects.forms.fields import RateInput, SwedishDecimalField
from projects.models import CouncilGoal
from projects.selectors import Progress
from projects.years import FIRST_YEAR, LAST_YEAR

# --- Years ----------------------------------------------------------------------------------


class CouncilGoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        until = obj.valid_to_year or _("tills vidare")
        return f"{obj.name} ({obj.valid_from_year}–{until})"


class ReportingYearOpenForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("År"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    # Set by the confirmation page: the first POST only shows what opening will do.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
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
    eur_rate_sek = SwedishDecimalField(
        label=gettext_lazy("Årets genomsnittskurs (kronor per euro)"),
        required=False,
        max_digits=8,
        decimal_places=4,
        widget=RateInput,
        help_text=gettext_lazy(
            "Riksbankens årsgenomsnitt för euron, till exempel 11,4765. Används när beloppen "
            "jämförs med EU:s egna uppgifter; kan fyllas i senare, så länge året är öppet."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year")
        if year is None:
            return cleaned
        for finding in validation.check_year_opening(
            year=year,
            deadline=cleaned.get("deadline"),
            council_goals=cleaned.get("council_goals", []),
            eur_rate_sek=cleaned.get("eur_rate_sek"),
        ):
            self.add_error(finding.field, finding.as_error())
        return cleaned


class ReportingYearReopenForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Varför öppnas året igen?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Anledningen sparas med ditt namn och tidpunkten och visas i årets historik."
        ),
        error_messages={"required": gettext_lazy("Skriv varför året öppnas igen.")},
    )


# --- Review ---------------------------------------------------------------------------------


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


class ReviewCommentForm(forms.Form):
    """A review comment; without a project or payout it is about the whole submission."""

    text = forms.CharField(
        label=gettext_lazy("Kommentar till förvaltningen"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Skriv en kommentar.")},
    )
    report = forms.IntegerField(required=False, widget=forms.HiddenInput)
    payout = forms.IntegerField(required=False)
