"""Demo users, reporting years and sample projects for trying the application.

Idempotent: every row is looked up by a natural key before it is created.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from projects.models import (
    Administration,
    CouncilGoal,
    FundingProgramme,
    Payout,
    Project,
    ProjectReport,
    ReportingYear,
    Submission,
    User,
)
from projects.reference_data import ADMINISTRATIONS, ensure_reference_data_for_models

DEMO_PASSWORD = "demo-malmo-2024"

# (e-mail, name, title, administration name or None, role)
DEMO_USERS = [
    (
        "utvecklingssamordnare@malmo.se",
        "Bodil Olsson",
        "Utvecklingssamordnare",
        "Stadskontoret",
        User.Role.DEVELOPMENT_COORDINATOR,
    ),
    (
        "samordnare.miljo@malmo.se",
        "Maja Lind",
        "Internationell samordnare",
        "Miljöförvaltningen",
        User.Role.COORDINATOR,
    ),
    (
        "samordnare.grundskola@malmo.se",
        "Omar Haddad",
        "Utvecklingsstrateg",
        "Grundskoleförvaltningen",
        User.Role.COORDINATOR,
    ),
    ("handlaggare@malmo.se", "Erik Berg", "Handläggare", "Stadskontoret", User.Role.OFFICIAL),
    (
        "samordnare.asf@malmo.se",
        "Sara Nilsson",
        "EU-samordnare",
        "Arbetsmarknads- och socialförvaltningen",
        User.Role.COORDINATOR,
    ),
    (
        "samordnare.gyf@malmo.se",
        "Jonas Ek",
        "Internationell samordnare",
        "Gymnasie- och vuxenutbildningsförvaltningen",
        User.Role.COORDINATOR,
    ),
    (
        "samordnare.kultur@malmo.se",
        "Leila Karimi",
        "Internationell strateg",
        "Kulturförvaltningen",
        User.Role.COORDINATOR,
    ),
]


def load_users() -> list[User]:
    users = []
    for email, name, title, administration_name, role in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            administration = (
                Administration.objects.get(name=administration_name)
                if administration_name
                else None
            )
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                full_name=name,
                title=title,
                administration=administration,
                role=role,
            )
        users.append(user)
    return users


def ensure_year(year: int, *, is_open: bool, deadline: datetime.date | None) -> ReportingYear:
    reporting_year, created = ReportingYear.objects.get_or_create(
        year=year, defaults={"is_open": is_open, "deadline": deadline}
    )
    if created:
        reporting_year.council_goals.set(CouncilGoal.objects.valid_in(year))
    return reporting_year


def load_sample_projects() -> None:
    """A few Miljöförvaltningen projects in an open 2024 round, to try data entry."""
    reporting_year = ensure_year(2024, is_open=True, deadline=datetime.date(2025, 2, 28))
    # An open round gives every administration that exists that year a draft, as opening it does.
    for other in Administration.objects.valid_in(2024):
        Submission.objects.get_or_create(administration=other, reporting_year=reporting_year)
    administration = Administration.objects.get(name="Miljöförvaltningen")
    submission, _ = Submission.objects.get_or_create(
        administration=administration, reporting_year=reporting_year
    )
    goal = CouncilGoal.objects.get(name="Stadsutveckling och klimat", valid_from_year=2022)
    samples = [
        (
            "Cirkulär upphandling i Östersjöregionen",
            "CIRCPRO",
            "Interreg Östersjöprogrammet",
            ProjectReport.Role.PARTNER,
            "Kommunförbundet i Finland",
            "9800000",
            "1450000",
            "80",
        ),
        (
            "Laddinfrastruktur med energilager",
            "ACCESS-2",
            "Interreg Nordsjöprogrammet",
            ProjectReport.Role.OWNER,
            "",
            "21000000",
            "6200000",
            "60",
        ),
    ]
    for name, acronym, programme_name, role, lead, total, share, rate in samples:
        facts = {
            "name": name,
            "acronym": acronym,
            "programme": FundingProgramme.objects.get(name=programme_name),
            "role": role,
            "lead_organisation": lead,
            "start_date": datetime.date(2023, 9, 1),
            "end_date": datetime.date(2026, 8, 31),
            "total_budget_sek": Decimal(total),
            "malmo_budget_sek": Decimal(share),
            "eu_cofinancing_rate": Decimal(rate),
            "description": "Exempelprojekt för att prova inrapporteringen.",
        }
        project = _project_named(administration, name)
        report, created = ProjectReport.objects.get_or_create(
            submission=submission, project=project, defaults={"council_goal": goal, **facts}
        )
        if created:
            Payout.objects.create(
                report=report,
                payment_date=datetime.date(2024, 6, 14),
                amount_sek=Decimal("250000.00"),
            )


def _project_named(administration: Administration, name: str) -> Project:
    """The administration's project that some year reported under ``name``, or a new one."""
    known = (
        ProjectReport.objects.filter(submission__administration=administration, name=name)
        .values_list("project_id", flat=True)
        .first()
    )
    if known is not None:
        return Project.objects.get(pk=known)
    return Project.objects.create(administration=administration)


# ---------------------------------------------------------------------------------------------
# 2022 and 2023 as approved rounds, consistent with the council memo for 2023
# (STK-2023-1702): 54 projects in 2023 (19 as owner, 35 as partner), payouts per council goal
# exactly as the memo states, payouts per administration rounding to the memo's amounts.
# ---------------------------------------------------------------------------------------------

PROGRAMME_NAMES = {
    "Erasmus+": "Erasmus+",
    "ESF": "Europeiska socialfonden (ESF/ESF+)",
    "ERUF": "Europeiska regionala utvecklingsfonden (ERUF)",
    "ÖKS": "Interreg Öresund-Kattegatt-Skagerrak",
    "Nordsjö": "Interreg Nordsjöprogrammet",
    "H2020": "Horisont 2020",
    "Euro-Just": "Euro-Just",
    "EuropeAid": "EuropeAid",
    "ERA-NET": "ERA-NET",
}
GOAL_NAMES = {
    "UA": "Utbildning och arbete",
    "SK": "Stadsutveckling och klimat",
    "TD": "Trygghet och delaktighet",
    "GO": "En god organisation",
}
ADMINISTRATION_NAMES = {code: name for name, code, _ in ADMINISTRATIONS}

# EU funds paid out in 2023 per administration and council goal (kronor). The column sums are
# the memo's exact amounts per goal; the row sums round to the memo's amounts per administration.
MEMO_2023_PAYOUTS = {
    ("ASF", "UA"): 13_866_264,
    ("ASF", "TD"): 2_320_030,
    ("MF", "SK"): 15_341_218,
    ("GRF", "UA"): 4_517_230,
    ("GRF", "SK"): 891_425,
    ("GYF", "UA"): 2_812_400,
    ("STK", "UA"): 452_000,
    ("STK", "SK"): 1_180_350,
    ("STK", "GO"): 271_027,
    ("FSF", "UA"): 1_096_850,
    ("KUF", "TD"): 360_000,
}
MEMO_2023_GOAL_TOTALS = {
    "Utbildning och arbete": Decimal("22744744.00"),
    "Stadsutveckling och klimat": Decimal("17412993.00"),
    "Trygghet och delaktighet": Decimal("2680030.00"),
    "En god organisation": Decimal("271027.00"),
}
# The memo's amounts per administration, and the unit each is rounded to ("ca 16 miljoner").
MEMO_2023_ADMINISTRATION_AMOUNTS = {
    "Arbetsmarknads- och socialförvaltningen": (16_000_000, 1_000_000),
    "Miljöförvaltningen": (15_300_000, 100_000),
    "Grundskoleförvaltningen": (5_400_000, 100_000),
    "Gymnasie- och vuxenutbildningsförvaltningen": (2_800_000, 100_000),
    "Stadskontoret": (1_900_000, 100_000),
    "Förskoleförvaltningen": (1_100_000, 100_000),
    "Kulturförvaltningen": (360_000, 1),
}
MEMO_2023_PROJECT_COUNTS = {
    "Miljöförvaltningen": 17,
    "Grundskoleförvaltningen": 15,
    "Arbetsmarknads- och socialförvaltningen": 9,
    "Gymnasie- och vuxenutbildningsförvaltningen": 4,
    "Stadskontoret": 4,
    "Förskoleförvaltningen": 2,
    "Kulturförvaltningen": 2,
    "Fastighets- och gatukontoret": 1,
}
# The project whose 2023 payout is the rest of its administration's and goal's amount.
REST = None
OWNER, PARTNER = ProjectReport.Role.OWNER, ProjectReport.Role.PARTNER


def _d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


class DemoProject:
    """One demo project; ``paid_2023`` is the EU money received in 2023 (kronor)."""

    def __init__(
        self,
        administration: str,
        name: str,
        acronym: str,
        programme: str,
        role: str,
        goal: str,
        paid_2023: int | None,
        period: tuple[str, str],
        budget: tuple[int, int, int],
        *,
        lead: str = "",
        partners: str = "",
        participating: tuple[str, ...] = (),
        description: str = "",
        results: str = "",
        example: bool = False,
        paid_2022: int | None = None,
    ):
        self.administration = administration
        self.name = name
        self.acronym = acronym
        self.programme = programme
        self.role = role
        self.goal = goal
        self.paid_2023 = paid_2023
        self.start, self.end = _d(period[0]), _d(period[1])
        self.total_budget, self.malmo_budget, self.rate = budget
        self.lead = lead
        self.partners = partners
        self.participating = participating
        self.description = description
        self.results = results
        self.example = example
        self.paid_2022 = paid_2022


P = DemoProject

PROJECTS_2023 = [
    # Miljöförvaltningen: 17 projects, 5 as owner.
    P(
        "MF",
        "Rusta aktörer för en snabbare klimatomställning",
        "RASK",
        "ERUF",
        OWNER,
        "SK",
        3_105_400,
        ("2021-09-01", "2023-12-31"),
        (14_500_000, 9_800_000, 50),
        partners="Lunds kommun, Region Skåne",
        description=(
            "RASK, Rusta aktörer för en snabbare klimatomställning, prövar aktiviteter riktade "
            "till Malmöbor, anställda i Malmö stad och Ung i sommar-gruppen för att engagera "
            "fler i stadens klimatomställning."
        ),
        results=(
            "Miljöförvaltningen har arrangerat och provat olika aktiviteter riktade till "
            "Malmöbor, anställda i Malmö stad och Ung i sommar-gruppen och genom detta arbete "
            "fått en breddad förståelse för hur en stad kan arbeta med medborgare i sin "
            "klimatomställning."
        ),
        example=True,
    ),
    P(
        "MF",
        "Solenergi i flerbostadshus",
        "SOLMAX",
        "ERUF",
        OWNER,
        "SK",
        1_400_000,
        ("2022-01-01", "2024-12-31"),
        (6_800_000, 4_200_000, 40),
        description="Stöd till bostadsrättsföreningar och hyresvärdar att installera solceller.",
    ),
    P(
        "MF",
        "Hållbar godsdistribution i Malmö",
        "GODS",
        "ERUF",
        OWNER,
        "SK",
        1_102_000,
        ("2021-03-01", "2024-02-29"),
        (5_200_000, 3_100_000, 60),
        description="Samordnade leveranser som minskar tunga transporter i innerstaden.",
    ),
    P(
        "MF",
        "Energikartläggning för små och medelstora företag",
        "ENKAT",
        "ERUF",
        OWNER,
        "SK",
        691_650,
        ("2022-05-01", "2025-04-30"),
        (3_900_000, 2_300_000, 50),
        description="Kostnadsfri energikartläggning och rådgivning till företag i Malmö.",
    ),
    P(
        "MF",
        "Luftkvalitet i gränsregionen",
        "LUFT",
        "ÖKS",
        OWNER,
        "SK",
        0,
        ("2023-10-01", "2026-09-30"),
        (8_400_000, 3_600_000, 60),
        partners="Danmark (Köpenhamn, Helsingør)",
        description="Gemensam mätning och uppföljning av luftkvaliteten kring Öresund.",
    ),
    P(
        "MF",
        "ProCircan – cirkulära modeller i offentlig upphandling",
        "ProCircan",
        "ÖKS",
        PARTNER,
        "SK",
        1_402_650,
        ("2021-01-01", "2023-06-30"),
        (24_000_000, 3_800_000, 50),
        lead="Region Skåne",
        partners="Danmark (Köpenhamn, Roskilde), Norge (Oslo)",
        description=(
            "ProCircan prövar nya upphandlingar med cirkulära modeller för möbler, textilier "
            "och byggmaterial i offentlig sektor."
        ),
        results=(
            "Nya upphandlingar med cirkulära modeller har lett till flera positiva effekter, "
            "som minskade utsläpp av koldioxid, och har skapat nya samarbeten."
        ),
        example=True,
    ),
    P(
        "MF",
        "ACCESS – laddning med laststyrning och energilagring",
        "ACCESS",
        "Nordsjö",
        PARTNER,
        "SK",
        1_218_700,
        ("2020-09-01", "2023-08-31"),
        (31_000_000, 4_600_000, 50),
        lead="Provinsen Drenthe",
        partners="Nederländerna, Tyskland, Danmark, Norge",
        description=(
            "ACCESS visar hur många elbilar kan laddas samtidigt med laststyrning och "
            "energilagring, utan att belasta elnätet."
        ),
        results=(
            "Projektet har visat att det är möjligt att genom laststyrning och energilagring "
            "ladda ett stort antal bilar utan att bidra med negativa effekttoppar i elnätet och "
            "med nästan 30 % lägre CO₂-utsläpp jämfört med en konventionell lösning."
        ),
        example=True,
    ),
    P(
        "MF",
        "Smarta och klimatneutrala stadsdelar",
        "SMARTDISTRICT",
        "H2020",
        PARTNER,
        "SK",
        1_650_000,
        ("2019-10-01", "2024-09-30"),
        (180_000_000, 8_400_000, 100),
        lead="Fraunhofer-Gesellschaft",
        partners="Tyskland (München), Spanien (Bilbao), Italien (Milano), Polen (Kraków)",
        description="Stort forsknings- och demonstrationsprojekt om klimatneutrala stadsdelar.",
    ),
    P(
        "MF",
        "Naturbaserade lösningar för dagvatten",
        "NBS-CITY",
        "H2020",
        PARTNER,
        "SK",
        620_500,
        ("2020-06-01", "2024-05-31"),
        (95_000_000, 3_200_000, 100),
        lead="Københavns Universitet",
        partners="Danmark, Nederländerna, Portugal",
        description="Gröna tak, regnbäddar och översvämningsytor i tät stadsmiljö.",
    ),
    P(
        "MF",
        "Cirkulära byggmaterial",
        "CIRKBYGG",
        "ERUF",
        PARTNER,
        "SK",
        1_540_318,
        ("2021-01-01", "2024-12-31"),
        (18_000_000, 3_900_000, 40),
        lead="RISE Research Institutes of Sweden",
        description="Återbruk av byggmaterial vid ombyggnad av stadens lokaler.",
    ),
    P(
        "MF",
        "Grön omställning i Öresundsregionen",
        "GRØN",
        "ÖKS",
        PARTNER,
        "SK",
        760_000,
        ("2022-01-01", "2024-12-31"),
        (22_000_000, 2_100_000, 60),
        lead="Region Hovedstaden",
        partners="Danmark (Köpenhamn)",
        description="Gemensamma klimatplaner och kunskapsutbyte mellan städer kring Öresund.",
    ),
    P(
        "MF",
        "Klimatanpassning av kuststäder",
        "KUST",
        "ÖKS",
        PARTNER,
        "SK",
        420_000,
        ("2021-05-01", "2024-04-30"),
        (12_000_000, 1_300_000, 50),
        lead="Helsingborgs stad",
        partners="Danmark (Helsingør), Norge (Fredrikstad)",
        description="Skydd mot stigande havsnivåer längs Öresundskusten.",
    ),
    P(
        "MF",
        "Biogas för tunga transporter",
        "BIOGAS-NS",
        "Nordsjö",
        PARTNER,
        "SK",
        510_000,
        ("2023-03-01", "2026-02-28"),
        (26_000_000, 1_800_000, 50),
        lead="Aarhus Kommune",
        partners="Danmark, Tyskland, Nederländerna",
        description="Infrastruktur och efterfrågan på flytande biogas för lastbilar och fartyg.",
    ),
    P(
        "MF",
        "Plastfria hav",
        "PLASTFREE",
        "Nordsjö",
        PARTNER,
        "SK",
        230_000,
        ("2020-04-01", "2023-09-30"),
        (9_500_000, 900_000, 50),
        lead="Gemeente Amsterdam",
        partners="Nederländerna, Belgien, Danmark",
        description="Minskad nedskräpning av plast i kustnära vatten.",
    ),
    P(
        "MF",
        "Digitala tvillingar för klimatanpassning",
        "TWIN",
        "Nordsjö",
        PARTNER,
        "SK",
        REST,
        ("2023-02-01", "2026-01-31"),
        (19_000_000, 2_200_000, 60),
        lead="Stavanger kommune",
        partners="Norge, Danmark, Tyskland",
        description="Digitala modeller av staden för att planera för skyfall och värmeböljor.",
    ),
    P(
        "MF",
        "Urbana mobilitetslabb",
        "MOBLAB",
        "ERA-NET",
        PARTNER,
        "SK",
        180_000,
        ("2021-09-01", "2024-08-31"),
        (7_200_000, 600_000, 50),
        lead="Österreichisches Institut für Raumplanung",
        partners="Österrike, Belgien",
        description="Forskningssamarbete om delad mobilitet i nya stadsdelar.",
    ),
    P(
        "MF",
        "Positiva energidistrikt",
        "PED",
        "H2020",
        PARTNER,
        "SK",
        0,
        ("2023-11-01", "2027-10-31"),
        (64_000_000, 2_900_000, 100),
        lead="VTT Technical Research Centre of Finland",
        partners="Finland, Estland, Spanien",
        description="Stadsdelar som producerar mer energi än de använder.",
    ),
    # Grundskoleförvaltningen: 15 projects, 5 as owner.
    P(
        "GRF",
        "Hållbara övergångar",
        "HÖ",
        "ESF",
        OWNER,
        "UA",
        1_380_000,
        ("2022-01-01", "2024-12-31"),
        (16_000_000, 9_600_000, 60),
        participating=("ASF", "GYF"),
        description=(
            "Hållbara övergångar skapar en hållbar kedja från grundskola till gymnasium och "
            "vidare ut i arbetslivet, för en hållbar och inkluderande övergång för unga i "
            "riskzon."
        ),
        results=(
            "Grundskoleförvaltningen, arbetsmarknads- och socialförvaltningen och gymnasie- och "
            "vuxenutbildningsförvaltningen har byggt en gemensam arbetsmodell för övergångarna, "
            "så att unga i riskzon får stöd utan avbrott mellan skolformerna."
        ),
        example=True,
    ),
    P(
        "GRF",
        "Erasmus+ ackreditering för skolutveckling",
        "ACK-GRF",
        "Erasmus+",
        OWNER,
        "UA",
        1_150_000,
        ("2021-09-01", "2027-08-31"),
        (4_200_000, 4_200_000, 100),
        description="Kompetensutveckling och jobbskuggning för lärare och skolledare i Europa.",
    ),
    P(
        "GRF",
        "Läsning i fokus",
        "LÄS",
        "Erasmus+",
        OWNER,
        "UA",
        420_000,
        ("2022-09-01", "2024-08-31"),
        (1_200_000, 1_200_000, 100),
        description="Metoder för läsförståelse i årskurs 1–6, utvecklade med skolor i Europa.",
    ),
    P(
        "GRF",
        "Matematik utan gränser",
        "MATTE",
        "Erasmus+",
        OWNER,
        "UA",
        310_000,
        ("2022-09-01", "2024-08-31"),
        (950_000, 950_000, 100),
        description="Gemensam undervisningsutveckling i matematik med skolor i Finland och Irland.",
    ),
    P(
        "GRF",
        "Flerspråkiga elevers lärande",
        "FLERSPRÅK",
        "Erasmus+",
        OWNER,
        "UA",
        280_000,
        ("2021-09-01", "2024-06-30"),
        (880_000, 880_000, 100),
        description="Studiehandledning på modersmål och språkutvecklande arbetssätt.",
    ),
    P(
        "GRF",
        "Elevutbyte Malmö–Kiel",
        "KIEL",
        "Erasmus+",
        PARTNER,
        "UA",
        24_000,
        ("2023-02-01", "2024-01-31"),
        (60_000, 30_000, 100),
        lead="Gemeinschaftsschule Kiel-Mitte",
        partners="Tyskland (Kiel)",
        description="Ett mindre utbyte mellan två skolklasser i Malmö och Kiel.",
    ),
    P(
        "GRF",
        "Digital undervisning i Europa",
        "DIGI-EDU",
        "Erasmus+",
        PARTNER,
        "UA",
        195_000,
        ("2021-09-01", "2024-08-31"),
        (2_100_000, 420_000, 100),
        lead="Tallinna Haridusamet",
        partners="Estland (Tallinn), Spanien (Valencia)",
        description="Digitala verktyg och källkritik i undervisningen.",
    ),
    P(
        "GRF",
        "Demokrati i klassrummet",
        "DEMOS",
        "Erasmus+",
        PARTNER,
        "UA",
        160_000,
        ("2021-09-01", "2023-08-31"),
        (1_600_000, 310_000, 100),
        lead="Gemeente Utrecht",
        partners="Nederländerna (Utrecht), Belgien (Gent)",
        description="Elevinflytande och demokratiska arbetssätt i skolan.",
    ),
    P(
        "GRF",
        "Inkluderande skolmiljöer",
        "INCLUDE",
        "Erasmus+",
        PARTNER,
        "UA",
        140_000,
        ("2022-09-01", "2024-08-31"),
        (1_400_000, 280_000, 100),
        lead="Comune di Bologna",
        partners="Italien (Bologna), Portugal (Porto)",
        description="Anpassade lärmiljöer för elever med neuropsykiatriska funktionsnedsättningar.",
    ),
    P(
        "GRF",
        "Naturvetenskap med forskare",
        "SCIENCE",
        "Erasmus+",
        PARTNER,
        "UA",
        118_000,
        ("2022-01-01", "2024-06-30"),
        (1_300_000, 240_000, 100),
        lead="Aarhus Universitet",
        partners="Danmark (Aarhus)",
        description="Forskare och lärare utvecklar laborativ undervisning tillsammans.",
    ),
    P(
        "GRF",
        "Studie- och yrkesvägledning i Norden",
        "SYV-NORD",
        "Erasmus+",
        PARTNER,
        "UA",
        REST,
        ("2021-09-01", "2024-08-31"),
        (2_400_000, 700_000, 100),
        lead="Oslo kommune",
        partners="Norge (Oslo), Danmark (Odense)",
        description="Gemensamma metoder för studie- och yrkesvägledning i grundskolan.",
    ),
    P(
        "GRF",
        "Klimatskolor",
        "KLIMATSKOLA",
        "Erasmus+",
        PARTNER,
        "SK",
        520_000,
        ("2023-01-01", "2025-06-30"),
        (2_600_000, 900_000, 100),
        lead="Hamburger Schulbehörde",
        partners="Tyskland (Hamburg), Nederländerna (Rotterdam)",
        description="Elever mäter och minskar skolans klimatavtryck.",
    ),
    P(
        "GRF",
        "Gröna skolgårdar",
        "GREENYARD",
        "Erasmus+",
        PARTNER,
        "SK",
        REST,
        ("2022-03-01", "2024-12-31"),
        (1_900_000, 700_000, 100),
        lead="Københavns Kommune",
        partners="Danmark (Köpenhamn)",
        description="Skolgårdar som bidrar till biologisk mångfald och svalka.",
    ),
    P(
        "GRF",
        "Skolbibliotek i Europa",
        "SKOLBIB",
        "Erasmus+",
        PARTNER,
        "UA",
        0,
        ("2023-09-01", "2025-08-31"),
        (1_100_000, 220_000, 100),
        lead="Helsingin kaupunki",
        partners="Finland (Helsingfors)",
        description="Skolbibliotekets roll i läsfrämjande arbete.",
    ),
    P(
        "GRF",
        "Elevhälsa och välbefinnande",
        "WELLBEING",
        "Erasmus+",
        PARTNER,
        "UA",
        0,
        ("2023-12-01", "2025-11-30"),
        (1_250_000, 250_000, 100),
        lead="Dublin City Council",
        partners="Irland (Dublin)",
        description="Förebyggande elevhälsoarbete och psykisk hälsa bland elever.",
    ),
    # Arbetsmarknads- och socialförvaltningen: 9 projects, 5 as owner.
    P(
        "ASF",
        "Trygg relation – fri från våld",
        "TRYGG",
        "Euro-Just",
        OWNER,
        "TD",
        1_210_000,
        ("2022-01-01", "2024-12-31"),
        (5_600_000, 5_600_000, 80),
        partners="Polisen, Kriminalvården (frivården)",
        description=(
            "Trygg relation – fri från våld förhindrar partnervåld med fokus på den som utsätts "
            "för våld men även på våldsutövaren, för att förmå denne att sluta. Socialtjänsten, "
            "polisen och frivården samarbetar utifrån samma amerikanska brottsförebyggande metod "
            "som användes i projektet Sluta skjut."
        ),
        results=(
            "Malmö är den första staden utanför USA som använder metoden mot våld i nära "
            "relationer. Socialtjänsten, polisen och frivården har under året arbetat efter "
            "samma metod och gemensamma rutiner."
        ),
        example=True,
    ),
    P(
        "ASF",
        "Breddad rekrytering",
        "BREDD",
        "ESF",
        OWNER,
        "UA",
        3_420_000,
        ("2022-01-01", "2024-12-31"),
        (21_000_000, 12_600_000, 60),
        participating=("FUN", "HVO", "SEF"),
        description=(
            "Breddad rekrytering rustar arbetssökande Malmöbor för att matcha stadens brist på "
            "kompetens på kort och lång sikt. Funktionsstödsförvaltningen deltar tillsammans med "
            "arbetsmarknads- och socialförvaltningen, hälsa-, vård- och omsorgsförvaltningen och "
            "serviceförvaltningen."
        ),
        results=(
            "Arbetssökande Malmöbor har fått utbildning och praktik inom yrken där staden har "
            "svårt att rekrytera, och flera har fått anställning i förvaltningarna."
        ),
        example=True,
    ),
    P(
        "ASF",
        "Barns rätt till lek, vila och fritid",
        "LEK",
        "ESF",
        OWNER,
        "TD",
        REST,
        ("2023-01-01", "2025-12-31"),
        (7_400_000, 4_400_000, 60),
        participating=("GRF", "KUF", "FRI"),
        description=(
            "Projektet erbjuder fritidsaktiviteter till barn mellan 10 och 16 år som bor i "
            "Rosengård eller Sofielund och som inte tillhör någon förening eller deltar aktivt "
            "i strukturerade fritidsaktiviteter."
        ),
        results=(
            "Arbetsmarknads- och socialförvaltningen samarbetar med grundskoleförvaltningen, "
            "kulturförvaltningen och fritidsförvaltningen; barn i Rosengård och Sofielund har "
            "fått nya fritidsaktiviteter nära hemmet."
        ),
        example=True,
    ),
    P(
        "ASF",
        "Vägen till arbete för unga vuxna",
        "VÄGEN",
        "ESF",
        OWNER,
        "UA",
        2_950_000,
        ("2021-06-01", "2024-05-31"),
        (15_500_000, 9_300_000, 50),
        description="Coachning, utbildning och praktik för unga vuxna som står långt från arbete.",
    ),
    P(
        "ASF",
        "Vuxnas lärande och språk",
        "VUXSPRÅK",
        "Erasmus+",
        OWNER,
        "UA",
        2_100_000,
        ("2022-06-01", "2025-05-31"),
        (6_900_000, 6_900_000, 100),
        description="Språkträning på arbetsplatsen för nyanlända vuxna, med partner i EU.",
    ),
    P(
        "ASF",
        "Ungdomsarbete i Europa",
        "YOUTHWORK",
        "Erasmus+",
        PARTNER,
        "UA",
        1_350_000,
        ("2021-09-01", "2024-08-31"),
        (8_800_000, 2_700_000, 100),
        lead="Stadt Wien",
        partners="Österrike (Wien), Finland (Tammerfors)",
        description="Uppsökande ungdomsarbete och vägar tillbaka till studier.",
    ),
    P(
        "ASF",
        "Vuxnas lärande för arbete",
        "ADULT-WORK",
        "Erasmus+",
        PARTNER,
        "UA",
        980_000,
        ("2022-01-01", "2024-12-31"),
        (5_400_000, 1_900_000, 100),
        lead="Københavns Kommune",
        partners="Danmark (Köpenhamn)",
        description="Validering av kompetens för vuxna utan fullständig utbildning.",
    ),
    P(
        "ASF",
        "Kompetenslyft i Skåne",
        "KOMPLYFT",
        "ESF",
        PARTNER,
        "UA",
        650_000,
        ("2021-01-01", "2023-12-31"),
        (28_000_000, 1_500_000, 40),
        lead="Region Skåne",
        description="Kompetensutveckling för anställda inom vård och omsorg i Skåne.",
    ),
    P(
        "ASF",
        "Unga ledare",
        "YOUNGLEAD",
        "Erasmus+",
        PARTNER,
        "UA",
        REST,
        ("2021-09-01", "2024-08-31"),
        (9_600_000, 4_800_000, 100),
        lead="Ville de Lyon",
        partners="Frankrike (Lyon), Spanien (Barcelona)",
        description="Ledarskapsutbildning och utbyten för unga i socioekonomiskt utsatta områden.",
    ),
    # Gymnasie- och vuxenutbildningsförvaltningen: 4 projects, 1 as owner.
    P(
        "GYF",
        "Erasmus+ ackreditering för yrkesutbildning",
        "ACK-GYF",
        "Erasmus+",
        OWNER,
        "UA",
        1_420_000,
        ("2021-09-01", "2027-08-31"),
        (5_100_000, 5_100_000, 100),
        description="Arbetsplatsförlagt lärande utomlands för elever på yrkesprogram.",
    ),
    P(
        "GYF",
        "Digital kompetens i vuxenutbildningen",
        "DIGIVUX",
        "Erasmus+",
        PARTNER,
        "UA",
        560_000,
        ("2021-09-01", "2023-08-31"),
        (3_300_000, 900_000, 100),
        lead="Tampereen kaupunki",
        partners="Finland (Tammerfors), Lettland (Riga)",
        description="Digitala verktyg och distansundervisning för vuxna elever.",
    ),
    P(
        "GYF",
        "Vägar till vården",
        "VÅRDVÄG",
        "ESF",
        PARTNER,
        "UA",
        380_000,
        ("2022-01-01", "2024-12-31"),
        (12_000_000, 900_000, 50),
        lead="Region Skåne",
        description="Vård- och omsorgsutbildning för vuxna med kort tidigare utbildning.",
    ),
    P(
        "GYF",
        "Språkintroduktion i Europa",
        "LANG-INTRO",
        "Erasmus+",
        PARTNER,
        "UA",
        REST,
        ("2023-08-01", "2025-07-31"),
        (2_800_000, 800_000, 100),
        lead="Bezirksregierung Düsseldorf",
        partners="Tyskland (Düsseldorf), Belgien (Antwerpen)",
        description="Metoder för nyanlända ungdomar på gymnasieskolans språkintroduktion.",
    ),
    # Stadskontoret: 4 projects, 2 as owner.
    P(
        "STK",
        "Kompetensförsörjning genom att spegla Malmö",
        "SPEGLA",
        "ESF",
        OWNER,
        "UA",
        452_000,
        ("2022-03-01", "2024-12-31"),
        (9_800_000, 5_900_000, 60),
        participating=("FUN", "HVO", "FSF"),
        description=(
            "Spegla Malmö syftar till att öka representationen i samtliga yrkeskategorier och "
            "chefsled för att bättre spegla stadens mångfald och möta kompetensbristen."
        ),
        results=(
            "Stadskontoret leder arbetet i samverkan med funktionsstödsförvaltningen, hälsa-, "
            "vård- och omsorgsförvaltningen och förskoleförvaltningen; rekryteringsprocesser "
            "har setts över för att nå fler grupper."
        ),
        example=True,
    ),
    P(
        "STK",
        "Kommunalt partnerskap för god förvaltning",
        "PARTNERSHIP",
        "EuropeAid",
        OWNER,
        "GO",
        REST,
        ("2023-01-01", "2025-12-31"),
        (3_200_000, 2_800_000, 90),
        partners="Ukraina (Lviv), Moldavien (Chișinău)",
        description="Erfarenhetsutbyte om öppen och effektiv kommunal förvaltning.",
    ),
    P(
        "STK",
        "Hållbar tillväxt i Greater Copenhagen",
        "GREATERCPH",
        "ÖKS",
        PARTNER,
        "SK",
        REST,
        ("2022-01-01", "2025-06-30"),
        (34_000_000, 3_400_000, 65),
        lead="Greater Copenhagen",
        partners="Danmark (Köpenhamn, Roskilde)",
        description="Gemensam regional planering och näringslivsutveckling kring Öresund.",
    ),
    P(
        "STK",
        "Smarta städer – forskningssamverkan",
        "SMARTCITY",
        "ERA-NET",
        PARTNER,
        "SK",
        0,
        ("2023-09-01", "2026-08-31"),
        (11_000_000, 700_000, 33),
        lead="Malmö universitet",
        partners="Österrike, Nederländerna",
        description="Stadens data och forskarnas metoder för smartare stadsplanering.",
    ),
    # Förskoleförvaltningen: 2 projects, 1 as owner.
    P(
        "FSF",
        "Flerspråkighet i förskolan",
        "FLERFSK",
        "Erasmus+",
        OWNER,
        "UA",
        640_000,
        ("2022-09-01", "2024-08-31"),
        (1_800_000, 1_800_000, 100),
        description="Språkutvecklande arbete med flera språk i förskolans vardag.",
    ),
    P(
        "FSF",
        "Utomhuspedagogik i Norden",
        "UTEPED",
        "Erasmus+",
        PARTNER,
        "UA",
        REST,
        ("2021-09-01", "2024-08-31"),
        (2_300_000, 900_000, 100),
        lead="Aalborg Kommune",
        partners="Danmark (Aalborg), Norge (Bergen)",
        description="Lärande utomhus i förskolan, i samarbete med förskolor i Norden.",
    ),
    # Kulturförvaltningen: 2 projects, both as partner.
    P(
        "KUF",
        "Bibliotek för alla",
        "LIBALL",
        "Erasmus+",
        PARTNER,
        "TD",
        210_000,
        ("2023-03-01", "2025-02-28"),
        (2_200_000, 420_000, 100),
        lead="Aarhus Kommunes Biblioteker",
        partners="Danmark (Aarhus), Nederländerna (Rotterdam)",
        description="Bibliotekens arbete med vuxnas lärande och demokratisk delaktighet.",
    ),
    P(
        "KUF",
        "Kultur över sundet",
        "KULTSUND",
        "ÖKS",
        PARTNER,
        "TD",
        REST,
        ("2022-01-01", "2024-12-31"),
        (6_400_000, 500_000, 65),
        lead="Helsingør Kommune",
        partners="Danmark (Helsingør, Köpenhamn)",
        description="Gemensamma kulturprogram för barn och unga på båda sidor om Öresund.",
    ),
    # Fastighets- och gatukontoret: 1 project as partner, no payout in 2023.
    P(
        "FGK",
        "Hållbara stadsgator",
        "STREETS",
        "H2020",
        PARTNER,
        "SK",
        0,
        ("2023-06-01", "2027-05-31"),
        (52_000_000, 1_600_000, 100),
        lead="Gemeente Rotterdam",
        partners="Nederländerna (Rotterdam), Spanien (Barcelona), Tyskland (Leipzig)",
        description="Gator som prioriterar gång, cykel och grönska, testade i fullskala.",
    ),
]

# Projects reported in 2022 that ended that year (2022 had 47 projects: 40 of 2023's and these).
PROJECTS_ENDED_2022 = [
    P(
        "MF",
        "Smart belysning",
        "SMARTLIGHT",
        "ERUF",
        OWNER,
        "SK",
        None,
        ("2019-09-01", "2022-08-31"),
        (9_000_000, 6_000_000, 50),
        description="Energisnål och styrbar gatubelysning.",
        paid_2022=2_850_000,
    ),
    P(
        "MF",
        "Hållbar turism i Öresund",
        "ØRETUR",
        "ÖKS",
        PARTNER,
        "SK",
        None,
        ("2019-01-01", "2022-06-30"),
        (14_000_000, 2_500_000, 50),
        lead="Wonderful Copenhagen",
        description="Klimatsmarta resor och besöksnäring kring Öresund.",
        paid_2022=1_120_000,
    ),
    P(
        "GRF",
        "Entreprenörskap i skolan",
        "ENTRE",
        "Erasmus+",
        PARTNER,
        "UA",
        None,
        ("2020-09-01", "2022-08-31"),
        (1_900_000, 700_000, 100),
        lead="Comune di Torino",
        description="Entreprenöriellt lärande i högstadiet.",
        paid_2022=640_000,
    ),
    P(
        "ASF",
        "Stärkt föräldraskap",
        "FÖRÄLDER",
        "ESF",
        OWNER,
        "TD",
        None,
        ("2019-06-01", "2022-12-31"),
        (11_000_000, 6_600_000, 60),
        description="Föräldrastöd och vägar till arbete för föräldrar i utsatta områden.",
        paid_2022=3_180_000,
    ),
    P(
        "GYF",
        "Lärlingsutbildning i Europa",
        "APPRENTICE",
        "Erasmus+",
        PARTNER,
        "UA",
        None,
        ("2020-09-01", "2022-08-31"),
        (2_600_000, 600_000, 100),
        lead="Hamburger Institut für Berufliche Bildung",
        description="Lärlingsplatser utomlands för gymnasieelever.",
        paid_2022=410_000,
    ),
    P(
        "STK",
        "Smart stad-samarbete",
        "SMARTCOOP",
        "H2020",
        PARTNER,
        "GO",
        None,
        ("2017-11-01", "2022-10-31"),
        (120_000_000, 4_000_000, 100),
        lead="Fraunhofer-Gesellschaft",
        description="Öppna data och digitala tjänster i europeiska städer.",
        paid_2022=880_000,
    ),
    P(
        "KUF",
        "Läsfrämjande i Öresund",
        "LÆS",
        "ÖKS",
        PARTNER,
        "TD",
        None,
        ("2020-01-01", "2022-12-31"),
        (3_800_000, 400_000, 60),
        lead="Københavns Biblioteker",
        description="Gemensamma läsfrämjande program för barn på båda sidor om sundet.",
        paid_2022=260_000,
    ),
]


def payouts_2023(projects: list[DemoProject] = PROJECTS_2023) -> dict[str, int]:
    """Each 2023 project's payout, the ``REST`` project taking what remains of its cell."""
    amounts: dict[str, int] = {}
    for (administration, goal), cell_total in MEMO_2023_PAYOUTS.items():
        cell = [p for p in projects if (p.administration, p.goal) == (administration, goal)]
        rest = [p for p in cell if p.paid_2023 is REST]
        fixed = sum(p.paid_2023 for p in cell if p.paid_2023 is not REST)
        if len(rest) > 1 or (not rest and fixed != cell_total) or fixed > cell_total:
            raise ValueError(f"Demo payouts for {administration}/{goal} do not add up.")
        for p in cell:
            amounts[p.name] = p.paid_2023 if p.paid_2023 is not REST else cell_total - fixed
    for p in projects:
        amounts.setdefault(p.name, p.paid_2023 or 0)
    return amounts


def _split(total: int) -> list[int]:
    """Larger grants come in two instalments (60 % in June, the rest in December)."""
    if total >= 500_000:
        first = total * 3 // 5
        return [first, total - first]
    return [total] if total else []


# Narratives per administration, in the spirit of what the memo says of each one.
NARRATIVES_2023 = {
    "STK": {
        "overview": (
            "Stadskontoret samordnar stadens internationella arbete, ställer samman den årliga "
            "redovisningen och leder projektet Kompetensförsörjning genom att spegla Malmö."
        ),
        "priorities": "Verksamhetsutveckling, strategisk påverkan och profilering av Malmö.",
        "networks": "EUROCITIES, Greater Copenhagen, Union of the Baltic Cities.",
        "results": "Fler förvaltningar deltar i gemensamma projekt och nätverk.",
    },
    "MF": {
        "overview": (
            "Miljöförvaltningen deltar i 17 EU-projekt om klimatomställning, cirkulär ekonomi, "
            "energi och klimatanpassning, bland annat ProCircan, ACCESS och RASK."
        ),
        "priorities": "Klimatneutralt Malmö 2030, cirkulär upphandling och hållbar mobilitet.",
        "networks": "EUROCITIES miljöforum, ICLEI, Covenant of Mayors.",
        "study_visits": "Studiebesök från Hamburg, Aarhus och Rotterdam om klimatkontrakt.",
        "results": (
            "Upphandlingar med cirkulära modeller har minskat koldioxidutsläppen och laddning "
            "med laststyrning har visat nästan 30 % lägre CO₂-utsläpp."
        ),
    },
    "GRF": {
        "overview": (
            "Grundskoleförvaltningen arbetar med internationella frågor och EU-frågor och har "
            "utifrån internationell forskning om vad som har effekt på elevers lärande byggt upp "
            "sitt styrnings- och ledningssystem och planerat en strategisk skolutveckling."
        ),
        "priorities": "Elevers lärande, hållbara övergångar och lärares kompetensutveckling.",
        "study_visits": "Lärare och skolledare har jobbskuggat kollegor i sju europeiska länder.",
        "results": "Hållbara övergångar har gett en gemensam kedja från grundskola till arbetsliv.",
    },
    "ASF": {
        "overview": (
            "Arbetsmarknads- och socialförvaltningen leder Trygg relation – fri från våld och "
            "Barns rätt till lek, vila och fritid och deltar i Breddad rekrytering."
        ),
        "priorities": "Vägar till arbete, trygghet och förebyggande socialt arbete.",
        "networks": "EUROCITIES arbetsgrupp för sociala frågor, European Social Network.",
        "results": (
            "Malmö är första staden utanför USA som använder metoden mot våld i nära relationer."
        ),
    },
    "GYF": {
        "overview": "Elever och lärare har deltagit i utbyten inom Erasmus+ ackrediteringen.",
        "priorities": "Yrkesutbildning, språkintroduktion och vuxnas lärande.",
        "results": "Fler elever på yrkesprogram har gjort arbetsplatsförlagt lärande utomlands.",
    },
    "FSF": {
        "overview": "Förskoleförvaltningen deltar i två Erasmus+-projekt och i Spegla Malmö.",
        "priorities": "Flerspråkighet och lärande utomhus.",
        "results": "Pedagoger har prövat nya arbetssätt för flerspråkiga barn.",
    },
    "KUF": {
        "overview": (
            "Kulturförvaltningen använder sitt internationella arbete för att profilera Malmö som "
            "kulturstad genom att delta i och arrangera internationella konferenser och vara "
            "aktiv i internationella nätverk."
        ),
        "networks": "ICORN, fristadsnätverket för förföljda författare och konstnärer.",
        "conferences": (
            "Under hösten arrangerade förvaltningen tillsammans med andra ICORN-städer för "
            "första gången Banned Books Week, som ägde rum i Malmö."
        ),
        "results": "Banned Books Week stärkte Malmös profil som fristad och kulturstad.",
    },
    "FRI": {
        "overview": (
            "Fritidsförvaltningen lyfter att den stora variationen av idrottsevenemang som Malmö "
            "stått värd för har gynnat stadens position, kunskap, beredskap och möjlighet att "
            "attrahera framtida evenemang."
        ),
        "conferences": (
            "Under året var Malmö värd för internationella idrottsevenemang med deltagare från "
            "hela Europa."
        ),
        "results": "Erfarenheterna gör staden bättre rustad att ta emot framtida evenemang.",
    },
    "FGK": {
        "overview": (
            "Fastighets- och gatukontoret lyfter värdet av att träffa kollegor i andra städer "
            "som ligger i framkant och av att delta i internationella nätverk, i det här fallet "
            "det europeiska stadsnätverket EUROCITIES."
        ),
        "networks": "EUROCITIES forum för mobilitet och stadsmiljö.",
        "results": (
            "Nätverket ger ökad kännedom om utvecklingen inom relevanta områden och om ny "
            "EU-lagstiftning som påverkar staden och kan leda till förfrågningar om deltagande "
            "i FoU-projekt på EU-nivå."
        ),
    },
}
NO_PROJECT_NARRATIVE = {
    "overview": "Förvaltningen har inte deltagit i några EU-projekt under året.",
    "networks": "Förvaltningen följer EU-frågor genom stadens gemensamma nätverk.",
}


def _narrative_2022(code: str) -> dict:
    """Priorities and networks carry over; the overview is the year's own."""
    texts = NARRATIVES_2023.get(code, NO_PROJECT_NARRATIVE)
    return {
        "overview": (
            "Under 2022 har förvaltningen fortsatt sitt internationella arbete genom EU-projekt, "
            "nätverk och erfarenhetsutbyte med andra europeiska städer."
        ),
        "priorities": texts.get("priorities", ""),
        "networks": texts.get("networks", ""),
    }


def _submission(administration: Administration, reporting_year, approver, texts: dict):
    approved_at = datetime.datetime(reporting_year.year + 1, 3, 15, 12, 0, tzinfo=datetime.UTC)
    submission, _ = Submission.objects.get_or_create(
        administration=administration,
        reporting_year=reporting_year,
        defaults={
            "state": Submission.State.APPROVED,
            "state_changed_at": approved_at,
            "state_changed_by": approver,
            "submitted_at": approved_at - datetime.timedelta(days=14),
            "approved_at": approved_at,
            "approved_by": approver,
            **texts,
        },
    )
    return submission


def _report(
    submission, spec: DemoProject, administrations, programmes, goal, results, example, payouts
):
    """The project's report in one year's submission, with the facts the spec gives."""
    project = _project_named(administrations[spec.administration], spec.name)
    report, created = ProjectReport.objects.get_or_create(
        submission=submission,
        project=project,
        defaults={
            "name": spec.name,
            "acronym": spec.acronym,
            "programme": programmes[spec.programme],
            "role": spec.role,
            "lead_organisation": spec.lead,
            "partner_locations": spec.partners,
            "start_date": spec.start,
            "end_date": spec.end,
            "total_budget_sek": Decimal(spec.total_budget),
            "malmo_budget_sek": Decimal(spec.malmo_budget),
            "eu_cofinancing_rate": Decimal(spec.rate),
            "description": spec.description,
            "council_goal": goal,
            "results": results,
            "suggested_as_example": example,
        },
    )
    if created:
        if spec.participating:
            report.participating_administrations.set(
                [administrations[code] for code in spec.participating]
            )
        Payout.objects.bulk_create(
            Payout(report=report, payment_date=date, amount_sek=Decimal(amount))
            for date, amount in payouts
        )
    return report


def load_memo_years() -> None:
    """2022 and 2023 as approved rounds with the figures of the 2023 council memo."""
    # Looked up by name: the reference data's short codes may have been edited since.
    by_name = {
        a.name: a for a in Administration.objects.filter(name__in=ADMINISTRATION_NAMES.values())
    }
    administrations = {code: by_name[name] for code, name in ADMINISTRATION_NAMES.items()}
    programmes = {
        key: FundingProgramme.objects.get(name=name) for key, name in PROGRAMME_NAMES.items()
    }
    goals = {
        key: CouncilGoal.objects.get(name=name, valid_from_year=2022)
        for key, name in GOAL_NAMES.items()
    }
    approver = User.objects.filter(email=DEMO_USERS[0][0]).first()
    year_2022 = ensure_year(2022, is_open=False, deadline=datetime.date(2023, 2, 28))
    year_2023 = ensure_year(2023, is_open=False, deadline=datetime.date(2024, 2, 29))
    submissions_2022 = {
        code: _submission(
            administrations[code],
            year_2022,
            approver,
            _narrative_2022(code),
        )
        for code in ADMINISTRATION_NAMES
    }
    submissions_2023 = {
        code: _submission(
            administrations[code],
            year_2023,
            approver,
            NARRATIVES_2023.get(code, NO_PROJECT_NARRATIVE),
        )
        for code in ADMINISTRATION_NAMES
    }
    amounts = payouts_2023()
    for spec in PROJECTS_2023:
        paid = amounts[spec.name]
        dates = [datetime.date(2023, 6, 15), datetime.date(2023, 12, 15)]
        if spec.acronym == "RASK":
            dates[1] = datetime.date(2023, 12, 31)  # the last day of the year still counts
        _report(
            submissions_2023[spec.administration],
            spec,
            administrations,
            programmes,
            goals[spec.goal],
            spec.results or "Projektet har genomfört årets planerade aktiviteter.",
            spec.example,
            zip(dates, _split(paid), strict=False),
        )
        if spec.start.year <= 2022:
            # Grants grow as projects get going: a continuing project received 80 % in 2022.
            _report(
                submissions_2022[spec.administration],
                spec,
                administrations,
                programmes,
                goals[spec.goal],
                "Projektet har genomfört årets planerade aktiviteter.",
                False,
                [(datetime.date(2022, 9, 30), paid * 4 // 5)] if paid else [],
            )
    for spec in PROJECTS_ENDED_2022:
        _report(
            submissions_2022[spec.administration],
            spec,
            administrations,
            programmes,
            goals[spec.goal],
            "Projektet avslutades under året.",
            False,
            zip(
                [datetime.date(2022, 5, 31), datetime.date(2022, 11, 30)],
                _split(spec.paid_2022),
                strict=False,
            ),
        )


@transaction.atomic
def load_demo() -> list[User]:
    """Load reference data, demo users and sample data; returns the demo users."""
    ensure_reference_data_for_models()
    users = load_users()
    load_memo_years()
    load_sample_projects()
    return users
