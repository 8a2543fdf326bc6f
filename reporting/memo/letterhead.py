"""The memo's letterhead: the organisation as the memo's year keeps it, its logo and its colours.

The PDF draws the logo from the bytes kept in the database (``OrganisationLogo``): the renderer
reads it through its fetcher under ``LOGO_URL``, never from a path or the network, and takes the
colours from a stylesheet of CSS custom properties (``--letterhead-primary``,
``--letterhead-secondary``) that ``static/css/memo-print.css`` uses. The Word file puts the same
logo in its page header (``docx_logo.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from projects.logos import EXTENSIONS, LogoFile
from projects.organisation import OrganisationFacts, colour_properties
from projects.selectors import organisation_letterhead, organisation_logo
from reporting.models import Memo

# What the print template names the logo by; the fetcher answers it from memory. A file URL, so
# that it passes the fetcher's protocol check, under no folder that exists.
LOGO_URL = "file:///letterhead/logo"


@dataclass(frozen=True)
class Letterhead:
    organisation: OrganisationFacts
    logo: LogoFile | None = None

    @property
    def logo_url(self) -> str:
        if self.logo is None:
            return ""
        return f"{LOGO_URL}.{EXTENSIONS[self.logo.content_type]}"

    @property
    def resources(self) -> dict[str, tuple[bytes, str]]:
        """The files the renderer may read besides the static ones: URL -> (bytes, type)."""
        if self.logo is None:
            return {}
        return {self.logo_url: (self.logo.data, self.logo.content_type)}

    def stylesheet(self) -> str:
        """The letterhead's colours as CSS custom properties (checked again: only ``#rrggbb``
        reaches the CSS)."""
        return colour_properties(
            {
                "--letterhead-primary": self.organisation.colour_primary,
                "--letterhead-secondary": self.organisation.colour_secondary,
            }
        )


def memo_letterhead(memo: Memo) -> Letterhead:
    """The letterhead of the memo's year: a closed year's as it closed, logo included."""
    organisation = organisation_letterhead(memo.year)
    return Letterhead(organisation=organisation, logo=organisation_logo(organisation))
