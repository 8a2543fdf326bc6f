"""The organisation's settings page: the organisation and its decision path."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from projects.logos import read_logo
from projects.models import DecisionStep, Organisation


class OrganisationForm(forms.ModelForm):
    # The logo is read here (its kind by content, its size) and kept by the service.
    logo = forms.FileField(
        label=_("Logotyp"),
        required=False,
        help_text=_("PNG, JPEG eller SVG, högst 512 kB; står i tjänsteskrivelsens brevhuvud."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/svg+xml"}),
    )
    remove_logo = forms.BooleanField(label=_("Ta bort logotypen"), required=False)

    def clean_logo(self):
        uploaded = self.cleaned_data.get("logo")
        return read_logo(uploaded) if uploaded else None

    class Meta:
        model = Organisation
        fields = [
            "name",
            "name_genitive",
            "organisation_number",
            "vat_number",
            "pic",
            "office_name",
            "document_type",
            "case_number_pattern",
            "policy",
            "responsible",
            "colour_primary",
            "colour_secondary",
            "companies_report",
            "email_from",
            "open_data_licence",
        ]
        widgets = {
            "policy": forms.Textarea(attrs={"rows": 2}),
            "responsible": forms.Textarea(attrs={"rows": 4}),
            "colour_primary": forms.TextInput(attrs={"pattern": "#[0-9a-fA-F]{6}"}),
            "colour_secondary": forms.TextInput(attrs={"pattern": "#[0-9a-fA-F]{6}"}),
        }


class DecisionStepForm(forms.ModelForm):
    class Meta:
        model = DecisionStep
        fields = ["body", "abbreviation"]


class BaseDecisionStepFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not self._should_delete_form(form) and form.cleaned_data.get("body")
        ]
        if not kept:
            raise forms.ValidationError(
                _("Beslutsgången behöver minst ett steg, till exempel Kommunfullmäktige."),
                code="no_decision_step",
            )

    def steps(self) -> list[tuple[str, str]]:
        """The steps kept, in the page's order: (body, short form)."""
        return [
            (form.cleaned_data["body"], form.cleaned_data["abbreviation"])
            for form in self.forms
            if form.cleaned_data.get("body") and not self._should_delete_form(form)
        ]


DecisionStepFormSet = forms.inlineformset_factory(
    Organisation,
    DecisionStep,
    form=DecisionStepForm,
    formset=BaseDecisionStepFormSet,
    extra=2,
    max_num=8,
    can_delete=True,
)
