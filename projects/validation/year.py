"""What a year needs to be open: council goals valid that year and a deadline after it ends.

One check for the year form, the opening service and the admin's change of an open year."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils.translation import gettext as _

from projects.validation.findings import Finding


def check_year_opening(
    *, year: int, deadline: datetime.date | None, council_goals: Iterable
) -> list[Finding]:
    """Blocking findings on ``council_goals`` and ``deadline`` for opening ``year``."""
    findings = []
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
