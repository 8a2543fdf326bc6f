"""Swedish amounts and dates in forms: the fields and widgets every entry form uses."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from projects.numbers import AmountError, format_number, parse_amount


class AmountInput(forms.TextInput):
    """Text input for amounts: shows ``1 250 000,50`` and lets the user type spaces and commas."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal):
            return format_number(value)
        return super().format_value(value)


class RateInput(AmountInput):
    """Text input for an exchange rate: all four decimals, ``11,4765``."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            return format_number(value, 4)
        return super().format_value(value)


class SwedishDecimalField(forms.DecimalField):
    """A decimal field that accepts Swedish input: ``1 250 000``, ``12,5``, non-breaking spaces."""

    widget = AmountInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("localize", False)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        # The same reading as the Excel import: "1 250 000", "12,5", "1.250.000,50 kr".
        if value in self.empty_values:
            return None
        try:
            return parse_amount(value, self.decimal_places or 2, self.max_digits)
        except AmountError as error:
            raise ValidationError(str(error), code="invalid") from error

    def widget_attrs(self, widget):
        # DecimalField would add step/min/max meant for <input type="number">; a text input
        # needs none of them.
        return forms.Field.widget_attrs(self, widget)


class DateInput(forms.DateInput):
    """The browser's date picker; the value is sent as ISO date."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def entry_formfield(model_field, **kwargs):
    """ModelForm ``formfield_callback``: Swedish amount fields and the browser's date picker."""
    if isinstance(model_field, models.DecimalField):
        return model_field.formfield(form_class=SwedishDecimalField, **kwargs)
    if isinstance(model_field, models.DateField):
        return model_field.formfield(widget=DateInput, **kwargs)
    if isinstance(model_field, models.URLField):
        # A web address typed without scheme is taken as https, Django 6's default.
        return model_field.formfield(assume_scheme="https", **kwargs)
    return model_field.formfield(**kwargs)
