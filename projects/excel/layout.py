"""The shape of the coordinator template: sheets, columns and keys, for writer and reader."""

from __future__ import annotations

from dataclasses import dataclass, replace

from projects.numbers import XLSX_EUR_FORMAT, XLSX_SEK_FORMAT

TEMPLATE_VERSION = "2"

SHEET_INSTRUCTIONS = "Instruktioner"
SHEET_PROJECTS = "Projekt"
SHEET_PAYOUTS = "Utbetalningar"
SHEET_LISTS = "Listor"
SHEET_META = "Mallinfo"

META_VERSION = "Mallversion"
META_YEAR = "År"
META_ADMINISTRATION = "Förvaltning"

PROJECT_KEY_PREFIX = "P"
PAYOUT_KEY_PREFIX = "U"
PARTICIPATING_COLUMNS = 4
YES, NO = "Ja", "Nej"
INCLUDE_HEADER = "Ta med i år"

TEXT, DATE, MONEY, PERCENT, RATE = "text", "date", "money", "percent", "rate"


@dataclass(frozen=True)
class Column:
    key: str  # the Project/ProjectReport/Payout field, or a template-only name
    header: str  # Swedish header in row 1 (matched case-insensitively on import)
    kind: str = TEXT
    width: int = 18
    choices: str = ""  # name of a list on the hidden list sheet
    informational: bool = False  # shown to help the user; ignored on import


PROJECT_COLUMNS = (
    Column("key", "Projektnyckel", width=14),
    Column("origin", "Ursprung", width=22, informational=True),
    # Opt-in: last year's running projects are prefilled with this left empty, so an untouched
    # template imports none of them.
    Column("include", INCLUDE_HEADER, width=12, choices="yes_no"),
    Column("name", "Projektnamn", width=40),
    Column("acronym", "Förkortning", width=14),
    Column("programme", "Program eller fond", width=34, choices="programmes"),
    Column("role", "{organisation} roll", width=18, choices="roles"),
    Column("lead_organisation", "Projektägare (organisation)", width=30),
    *(
        Column(
            f"participating_{n}",
            f"Medverkande förvaltning {n}",
            width=28,
            choices="administrations",
        )
        for n in range(1, PARTICIPATING_COLUMNS + 1)
    ),
    Column("partner_locations", "Partnerländer eller partnerstäder", width=30),
    Column("start_date", "Startdatum", kind=DATE, width=13),
    Column("end_date", "Slutdatum", kind=DATE, width=13),
    Column("total_budget_sek", "Total projektbudget (kr)", kind=MONEY, width=20),
    Column("own_budget_sek", "{organisation} del av budgeten (kr)", kind=MONEY, width=20),
    Column("eu_cofinancing_rate", "EU-medfinansiering (%)", kind=PERCENT, width=14),
    Column("council_goal", "Kommunfullmäktigemål", width=30, choices="goals"),
    Column("results", "Resultat under året", width=40),
    Column("suggested_as_example", "Föreslås som exempel", width=14, choices="yes_no"),
    Column("description", "Beskrivning", width=40),
    Column("website", "Webbplats", width=30),
    # Added after the first templates: last, so the columns people know keep their letters.
    Column("grant_source", "Källa för projektnumret", width=18, choices="grant_sources"),
    Column("grant_number", "Projektnummer hos EU", width=22),
)


def project_columns(organisation_genitive: str) -> tuple[Column, ...]:
    """The project sheet's columns, the headings that name the organisation named by its
    genitive ("Lunds kommuns roll")."""
    return tuple(
        replace(column, header=column.header.format(organisation=organisation_genitive))
        if "{organisation}" in column.header
        else column
        for column in PROJECT_COLUMNS
    )


PAYOUT_COLUMNS = (
    Column("key", "Utbetalningsnyckel", width=16),
    Column("project_key", "Projektnyckel", width=14),
    Column("project_name", "Projektnamn", width=40),
    Column("payment_date", "Utbetalningsdatum", kind=DATE, width=16),
    Column("amount_sek", "Belopp (kr)", kind=MONEY, width=18),
    Column("amount_eur", "Belopp (euro)", kind=MONEY, width=16),
    Column("exchange_rate", "Växelkurs (kr per euro)", kind=RATE, width=16),
    Column("note", "Anteckning", width=40),
)

NUMBER_FORMATS = {
    DATE: "yyyy-mm-dd",
    MONEY: XLSX_SEK_FORMAT,
    PERCENT: "0.00",
    RATE: "0.0000",
}
EUR_FORMAT = XLSX_EUR_FORMAT


def project_key(pk: int) -> str:
    return f"{PROJECT_KEY_PREFIX}{pk}"


def payout_key(pk: int) -> str:
    return f"{PAYOUT_KEY_PREFIX}{pk}"


def parse_key(text: str, prefix: str) -> int | None:
    """``"P42"`` -> 42; anything else (a key the coordinator made up for a new row) -> None."""
    text = (text or "").strip().upper()
    if text.startswith(prefix) and text[len(prefix) :].isdigit():
        return int(text[len(prefix) :])
    return None
