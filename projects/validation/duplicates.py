"""The duplicate check: the same project reported by another administration in the same year."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from projects.collation import sorted_swedish
from projects.models import ProjectReport
from projects.validation.findings import Finding


def _duplicate_finding(field: str, value: str, administration_names: list[str]) -> Finding:
    label = _("namn") if field == "name" else _("förkortning")
    return Finding(
        field,
        _(
            "Ett projekt med samma %(label)s (%(value)s) rapporteras också av %(others)s i år. "
            "Kontrollera att det inte är samma projekt som redovisas två gånger."
        )
        % {
            "label": label,
            "value": value,
            "others": ", ".join(sorted_swedish(set(administration_names))),
        },
        False,
        "duplicate_other_administration",
    )


def match_key(value) -> str:
    """How names and acronyms are compared: trimmed, case-insensitive."""
    return (value or "").strip().casefold()


class ReportedElsewhere:
    """The projects other administrations report in a year: the one duplicate check.

    Read once (one query) and then asked for any number of projects without further queries,
    so the form, the submit check and the Excel import apply the same rule at the same cost.
    Names and acronyms match when equal after trimming, whatever the case.
    """

    FIELDS = ("name", "acronym")

    def __init__(self, *, year: int, administration, rows):
        self.year = year
        self.administration_id = getattr(administration, "pk", administration)
        # field -> compared value -> [(project id, administration name)]
        self._index: dict[str, dict[str, list[tuple[int, str]]]] = {
            field: defaultdict(list) for field in self.FIELDS
        }
        for name, acronym, administration_name, project_id in rows:
            for field, value in zip(self.FIELDS, (name, acronym), strict=True):
                if key := match_key(value):
                    self._index[field][key].append((project_id, administration_name))

    @classmethod
    def load(cls, *, year: int, administration) -> ReportedElsewhere:
        """One query, however many projects are checked against it."""
        rows = (
            ProjectReport.objects.filter(submission__reporting_year__year=year)
            .exclude(submission__administration=administration)
            .values_list("name", "acronym", "submission__administration_name", "project_id")
        )
        return cls(year=year, administration=administration, rows=rows)

    def applies_to(self, *, year: int, administration) -> bool:
        return self.year == year and self.administration_id == getattr(
            administration, "pk", administration
        )

    def findings(self, values: dict, *, exclude_project_id=None) -> list[Finding]:
        """A warning per field (name, acronym) that another administration reports too."""
        findings = []
        for field in self.FIELDS:
            value = (values.get(field) or "").strip()
            matches = [
                administration_name
                for project_id, administration_name in self._index[field].get(match_key(value), ())
                if not (exclude_project_id and project_id == exclude_project_id)
            ]
            if value and matches:
                findings.append(_duplicate_finding(field, value, matches))
        return findings


def same_number_findings(reports) -> dict[int, list[Finding]]:
    """A warning on each of a submission's projects whose EU project number (with its source)
    another of its projects gives too, naming the others (report id -> findings). No query."""
    by_number: dict[tuple[str, str], list] = defaultdict(list)
    for report in reports:
        if report.grant_source and report.grant_number:
            by_number[(report.grant_source, report.grant_number)].append(report)
    findings: dict[int, list[Finding]] = {}
    for (_source, number), same in by_number.items():
        for report in same if len(same) > 1 else ():
            others = sorted_swedish({other.name for other in same if other.pk != report.pk})
            findings[report.pk] = [
                Finding(
                    "grant_number",
                    _(
                        "Projektnumret %(number)s anges också för %(others)s i inrapporteringen. "
                        "Kontrollera att det inte är samma projekt som redovisas två gånger."
                    )
                    % {"number": number, "others": ", ".join(f"”{name}”" for name in others)},
                    False,
                    "duplicate_grant_number",
                )
            ]
    return findings
