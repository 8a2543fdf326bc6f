"""The reusable Swedish amount field."""

from decimal import Decimal

import pytest
from django import forms

from projects.forms.fields import AmountInput, SwedishDecimalField


class AmountForm(forms.Form):
    amount = SwedishDecimalField(max_digits=14, decimal_places=2)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1 250 000", Decimal("1250000")),
        ("12,5", Decimal("12.5")),
        ("1\u00a0250\u00a0000,50", Decimal("1250000.50")),
        ("1\u202f250\u202f000", Decimal("1250000")),
        (" 600 000 kr ", Decimal("600000")),
        ("50 %", Decimal("50")),
        ("1250000.75", Decimal("1250000.75")),
    ],
)
def test_swedish_input_is_accepted(typed, expected):
    form = AmountForm({"amount": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == expected


@pytest.mark.parametrize("typed", ["en miljon", "1,2,3", "12,345"])
def test_bad_or_too_precise_input_gets_a_swedish_message(typed):
    form = AmountForm({"amount": typed})
    assert not form.is_valid()
    assert form.errors["amount"][0] in (
        "Skriv ett tal, till exempel 1 250 000 eller 12,5.",
        "Skriv talet med högst 2 decimaler.",
    )


def test_amounts_are_shown_the_swedish_way():
    widget = AmountInput()
    assert widget.format_value(Decimal("1250000.00")) == "1\u00a0250\u00a0000"
    assert widget.format_value(Decimal("12.50")) == "12,50"
    html = AmountForm().as_p()
    assert 'inputmode="decimal"' in html
    assert 'type="text"' in html
