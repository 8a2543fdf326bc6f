"""The columns of the year's project and payout lists, as the workbook (``workbook.py``) and the
CSV (``year_csv.py``) write them: key, heading, kind of value and width."""

from __future__ import annotations

from django.utils.translation import gettext_noop

MONEY, EUR, PERCENT, RATE, DATE, INTEGER, TEXT = (
    "money",
    "eur",
    "percent",
    "rate",
    "date",
    "integer",
    "text",
)

# The headings are msgids: the CSV writes them in the reader's language, the workbook in Swedish.
PROJECT_COLUMNS = (
    ("administration", gettext_noop("Förvaltning"), TEXT, 30),
    ("name", gettext_noop("Projektnamn"), TEXT, 40),
    ("acronym", gettext_noop("Förkortning"), TEXT, 14),
    ("programme", gettext_noop("Program eller fond"), TEXT, 34),
    ("role", gettext_noop("%(organisation)s roll"), TEXT, 16),
    ("lead_organisation", gettext_noop("Projektägare (organisation)"), TEXT, 28),
    ("participating", gettext_noop("Andra medverkande förvaltningar"), TEXT, 34),
    ("partner_locations", gettext_noop("Partnerländer eller partnerstäder"), TEXT, 30),
    ("start_date", gettext_noop("Startdatum"), DATE, 12),
    ("end_date", gettext_noop("Slutdatum"), DATE, 12),
    ("total_budget_sek", gettext_noop("Total projektbudget (kr)"), MONEY, 20),
    ("own_budget_sek", gettext_noop("%(organisation)s del av budgeten (kr)"), MONEY, 20),
    ("eu_cofinancing_rate", gettext_noop("EU-medfinansiering (%)"), PERCENT, 14),
    ("council_goal", gettext_noop("Kommunfullmäktigemål"), TEXT, 30),
    ("payouts_sek", gettext_noop("Utbetalda EU-medel under året (kr)"), MONEY, 20),
    ("suggested_as_example", gettext_noop("Föreslås som exempel"), TEXT, 12),
    ("state", gettext_noop("Status för inrapporteringen"), TEXT, 18),
    ("results", gettext_noop("Resultat under året"), TEXT, 50),
)
ORGANISATION_PLACEHOLDER = "%(organisation)s"


def project_columns(organisation_genitive: str, *, translate=str) -> tuple:
    """The project columns with their headings in the reader's language (``translate``) and the
    organisation named where a heading names it ("Lunds kommuns roll")."""
    return tuple(
        (key, translate(heading).replace(ORGANISATION_PLACEHOLDER, organisation_genitive), *rest)
        for key, heading, *rest in PROJECT_COLUMNS
    )


PAYOUT_COLUMNS = (
    ("administration", "Förvaltning", TEXT, 30),
    ("project", "Projektnamn", TEXT, 40),
    ("acronym", "Förkortning", TEXT, 14),
    ("payment_date", "Utbetalningsdatum", DATE, 14),
    ("amount_sek", "Belopp (kr)", MONEY, 18),
    ("amount_eur", "Belopp (euro)", EUR, 16),
    ("exchange_rate", "Växelkurs (kr per euro)", RATE, 14),
    ("note", "Anteckning", TEXT, 40),
)
