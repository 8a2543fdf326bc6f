"""What an EU source publishes about reported projects: the record under a report's number
(certain), the records whose acronym or title a report shares (a suggestion only), and the
records a new project may start from."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q

from projects.eu_data.differences import SourceComparison, compare, values_of
from projects.eu_data.identifiers import normalise_grant_number, search_key
from projects.models import EuProjectRecord, ProjectReport

# The records a search for a new project lists at most.
SEARCH_LIMIT = 20


def source_records(keys) -> dict[tuple[str, str], EuProjectRecord]:
    """The imported records under ``keys`` ((source, number) pairs), with their file; one
    query, none without keys."""
    keys = {(source, number) for source, number in keys if source and number}
    if not keys:
        return {}
    records = EuProjectRecord.objects.filter(
        source__in={source for source, _number in keys},
        grant_number__in={number for _source, number in keys},
    ).select_related("source_file")
    return {
        (record.source, record.grant_number): record
        for record in records
        if (record.source, record.grant_number) in keys
    }


def source_comparison(values: dict, *, eur_rate_sek: Decimal | None) -> SourceComparison | None:
    """The record under the number in ``values`` (a form's or a row's) and the differences;
    ``None`` without a number or a record. One query at most."""
    key = (values.get("grant_source") or "", values.get("grant_number") or "")
    record = source_records([key]).get(key)
    return compare(values, record, eur_rate_sek) if record is not None else None


def source_comparisons(reports, *, eur_rate_sek: Decimal | None) -> dict[int, SourceComparison]:
    """For each report with an imported record under its number: the record and the facts
    where the two differ (report id -> comparison). One query, none without numbers."""
    records = source_records((report.grant_source, report.grant_number) for report in reports)
    comparisons = {}
    for report in reports:
        record = records.get((report.grant_source, report.grant_number))
        if record is not None:
            comparisons[report.pk] = compare(values_of(report), record, eur_rate_sek)
    return comparisons


def source_suggestions(reports) -> dict[int, list[EuProjectRecord]]:
    """For each report without a number: the records with its acronym or its name as title,
    to be confirmed by giving the number (report id -> records). One query, none without
    such reports."""
    unnumbered = [report for report in reports if not report.grant_number]
    acronyms = {search_key(report.acronym) for report in unnumbered if report.acronym.strip()}
    names = {search_key(report.name) for report in unnumbered if report.name.strip()}
    if not acronyms and not names:
        return {}
    records = list(
        EuProjectRecord.objects.filter(Q(acronym_key__in=acronyms) | Q(title_key__in=names))
        .select_related("source_file")
        .order_by("source", "grant_number")
    )
    suggestions = {}
    for report in unnumbered:
        found = [
            record
            for record in records
            if (report.acronym.strip() and record.acronym_key == search_key(report.acronym))
            or record.title_key == search_key(report.name)
        ]
        if found:
            suggestions[report.pk] = found
    return suggestions


def source_search(text: str) -> list[EuProjectRecord]:
    """Imported records whose number is ``text`` or whose acronym or title holds it, the
    exact number first; at most ``SEARCH_LIMIT``."""
    text = " ".join(text.split())
    if not text:
        return []
    number = normalise_grant_number(text)
    records = (
        EuProjectRecord.objects.filter(
            Q(grant_number=number)
            | Q(acronym_key__contains=search_key(text))
            | Q(title_key__contains=search_key(text))
        )
        .select_related("source_file")
        .order_by("acronym", "grant_number", "pk")[:SEARCH_LIMIT]
    )
    return sorted(records, key=lambda record: record.grant_number != number)


def source_record(pk) -> EuProjectRecord | None:
    """The imported record ``pk`` with its file, or ``None``."""
    try:
        return EuProjectRecord.objects.select_related("source_file").get(pk=int(pk))
    except (EuProjectRecord.DoesNotExist, TypeError, ValueError):
        return None


def reported_under(submission, records) -> list[tuple[EuProjectRecord, ProjectReport | None]]:
    """Each of ``records`` with the submission's project already reported under its number, or
    ``None``: a record already reported is not started again. One query, none without records."""
    keys = {(record.source, record.grant_number) for record in records}
    if not keys:
        return []
    reports = submission.project_reports.filter(
        grant_number__in={number for _source, number in keys}
    ).order_by("pk")
    by_key = {}
    for report in reports:
        by_key.setdefault((report.grant_source, report.grant_number), report)
    return [(record, by_key.get((record.source, record.grant_number))) for record in records]
