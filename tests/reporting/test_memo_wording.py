"""The memo's wording templates: placeholders, forms and the refusals at the field."""

import pytest
from django.core.exceptions import ValidationError

from reporting.memo.wording import check_template, fill, placeholders

ALLOWED = ["år", "organisationens", "kontoret"]
VALUES = {"år": 2023, "organisationens": "Malmö stads", "kontoret": "Stadskontoret"}


def refusal(template):
    with pytest.raises(ValidationError) as caught:
        check_template(template, ALLOWED)
    return caught.value


def test_a_template_is_filled_from_the_values():
    template = "Varje år ställer {kontoret:gemen} samman {organisationens} redovisning för {år}."
    check_template(template, ALLOWED)
    assert fill(template, VALUES) == (
        "Varje år ställer stadskontoret samman Malmö stads redovisning för 2023."
    )
    assert fill("{kontoret:versal} föreslår", {"kontoret": "kommunkontoret"}) == (
        "Kommunkontoret föreslår"
    )


def test_doubled_braces_are_braces_in_the_text():
    check_template("Mönster {{år}} för {år}", ALLOWED)
    assert fill("Mönster {{år}} för {år}", VALUES) == "Mönster {år} för 2023"


def test_placeholders_are_listed_in_order():
    assert placeholders("{år} och {kontoret:gemen}") == [("år", ""), ("kontoret", "gemen")]


@pytest.mark.parametrize(
    ("template", "code"),
    [
        ("Redovisning för {year}", "unknown_placeholder"),
        ("Redovisning för {}", "unknown_placeholder"),
        ("Redovisning för {0}", "unknown_placeholder"),
        ("Redovisning för {år", "unpaired_brace"),
        ("Redovisning för år}", "unpaired_brace"),
        ("{kontoret:fetstil}", "unknown_form"),
        ("{år.real}", "unknown_placeholder"),
        ("{år[0]}", "unknown_placeholder"),
    ],
)
def test_a_template_the_text_cannot_fill_is_refused(template, code):
    assert refusal(template).code == code


def test_the_refusal_names_the_placeholder_and_what_can_be_used():
    message = refusal("Redovisning för {year}").messages[0]
    assert "{year}" in message
    assert "{år}, {organisationens}, {kontoret}" in message
