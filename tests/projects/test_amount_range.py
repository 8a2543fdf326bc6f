"""Numbers larger than their field stores are refused at their cell or field, never a 500."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl.utils import get_column_letter

from projects.excel import layout
from projects.excel.importer import plan_import
from projects.numbers import AmountError, parse_amount
from tests import factories
from tests.projects.entry_helpers import create_url, project_post_data
from tests.projects.excel_helpers import (
    column_index,
    filled_submission,
    open_template,
    save,
    set_cell,
    template_for,
)

LARGEST_SEK = Decimal("999999999999.99")  # max_digits 14, 2 of them decimals


@pytest.mark.parametrize(
    ("value", "places", "max_digits", "expected"),
    [
        ("999 999 999 999,99", 2, 14, LARGEST_SEK),
        (999999999999.99, 2, 14, LARGEST_SEK),
        ("12345678901,99", 2, 14, Decimal("12345678901.99")),
        ("9 999,9999", 4, 8, Decimal("9999.9999")),
        ("999,99", 2, 5, Decimal("999.99")),
        # Without a field to say, only what can be rounded to öre is a limit.
        (1e25, 2, None, Decimal("1E+25").quantize(Decimal("0.01"))),
    ],
)
def test_the_largest_number_a_field_stores_is_accepted(value, places, max_digits, expected):
    assert parse_amount(value, places, max_digits) == expected


@pytest.mark.parametrize(
    ("value", "places", "max_digits"),
    [
        (1e30, 2, 14),
        (1e26, 2, 14),
        (10**30, 2, 14),
        ("1" + "0" * 30, 2, 14),
        ("12345678901234.99", 2, 14),
        ("1 000 000 000 000", 2, 14),  # just above 999 999 999 999,99
        (1e12, 2, 14),
        (999999999999.995, 2, 14),  # rounds up to 1 000 000 000 000,00
        ("-1 000 000 000 000", 2, 14),
        ("10 000", 4, 8),
        (1000, 2, 5),
        (1e30, 2, None),
        (1e26, 2, None),
    ],
)
def test_a_number_larger_than_its_field_is_refused(value, places, max_digits):
    with pytest.raises(AmountError) as refusal:
        parse_amount(value, places, max_digits)
    assert refusal.value.code == "too_large"


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan"), "1e30"])
def test_infinity_and_exponent_text_are_not_numbers(value):
    with pytest.raises(AmountError) as refusal:
        parse_amount(value, 2, 14)
    assert refusal.value.code == "invalid"


def test_too_large_message_names_the_largest_number():
    with pytest.raises(AmountError) as money:
        parse_amount(1e30, 2, 14)
    assert str(money.value) == (
        "Talet är för stort. Det största tal som kan sparas här är "
        "999\N{NO-BREAK SPACE}999\N{NO-BREAK SPACE}999\N{NO-BREAK SPACE}999,99."
    )
    with pytest.raises(AmountError) as rate:
        parse_amount("12 345", 4, 8)
    assert str(rate.value).endswith("är 9\N{NO-BREAK SPACE}999,9999.")


# --- In the Excel import: a message at the cell ------------------------------------------------


def letter(columns, key) -> str:
    return get_column_letter(column_index(columns, key))


def issues_at(plan, sheet, row, key, columns):
    return [
        issue
        for issue in plan.issues
        if (issue.sheet, issue.row, issue.column) == (sheet, row, letter(columns, key))
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "value", "code"),
    [
        ("total_budget_sek", 1e30, "number_too_large"),
        ("total_budget_sek", "1" + "0" * 30, "number_too_large"),
        ("own_budget_sek", 1e26, "number_too_large"),
        ("own_budget_sek", "1 000 000 000 000", "number_too_large"),
        ("eu_cofinancing_rate", 1000, "number_too_large"),
        ("total_budget_sek", "1e30", "invalid_value"),
    ],
)
def test_a_huge_number_in_a_project_cell_is_reported_at_its_cell(administration, key, value, code):
    submission = filled_submission(administration, projects=1, payouts_per_project=0)
    workbook = open_template(template_for(submission))
    set_cell(workbook, layout.SHEET_PROJECTS, 2, key, value)

    plan = plan_import(submission=submission, data=save(workbook))

    at_cell = issues_at(plan, layout.SHEET_PROJECTS, 2, key, layout.PROJECT_COLUMNS)
    assert [issue.code for issue in at_cell] == [code]
    assert at_cell[0].blocking
    assert plan.has_errors


@pytest.mark.django_db
def test_huge_payout_amounts_are_reported_at_their_cells_and_the_largest_passes(administration):
    submission = filled_submission(administration, projects=1, payouts_per_project=3)
    workbook = open_template(template_for(submission))
    set_cell(workbook, layout.SHEET_PAYOUTS, 2, "amount_sek", 1e30)
    set_cell(workbook, layout.SHEET_PAYOUTS, 3, "exchange_rate", 12345.6789)
    set_cell(workbook, layout.SHEET_PAYOUTS, 4, "amount_sek", float(LARGEST_SEK))

    plan = plan_import(submission=submission, data=save(workbook))

    columns = layout.PAYOUT_COLUMNS
    sheet = layout.SHEET_PAYOUTS
    assert [i.code for i in issues_at(plan, sheet, 2, "amount_sek", columns)] == [
        "number_too_large"
    ]
    assert [i.code for i in issues_at(plan, sheet, 3, "exchange_rate", columns)] == [
        "number_too_large"
    ]
    assert issues_at(plan, sheet, 4, "amount_sek", columns) == []
    message = str(issues_at(plan, sheet, 2, "amount_sek", columns)[0])
    assert message.startswith(f"Blad Utbetalningar, rad 2, kolumn {letter(columns, 'amount_sek')}")


@pytest.mark.django_db
def test_uploading_a_1e30_cell_shows_the_preview_with_the_message(
    client, coordinator, administration, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    submission = filled_submission(administration, projects=1, payouts_per_project=0)
    workbook = open_template(template_for(submission))
    set_cell(workbook, layout.SHEET_PROJECTS, 2, "total_budget_sek", 1e30)
    client.force_login(coordinator)

    response = client.post(
        reverse("projects:excel_upload", args=[submission.pk]),
        {"file": SimpleUploadedFile("mall.xlsx", save(workbook))},
        follow=True,
    )

    assert response.status_code == 200
    column = letter(layout.PROJECT_COLUMNS, "total_budget_sek")
    assert f"rad 2, kolumn {column}" in response.content.decode()
    assert "Talet är för stort" in response.content.decode()


# --- In the entry form: a message at the field -------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("amount", ["1" + "0" * 30, "1 000 000 000 000"])
def test_a_huge_amount_in_the_project_form_is_an_error_at_its_field(
    client, coordinator, administration, amount
):
    submission = factories.SubmissionFactory(administration=administration)
    programme = factories.FundingProgrammeFactory(name="Europeiska socialfonden")
    goal = submission.reporting_year.council_goals.get()
    client.force_login(coordinator)
    data = project_post_data(
        programme,
        goal,
        total_budget_sek=amount,
        payouts=[{"payment_date": "2023-03-15", "amount_sek": amount}],
    )

    response = client.post(create_url(submission), data)

    assert response.status_code == 200
    assert "total_budget_sek" in response.context["form"].errors
    assert "amount_sek" in response.context["formset"].forms[0].errors
