"""Amounts on pages, as people read them: "1 250 000 kr", with öre only when there are some.

The one set of filters every template uses for a number (``floatformat`` is not used): digits
grouped by non-breaking spaces in every language, the decimal mark of the page's language
(a comma in Swedish, a point in English), written by ``projects.numbers``.
"""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import gettext as _

from projects.numbers import NBSP, format_number

register = template.Library()


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def amount(value, places=None) -> str:
    """``1250000.00`` -> "1 250 000"; ``12.5`` -> "12,50"; ``amount:0`` rounds to whole
    kronor, as the figures' tables show them; empty for no value."""
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    return format_number(number, None if places is None else int(places))


@register.filter
def sek(value) -> str:
    """``1250000.00`` -> "1 250 000 kr"."""
    text = amount(value)
    return f"{text}{NBSP}{_('kr')}" if text else ""


@register.filter
def rate(value) -> str:
    """A percentage without its sign, decimals only when there are some: ``60.00`` -> "60",
    ``12.5`` -> "12,50"."""
    return amount(value)
