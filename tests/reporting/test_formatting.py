"""Amounts in running text, rule by rule, as the 2023 memo writes them."""

from decimal import Decimal

import pytest

from reporting import formatting as f

NB = "\u00a0"


def plain(text: str) -> str:
    return text.replace(NB, " ")


def test_thousands_are_separated_by_non_breaking_spaces():
    assert f.sek_exact(Decimal("22744744")) == f"22{NB}744{NB}744 kronor"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("22744744.00", "22 744 744 kronor"),
        ("17412993", "17 412 993 kronor"),
        ("2680030.49", "2 680 030 kronor"),
        ("271026.50", "271 027 kronor"),  # half up to whole kronor
        ("0", "0 kronor"),
        ("999", "999 kronor"),
    ],
)
def test_exact_sums_are_whole_kronor(amount, expected):
    assert plain(f.sek_exact(Decimal(amount))) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("15341218", "ca 15 300 000 kronor"),  # from ten million: three figures
        ("16186294", "ca 16 miljoner kronor"),  # within 2 % of whole millions: in words
        ("15960000", "ca 16 miljoner kronor"),
        ("16330000", "ca 16 300 000 kronor"),  # 2.1 % from 16 million: figures
        ("5110000", "ca 5 100 000 kronor"),  # 2.2 % from 5 million
        ("5090000", "ca 5 miljoner kronor"),
        ("5412000", "ca 5 400 000 kronor"),  # below ten million: two figures
        ("2795000", "ca 2 800 000 kronor"),
        ("1949999", "ca 1 900 000 kronor"),
        ("1950000", "ca 2 miljoner kronor"),  # half up
        ("1000400", "ca 1 miljon kronor"),
        ("363210", "ca 360 000 kronor"),
        ("47890", "ca 48 000 kronor"),
    ],
)
def test_rounded_sums_follow_the_memo(amount, expected):
    assert plain(f.sek_about(Decimal(amount))) == expected


def test_a_sum_that_needs_no_rounding_has_no_about():
    assert plain(f.sek_about(Decimal("360000.00"))) == "360 000 kronor"
    assert plain(f.sek_about(Decimal("16000000"))) == "16 miljoner kronor"


def test_total_in_whole_millions():
    assert plain(f.sek_millions(Decimal("43108794"))) == "cirka 43 miljoner kronor"
    assert plain(f.sek_millions(Decimal("40600000"), about="ca", unit="")) == "ca 41 miljoner"
    assert plain(f.sek_millions(Decimal("1200000"), about="ca")) == "ca 1 miljon kronor"
    assert plain(f.sek_millions(Decimal("43000000"))) == "43 miljoner kronor"


def test_budgets_are_written_in_sek():
    assert plain(f.sek_plain(Decimal("60000.00"))) == "60 000 SEK"
    assert plain(f.sek_plain(Decimal("180000000"))) == "180 000 000 SEK"


def test_percent_ranges_use_an_en_dash_and_a_space_before_the_sign():
    assert f.percent_range(Decimal("40.00"), Decimal("60.00")) == f"40\u201360{NB}%"
    assert plain(f.percent_range(Decimal("80"), Decimal("80.00"))) == "80 %"
    assert plain(f.percent(Decimal("12.50"))) == "12,5 %"


def test_floats_are_refused():
    with pytest.raises(TypeError):
        f.sek_exact(1.5)


# --- Amounts on pages: "1 250 000 kr", öre only when there are some --------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("1250000.00", "1 250 000 kr"),
        ("1250000", "1 250 000 kr"),
        ("1250000.50", "1 250 000,50 kr"),
        ("40000.05", "40 000,05 kr"),
        ("0.00", "0 kr"),
    ],
)
def test_page_amounts_have_no_zero_ore(amount, expected):
    from django.utils import translation

    from projects.templatetags.amounts import sek

    with translation.override("sv"):
        text = sek(Decimal(amount))
    assert plain(text) == expected
    assert " " not in text  # grouped with non-breaking spaces: an amount never breaks


def test_page_amounts_group_digits_alike_and_take_the_language_s_decimal_mark():
    from django.utils import translation

    from projects.templatetags.amounts import amount, rate

    # One style in every language: grouped by a non-breaking space, never by a comma.
    with translation.override("en"):
        assert plain(amount(Decimal("1250000.00"))) == "1 250 000"
        assert plain(amount(Decimal("1250000.50"))) == "1 250 000.50"
        assert plain(amount(Decimal("269500.50"), 0)) == "269 501"
        assert rate(Decimal("12.50")) == "12.50"
    with translation.override("sv"):
        assert plain(amount(Decimal("1250000.50"))) == "1 250 000,50"
        assert plain(amount(Decimal("269500.50"), "0")) == "269 501"
        assert rate(Decimal("60.00")) == "60" and rate(Decimal("12.5")) == "12,50"
    assert amount(None) == ""


def test_the_amount_filters_render_in_a_template():
    from django.template import Context, Template
    from django.utils import translation

    template = Template("{% load amounts %}{{ total|sek }} / {{ total|amount }}")
    with translation.override("sv"):
        text = template.render(Context({"total": Decimal("22744744.00")}))
    assert plain(text) == "22 744 744 kr / 22 744 744"


def test_forms_and_messages_write_whole_kronor_without_zero_ore():
    from projects.numbers import format_sek

    assert plain(format_sek(Decimal("1250000.00"))) == "1 250 000 kr"
    assert plain(format_sek(Decimal("1250000.50"))) == "1 250 000,50 kr"


# --- The small rules underneath, on both sides of each boundary --------------------------------


def test_amounts_may_be_given_as_text_or_int_but_never_float():
    assert f.whole_kronor("1250000.50") == 1250001
    assert f.whole_kronor(1250000) == 1250000
    assert f.round_to(Decimal("149"), 100) == Decimal("100")
    assert f.round_to(Decimal("150"), 100) == Decimal("200")  # half up
    with pytest.raises(TypeError, match="never float"):
        f.whole_kronor(1.5)


def test_digits_are_grouped_after_rounding_half_up_with_a_decimal_comma_unless_told():
    assert plain(f.group_digits(Decimal("1250000.505"), 2)) == "1 250 000,51"
    assert plain(f.group_digits(Decimal("999.995"), 2, ".")) == "1 000.00"
    assert plain(f.group_digits(Decimal("2.5"))) == "3"


def test_negative_sums_keep_their_sign_before_the_digits():
    assert plain(f.group_digits(-1250000)) == "-1 250 000"
    assert plain(f.group_digits(0)) == "0"
    assert plain(f.sek_exact(Decimal("-999.50"), unit="")) == "-1 000"


@pytest.mark.parametrize(
    ("amount", "step"),
    [
        ("99", 1),
        ("100", 10),
        ("999", 10),
        ("1000", 100),
        ("9999999", 100_000),
        ("999999", 10_000),
        ("10000000", 100_000),
        ("-20000000", 100_000),
    ],
)
def test_the_rounding_step_is_two_significant_figures_then_a_hundred_thousand(amount, step):
    assert f.rounding_step(Decimal(amount)) == step


def test_whole_millions_need_no_about():
    assert plain(f.sek_millions(Decimal("41000000"), unit="")) == "41 miljoner"
    assert plain(f.sek_millions(Decimal("41000001"))) == "cirka 41 miljoner kronor"
    assert plain(f.sek_millions(Decimal("1000000"))) == "1 miljon kronor"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12.25", "12,3 %"),
        ("12.24", "12,2 %"),
        ("50.00", "50 %"),
        ("0.05", "0,1 %"),
        ("100", "100 %"),
    ],
)
def test_percentages_round_half_up_to_one_decimal_without_trailing_zeros(value, expected):
    assert plain(f.percent(Decimal(value))) == expected


def test_every_template_writes_numbers_with_the_amount_filters():
    from pathlib import Path

    from django.conf import settings

    templates = Path(settings.BASE_DIR, "templates").rglob("*.html")
    assert [path.name for path in templates if "floatformat" in path.read_text()] == []
