"""Swedish amounts and percentages for running text, as the council memo writes them.

Digits are grouped by ``projects.numbers.group_digits`` (a non-breaking space, so that a number
never breaks over two lines), as on every page.

- exact sums: "22 744 744 kronor"
- rounded sums (``sek_about``): from one million, a sum within 2 % of a whole number of
  millions is written in words ("ca 16 miljoner kronor" for 16 186 294); otherwise two
  significant figures below ten million ("ca 5 400 000 kronor", "ca 360 000 kronor") and three
  from ten million ("ca 15 300 000 kronor" for 15 341 218); a sum that needs no rounding has no
  "ca" ("360 000 kronor").
- totals in whole millions (``sek_millions``): "cirka 43 miljoner kronor", "ca 41 miljoner".
- percentage ranges: "40–60 %".
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from projects.numbers import NBSP, group_digits

EN_DASH = "\u2013"
MILLION = Decimal(1_000_000)
# How close a sum must be to a whole number of millions to be written "ca 16 miljoner".
MILLIONS_TOLERANCE = Decimal("0.02")


def _to_decimal(amount) -> Decimal:
    if isinstance(amount, float):
        raise TypeError("Amounts are Decimal, never float.")
    return amount if isinstance(amount, Decimal) else Decimal(str(amount))


def round_to(amount, step: int) -> Decimal:
    """``amount`` rounded half up to a multiple of ``step`` kronor."""
    step_d = Decimal(step)
    return (_to_decimal(amount) / step_d).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step_d


def whole_kronor(amount) -> int:
    return int(round_to(amount, 1))


def sek_exact(amount, *, unit: str = "kronor") -> str:
    """An exact sum, rounded to whole kronor: "22 744 744 kronor"."""
    text = group_digits(whole_kronor(amount))
    return f"{text} {unit}" if unit else text


def rounding_step(amount) -> int:
    """The step the memo rounds to: two significant figures, three from ten million."""
    value = abs(whole_kronor(amount))
    if value >= 10 * MILLION:
        return 100_000
    if value < 100:
        return 1
    digits = len(str(value))
    return 10 ** (digits - 2)


def sek_about(amount, *, about: str = "ca", unit: str = "kronor") -> str:
    """A rounded sum: "ca 15 300 000 kronor", "ca 16 miljoner kronor", "360 000 kronor"."""
    exact = whole_kronor(amount)
    rounded = int(round_to(exact, rounding_step(exact)))
    nearest_million = int(round_to(exact, 1_000_000))
    if nearest_million and abs(exact - nearest_million) <= abs(exact) * MILLIONS_TOLERANCE:
        rounded = nearest_million
    prefix = "" if rounded == exact else f"{about} "
    if rounded and rounded % MILLION == 0:
        millions = rounded // int(MILLION)
        number = f"{group_digits(millions)} {'miljon' if millions == 1 else 'miljoner'}"
    else:
        number = group_digits(rounded)
    return f"{prefix}{number} {unit}" if unit else f"{prefix}{number}"


def sek_millions(amount, *, about: str = "cirka", unit: str = "kronor") -> str:
    """A total in whole millions: "cirka 43 miljoner kronor"; ``unit=""`` gives "ca 41 miljoner"."""
    exact = whole_kronor(amount)
    millions = int(round_to(exact, 1_000_000) // MILLION)
    prefix = "" if millions * MILLION == exact else f"{about} "
    word = "miljon" if millions == 1 else "miljoner"
    text = f"{prefix}{group_digits(millions)} {word}"
    return f"{text} {unit}" if unit else text


def sek_plain(amount) -> str:
    """Whole kronor with SEK, as the memo writes budgets: "180 000 000 SEK"."""
    return sek_exact(amount, unit="SEK")


def percent(value) -> str:
    """A percentage without needless decimals: Decimal("60.00") -> "60 %", 12.5 -> "12,5 %"."""
    return f"{_percent_number(value)}{NBSP}%"


def percent_range(low, high) -> str:
    """A range of percentages: "40–60 %"; a single value when both ends are equal."""
    low_text, high_text = _percent_number(low), _percent_number(high)
    if low_text == high_text:
        return f"{low_text}{NBSP}%"
    return f"{low_text}{EN_DASH}{high_text}{NBSP}%"


def _percent_number(value) -> str:
    number = _to_decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP).normalize()
    text = format(number, "f")
    return text.replace(".", ",")


def table_amount(amount) -> str:
    """Whole kronor for tables (no unit): "1 250 000"."""
    return group_digits(whole_kronor(amount))
