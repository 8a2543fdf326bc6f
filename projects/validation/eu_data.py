"""What was reported beside what an EU source says, in words: a sentence per difference, and
the differences as warnings for the project form, the Excel import and the submit step.

The differences themselves (codes, both values, the tolerance) are
``projects/eu_data/differences.py``'s; they never block a save or a submit."""

from __future__ import annotations

from django.utils.translation import gettext as _

from projects.eu_data import differences as d
from projects.models import ProjectReport
from projects.numbers import NBSP, format_number, format_sek
from projects.validation.findings import Finding


def _euros(amount) -> str:
    return f"{format_number(amount)}{NBSP}{_('euro')}"


def _role(value: str) -> str:
    """A role in the report's words, lower case as it stands inside a sentence."""
    if value in ProjectReport.Role.values:
        return str(ProjectReport.Role(value).label).lower()
    return value


def _source_role(value: str) -> str:
    """The source's role (CORDIS's "coordinator", "participant"…) in the report's words: the
    coordinator is the project owner, every other role a partner."""
    leads = value == d.COORDINATOR_ROLE
    return _role(ProjectReport.Role.OWNER if leads else ProjectReport.Role.PARTNER)


def describe(difference: d.SourceDifference) -> str:
    """One difference as a sentence with both values."""
    code = difference.code
    if code == d.NO_RATE:
        return _(
            "Beloppen jämförs inte: årets genomsnittskurs för euron är inte ifylld på "
            "redovisningsårets sida."
        )
    if code in (d.START_DATE, d.END_DATE):
        template = (
            _("Startdatum: rapporterat %(reported)s, enligt källan %(published)s.")
            if code == d.START_DATE
            else _("Slutdatum: rapporterat %(reported)s, enligt källan %(published)s.")
        )
        return template % {
            "reported": difference.reported.isoformat(),
            "published": difference.published.isoformat(),
        }
    if code == d.ROLE:
        return _("Roll: rapporterad som %(reported)s, enligt källan %(published)s.") % {
            "reported": _role(difference.reported),
            "published": _source_role(difference.published),
        }
    if code == d.LEAD_ORGANISATION:
        return _("Projektägare: rapporterad ”%(reported)s”, enligt källan ”%(published)s”.") % {
            "reported": difference.reported,
            "published": difference.published,
        }
    template = (
        _("Total projektbudget: rapporterad %(sek)s (%(reported)s), enligt källan %(published)s.")
        if code == d.TOTAL_BUDGET
        else _(
            "Organisationens EU-bidrag: rapporterat %(sek)s (%(reported)s), enligt källan "
            "%(published)s."
        )
    )
    return template % {
        "sek": format_sek(difference.reported_sek),
        "reported": _euros(difference.reported),
        "published": _euros(difference.published),
    }


def source_findings(comparison: d.SourceComparison | None) -> list[Finding]:
    """The differences as warnings, each naming the source, the number and the file's date."""
    if comparison is None:
        return []
    record = comparison.record
    where = _("Enligt %(source)s (projekt %(number)s, filen från %(date)s): ") % {
        "source": record.get_source_display(),
        "number": record.grant_number,
        "date": record.source_file.file_date.isoformat(),
    }
    return [
        Finding(difference.field, f"{where}{describe(difference)}", False, difference.code)
        for difference in comparison.warnings
    ]
