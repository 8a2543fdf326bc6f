"""The checks on what administrations enter, in one place.

The functions work on plain values (not forms), so the web forms, the submit step and the Excel
import apply the same rules. A blocking finding stops a save or a submit; a warning may be
confirmed by the coordinator.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from projects.collation import sorted_swedish
from projects.models import (
    Administration,
    FundingProgramme,
    Payout,
    ProjectReport,
    Submission,
)

PROJECT_REQUIRED_FIELDS = (
    "name",
    "programme",
    "role",
    "start_date",
    "end_date",
    "total_budget_sek",
    "malmo_budget_sek",
    "eu_cofinancing_rate",
)

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


def blocking(findings) -> list[Finding]:
    return [finding for finding in findings if finding.blocking]


def warnings(findings) -> list[Finding]:
    return [finding for finding in findings if not finding.blocking]


def format_sek(amount: Decimal) -> str:
    """``1250000.5`` -> ``1 250 000,50 kr`` (non-breaking spaces, as Swedish text writes it)."""
    text = f"{amount:,.2f}".replace(",", "\u00a0").replace(".", ",")
    if text.endswith(",00"):
        text = text[:-3]
    return f"{text}\u00a0kr"


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _required(field: str) -> Finding:
    return Finding(field, _("Fältet måste fyllas i."), True, "required")


def _project_own_findings(values: dict) -> list[Finding]:
    """Every project rule that needs no database query."""
    findings = [
        _required(field) for field in PROJECT_REQUIRED_FIELDS if _is_blank(values.get(field))
    ]
    if values.get("role") == ProjectReport.Role.PARTNER and _is_blank(
        values.get("lead_organisation")
    ):
        findings.append(
            Finding(
                "lead_organisation",
                _("Ange vilken organisation som leder projektet när Malmö stad är partner."),
                True,
                "required",
            )
        )

    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        findings.append(
            Finding(
                "end_date",
                _("Slutdatumet %(end)s ligger före startdatumet %(start)s.")
                % {"end": end.isoformat(), "start": start.isoformat()},
                True,
                "end_before_start",
            )
        )

    total, share = values.get("total_budget_sek"), values.get("malmo_budget_sek")
    for field, amount in (("total_budget_sek", total), ("malmo_budget_sek", share)):
        if amount is not None and amount < 0:
            findings.append(
                Finding(field, _("Beloppet kan inte vara negativt."), True, "negative_amount")
            )
    if total is not None and share is not None and share > total >= 0:
        findings.append(
            Finding(
                "malmo_budget_sek",
                _(
                    "Malmö stads del av budgeten (%(share)s) är större än den totala "
                    "projektbudgeten (%(total)s)."
                )
                % {"share": format_sek(share), "total": format_sek(total)},
                True,
                "share_above_total",
            )
        )

    rate = values.get("eu_cofinancing_rate")
    programme = values.get("programme")
    if rate is not None:
        if rate < 0 or rate > 100:
            findings.append(
                Finding(
                    "eu_cofinancing_rate",
                    _("Medfinansieringen anges i procent, mellan 0 och 100."),
                    True,
                    "cofinancing_invalid",
                )
            )
        elif isinstance(programme, FundingProgramme) and not (
            programme.cofinancing_min <= rate <= programme.cofinancing_max
        ):
            findings.append(
                Finding(
                    "eu_cofinancing_rate",
                    _(
                        "EU-medfinansieringen %(rate)s %% ligger utanför det vanliga intervallet "
                        "för %(programme)s (%(min)s–%(max)s %%). Kontrollera uppgiften."
                    )
                    % {
                        "rate": _format_percent(rate),
                        "programme": programme.display_name,
                        "min": _format_percent(programme.cofinancing_min),
                        "max": _format_percent(programme.cofinancing_max),
                    },
                    False,
                    "cofinancing_outside_range",
                )
            )
    return findings


def _format_percent(value: Decimal) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


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


def _duplicate_findings(values: dict, others: list[tuple[str, str, str]]) -> list[Finding]:
    """``others``: (project name, acronym, administration name) reported by others that year."""
    findings = []
    for field in ("name", "acronym"):
        value = (values.get(field) or "").strip()
        if not value:
            continue
        key = value.casefold()
        index = 0 if field == "name" else 1
        matches = [row[2] for row in others if (row[index] or "").strip().casefold() == key]
        if matches:
            findings.append(_duplicate_finding(field, value, matches))
    return findings


def _reported_elsewhere(*, year: int, administration):
    return list(
        ProjectReport.objects.filter(submission__reporting_year__year=year)
        .exclude(submission__administration=administration)
        .values_list("name", "acronym", "submission__administration__name")
    )


class ReportedElsewhere:
    """The projects other administrations report in a year, read once for many checks.

    ``check_project(..., duplicates=...)`` then finds duplicate names and acronyms without a
    query per project (the Excel import checks thousands of rows). Matching is case-insensitive
    on the trimmed value entered, as with the query.
    """

    def __init__(self, *, year: int, administration, rows):
        self.year = year
        self.administration_id = getattr(administration, "pk", administration)
        # casefolded name or acronym -> [(project id, name, acronym, administration name)]
        self._by_field: dict[str, dict[str, list[tuple]]] = {
            "name": defaultdict(list),
            "acronym": defaultdict(list),
        }
        for row in rows:
            for field, value in (("name", row[1]), ("acronym", row[2])):
                # Not trimmed: like the query's iexact, a stored " Name " does not match "Name".
                key = (value or "").casefold()
                if key:
                    self._by_field[field][key].append(row)

    @classmethod
    def load(cls, *, year: int, administration) -> ReportedElsewhere:
        """One query, however many projects are checked against it."""
        rows = (
            ProjectReport.objects.filter(submission__reporting_year__year=year)
            .exclude(submission__administration=administration)
            .values_list(
                "pk",
                "name",
                "acronym",
                "submission__administration__name",
                "project_id",
            )
        )
        return cls(year=year, administration=administration, rows=rows)

    def applies_to(self, *, year: int, administration) -> bool:
        return self.year == year and self.administration_id == getattr(
            administration, "pk", administration
        )

    def matching(self, values: dict, *, exclude_project_id=None) -> list[tuple[str, str, str]]:
        """(name, acronym, administration name) of the reports sharing a name or acronym."""
        found = {}
        for field in ("name", "acronym"):
            key = (values.get(field) or "").strip().casefold()
            if not key:
                continue
            for report_id, name, acronym, administration_name, project_id in self._by_field[
                field
            ].get(key, ()):
                if exclude_project_id and project_id == exclude_project_id:
                    continue
                found[report_id] = (name, acronym, administration_name)
        return list(found.values())


def check_project(
    *,
    values: dict,
    administration,
    year: int,
    exclude_project_id=None,
    duplicates: ReportedElsewhere | None = None,
) -> list[Finding]:
    """Checks on a project's own data (``values`` keyed by Project field names).

    ``duplicates``: the year's projects of other administrations, loaded once by a caller that
    checks many projects; without it the duplicate check costs one query.
    """
    findings = _project_own_findings(values)
    name, acronym = (values.get("name") or "").strip(), (values.get("acronym") or "").strip()
    if not (name or acronym):
        return findings
    if duplicates is not None and duplicates.applies_to(year=year, administration=administration):
        others = duplicates.matching(values, exclude_project_id=exclude_project_id)
    else:
        query = Q(name__iexact=name) if name else Q()
        if acronym:
            query |= Q(acronym__iexact=acronym)
        rows = (
            ProjectReport.objects.filter(submission__reporting_year__year=year)
            .exclude(submission__administration=administration)
            .filter(query)
        )
        if exclude_project_id:
            rows = rows.exclude(project_id=exclude_project_id)
        others = list(rows.values_list("name", "acronym", "submission__administration__name"))
    return findings + _duplicate_findings(values, others)


def check_participants(*, administration, participants) -> list[Finding]:
    """The other administrations taking part: never the reporting administration itself."""
    own = getattr(administration, "pk", administration)
    if any(getattr(item, "pk", item) == own for item in participants):
        name = administration.name if isinstance(administration, Administration) else ""
        return [
            Finding(
                "participating_administrations",
                _(
                    "%(administration)s rapporterar projektet och kan inte också stå som "
                    "medverkande förvaltning. Välj bara andra förvaltningar."
                )
                % {"administration": name or _("Den egna förvaltningen")},
                True,
                "participant_is_reporter",
            )
        ]
    return []


def check_project_report(*, council_goal, reporting_year) -> list[Finding]:
    """The council goal is required and must be one of the year's goals."""
    if council_goal is None:
        return [
            Finding(
                "council_goal",
                _("Välj vilket kommunfullmäktigemål projektet främst bidrar till."),
                True,
                "required",
            )
        ]
    # Iterating .all() uses a prefetched list when the caller prefetched council_goals.
    valid_ids = {goal.pk for goal in reporting_year.council_goals.all()}
    if council_goal.pk not in valid_ids:
        return [
            Finding(
                "council_goal",
                _("Kommunfullmäktigemålet ”%(goal)s” gäller inte för %(year)s.")
                % {"goal": council_goal, "year": reporting_year.year},
                True,
                "goal_not_valid",
            )
        ]
    return []


def check_payout(
    *,
    payment_date: datetime.date | None,
    amount_sek: Decimal | None,
    year: int,
    project_start: datetime.date | None,
    project_end: datetime.date | None,
) -> list[Finding]:
    """A payout is dated inside the reporting year and inside the project's period."""
    findings = []
    if payment_date is None:
        findings.append(_required("payment_date"))
    if amount_sek is None:
        findings.append(_required("amount_sek"))
    elif amount_sek < 0:
        findings.append(
            Finding("amount_sek", _("Beloppet kan inte vara negativt."), True, "negative_amount")
        )
    if payment_date is None:
        return findings
    if payment_date.year != year:
        findings.append(
            Finding(
                "payment_date",
                _("Datumet %(date)s ligger utanför redovisningsåret %(year)s.")
                % {"date": payment_date.isoformat(), "year": year},
                True,
                "payout_outside_year",
            )
        )
    if project_start and project_end and not (project_start <= payment_date <= project_end):
        findings.append(
            Finding(
                "payment_date",
                _("Datumet %(date)s ligger utanför projektets period (%(start)s – %(end)s).")
                % {
                    "date": payment_date.isoformat(),
                    "start": project_start.isoformat(),
                    "end": project_end.isoformat(),
                },
                True,
                "payout_outside_project",
            )
        )
    return findings


def check_payout_total(*, total_sek: Decimal, malmo_budget_sek: Decimal | None) -> list[Finding]:
    """Warn when the EU money paid out for a project exceeds Malmö's share of its budget."""
    if malmo_budget_sek is None or total_sek is None or total_sek <= malmo_budget_sek:
        return []
    return [
        Finding(
            "",
            _(
                "Utbetalningarna till projektet (%(total)s) är större än Malmö stads del av "
                "budgeten (%(share)s). Kontrollera beloppen."
            )
            % {"total": format_sek(total_sek), "share": format_sek(malmo_budget_sek)},
            False,
            "payouts_above_share",
        )
    ]


def _project_values(report: ProjectReport) -> dict:
    return {field: getattr(report, field) for field in (*PROJECT_REQUIRED_FIELDS, "acronym")} | {
        "lead_organisation": report.lead_organisation
    }


def _in_section(findings, section: str, prefix: str = "") -> list[Finding]:
    return [
        Finding(
            finding.field,
            f"{prefix}{finding.message}",
            finding.blocking,
            finding.code,
            section,
        )
        for finding in findings
    ]


def check_submission(submission: Submission, *, reports=None) -> list[Finding]:
    """Everything that must hold before submitting, in a constant number of queries.

    ``reports``: the submission's project reports with project, programme, goal and payouts
    already loaded, when the caller has them (saves two queries).
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
    project_ids = [report.project_id for report in reports]
    paid_per_project = dict(
        Payout.objects.filter(report__project_id__in=project_ids)
        .values_list("report__project_id")
        .annotate(total=Sum("amount_sek"))
        .values_list("report__project_id", "total")
    )
    others = (
        _reported_elsewhere(year=year, administration=submission.administration_id)
        if reports
        else []
    )

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
        findings += _in_section(_project_own_findings(values), SECTION_PROJECTS, prefix)
        findings += _in_section(_duplicate_findings(values, others), SECTION_PROJECTS, prefix)
        if report.council_goal_id is None:
            goal_findings = check_project_report(council_goal=None, reporting_year=reporting_year)
        elif report.council_goal_id not in valid_goal_ids:
            goal_findings = [
                Finding(
                    "council_goal",
                    _("Kommunfullmäktigemålet ”%(goal)s” gäller inte för %(year)s.")
                    % {"goal": report.council_goal, "year": year},
                    True,
                    "goal_not_valid",
                )
            ]
        else:
            goal_findings = []
        findings += _in_section(goal_findings, SECTION_PROJECTS, prefix)
        for payout in report.payouts.all():
            findings += _in_section(
                check_payout(
                    payment_date=payout.payment_date,
                    amount_sek=payout.amount_sek,
                    year=year,
                    project_start=report.start_date,
                    project_end=report.end_date,
                ),
                SECTION_PAYOUTS,
                prefix,
            )
        findings += _in_section(
            check_payout_total(
                total_sek=paid_per_project.get(report.project_id) or Decimal("0"),
                malmo_budget_sek=report.malmo_budget_sek,
            ),
            SECTION_PAYOUTS,
            prefix,
        )
    findings += check_narrative(submission)
    return findings


def check_narrative(submission: Submission) -> list[Finding]:
    """Every narrative section needs text ("Inga" is an answer)."""
    findings = []
    for field in Submission.NARRATIVE_FIELDS:
        if _is_blank(getattr(submission, field)):
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


def findings_by_section(findings) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        grouped[finding.section].append(finding)
    return grouped
