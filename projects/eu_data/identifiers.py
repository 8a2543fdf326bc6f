"""The shape of a project's identifier at each EU source. Imports no model, so that the models,
the checks and the importers can all call it."""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

GRANT_NUMBER_MAX_LENGTH = 60


class GrantSource(models.TextChoices):
    CORDIS = "cordis", "CORDIS"
    KOHESIO = "kohesio", "Kohesio"
    KEEP_EU = "keep_eu", "keep.eu"
    ERASMUS = "erasmus", "Erasmus+"
    LIFE = "life", "LIFE"
    OTHER = "other", _("Annan källa")


# Documented in docs/eu-data.md ("Identifiers"): change both together.
SHAPES = {
    # The project id (grant agreement number): 6 digits for FP7 and Horizon 2020, 9 for
    # Horizon Europe (101…); 5 digits for a few older framework programmes.
    GrantSource.CORDIS: re.compile(r"\d{5,9}"),
    # Kohesio's operation identifiers are the managing authorities' own: letters, digits and
    # . _ / -, starting with a letter or digit.
    GrantSource.KOHESIO: re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,59}"),
    # keep.eu's project id, as in keep.eu/projects/12345.
    GrantSource.KEEP_EU: re.compile(r"\d{1,7}"),
    # A national agency's project number (2021-1-SE01-KA220-SCH-000032000) or, for actions
    # managed centrally since 2021, the 9-digit grant agreement number.
    GrantSource.ERASMUS: re.compile(r"\d{4}-\d-[A-Z]{2}\d{2}-KA\d{3}(-[A-Z]{2,5})?-\d{6,9}|\d{9}"),
    # LIFE14 ENV/SE/000123 until 2020; the 9-digit grant agreement number since 2021.
    GrantSource.LIFE: re.compile(r"LIFE\d{2} [A-Z]{2,4}/[A-Z]{2}/\d{6}|\d{9}"),
    GrantSource.OTHER: re.compile(r"\S.{0,59}", re.DOTALL),
}

SHAPE_HINTS = {
    GrantSource.CORDIS: _("CORDIS projektnummer är 5–9 siffror, till exempel 101056875."),
    GrantSource.KOHESIO: _(
        "Kohesios projektnummer består av bokstäver, siffror och . _ / -, till exempel 20201234."
    ),
    GrantSource.KEEP_EU: _("keep.eu:s projektnummer är siffror, till exempel 12345."),
    GrantSource.ERASMUS: _(
        "Erasmus+ projektnummer skrivs som 2021-1-SE01-KA220-SCH-000032000 eller som nio siffror."
    ),
    GrantSource.LIFE: _(
        "LIFE-projektnummer skrivs som LIFE20 CCA/SE/000123 eller som nio siffror."
    ),
    GrantSource.OTHER: _("Projektnumret får vara högst 60 tecken."),
}


def normalise_grant_number(value: str) -> str:
    """The number as stored: without surrounding spaces, runs of spaces made one."""
    return " ".join((value or "").split())


def search_key(text: str) -> str:
    """An acronym or title as it is compared: case folded in Python, runs of spaces made one,
    so that "GRÖN" finds "grön" alike on SQLite (whose LIKE folds ASCII only) and PostgreSQL."""
    return " ".join((text or "").split()).casefold()


def grant_number_fits(source: str, number: str) -> bool:
    shape = SHAPES.get(source)
    return shape is not None and bool(shape.fullmatch(number))


class RecordMatch(models.TextChoices):
    """Why an imported record was kept: only an identifier or a reported number is certain."""

    IDENTIFIER = "identifier", _("organisationens identitet")
    REPORTED = "reported", _("projektnummer i en rapport")
    NAME = "name", _("stödmottagarens namn (förslag att bekräfta)")
