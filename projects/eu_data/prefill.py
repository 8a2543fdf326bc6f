"""A new project started from its record at an EU source: the facts the source knows, as the
project form's first values. Nothing is saved: the coordinator confirms every field."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from projects.eu_data.differences import CENT, COORDINATOR_ROLE, OWNER, PARTNER

# ProjectReport.name's length: a longer title is cut.
NAME_MAX_LENGTH = 300


def _in_kronor(amount_eur: Decimal | None, eur_rate_sek: Decimal | None) -> Decimal | None:
    if amount_eur is None or not eur_rate_sek:
        return None
    return (amount_eur * eur_rate_sek).quantize(CENT, rounding=ROUND_HALF_UP)


def _cofinancing_rate(record) -> Decimal | None:
    """The EU's part of the organisation's cost, in percent (at most 100)."""
    contribution, cost = record.organisation_eu_contribution_eur, record.organisation_total_cost_eur
    if contribution is None or not cost:
        return None
    rate = (contribution * 100 / cost).quantize(CENT, rounding=ROUND_HALF_UP)
    return min(rate, Decimal("100.00"))


def prefill_values(record, eur_rate_sek: Decimal | None) -> dict:
    """The project form's values from ``record``: number, acronym, title, dates, role and lead,
    and the budgets in kronor at the year's rate (left out without a rate). Fields the source
    does not know are left out."""
    values = {
        "grant_source": record.source,
        "grant_number": record.grant_number,
        "acronym": record.acronym,
        "name": record.title[:NAME_MAX_LENGTH],
        "start_date": record.start_date,
        "end_date": record.end_date,
        "total_budget_sek": _in_kronor(record.total_cost_eur, eur_rate_sek),
        "own_budget_sek": _in_kronor(record.organisation_total_cost_eur, eur_rate_sek),
        "eu_cofinancing_rate": _cofinancing_rate(record),
    }
    if record.organisation_role:
        leads = record.organisation_role == COORDINATOR_ROLE
        values["role"] = OWNER if leads else PARTNER
        if not leads:
            values["lead_organisation"] = record.coordinator_name
    return {field: value for field, value in values.items() if value not in (None, "")}
