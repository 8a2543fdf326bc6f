"""A whole submission before it is submitted: every project, its payouts, last year's running
projects and the narrative, in a constant number of queries."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import BooleanField, ExpressionWrapper
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from projects.collation import sorted_swedish
from projects.models import ProjectReport, Submission
from projects.selectors.continuity import runs_into
from projects.selectors.eu_data import source_comparisons
from projects.validation.duplicates import ReportedElsewhere, same_number_findings
from projects.validation.eu_data import source_findings
from projects.validation.findings import (
    SECTION_NARRATIVE,
    SECTION_PAYOUTS,
    SECTION_PROJECTS,
    Finding,
    in_section,
    is_blank,
)
from projects.validation.payouts import check_payout, check_payout_total, paid_in_other_years
from projects.validation.project import (
    PROJECT_REQUIRED_FIELDS,
    check_project_report,
    goal_not_valid,
    project_own_findings,
)


def _project_values(report: ProjectReport) -> dict:
    return {field: getattr(report, field) for field in (*PROJECT_REQUIRED_FIELDS, "acronym")} | {
        "lead_organisation": report.lead_organisation
    }


def check_continuity(submission: Submission, reports) -> list[Finding]:
    """Warnings about last year's projects (one query): those still running that are missing
    this year, and those carried forward with neither payouts nor results for the year.

    A project the coordinator marked as ended early (``ProjectEnding``) is not asked for."""
    year = submission.reporting_year.year
    last_year = list(
        ProjectReport.objects.filter(
            submission__administration_id=submission.administration_id,
            submission__reporting_year__year=year - 1,
        )
        .exclude(project__endings__submission=submission)
        .annotate(runs_into=ExpressionWrapper(runs_into(year), output_field=BooleanField()))
        .values_list("project_id", "name", "runs_into")
    )
    this_year = {report.project_id for report in reports}
    missing = sorted_swedish(
        name
        for project_id, name, runs_into in last_year
        if runs_into and project_id not in this_year
    )
    findings = []
    if missing:
        findings.append(
            Finding(
                "",
                ngettext(
                    "%(count)s av förvaltningens projekt från %(last)s pågår fortfarande men "
                    "finns inte med i %(year)s: %(names)s. Ta med det från förra året, eller "
                    "markera det som avslutat i förtid.",
                    "%(count)s av förvaltningens projekt från %(last)s pågår fortfarande men "
                    "finns inte med i %(year)s: %(names)s. Ta med dem från förra året, eller "
                    "markera dem som avslutade i förtid.",
                    len(missing),
                )
                % {
                    "count": len(missing),
                    "last": year - 1,
                    "year": year,
                    "names": ", ".join(missing),
                },
                False,
                "running_not_carried_forward",
                SECTION_PROJECTS,
            )
        )
    carried = {project_id for project_id, _name, _end in last_year}
    for report in reports:
        if report.project_id in carried and not report.payouts.all() and is_blank(report.results):
            findings.append(
                Finding(
                    "results",
                    _(
                        "%(name)s: projektet är med från %(last)s men har varken utbetalningar "
                        "eller resultat för %(year)s. Fyll i vad projektet har gjort under året."
                    )
                    % {"name": report.name, "last": year - 1, "year": year},
                    False,
                    "carried_forward_empty",
                    SECTION_PROJECTS,
                    report.pk,
                )
            )
    return findings


def check_submission(submission: Submission, *, reports=None, comparisons=None) -> list[Finding]:
    """Everything that must hold before submitting, in a constant number of queries.

    ``reports``: the submission's project reports with project, programme, goal and payouts
    already loaded, when the caller has them (saves two queries); ``comparisons``: theirs with
    the EU sources (``source_comparisons``), when the caller has them.
    """
    reporting_year = submission.reporting_year
    year = reporting_year.year
    valid_goal_ids = set(reporting_year.council_goals.values_list("pk", flat=True))
    if reports is None:
        reports = list(
            submission.project_reports.select_related("programme", "council_goal")
            .prefetch_related("payouts")
            .order_by("name", "pk")
        )
    earlier = (
        paid_in_other_years([report.project_id for report in reports], submission=submission)
        if reports
        else {}
    )
    duplicates = (
        ReportedElsewhere.load(year=year, administration=submission.administration_id)
        if reports
        else None
    )

    if comparisons is None:
        comparisons = source_comparisons(reports, eur_rate_sek=reporting_year.eur_rate_sek)

    same_number = same_number_findings(reports)
    findings: list[Finding] = []
    if not reports:
        findings.append(
            Finding(
                "",
                _(
                    "Inrapporteringen innehåller inga projekt. Bekräfta att förvaltningen inte "
                    "har haft några EU-projekt under året."
                ),
                False,
                "no_projects",
                SECTION_PROJECTS,
            )
        )
    for report in reports:
        prefix = f"{report.name}: "
        values = _project_values(report)
        ids = {"report_id": report.pk}
        findings += in_section(project_own_findings(values), SECTION_PROJECTS, prefix, **ids)
        findings += in_section(duplicates.findings(values), SECTION_PROJECTS, prefix, **ids)
        findings += in_section(same_number.get(report.pk, []), SECTION_PROJECTS, prefix, **ids)
        if report.council_goal_id is None:
            goal_findings = check_project_report(council_goal=None, reporting_year=reporting_year)
        elif report.council_goal_id not in valid_goal_ids:
            goal_findings = [goal_not_valid(report.council_goal, year)]
        else:
            goal_findings = []
        findings += in_section(goal_findings, SECTION_PROJECTS, prefix, **ids)
        findings += in_section(
            source_findings(comparisons.get(report.pk)), SECTION_PROJECTS, prefix, **ids
        )
        for index, payout in enumerate(report.payouts.all()):
            findings += in_section(
                check_payout(
                    payment_date=payout.payment_date,
                    amount_sek=payout.amount_sek,
                    year=year,
                    project_start=report.start_date,
                    project_end=report.end_date,
                ),
                SECTION_PAYOUTS,
                prefix,
                report_id=report.pk,
                payout_index=index,
            )
        findings += in_section(
            check_payout_total(
                year=year,
                this_year_sek=sum(
                    (payout.amount_sek for payout in report.payouts.all()), Decimal("0")
                ),
                other_years_sek=earlier.get(report.project_id) or Decimal("0"),
                own_budget_sek=report.own_budget_sek,
            ),
            SECTION_PAYOUTS,
            prefix,
            **ids,
        )
    findings += check_continuity(submission, reports)
    findings += check_narrative(submission)
    return findings


def check_narrative(submission: Submission) -> list[Finding]:
    """Every narrative section needs text ("Inga" is an answer)."""
    findings = []
    for field in Submission.NARRATIVE_FIELDS:
        if is_blank(getattr(submission, field)):
            label = Submission._meta.get_field(field).verbose_name
            findings.append(
                Finding(
                    field,
                    _(
                        "Avsnittet ”%(section)s” är inte ifyllt. Skriv ”Inga” om det inte finns "
                        "något att redovisa."
                    )
                    % {"section": str(label).capitalize()},
                    True,
                    "required",
                    SECTION_NARRATIVE,
                )
            )
    return findings
