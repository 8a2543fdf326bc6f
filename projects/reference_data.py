"""Malmö's administrations, council goals and EU funding programmes.

Used by the data migration and by ``load_demo``; running it again changes nothing. Another
organisation's rows (a demo city's) take the same shape, ``ReferenceRows``.
"""

from dataclasses import dataclass
from decimal import Decimal

# (name, short code, is the City Office)
ADMINISTRATIONS = [
    ("Stadskontoret", "STK", True),
    ("Förskoleförvaltningen", "FSF", False),
    ("Grundskoleförvaltningen", "GRF", False),
    ("Gymnasie- och vuxenutbildningsförvaltningen", "GYF", False),
    ("Kulturförvaltningen", "KUF", False),
    ("Fritidsförvaltningen", "FRI", False),
    ("Arbetsmarknads- och socialförvaltningen", "ASF", False),
    ("Funktionsstödsförvaltningen", "FUN", False),
    ("Hälsa-, vård- och omsorgsförvaltningen", "HVO", False),
    ("Fastighets- och gatukontoret", "FGK", False),
    ("Stadsbyggnadskontoret", "SBK", False),
    ("Miljöförvaltningen", "MF", False),
    ("Serviceförvaltningen", "SEF", False),
]
ADMINISTRATIONS_FROM_YEAR = 2020

# The council goals of the mandate period 2022–2023, in the council's order.
COUNCIL_GOALS = [
    "Utbildning och arbete",
    "Stadsutveckling och klimat",
    "Trygghet och delaktighet",
    "En god organisation",
]
COUNCIL_GOALS_FROM_YEAR = 2022
COUNCIL_GOALS_TO_YEAR = 2026

# (name, short name, fund family, usual EU co-financing min %, max %)
PROGRAMMES = [
    ("Erasmus+", "Erasmus+", "education", "80", "100"),
    ("Europeiska socialfonden (ESF/ESF+)", "ESF", "structural", "40", "60"),
    ("Europeiska regionala utvecklingsfonden (ERUF)", "ERUF", "structural", "40", "60"),
    ("Interreg Öresund-Kattegatt-Skagerrak", "Interreg ÖKS", "territorial", "50", "65"),
    ("Interreg Nordsjöprogrammet", "Interreg Nordsjö", "territorial", "50", "60"),
    ("Interreg Östersjöprogrammet", "Interreg Östersjö", "territorial", "75", "80"),
    ("Interreg Europe", "Interreg Europe", "territorial", "80", "80"),
    ("Urbact", "Urbact", "territorial", "70", "80"),
    ("Horisont 2020", "Horisont 2020", "research", "70", "100"),
    ("Horisont Europa", "Horisont Europa", "research", "70", "100"),
    ("LIFE", "LIFE", "other", "60", "75"),
    ("Asyl-, migrations- och integrationsfonden (AMIF)", "AMIF", "other", "75", "90"),
    ("Kreativa Europa", "Kreativa Europa", "other", "50", "80"),
    ("Euro-Just", "Euro-Just", "other", "80", "90"),
    ("EuropeAid", "EuropeAid", "other", "75", "90"),
    ("ERA-NET", "ERA-NET", "research", "33", "70"),
    ("Annat EU-program", "Annat", "other", "0", "100"),
]


@dataclass(frozen=True)
class ReferenceRows:
    """An organisation's reference rows: reporting units, council goals and programmes."""

    administrations: tuple  # (name, short code, is the office that compiles)
    administrations_from_year: int
    council_goals: tuple[str, ...]  # in the council's order
    goals_from_year: int
    goals_to_year: int | None
    programmes: tuple  # (name, short name, fund family, usual co-financing min %, max %)
    companies: tuple = ()  # (name, short code): municipal companies that report


MALMO_REFERENCE = ReferenceRows(
    administrations=tuple(ADMINISTRATIONS),
    administrations_from_year=ADMINISTRATIONS_FROM_YEAR,
    council_goals=tuple(COUNCIL_GOALS),
    goals_from_year=COUNCIL_GOALS_FROM_YEAR,
    goals_to_year=COUNCIL_GOALS_TO_YEAR,
    programmes=tuple(PROGRAMMES),
)


def ensure_reference_data(
    Administration, CouncilGoal, FundingProgramme, rows: ReferenceRows = MALMO_REFERENCE
) -> None:
    """Create the reference rows that are missing; never changes rows that exist."""
    units = [(name, code, is_office, {}) for name, code, is_office in rows.administrations]
    # Only a demo city has companies; the migration's historical model has no ``kind`` yet.
    units += [(name, code, False, {"kind": "company"}) for name, code in rows.companies]
    for name, code, is_city_office, extra in units:
        Administration.objects.get_or_create(
            name=name,
            defaults={
                "short_code": code,
                "is_city_office": is_city_office,
                "valid_from_year": rows.administrations_from_year,
                **extra,
            },
        )
    for order, name in enumerate(rows.council_goals, start=1):
        CouncilGoal.objects.get_or_create(
            name=name,
            valid_from_year=rows.goals_from_year,
            defaults={"valid_to_year": rows.goals_to_year, "order": order},
        )
    for name, short_name, family, low, high in rows.programmes:
        FundingProgramme.objects.get_or_create(
            name=name,
            defaults={
                "short_name": short_name,
                "fund_family": family,
                "cofinancing_min": Decimal(low),
                "cofinancing_max": Decimal(high),
            },
        )


def ensure_reference_data_for_models() -> None:
    """Same as ``ensure_reference_data`` with the current model classes."""
    from projects.models import Administration, CouncilGoal, FundingProgramme

    ensure_reference_data(Administration, CouncilGoal, FundingProgramme)


# Malmö stad as the organisation that runs the installation (see ``Organisation``).
ORGANISATION = {
    "name": "Malmö stad",
    "name_genitive": "Malmö stads",
    "organisation_number": "212000-1124",
    "vat_number": "SE212000112401",
    "office_name": "Stadskontoret",
    "document_type": "tjansteskrivelse",
    "case_number_pattern": "STK-{år}-{nummer}",
    "policy": (
        "Policy för Malmö stads internationella arbete, antagen av kommunfullmäktige 2016 "
        "(STK-2015-1008)"
    ),
    "colour_primary": "#0a3c78",
    "colour_secondary": "#052a55",
    "email_from": "internationell-redovisning@malmo.se",
}
# The memo's way to the decision: (body, abbreviation), in order.
DECISION_STEPS = [
    ("Kommunstyrelsens arbetsutskott", "KSAU"),
    ("Kommunstyrelsen", "KS"),
    ("Kommunfullmäktige", "KF"),
]


def ensure_organisation(
    Organisation, DecisionStep, organisation=ORGANISATION, decision_steps=DECISION_STEPS
) -> None:
    """Malmö stad (or the given organisation) as the organisation, when none is set up; never
    changes one that exists."""
    if Organisation.objects.exists():
        return
    organisation = Organisation.objects.create(**organisation)
    for position, (body, abbreviation) in enumerate(decision_steps, start=1):
        DecisionStep.objects.create(
            organisation=organisation, position=position, body=body, abbreviation=abbreviation
        )
