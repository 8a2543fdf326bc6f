"""The development coordinator's form for a year's historical total."""

from __future__ import annotations

from django import forms

from projects.forms.fields import entry_formfield
from reporting.models import HistoricalTotal
from reporting.trend.services import check_historical_total


class HistoricalTotalForm(forms.ModelForm):
    """A year's totals as an old memo states them (also the admin's form, for the same rules)."""

    class Meta:
        model = HistoricalTotal
        formfield_callback = entry_formfield
        fields = HistoricalTotal.ENTERED_FIELDS
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        try:
            check_historical_total(
                year=cleaned.get("year"),
                project_count=cleaned.get("project_count"),
                owner_count=cleaned.get("owner_count"),
                partner_count=cleaned.get("partner_count"),
            )
        except forms.ValidationError as error:
            # Each message next to its field.
            self.add_error(None, error)
        return cleaned

    def service_arguments(self) -> dict:
        # What the coordinator enters, also in the admin (whose form adds its own fields).
        return {field: self.cleaned_data[field] for field in HistoricalTotalForm.Meta.fields}
