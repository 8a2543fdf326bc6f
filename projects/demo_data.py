"""Demo users, reporting years and sample projects for trying the application.

Idempotent: every row is looked up by a natural key before it is created.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

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

# The demo's logins are printed by load_demo for anyone trying the application.
DEMO_PASSWORD = "demo-malmo-2024"  # noqa: S105

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


# The open round's deadline is this long after the day the demo is loaded, so that a newcomer
# meets a round in progress. Without a day (the tests) it is counted from DEMO_DAY.
DEADLINE_AFTER = datetime.timedelta(weeks=4)
DEMO_DAY = datetime.date(2025, 1, 31)


def load_sample_projects(*, today: datetime.date = DEMO_DAY) -> None:
    """A few Miljöförvaltningen projects in an open 2024 round, to try data entry; the
    round's deadline a few weeks after ``today``."""
    deadline = today + DEADLINE_AFTER
    reporting_year = ensure_year(2024, is_open=True, deadline=deadline)
    if reporting_year.is_open and reporting_year.deadline != deadline:
        # update(): the demo's clock is not a change anyone made to the year.
        ReportingYear.objects.filter(pk=reporting_year.pk).update(deadline=deadline)
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
            "own_budget_sek": Decimal(share),
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
# The demo projects of 2022 and 2023, one a row of demo_projects.csv. ``last_reported`` is the
# last year with a report: 2023 (reported in 2022 too when started by then) or 2022 (ended that
# year; 2022 had 47 projects: 40 of 2023's and these). An empty ``paid_2023`` of a 2023 project
# is REST: it takes what remains of its administration's and goal's amount.
DEMO_PROJECTS_CSV = Path(__file__).with_name("demo_projects.csv")
REST = None


@dataclass(frozen=True)
class DemoProject:
    """One demo project; ``paid_2023`` is the EU money received in 2023 (kronor)."""

    administration: str  # a short code of ADMINISTRATION_NAMES
    name: str
    acronym: str
    programme: str  # a key of PROGRAMME_NAMES
    role: str
    goal: str  # a key of GOAL_NAMES
    paid_2023: int | None
    start: datetime.date
    end: datetime.date
    total_budget: int
    malmo_budget: int
    rate: int
    lead: str
    partners: str
    participating: tuple[str, ...]
    description: str
    results: str
    example: bool
    paid_2022: int | None

    @classmethod
    def from_row(cls, row: dict[str, str]) -> DemoProject:
        """One row of demo_projects.csv: the texts as they stand, numbers and dates parsed."""

        def number(name: str) -> int | None:
            return int(row[name]) if row[name] else None

        values = {name: text for name, text in row.items() if name != "last_reported"}
        values.update(
            role=ProjectReport.Role(row["role"]),
            paid_2023=number("paid_2023"),
            paid_2022=number("paid_2022"),
            start=datetime.date.fromisoformat(row["start"]),
            end=datetime.date.fromisoformat(row["end"]),
            total_budget=number("total_budget"),
            malmo_budget=number("malmo_budget"),
            rate=number("rate"),
            participating=tuple(row["participating"].split()),
            example=bool(row["example"]),
        )
        return cls(**values)


def _read_demo_projects() -> dict[str, list[DemoProject]]:
    """The rows of demo_projects.csv by their last reported year, in the file's order."""
    by_year: dict[str, list[DemoProject]] = {"2023": [], "2022": []}
    with DEMO_PROJECTS_CSV.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            by_year[row["last_reported"]].append(DemoProject.from_row(row))
    return by_year


_DEMO_PROJECTS = _read_demo_projects()
PROJECTS_2023 = _DEMO_PROJECTS["2023"]
PROJECTS_ENDED_2022 = _DEMO_PROJECTS["2022"]


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


def _narrative(code: str, year: int) -> dict:
    """The administration's texts of 2023; in 2022 the priorities and networks are the same and
    the overview is the year's own."""
    texts = NARRATIVES_2023.get(code, NO_PROJECT_NARRATIVE)
    if year == 2023:
        return texts
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
            "own_budget_sek": Decimal(spec.malmo_budget),
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
    years = {
        2022: ensure_year(2022, is_open=False, deadline=datetime.date(2023, 2, 28)),
        2023: ensure_year(2023, is_open=False, deadline=datetime.date(2024, 2, 29)),
    }
    submissions = {
        (year, code): _submission(
            administrations[code], reporting_year, approver, _narrative(code, year)
        )
        for year, reporting_year in years.items()
        for code in ADMINISTRATION_NAMES
    }
    carried_out = "Projektet har genomfört årets planerade aktiviteter."
    # (year, project, results, suggested as an example, payouts), in the order they are created.
    reports = []
    amounts = payouts_2023()
    for spec in PROJECTS_2023:
        paid = amounts[spec.name]
        dates = [datetime.date(2023, 6, 15), datetime.date(2023, 12, 15)]
        if spec.acronym == "RASK":
            dates[1] = datetime.date(2023, 12, 31)  # the last day of the year still counts
        payouts = zip(dates, _split(paid), strict=False)
        reports.append((2023, spec, spec.results or carried_out, spec.example, payouts))
        if spec.start.year <= 2022:
            # Grants grow as projects get going: a continuing project received 80 % in 2022.
            payouts = [(datetime.date(2022, 9, 30), paid * 4 // 5)] if paid else []
            reports.append((2022, spec, carried_out, False, payouts))
    for spec in PROJECTS_ENDED_2022:
        dates = [datetime.date(2022, 5, 31), datetime.date(2022, 11, 30)]
        payouts = zip(dates, _split(spec.paid_2022), strict=False)
        reports.append((2022, spec, "Projektet avslutades under året.", False, payouts))
    for year, spec, results, example, payouts in reports:
        submission = submissions[year, spec.administration]
        goal = goals[spec.goal]
        _report(submission, spec, administrations, programmes, goal, results, example, payouts)


@transaction.atomic
def load_demo(*, today: datetime.date = DEMO_DAY) -> list[User]:
    """Load reference data, demo users and sample data, the open round's deadline a few weeks
    after ``today``; returns the demo users."""
    ensure_reference_data_for_models()
    users = load_users()
    load_memo_years()
    load_sample_projects(today=today)
    return users
