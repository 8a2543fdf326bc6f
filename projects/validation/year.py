"""What a year needs to be open: council goals valid that year, a deadline after it ends and,
when given, a sensible average exchange rate.

One check for the year form, the opening service and the admin's change of an open year."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _

from projects.numbers import format_number
from projects.validation.findings import Finding

# Kronor per euro: the Riksbank's annual averages since the euro began lie between 8 and 12;
# a rate outside this range is a typing error (a rate per 100 euros, or euros per krona).
EUR_RATE_MIN = Decimal("5")
EUR_RATE_MAX = Decimal("20")


def check_eur_rate(eur_rate_sek: Decimal | None) -> list[Finding]:
    """The year's average rate, when given, is kronor per euro within a sensible range."""
    if eur_rate_sek is None or EUR_RATE_MIN <= eur_rate_sek <= EUR_RATE_MAX:
        return []
    return [
        Finding(
            field="eur_rate_sek",
            message=_(
                "Skriv årets genomsnittskurs i kronor per euro, mellan %(low)s och %(high)s, "
                "till exempel 11,4765."
            )
            % {"low": format_number(EUR_RATE_MIN), "high": format_number(EUR_RATE_MAX)},
            blocking=True,
            code="eur_rate_range",
        )
    ]


def check_year_opening(
    *,
    year: int,
    deadline: datetime.date | None,
    council_goals: Iterable,
    eur_rate_sek: Decimal | None = None,
) -> list[Finding]:
    """Blocking findings on ``council_goals``, ``deadline`` and ``eur_rate_sek`` for opening
    ``year``."""
    findings = check_eur_rate(eur_rate_sek)
    invalid = [goal.name for goal in council_goals if not goal.is_valid_in(year)]
    if invalid:
        findings.append(
            Finding(
                field="council_goals",
                message=_("Dessa mål gäller inte år %(year)s: %(goals)s.")
                % {"year": year, "goals": ", ".join(invalid)},
                blocking=True,
                code="goal_not_valid",
            )
        )
    if deadline is not None and deadline <= datetime.date(year, 12, 31):
        # The report covers the whole year, so it cannot be due before the year has ended.
        findings.append(
            Finding(
                field="deadline",
                message=_(
                    "Sista dag måste ligga efter redovisningsårets slut (31 december %(year)s)."
                )
                % {"year": year},
                blocking=True,
                code="deadline_within_year",
            )
        )
    return findings
