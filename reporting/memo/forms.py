"""Forms for editing the council memo in the browser."""

from __future__ import annotations

import contextlib
import encodings.idna

from django import forms
from django.utils.translation import gettext_lazy as _

from reporting.memo import wording_catalogue
from reporting.memo.services import (
    DecisionStepData,
    OfficialData,
    memo_wording_check,
    suggested_examples,
)
from reporting.models import Memo

TEXT_ROWS = {
    "summary": 6,
    "proposed_decision": 4,
    "decision_basis": 2,
    "recipients": 3,
    "matter": 8,
    "international_intro": 8,
    "projects_text": 12,
    "payouts_by_administration_text": 12,
    "payouts_by_goal_text": 5,
    "examples_text": 14,
    "assessment": 12,
}


def email_from_punycode(address: str) -> str:
    """The address as the person wrote it: ``xn--`` labels of the domain back to Unicode.

    Chromium sends the domain of an ``<input type="email">`` as punycode
    (``växjö.se`` -> ``xn--vxj-qla6g.se``); the memo prints the address, so it is stored
    readable."""
    address = (address or "").strip()
    local, at, domain = address.rpartition("@")
    if not at or "xn--" not in domain.lower():
        return address
    labels = []
    for label in domain.split("."):
        if label.lower().startswith("xn--"):
            # Not valid punycode: left as written, the e-mail check judges it.
            with contextlib.suppress(UnicodeError):
                label = encodings.idna.ToUnicode(label)
        labels.append(label)
    return f"{local}@{'.'.join(labels)}"


class ExampleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.submission.administration_name})"


class MemoForm(forms.ModelForm):
    """Metadata and every text of the memo; ``revision`` guards against overwriting a later save."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
    examples = ExampleChoiceField(
        label=_("Valda exempel"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Projekt som förvaltningarna föreslagit som exempel. Exempeltexten skrivs om när "
            "valet ändras, om du inte redan har skrivit om den själv."
        ),
    )

    class Meta:
        model = Memo
        fields = [
            "title",
            "case_number",
            "date",
            "reference_name",
            "reference_title",
            "reference_email",
            # The sections in the memo's order.
            *Memo.INTRODUCTION_FIELDS,
            *Memo.FIGURE_FIELDS,
            "examples",
            "examples_text",
            "assessment",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            # A text input, not type="email": Chromium would send an IDN domain as punycode.
            "reference_email": forms.TextInput(
                attrs={"inputmode": "email", "autocomplete": "email", "spellcheck": "false"}
            ),
            **{name: forms.Textarea(attrs={"rows": rows}) for name, rows in TEXT_ROWS.items()},
        }
        help_texts = {
            "projects_text": _("Skrivs från siffrorna. Skrivs om när du uppdaterar siffrorna."),
            "payouts_by_administration_text": _(
                "Skrivs från siffrorna. Skrivs om när du uppdaterar siffrorna."
            ),
            "payouts_by_goal_text": _(
                "Skrivs från siffrorna. Skrivs om när du uppdaterar siffrorna."
            ),
            "summary": _("Tom rad mellan stycken. Rader som börjar med ”- ” blir en punktlista."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["examples"].queryset = suggested_examples(self.instance.year)
        self.fields["revision"].initial = self.instance.revision
        self.fields["date"].input_formats = ["%Y-%m-%d"]

    def clean_reference_email(self):
        return email_from_punycode(self.cleaned_data.get("reference_email", ""))

    def text_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("revision", None)
        data.pop("examples", None)
        return data


class DecisionStepForm(forms.Form):
    body = forms.CharField(label=_("Instans"), max_length=200, required=False)
    date = forms.DateField(
        label=_("Datum"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date") and not cleaned.get("body"):
            self.add_error("body", _("Ange vilken instans som behandlar ärendet detta datum."))
        return cleaned


class OfficialForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200, required=False)
    title = forms.CharField(label=_("Titel"), max_length=200, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("title") and not cleaned.get("name"):
            self.add_error("name", _("Ange namnet på den ansvariga."))
        return cleaned


DecisionStepFormSet = forms.formset_factory(DecisionStepForm, extra=2, max_num=10)
OfficialFormSet = forms.formset_factory(OfficialForm, extra=2, max_num=10)


def decision_steps_from(formset) -> list[DecisionStepData]:
    return [
        DecisionStepData(body=form.cleaned_data["body"], date=form.cleaned_data.get("date"))
        for form in formset
        if form.cleaned_data.get("body")
    ]


def officials_from(formset) -> list[OfficialData]:
    return [
        OfficialData(name=form.cleaned_data["name"], title=form.cleaned_data.get("title", ""))
        for form in formset
        if form.cleaned_data.get("name")
    ]


class PublishForm(forms.Form):
    """Publishing a version: while not every administration is approved, only with the
    explicit choice to publish on part of the city."""

    incomplete_accepted = forms.BooleanField(
        label=_("Publicera på ofullständigt underlag"),
        required=False,
        help_text=_(
            "Alla förvaltningar är inte godkända. Tjänsteskrivelsen säger själv hur många "
            "förvaltningar redovisningen bygger på."
        ),
    )

    def __init__(self, *args, incomplete: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.incomplete = incomplete
        if not incomplete:
            del self.fields["incomplete_accepted"]

    def clean(self):
        cleaned = super().clean()
        if self.incomplete and not cleaned.get("incomplete_accepted"):
            self.add_error(
                "incomplete_accepted",
                forms.ValidationError(
                    _(
                        "Kryssa i rutan för att publicera fast alla förvaltningar inte är "
                        "godkända, eller vänta tills de är det."
                    ),
                    code="incomplete_not_chosen",
                ),
            )
        return cleaned

    @property
    def accepts_incomplete(self) -> bool:
        return bool(self.cleaned_data.get("incomplete_accepted"))


class MemoWordingForm(forms.Form):
    """Every template of the wording catalogue as a field, each checked against the
    placeholders its text can fill: an unknown one is refused at its field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for entry in wording_catalogue.CATALOGUE:
            self.fields[entry.key] = forms.CharField(
                label=entry.label,
                help_text=entry.help,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 4}) if entry.multiline else forms.TextInput,
            )

    def clean(self):
        cleaned = super().clean()
        for key, error in memo_wording_check(
            {key: value for key, value in cleaned.items() if key in self.fields}
        ).items():
            self.add_error(key, error)
        return cleaned

    def templates(self) -> dict[str, str]:
        """What the fields say, each template as typed (line ends made plain)."""
        return {
            key: value.replace("\r\n", "\n").strip()
            for key, value in self.cleaned_data.items()
            if key in self.fields
        }
