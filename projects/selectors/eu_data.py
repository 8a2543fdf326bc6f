"""What an EU source publishes about a reported project, and where the report differs."""

from __future__ import annotations

from dataclasses import dataclass

from projects.models import EuProjectRecord, ProjectReport

# CORDIS's role of the organisation that leads a project.
COORDINATOR_ROLE = "coordinator"


@dataclass(frozen=True)
class SourceDifference:
    code: str  # "eu_start_date", "eu_end_date", "eu_role"
    reported: object
    published: object


@dataclass(frozen=True)
class SourceComparison:
    record: EuProjectRecord
    differences: tuple[SourceDifference, ...]


def _differences(report: ProjectReport, record: EuProjectRecord) -> tuple[SourceDifference, ...]:
    found = []
    if record.start_date and record.start_date != report.start_date:
        found.append(SourceDifference("eu_start_date", report.start_date, record.start_date))
    if record.end_date and record.end_date != report.end_date:
        found.append(SourceDifference("eu_end_date", report.end_date, record.end_date))
    if record.organisation_role:
        leads = record.organisation_role == COORDINATOR_ROLE
        if leads != (report.role == ProjectReport.Role.OWNER):
            found.append(SourceDifference("eu_role", report.role, record.organisation_role))
    return tuple(found)


def source_comparisons(reports) -> dict[int, SourceComparison]:
    """For each report with an imported record under its number: the record and the facts
    where the two differ (report id -> comparison). One query, none without numbers."""
    numbers = {
        (report.grant_source, report.grant_number) for report in reports if report.grant_number
    }
    if not numbers:
        return {}
    records = {
        (record.source, record.grant_number): record
        for record in EuProjectRecord.objects.filter(
            source__in={source for source, _number in numbers},
            grant_number__in={number for _source, number in numbers},
        ).select_related("source_file")
    }
    comparisons = {}
    for report in reports:
        record = records.get((report.grant_source, report.grant_number))
        if record is not None:
            comparisons[report.pk] = SourceComparison(record, _differences(report, record))
    return comparisons
