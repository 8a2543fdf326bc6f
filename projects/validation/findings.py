"""What a check returns: a finding, blocking or a warning, and the sections of a submission."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SECTION_PROJECTS = "projects"
SECTION_PAYOUTS = "payouts"
SECTION_NARRATIVE = "narrative"


@dataclass(frozen=True)
class Finding:
    """One problem found in entered data."""

    field: str  # model field the finding belongs to; "" = the whole row
    message: str  # Swedish, user-facing
    blocking: bool  # False = a warning the coordinator may confirm
    code: str  # stable id, e.g. "payout_outside_year"
    section: str = ""  # "projects", "payouts" or "narrative" when checking a whole submission
    report_id: int | None = None  # the project report the finding is about, if one
    payout_index: int | None = None  # the payout's row in the project's form, if one

    def as_error(self) -> ValidationError:
        """The finding as a form error, carrying its code."""
        return ValidationError(self.message, code=self.code)


def blocking(findings) -> list[Finding]:
    return [finding for finding in findings if finding.blocking]


def warnings(findings) -> list[Finding]:
    return [finding for finding in findings if not finding.blocking]


def findings_by_section(findings) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        grouped[finding.section].append(finding)
    return grouped


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def required(field: str) -> Finding:
    return Finding(field, _("Fältet måste fyllas i."), True, "required")


def in_section(
    findings, section: str, prefix: str = "", *, report_id=None, payout_index=None
) -> list[Finding]:
    return [
        Finding(
            finding.field,
            f"{prefix}{finding.message}",
            finding.blocking,
            finding.code,
            section,
            report_id,
            payout_index,
        )
        for finding in findings
    ]
