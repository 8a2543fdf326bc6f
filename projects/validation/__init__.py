"""The checks on what administrations enter, in one place.

The functions work on plain values (not forms), so the web forms, the submit step and the Excel
import apply the same rules. A blocking finding stops a save or a submit; a warning may be
confirmed by the coordinator. Each rule has one module:

- ``findings``: the ``Finding`` every check returns, and the sections of a submission;
- ``project``: a project's facts for a year (required fields, dates, budget, co-financing, goal);
- ``duplicates``: the same project reported by another administration (``ReportedElsewhere``);
- ``participants``: the other administrations taking part;
- ``payouts``: payout dates, what was paid in other years, payouts above the organisation's share;
- ``submission``: a whole submission before submitting, with last year's running projects;
- ``year``: what a year needs to be open (goals valid that year, a deadline after it).
"""

# The projects a check of continuity starts from: a read, kept with the selectors.
from projects.selectors.continuity import running_last_year
from projects.validation.duplicates import ReportedElsewhere
from projects.validation.findings import (
    SECTION_NARRATIVE,
    SECTION_PAYOUTS,
    SECTION_PROJECTS,
    Finding,
    blocking,
    findings_by_section,
    warnings,
)
from projects.validation.participants import check_participants
from projects.validation.payouts import (
    check_payout,
    check_payout_removal,
    check_payout_total,
    paid_in_other_years,
)
from projects.validation.project import (
    PROJECT_REQUIRED_FIELDS,
    check_project,
    check_project_report,
)
from projects.validation.submission import (
    check_continuity,
    check_narrative,
    check_submission,
)
from projects.validation.year import check_year_opening

__all__ = [
    "check_year_opening",
    "PROJECT_REQUIRED_FIELDS",
    "SECTION_NARRATIVE",
    "SECTION_PAYOUTS",
    "SECTION_PROJECTS",
    "Finding",
    "ReportedElsewhere",
    "blocking",
    "check_continuity",
    "check_narrative",
    "check_participants",
    "check_payout",
    "check_payout_removal",
    "check_payout_total",
    "check_project",
    "check_project_report",
    "check_submission",
    "findings_by_section",
    "paid_in_other_years",
    "running_last_year",
    "warnings",
]
