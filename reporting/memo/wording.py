"""The memo's wording as data: fixed sentences and headings written as templates with named
placeholders, filled in from the figures and the organisation.

A placeholder is a Swedish name in braces, ``{år}``, ``{organisationens}``; it may carry a
form after a colon: ``{kontoret:gemen}`` writes "stadskontoret" mid-sentence, ``{kontoret:versal}``
"Stadskontoret" at the start. A template is checked against the placeholders its text may use
before it is saved (``check_template``), so filling it in (``fill``) never fails and never
leaves a gap.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from projects.text import in_sentence

# Each form writes a value given the proper words that keep their capital (``in_sentence``).
FORMS = {
    "": lambda text, proper: text,
    "gemen": lambda text, proper: in_sentence(text, proper=proper),
    "versal": lambda text, proper: text[:1].upper() + text[1:],
}


class _Formatter(string.Formatter):
    def __init__(self, proper: frozenset[str] = frozenset()):
        self.proper = proper

    def format_field(self, value, format_spec):
        return FORMS[format_spec](str(value), self.proper)


_FORMATTER = _Formatter()


def placeholders(template: str) -> list[tuple[str, str]]:
    """The (name, form) of each placeholder in ``template``, in order; ValueError where the
    braces do not pair."""
    found = []
    for _literal, name, form, conversion in _FORMATTER.parse(template):
        if name is None:
            continue
        found.append((name, form or "", conversion))
    return [(name, form) for name, form, _conversion in found]


def check_template(template: str, allowed: Iterable[str]) -> None:
    """Refuse a template whose placeholders the text cannot fill: a message for the field,
    naming the placeholder and the ones that can be used."""
    allowed = list(allowed)
    try:
        used = placeholders(template)
    except ValueError:
        raise ValidationError(
            _(
                "Klamrarna { } går inte ihop. En platshållare skrivs {namn}; skriv {{ eller }} "
                "för en klammer i texten."
            ),
            code="unpaired_brace",
        ) from None
    for name, form in used:
        if not name or name not in allowed:
            raise ValidationError(
                _("Okänd platshållare {%(name)s}. Platshållare som kan användas här: %(allowed)s.")
                % {
                    "name": name,
                    "allowed": ", ".join(f"{{{known}}}" for known in allowed) or "–",
                },
                code="unknown_placeholder",
            )
        if form not in FORMS:
            raise ValidationError(
                _("Okänd form :%(form)s i {%(name)s}. Använd :gemen eller :versal.")
                % {"form": form, "name": name},
                code="unknown_form",
            )


def fill(
    template: str, values: Mapping[str, object], *, proper: frozenset[str] = frozenset()
) -> str:
    """``template`` with its placeholders filled in from ``values`` (checked beforehand);
    ``:gemen`` leaves a name starting with one of the ``proper`` words as it is."""
    return _Formatter(proper).vformat(template, (), values)
