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

from django.utils.translation import gettext as _

from projects.collation import sorted_swedish
from projects.models import (
    Administration,
    FundingProgramme,
    Payout,
    ProjectReport,
    Submission,
)
from projects.numbers import format_percent, format_sek, sum_sek

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
                        "rate": format_percent(rate),
                        "programme": programme.display_name,
                        "min": format_percent(programme.cofinancing_min),
                        "max": format_percent(programme.cofinancing_max),
                    },
                    False,
                    "cofinancing_outside_range",
                )
            )
    return findings


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


def _key(value) -> str:
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
                if key := _key(value):
                    self._index[field][key].append((project_id, administration_name))

    @classmethod
    def load(cls, *, year: int, administration) -> ReportedElsewhere:
        """One query, however many projects are checked against it."""
        rows = (
            ProjectReport.objects.filter(submission__reporting_year__year=year)
            .exclude(submission__administration=administration)
            .values_list("name", "acronym", "submission__administration__name", "project_id")
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
                for project_id, administration_name in self._index[field].get(_key(value), ())
                if not (exclude_project_id and project_id == exclude_project_id)
            ]
            if value and matches:
                findings.append(_duplicate_finding(field, value, matches))
        return findings


def check_project(
    *,
    values: dict,
    administration,
    year: int,
    exclude_project_id=None,
    duplicates: ReportedElsewhere | None = None,
) -> list[Finding]:
    """Checks on a project's facts for a year (``values`` keyed by ProjectReport field names).

    ``duplicates``: the year's projects of other administrations, loaded once by a caller that
    checks many projects; without it the duplicate check costs one query.
    """
    findings = _project_own_findings(values)
    if not any(_key(values.get(field)) for field in ReportedElsewhere.FIELDS):
        return findings
    if duplicates is None or not duplicates.applies_to(year=year, administration=administration):
        duplicates = ReportedElsewhere.load(year=year, administration=administration)
    return findings + duplicates.findings(values, exclude_project_id=exclude_project_id)


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


def paid_in_other_years(project_ids, *, submission: Submission) -> dict[int, Decimal]:
    """EU money paid to each project in its reports of other years (one query)."""
    return dict(
        Payout.objects.filter(report__project_id__in=list(project_ids))
        .exclude(report__submission=submission)
        .values_list("report__project_id")
        .annotate(total=sum_sek("amount_sek"))
        .values_list("report__project_id", "total")
    )


def check_payout_total(
    *,
    year: int,
    this_year_sek: Decimal,
    other_years_sek: Decimal,
    malmo_budget_sek: Decimal | None,
) -> list[Finding]:
    """Warn when the EU money paid out for a project, all years together, exceeds Malmö's share
    of its budget; the message says what this year adds."""
    total = this_year_sek + other_years_sek
    if malmo_budget_sek is None or total <= malmo_budget_sek:
        return []
    if other_years_sek:
        paid = _("alla år: %(total)s, varav %(year)s: %(this_year)s") % {
            "total": format_sek(total),
            "year": year,
            "this_year": format_sek(this_year_sek),
        }
    else:
        paid = format_sek(total)
    return [
        Finding(
            "",
            _(
                "Utbetalningarna till projektet (%(paid)s) är större än Malmö stads del av "
                "budgeten (%(share)s). Kontrollera beloppen."
            )
            % {"paid": paid, "share": format_sek(malmo_budget_sek)},
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
        findings += _in_section(duplicates.findings(values), SECTION_PROJECTS, prefix)
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
                year=year,
                this_year_sek=sum(
                    (payout.amount_sek for payout in report.payouts.all()), Decimal("0")
                ),
                other_years_sek=earlier.get(report.project_id) or Decimal("0"),
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
