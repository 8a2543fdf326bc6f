"""Amounts on pages, as people read them: "1 250 000 kr", with öre only when there are some.

The number is grouped and punctuated for the page's language (non-breaking spaces and a
decimal comma in Swedish), so a sum never shows a needless ",00".
"""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

from projects.numbers import NBSP, display_places

register = template.Library()


@register.filter
def amount(value) -> str:
    """``1250000.00`` -> "1 250 000"; ``12.5`` -> "12,50"; empty for no value."""
    if value is None or value == "":
        return ""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return formats.number_format(
        number, decimal_pos=display_places(number), use_l10n=True, force_grouping=True
    )


@register.filter
def sek(value) -> str:
    """``1250000.00`` -> "1 250 000 kr"."""
    text = amount(value)
    return f"{text}{NBSP}{_('kr')}" if text else ""
