"""Where a reported project differs from its record at an EU source: codes and both values.

Pure functions on a report's values (keyed by ``ProjectReport`` field names, as the form, the
Excel import and the submission's checks have them) and an ``EuProjectRecord``; the words are
the pages' and the checks' (``projects/validation/eu_data.py``). See docs/eu-data.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Amounts differ only beyond this share of the source's amount: the reported kronor are
# converted at the year's average rate, which is not the rate of each payment or budget.
AMOUNT_TOLERANCE = Decimal("0.05")

# CORDIS's role of the organisation that leads a project (the report's "projektägare").
COORDINATOR_ROLE = "coordinator"

START_DATE = "eu_start_date"
END_DATE = "eu_end_date"
ROLE = "eu_role"
TOTAL_BUDGET = "eu_total_budget"
EU_CONTRIBUTION = "eu_contribution"
LEAD_ORGANISATION = "eu_lead_organisation"
# Information, not a difference: the year has no rate, so the amounts were not compared.
NO_RATE = "eu_no_rate"

# The report's field each difference is about, where a form shows it.
FIELDS = {
    START_DATE: "start_date",
    END_DATE: "end_date",
    ROLE: "role",
    TOTAL_BUDGET: "total_budget_sek",
    EU_CONTRIBUTION: "own_budget_sek",
    LEAD_ORGANISATION: "lead_organisation",
    NO_RATE: "",
}

# The report's values a comparison reads.
COMPARED_FIELDS = (
    "start_date",
    "end_date",
    "role",
    "lead_organisation",
    "total_budget_sek",
    "own_budget_sek",
    "eu_cofinancing_rate",
)

CENT = Decimal("0.01")
OWNER, PARTNER = "owner", "partner"  # ProjectReport.Role


@dataclass(frozen=True)
class SourceDifference:
    """One fact where the report and the source differ. Amounts are euros; ``reported_sek``
    holds the kronor the reported euros were converted from."""

    code: str
    reported: object
    published: object
    reported_sek: Decimal | None = None

    @property
    def is_info(self) -> bool:
        return self.code == NO_RATE

    @property
    def field(self) -> str:
        return FIELDS[self.code]


@dataclass(frozen=True)
class SourceComparison:
    """A report's record at its source (matched by its number: certain) and the differences."""

    record: object  # EuProjectRecord
    differences: tuple[SourceDifference, ...]

    @property
    def warnings(self) -> tuple[SourceDifference, ...]:
        return tuple(d for d in self.differences if not d.is_info)


def values_of(report) -> dict:
    """The values a comparison reads, from a saved (or unsaved) ``ProjectReport``."""
    return {field: getattr(report, field) for field in COMPARED_FIELDS}


def to_euros(amount_sek: Decimal, eur_rate_sek: Decimal) -> Decimal:
    """Kronor in euros at the year's average rate, to the cent (half up)."""
    return (amount_sek / eur_rate_sek).quantize(CENT, rounding=ROUND_HALF_UP)


def reported_eu_contribution_sek(values: dict) -> Decimal | None:
    """The EU's part of the organisation's budget as reported: its share times the rate."""
    share, rate = values.get("own_budget_sek"), values.get("eu_cofinancing_rate")
    if share is None or rate is None:
        return None
    return (share * rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def amounts_differ(reported: Decimal, published: Decimal) -> bool:
    """Beyond ``AMOUNT_TOLERANCE`` of the source's amount (any amount against zero)."""
    return abs(reported - published) > AMOUNT_TOLERANCE * abs(published)


def same_name(first: str, second: str) -> bool:
    """Names are the same whatever their case and spacing."""
    return " ".join(first.casefold().split()) == " ".join(second.casefold().split())


def _dates(values: dict, record) -> list[SourceDifference]:
    found = []
    for code, field in ((START_DATE, "start_date"), (END_DATE, "end_date")):
        published = getattr(record, field)
        if published and values.get(field) and published != values[field]:
            found.append(SourceDifference(code, values[field], published))
    return found


def _role(values: dict, record) -> list[SourceDifference]:
    role = values.get("role")
    if not record.organisation_role or not role:
        return []  # the source does not name the organisation: its role is not known
    leads = record.organisation_role == COORDINATOR_ROLE
    if leads == (role == OWNER):
        return []
    return [SourceDifference(ROLE, role, record.organisation_role)]


def _lead(values: dict, record) -> list[SourceDifference]:
    reported = (values.get("lead_organisation") or "").strip()
    if (
        values.get("role") != PARTNER
        or record.organisation_role == COORDINATOR_ROLE
        or not record.coordinator_name
        or same_name(reported, record.coordinator_name)
    ):
        return []
    return [SourceDifference(LEAD_ORGANISATION, reported, record.coordinator_name)]


def _amounts(values: dict, record, eur_rate_sek: Decimal | None) -> list[SourceDifference]:
    pairs = []
    if record.total_cost_eur is not None and values.get("total_budget_sek") is not None:
        pairs.append((TOTAL_BUDGET, values["total_budget_sek"], record.total_cost_eur))
    contribution = reported_eu_contribution_sek(values)
    if record.organisation_eu_contribution_eur is not None and contribution is not None:
        pairs.append((EU_CONTRIBUTION, contribution, record.organisation_eu_contribution_eur))
    if not pairs:
        return []
    if not eur_rate_sek:
        return [SourceDifference(NO_RATE, None, None)]
    found = []
    for code, sek, published in pairs:
        reported = to_euros(sek, eur_rate_sek)
        if amounts_differ(reported, published):
            found.append(SourceDifference(code, reported, published, reported_sek=sek))
    return found


def compare(values: dict, record, eur_rate_sek: Decimal | None) -> SourceComparison:
    """The differences between a report's ``values`` and its ``record``, in the form's order."""
    differences = (
        _dates(values, record)
        + _role(values, record)
        + _lead(values, record)
        + _amounts(values, record, eur_rate_sek)
    )
    return SourceComparison(record, tuple(differences))
