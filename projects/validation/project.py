"""A project's facts for a year: required fields, dates, budget, co-financing and council goal."""

from __future__ import annotations

from django.utils.translation import gettext as _

from projects.eu_data.identifiers import SHAPE_HINTS, grant_number_fits, normalise_grant_number
from projects.models import FundingProgramme, ProjectReport
from projects.numbers import format_percent, format_sek
from projects.validation.duplicates import ReportedElsewhere, match_key
from projects.validation.findings import Finding, is_blank, required

PROJECT_REQUIRED_FIELDS = (
    "name",
    "programme",
    "role",
    "start_date",
    "end_date",
    "total_budget_sek",
    "own_budget_sek",
    "eu_cofinancing_rate",
)


def grant_number_findings(values: dict) -> list[Finding]:
    """A project number is given with its source, and has the shape numbers have there."""
    source = values.get("grant_source") or ""
    number = normalise_grant_number(values.get("grant_number") or "")
    if not source and not number:
        return []
    if not source:
        return [
            Finding(
                "grant_source",
                _("Välj vilken källa projektnumret kommer från."),
                True,
                "grant_source_missing",
            )
        ]
    if not number:
        return [
            Finding(
                "grant_number",
                _("Skriv projektnumret, eller töm källan."),
                True,
                "grant_number_missing",
            )
        ]
    if not grant_number_fits(source, number):
        return [
            Finding(
                "grant_number",
                _("Projektnumret %(number)s har inte den form som %(source)s använder. %(hint)s")
                % {
                    "number": number,
                    "source": ProjectReport.GrantSource(source).label,
                    "hint": SHAPE_HINTS[source],
                },
                True,
                "grant_number_shape",
            )
        ]
    return []


def project_own_findings(values: dict) -> list[Finding]:
    """Every project rule that needs no database query."""
    findings = [required(field) for field in PROJECT_REQUIRED_FIELDS if is_blank(values.get(field))]
    findings += grant_number_findings(values)
    if values.get("role") == ProjectReport.Role.PARTNER and is_blank(
        values.get("lead_organisation")
    ):
        findings.append(
            Finding(
                "lead_organisation",
                _("Ange vilken organisation som leder projektet när förvaltningen är partner."),
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

    total, share = values.get("total_budget_sek"), values.get("own_budget_sek")
    for field, amount in (("total_budget_sek", total), ("own_budget_sek", share)):
        if amount is not None and amount < 0:
            findings.append(
                Finding(field, _("Beloppet kan inte vara negativt."), True, "negative_amount")
            )
    if total is not None and share is not None and share > total >= 0:
        findings.append(
            Finding(
                "own_budget_sek",
                _(
                    "Organisationens del av budgeten (%(share)s) är större än den totala "
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
    findings = project_own_findings(values)
    if not any(match_key(values.get(field)) for field in ReportedElsewhere.FIELDS):
        return findings
    if duplicates is None or not duplicates.applies_to(year=year, administration=administration):
        duplicates = ReportedElsewhere.load(year=year, administration=administration)
    return findings + duplicates.findings(values, exclude_project_id=exclude_project_id)


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
        return [goal_not_valid(council_goal, reporting_year.year)]
    return []


def goal_not_valid(council_goal, year: int) -> Finding:
    """The council goal chosen is not one of the year's goals."""
    return Finding(
        "council_goal",
        _("Kommunfullmäktigemålet ”%(goal)s” gäller inte för %(year)s.")
        % {"goal": council_goal, "year": year},
        True,
        "goal_not_valid",
    )
