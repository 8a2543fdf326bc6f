"""Amounts in kronor and percentages: reading what people type, writing them as text, and sums
that are exact on every database. The entry forms, the Excel import, the checks, the pages, the
charts, the memo's PDF and Word file and the CSV files all use these, so a number is read and
written the same way everywhere.

How a number is written (docs/architecture.md, "Amounts"): digits in groups of three separated
by a non-breaking space, in every language ("269 501"), so an amount never breaks over two lines
and a comma is never a thousands separator; the decimal mark is the page language's, a comma in
Swedish ("12,50") and a point in English ("12.50"). What a page shows can so be typed back:
``parse_amount`` reads a single comma or point as the decimal mark.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import formats
from django.utils.translation import gettext as _

ZERO = Decimal("0.00")
MONEY_FIELD = DecimalField(max_digits=16, decimal_places=2)
NBSP = "\u00a0"
# Spaces of every kind people paste from Word or Excel, and the apostrophe some use for thousands.
SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
UNITS = ("kronor", "kr", "sek", "euro", "eur", "€", "%")
# Amounts in a workbook are number cells with one of these Excel formats: Excel groups the
# digits and writes the decimal mark in the reader's own locale.
XLSX_AMOUNT_FORMAT = "#,##0.00"
XLSX_SEK_FORMAT = '#,##0.00\\ "kr"'
XLSX_EUR_FORMAT = '#,##0.00\\ "€"'
# Digits Decimal keeps by default: the most a number may have to be rounded to öre.
DECIMAL_PRECISION = 28


class AmountError(ValueError):
    """Text that is not a number, or a number that cannot be stored; ``str()`` is the Swedish
    message for the user, ``code`` says which."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.code = code


def parse_amount(value, places: int = 2, max_digits: int | None = None) -> Decimal | None:
    """What a person typed or Excel holds, as a Decimal: ``1 250 000``, ``12,5``,
    ``1.250.000,50 kr``, ``1,250,000.50``, ``−5``; None for an empty value.

    Raises ``AmountError`` for anything else, more than ``places`` decimals, or more digits
    than a field of ``max_digits`` digits (``places`` of them decimals) stores."""
    invalid = _("Skriv ett tal, till exempel 1 250 000 eller 12,5.")
    if value is None:
        return None
    if isinstance(value, bool):
        raise AmountError(invalid)
    if isinstance(value, int | float | Decimal):
        # A binary float is not what the user typed; round it to the field's precision.
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if not number.is_finite():
            raise AmountError(invalid)
        # Checked before rounding too, which overflows for 1e26 or more: Decimal keeps 28 digits.
        digits = max_digits or DECIMAL_PRECISION
        _check_size(number, places, digits)
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        _check_size(number, places, digits)
        return number
    text = str(value).strip().lower()
    for unit in UNITS:
        text = text.removesuffix(unit).strip()
    text = SPACES.sub("", text).replace("\u2212", "-")
    if not text:
        return None
    if "," in text and "." in text:
        # The separator that comes last is the decimal one: 1.250.000,50 or 1,250,000.50.
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        if text.count(",") > 1:
            raise AmountError(invalid)
        text = text.replace(",", ".")
    elif text.count(".") > 1:
        text = text.replace(".", "")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise AmountError(invalid)
    try:
        number = Decimal(text)
    except InvalidOperation as error:  # pragma: no cover - the pattern above rules it out
        raise AmountError(invalid) from error
    if max_digits is not None:
        _check_size(number, places, max_digits)
    if -number.as_tuple().exponent > places:
        raise AmountError(
            _("Skriv talet med högst %(places)s decimaler.") % {"places": places},
            code="decimal_places",
        )
    return number


def _check_size(number: Decimal, places: int, max_digits: int) -> None:
    """Refuse a number with more whole digits than a field of ``max_digits`` digits, ``places``
    of them decimals, stores: 12 for money (999 999 999 999,99)."""
    whole_digits = max_digits - places
    if number.is_zero() or number.adjusted() < whole_digits:
        return
    largest = Decimal(10) ** whole_digits - Decimal(1).scaleb(-places)
    raise AmountError(
        _("Talet är för stort. Det största tal som kan sparas här är %(largest)s.")
        % {"largest": group_digits(largest, places, decimal_mark())},
        code="too_large",
    )


def decimal_mark() -> str:
    """The active language's decimal mark: "," in Swedish, "." in English."""
    return formats.get_format("DECIMAL_SEPARATOR")


def group_digits(number, places: int = 0, mark: str = ",") -> str:
    """``1250000.5`` -> ``1 250 000,50`` (``places=2``): rounded half up to ``places``
    decimals, thousands separated by non-breaking spaces, ``mark`` before the decimals.

    The one place digits are grouped: pages, messages, charts, the memo and CSV files call it."""
    value = number if isinstance(number, Decimal) else Decimal(str(number))
    value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{value:,.{places}f}".replace(",", NBSP).replace(".", mark)


def format_number(amount, places: int | None = None) -> str:
    """``1250000.5`` -> ``1 250 000,50``; whole kronor without ``,00``; ``places`` fixes the
    decimals (0: whole kronor). The decimal mark is the active language's."""
    if places is None:
        places = display_places(amount)
    return group_digits(amount, places, decimal_mark())


def plain_decimal(amount: Decimal, mark: str = ",") -> str:
    """``1250000.5`` -> ``1250000,50``: two decimals, no grouping, as a spreadsheet reads a
    number from a file (``mark="."`` for machines)."""
    return group_digits(amount, 2, mark).replace(NBSP, "")


def display_places(amount) -> int:
    """How many decimals a person should read: 0 for whole kronor, 2 when there are öre."""
    number = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    return 0 if number == number.to_integral_value() else 2


def format_sek(amount: Decimal) -> str:
    """``1250000.5`` -> ``1 250 000,50 kr``, as Swedish text writes an amount."""
    return f"{format_number(amount)}{NBSP}kr"


def format_percent(value: Decimal) -> str:
    """``12.50`` -> ``12,5`` (``12.5`` in English)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", decimal_mark())


class ExactSum(Sum):
    """``Sum`` of an amount with öre, exact on SQLite as it is on PostgreSQL.

    SQLite stores decimals as floating point, so its ``SUM`` of 100 000,10 and 200 000,20 is
    not 300 000,30, and equal sums can compare unequal when sorted. There the amounts are added
    as whole öre (integers, exact) and divided once; PostgreSQL adds ``numeric`` exactly as is.
    """

    def as_sqlite(self, compiler, connection, **extra_context):
        whole_ore = self.copy()
        whole_ore.template = "SUM(CAST(ROUND(%(expressions)s * 100) AS INTEGER))"
        sql, params = whole_ore.as_sql(compiler, connection, **extra_context)
        return f"CAST(({sql}) / 100.0 AS NUMERIC)", params


def sum_sek(expression, **extra) -> Coalesce:
    """The exact sum of an amount column in kronor, 0 when there are no rows."""
    return Coalesce(
        ExactSum(expression, output_field=MONEY_FIELD, **extra),
        Value(ZERO),
        output_field=MONEY_FIELD,
    )
