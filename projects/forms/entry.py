"""The coordinator's entry of projects, payouts and the narrative."""

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from projects.eu_data.identifiers import normalise_grant_number
from projects.forms.fields import DateInput, entry_formfield
from projects.models import (
    Administration,
    CouncilGoal,
    FundingProgramme,
    Payout,
    ProjectReport,
    Submission,
)
from projects.selectors import organisation_letterhead
from projects.validation import (
    check_payout,
    check_payout_removal,
    check_project,
    check_project_report,
)


class WarningsMixin:
    """Forms whose checks can produce warnings the user must confirm before saving."""

    confirm_label = _("Jag har kontrollerat varningarna")

    def add_findings(self, findings):
        """Blocking findings become errors next to their field; warnings are kept for the page."""
        for finding in findings:
            if not finding.blocking:
                self.warnings.append(finding)
                continue
            field = finding.field if finding.field in self.fields else None
            if field and field in self.errors:
                # The field already has an error (e.g. Django's own "required"); one is enough.
                continue
            self.add_error(field, finding.as_error())


class ProjectEntryForm(WarningsMixin, forms.ModelForm):
    """A project with its report for the year: one form on one page (payouts come in a formset)."""

    council_goal = forms.ModelChoiceField(
        label=_("Kommunfullmäktigemål"),
        queryset=CouncilGoal.objects.none(),
        required=True,
        empty_label=_("Välj mål"),
        help_text=_("Vilket av årets kommunfullmäktigemål bidrar projektet främst till?"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confirm_warnings = forms.BooleanField(label=WarningsMixin.confirm_label, required=False)

    # The report's own fields for the year, after the project's facts.
    REPORT_FIELDS = ("council_goal", "results", "suggested_as_example")

    class Meta:
        model = ProjectReport
        fields = [*ProjectReport.FACT_FIELDS, "council_goal", "results", "suggested_as_example"]
        widgets = {
            "role": forms.RadioSelect,
            "participating_administrations": forms.CheckboxSelectMultiple,
            "partner_locations": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "results": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "results": _("Resultat under året"),
            "suggested_as_example": _("Föreslå projektet som exempel i redovisningen"),
        }
        help_texts = {
            "name": _("Projektets fullständiga namn."),
            "acronym": _("Projektets förkortning, om det har någon."),
            "grant_source": _(
                "Var EU publicerar projektet: CORDIS för Horisont 2020 och Horisont Europa, "
                "Kohesio för regional- och socialfonden, keep.eu för Interreg."
            ),
            "start_date": _("Projektperiodens första dag."),
            "end_date": _("Projektperiodens sista dag."),
            "total_budget_sek": _("Hela projektets budget i kronor, till exempel 1 250 000."),
            "eu_cofinancing_rate": _(
                "Den andel av budgeten som EU betalar, i procent, till exempel 50 eller 12,5."
            ),
        }
        formfield_callback = entry_formfield

    def __init__(self, *args, submission, report=None, **kwargs):
        self.submission = submission
        self.report = report
        self.warnings = []
        initial = kwargs.pop("initial", {}) or {}
        if report is not None:
            kwargs["instance"] = report
            initial = {"version": report.version, **initial}
        super().__init__(*args, initial=initial, **kwargs)
        year = submission.reporting_year
        goals = CouncilGoal.objects.filter(reporting_years=year)
        if report is not None and report.council_goal_id:
            # Keep a goal stored earlier selectable, so the check can say why it is not valid.
            goals = CouncilGoal.objects.filter(
                Q(reporting_years=year) | Q(pk=report.council_goal_id)
            ).distinct()
        self.fields["council_goal"].queryset = goals.order_by("order", "name")
        programmes = FundingProgramme.objects.filter(is_active=True)
        if self.instance.pk:
            programmes = FundingProgramme.objects.filter(
                Q(is_active=True) | Q(pk=self.instance.programme_id)
            )
        self.fields["programme"].queryset = programmes.order_by("name")
        self.fields["programme"].empty_label = _("Välj program eller fond")
        self.fields["participating_administrations"].queryset = (
            Administration.objects.valid_in(year.year)
            .exclude(pk=submission.administration_id)
            .order_by("name")
        )
        self.fields["participating_administrations"].required = False
        self.fields["role"].choices = list(ProjectReport.Role.choices)
        self.fields["grant_source"].choices = [
            ("", _("Inget projektnummer")),
            *ProjectReport.GrantSource.choices,
        ]
        self.name_the_organisation(organisation_letterhead(year.year))

    def name_the_organisation(self, organisation):
        """The labels that name the organisation read its name from the data."""
        names = {"organisation": organisation.genitive_here}
        self.fields["role"].label = capfirst(_("%(organisation)s roll") % names)
        self.fields["own_budget_sek"].label = capfirst(
            _("%(organisation)s del av budgeten (kr)") % names
        )
        self.fields["own_budget_sek"].help_text = (
            _("%(organisation)s del av budgeten i kronor.") % names
        )
        self.fields["lead_organisation"].help_text = _(
            "Fylls i när %(organisation)s är projektpartner: vilken organisation leder projektet?"
        ) % {"organisation": organisation.name}
        self.fields["participating_administrations"].label = _(
            "Andra medverkande förvaltningar i %(organisation)s"
        ) % {"organisation": organisation.name}
        self.fields["suggested_as_example"].help_text = _(
            "%(office)s väljer exempel till redovisningen bland de föreslagna projekten."
        ) % {"office": organisation.office_name}

    def clean_grant_number(self):
        return normalise_grant_number(self.cleaned_data.get("grant_number") or "")

    def clean(self):
        cleaned = super().clean()
        values = {field: cleaned.get(field) for field in ProjectReport.FACT_FIELDS}
        self.add_findings(
            check_project(
                values=values,
                administration=self.submission.administration,
                year=self.submission.year,
                exclude_project_id=self.instance.project_id,
            )
        )
        if "council_goal" in cleaned:
            self.add_findings(
                check_project_report(
                    council_goal=cleaned.get("council_goal"),
                    reporting_year=self.submission.reporting_year,
                )
            )
        return cleaned

    def report_values(self) -> dict:
        """The project's facts and the report's fields for the service (participants apart)."""
        data = self.cleaned_data
        return {
            field: data[field]
            for field in self.Meta.fields
            if field != "participating_administrations"
        }

    def _post_clean(self):
        # The model's own full_clean runs in the service; here the rules come from validation.
        pass


PAYOUT_FIELDS = Payout.ENTRY_FIELDS


class PayoutForm(forms.ModelForm):
    """One payout row of the inline table."""

    class Meta:
        model = Payout
        fields = list(PAYOUT_FIELDS)
        formfield_callback = entry_formfield
        labels = {
            "payment_date": _("Datum"),
            "amount_sek": _("Belopp (kr)"),
            "amount_eur": _("Belopp (euro)"),
            "exchange_rate": _("Växelkurs"),
            "note": _("Anteckning"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.setdefault(
                "class", "form-check-input" if name == "DELETE" else "form-control"
            )


class BasePayoutFormSet(forms.BaseInlineFormSet):
    """Payouts of one project report; checks each row against the year and the project period."""

    def __init__(self, *args, year: int, **kwargs):
        self.year = year
        self.project_start = None
        self.project_end = None
        super().__init__(*args, **kwargs)

    def rows(self):
        """(form, will be deleted) for rows that carry data."""
        for form in self.forms:
            if not form.has_changed() and form.instance.pk is None:
                continue
            yield form, self.can_delete and self._should_delete_form(form)

    def clean(self):
        super().clean()
        for form, deleted in self.rows():
            if deleted or not hasattr(form, "cleaned_data"):
                continue
            data = form.cleaned_data
            if form.errors.get("payment_date") or form.errors.get("amount_sek"):
                continue
            for finding in check_payout(
                payment_date=data.get("payment_date"),
                amount_sek=data.get("amount_sek"),
                year=self.year,
                project_start=self.project_start,
                project_end=self.project_end,
            ):
                if finding.code == "required":
                    continue
                form.add_error(finding.field or None, finding.as_error())

    def total_sek(self) -> Decimal:
        total = Decimal("0")
        for form, deleted in self.rows():
            if not deleted and form.cleaned_data.get("amount_sek") is not None:
                total += form.cleaned_data["amount_sek"]
        return total

    def removal_findings(self) -> list:
        """Warnings for saved payouts marked for removal: removing is confirmed on save."""
        return [
            finding
            for number, form in enumerate(self.forms, start=1)
            if form.instance.pk is not None and self._should_delete_form(form)
            for finding in check_payout_removal(
                number=number,
                payment_date=form.instance.payment_date,
                amount_sek=form.instance.amount_sek,
            )
        ]

    def payout_changes(self) -> list[dict]:
        """Rows as plain values for the service: id (None = new), delete, fields."""
        changes = []
        for form, deleted in self.rows():
            if deleted and form.instance.pk is None:
                continue
            values = {field: form.cleaned_data.get(field) for field in PAYOUT_FIELDS}
            changes.append({"id": form.instance.pk, "delete": deleted, **values})
        return changes

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Ta bort")
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.empty_permitted = form.instance.pk is None
        return form


PayoutFormSet = forms.inlineformset_factory(
    ProjectReport,
    Payout,
    form=PayoutForm,
    formset=BasePayoutFormSet,
    extra=3,
    can_delete=True,
)


class NarrativeForm(forms.ModelForm):
    """The submission's narrative sections."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Submission
        fields = list(Submission.NARRATIVE_FIELDS)
        widgets = {
            field: forms.Textarea(attrs={"rows": 5}) for field in Submission.NARRATIVE_FIELDS
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        for field in Submission.NARRATIVE_FIELDS:
            self.fields[field].label = capfirst(self.fields[field].label)

    def _post_clean(self):
        # Saving goes through the service, which checks the version first.
        pass


class CopyForwardForm(forms.Form):
    """Choose last year's projects to include in this year's submission."""

    projects = forms.ModelMultipleChoiceField(
        label=_("Projekt från förra året som fortsätter i år"),
        queryset=ProjectReport.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst ett projekt.")},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = candidates
        self.fields["projects"].label_from_instance = self.project_label

    @staticmethod
    def project_label(report) -> str:
        """Last year's report of a project: its facts are this year's starting point."""
        return _("%(project)s – %(programme)s, pågår till %(end)s") % {
            "project": report.display_name,
            "programme": report.programme.display_name,
            "end": report.end_date.isoformat(),
        }


class ProjectEndingForm(forms.Form):
    """When one of last year's projects ended, earlier than planned."""

    ended_on = forms.DateField(
        label=_("Avslutades"),
        widget=DateInput,
        help_text=_("Dag då projektet avslutades, senast 31 december förra året."),
        error_messages={"required": _("Ange när projektet avslutades.")},
    )
    note = forms.CharField(
        label=_("Kommentar (frivillig)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Till exempel varför projektet avslutades i förtid."),
    )


class SubmitForm(forms.Form):
    """Confirm a submit; the warnings checkbox is required when there are warnings."""

    confirm_warnings = forms.BooleanField(label=WarningsMixin.confirm_label, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


def mark_invalid_fields(formset) -> None:
    """Mark fields with errors for assistive technology and Bootstrap (manually rendered rows)."""
    for form in formset.forms:
        for name in form.errors:
            if name not in form.fields:
                continue
            widget = form.fields[name].widget
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
            widget.attrs["aria-invalid"] = "true"
            widget.attrs["aria-describedby"] = f"{form[name].auto_id}-error"
