"""The organisation that runs this installation, as the code reads it.

``Organisation`` (in ``projects.models``) is the one row a development coordinator edits; a
closed year keeps a copy of it (``ReportingYear.organisation_snapshot``) so that its memo,
letterhead and wording stay as they were when it closed. Code reads both through
``projects.selectors.organisation_facts(year)``, which returns the frozen ``OrganisationFacts``.
This module holds the checks and the frozen facts; it imports no model.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from projects.text import genitive

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# WCAG 2.1 AA for normal text: headings and chart labels are drawn in these colours on white.
MIN_CONTRAST = 4.5
# The placeholders a case-number pattern may use.
CASE_NUMBER_PLACEHOLDERS = ("år", "nummer")
# The licences of the open figures, and the URIs that name them in a DCAT-AP-SE catalogue
# (exactly these spellings: http, with the closing slash).
LICENCE_CC0 = "cc0-1.0"
LICENCE_CC_BY = "cc-by-4.0"
LICENCE_URIS = {
    LICENCE_CC0: "http://creativecommons.org/publicdomain/zero/1.0/",
    LICENCE_CC_BY: "http://creativecommons.org/licenses/by/4.0/",
}


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of a ``#rrggbb`` colour."""
    channels = []
    for start in (1, 3, 5):
        value = int(colour[start : start + 2], 16) / 255
        channels.append(value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str = "#ffffff") -> float:
    """WCAG 2.1's contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def validate_letterhead_colour(value: str) -> None:
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            _("Ange färgen som #rrggbb, till exempel #0a3c78."), code="colour_format"
        )
    ratio = contrast_ratio(value)
    if ratio < MIN_CONTRAST:
        raise ValidationError(
            _(
                "Färgen har kontrasten %(ratio)s:1 mot vit bakgrund; text i den färgen behöver "
                "minst 4,5:1. Välj en mörkare färg."
            )
            % {"ratio": f"{ratio:.1f}".replace(".", ",")},
            code="colour_contrast",
        )


def validate_organisation_number(value: str) -> None:
    """A Swedish organisation number: ten digits written NNNNNN-NNNN, with a valid check digit
    (the Luhn algorithm over the ten digits)."""
    if not re.fullmatch(r"\d{6}-\d{4}", value or ""):
        raise ValidationError(
            _("Skriv organisationsnumret som tio siffror, NNNNNN-NNNN."),
            code="organisation_number_format",
        )
    if not luhn_valid(value.replace("-", "")):
        raise ValidationError(
            _("Organisationsnumret har fel kontrollsiffra."), code="organisation_number_check"
        )


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        number = int(char)
        if position % 2 == 1:
            number *= 2
            if number > 9:
                number -= 9
        total += number
    return total % 10 == 0


def validate_vat_number(value: str) -> None:
    """A Swedish VAT number: SE, the organisation number's ten digits, then 01."""
    if value and not re.fullmatch(r"SE\d{10}01", value):
        raise ValidationError(
            _(
                "Skriv momsregistreringsnumret som SE följt av tolv siffror, till exempel "
                "SE212000112401."
            ),
            code="vat_number_format",
        )


def validate_pic(value: str) -> None:
    """The EU's Participant Identification Code: nine digits."""
    if value and not re.fullmatch(r"\d{9}", value):
        raise ValidationError(_("PIC är nio siffror."), code="pic_format")


def validate_case_number_pattern(value: str) -> None:
    """A pattern such as ``STK-{år}-{nummer}``: only the known placeholders, ``{nummer}`` once."""
    names = re.findall(r"\{([^{}]*)\}", value or "")
    unknown = [name for name in names if name not in CASE_NUMBER_PLACEHOLDERS]
    if unknown:
        raise ValidationError(
            _("Okänd platshållare {%(name)s}. Använd {år} och {nummer}.") % {"name": unknown[0]},
            code="case_pattern_placeholder",
        )
    if names.count("nummer") != 1:
        raise ValidationError(
            _("Mönstret behöver {nummer} en gång, till exempel STK-{år}-{nummer}."),
            code="case_pattern_number",
        )


def case_number_regex(pattern: str) -> re.Pattern:
    """The regular expression that matches case numbers written by ``pattern``."""
    parts = re.split(r"(\{år\}|\{nummer\})", pattern)
    regex = ""
    for part in parts:
        if part == "{år}":
            regex += r"(?P<year>\d{4})"
        elif part == "{nummer}":
            regex += r"(?P<number>\d+)"
        else:
            regex += re.escape(part)
    return re.compile(rf"^{regex}$")


def colour_properties(colours: dict[str, str]) -> str:
    """A stylesheet's ``:root`` with each ``#rrggbb`` colour as a custom property (a name
    ending in ``-rgb`` gets the colour as "r, g, b", as Bootstrap's do); anything else is left
    out, so the stylesheet's own value applies."""
    lines = [
        f"  {name}: {rgb_triplet(value) if name.endswith('-rgb') else value};"
        for name, value in colours.items()
        if HEX_COLOUR.match(value or "")
    ]
    return ":root {\n" + "\n".join(lines) + "\n}\n"


def rgb_triplet(colour: str) -> str:
    """ "#0a3c78" -> "10, 60, 120" (Bootstrap's ``--bs-*-rgb`` properties)."""
    return ", ".join(str(int(colour[start : start + 2], 16)) for start in (1, 3, 5))


@dataclass(frozen=True)
class DecisionStepFacts:
    body: str
    abbreviation: str


@dataclass(frozen=True)
class OrganisationFacts:
    """What the memo, the letterhead, the e-mails and the labels need to know of the
    organisation, as it is now or as a closed year kept it."""

    name: str
    name_genitive: str
    organisation_number: str = ""
    vat_number: str = ""
    pic: str = ""
    office_name: str = ""
    document_type: str = "tjansteskrivelse"
    document_type_label: str = "Tjänsteskrivelse"
    case_number_pattern: str = ""
    policy: str = ""
    responsible: str = ""
    colour_primary: str = "#0a3c78"
    colour_secondary: str = "#052a55"
    companies_report: bool = False
    email_from: str = ""
    open_data_licence: str = LICENCE_CC0
    # The ``OrganisationLogo`` by its content: a closed year keeps the one it closed with.
    logo_sha256: str = ""
    decision_steps: tuple[DecisionStepFacts, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> OrganisationFacts:
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        values["decision_steps"] = tuple(
            DecisionStepFacts(**step) for step in values.get("decision_steps", ())
        )
        return cls(**values)

    @property
    def genitive_here(self) -> str:
        """The name in the genitive of the active language: "Lunds kommuns", "Lunds kommun’s"."""
        if (get_language() or "sv").startswith("sv"):
            return self.name_genitive
        return genitive(self.name, language="en")

    @property
    def office_in_sentence(self) -> str:
        """The office inside a sentence: a common noun in Swedish ("granskas av stadskontoret"),
        its name as it is in English ("sent to Stadskontoret")."""
        if (get_language() or "sv").startswith("sv"):
            return self.office_name[:1].lower() + self.office_name[1:]
        return self.office_name

    @property
    def office_name_genitive(self) -> str:
        return genitive(self.office_name, language="sv")

    @property
    def open_data_licence_uri(self) -> str:
        return LICENCE_URIS.get(self.open_data_licence, LICENCE_URIS[LICENCE_CC0])

    def site_stylesheet(self) -> str:
        """The site's colours (``static/css/site.css`` names them): the header band and
        links in the primary colour, the menu in the secondary one."""
        return colour_properties(
            {
                "--brand-primary": self.colour_primary,
                "--brand-primary-dark": self.colour_secondary,
                "--bs-link-color": self.colour_primary,
                "--bs-link-color-rgb": self.colour_primary,
            }
        )

    def case_number_matches(self, value: str) -> bool:
        return bool(self.case_number_pattern) and bool(
            case_number_regex(self.case_number_pattern).match(value)
        )


# Used where no organisation has been set up yet (an empty installation before its first
# settings page): neutral words, never another organisation's name.
UNNAMED = OrganisationFacts(
    name="Kommunen", name_genitive="Kommunens", office_name="Kommunledningskontoret"
)
