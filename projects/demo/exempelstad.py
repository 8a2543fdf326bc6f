"""Exempelstads kommun, a fictional municipality, as a demo city: administrations and municipal
companies that report alike, council goals from its budget, its own programmes, a
tjänsteutlåtande decided by KS and KF, two approved years and an open 2024 round.

Nothing here is a real organisation's data; the e-mail addresses use the reserved ``.example``
domain.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from projects.demo.loading import DemoCity, DemoMemo
from projects.models import User
from projects.reference_data import ReferenceRows

DEMO_PASSWORD = "demo-exempelstad-2024"  # noqa: S105
DOMAIN = "exempelstad.example"

ORGANISATION = {
    "name": "Exempelstads kommun",
    "name_genitive": "Exempelstads kommuns",
    "organisation_number": "212000-9994",
    "vat_number": "SE212000999401",
    "pic": "999000123",
    "office_name": "Kommunledningskontoret",
    "document_type": "tjansteutlatande",
    "case_number_pattern": "KS {år}/{nummer}",
    "policy": (
        "Riktlinjer för internationellt arbete i Exempelstads kommun, antagna av "
        "kommunfullmäktige 2019 (KS 2019/87)"
    ),
    "responsible": "Karin Ström, kommundirektör\nHenrik Dahl, utvecklingschef",
    "colour_primary": "#0d5c46",
    "colour_secondary": "#5b2a86",
    "companies_report": True,
    "email_from": f"internationellt@{DOMAIN}",
}
DECISION_STEPS = (("Kommunstyrelsen", "KS"), ("Kommunfullmäktige", "KF"))

REFERENCE = ReferenceRows(
    administrations=(
        ("Kommunledningskontoret", "KLK", True),
        ("Barn- och utbildningsförvaltningen", "BUF", False),
        ("Socialförvaltningen", "SOC", False),
        ("Arbetsmarknads- och vuxenutbildningsförvaltningen", "AVF", False),
        ("Samhällsbyggnadsförvaltningen", "SBF", False),
        ("Kultur- och fritidsförvaltningen", "KFF", False),
        ("Miljö- och hälsoskyddsförvaltningen", "MHF", False),
    ),
    companies=(
        ("Exempelstad Energi AB", "ENE"),
        ("Exempelbostäder AB", "EBO"),
    ),
    administrations_from_year=2018,
    # The council's goals in the budget for 2022–2026.
    council_goals=(
        "Kunskap och arbete för fler",
        "Ett klimatsmart och hållbart samhälle",
        "Goda livsvillkor och trygghet för alla",
        "En effektiv och attraktiv organisation",
    ),
    goals_from_year=2022,
    goals_to_year=2026,
    programmes=(
        ("Erasmus+", "Erasmus+", "education", "80", "100"),
        ("Europeiska socialfonden (ESF/ESF+)", "ESF", "structural", "40", "60"),
        ("Europeiska regionala utvecklingsfonden (ERUF)", "ERUF", "structural", "40", "60"),
        ("Fonden för en rättvis omställning (FRO)", "FRO", "structural", "40", "70"),
        ("Interreg Aurora", "Interreg Aurora", "territorial", "65", "65"),
        ("Interreg Östersjöprogrammet", "Interreg Östersjö", "territorial", "75", "80"),
        ("Interreg Europe", "Interreg Europe", "territorial", "80", "80"),
        ("Urbact", "Urbact", "territorial", "70", "80"),
        ("Horisont Europa", "Horisont Europa", "research", "70", "100"),
        ("LIFE", "LIFE", "other", "60", "75"),
        ("Asyl-, migrations- och integrationsfonden (AMIF)", "AMIF", "other", "75", "90"),
        ("Kreativa Europa", "Kreativa Europa", "other", "50", "80"),
        ("Annat EU-program", "Annat", "other", "0", "100"),
    ),
)
# The projects file's keys.
PROGRAMMES = {
    "Erasmus+": "Erasmus+",
    "ESF": "Europeiska socialfonden (ESF/ESF+)",
    "ERUF": "Europeiska regionala utvecklingsfonden (ERUF)",
    "IntEurope": "Interreg Europe",
    "Aurora": "Interreg Aurora",
    "Östersjö": "Interreg Östersjöprogrammet",
    "Urbact": "Urbact",
    "HE": "Horisont Europa",
    "LIFE": "LIFE",
    "AMIF": "Asyl-, migrations- och integrationsfonden (AMIF)",
    "Kreativa": "Kreativa Europa",
}
GOALS = {
    "AR": "Kunskap och arbete för fler",
    "KL": "Ett klimatsmart och hållbart samhälle",
    "LV": "Goda livsvillkor och trygghet för alla",
    "OR": "En effektiv och attraktiv organisation",
}

# (e-mail, name, title, administration or company, role)
USERS = (
    (
        f"utvecklingsstrateg@{DOMAIN}",
        "Anna Lindqvist",
        "Utvecklingsstrateg",
        "Kommunledningskontoret",
        User.Role.DEVELOPMENT_COORDINATOR,
    ),
    (
        f"samordnare.sbf@{DOMAIN}",
        "Peter Holm",
        "EU-samordnare",
        "Samhällsbyggnadsförvaltningen",
        User.Role.COORDINATOR,
    ),
    (
        f"samordnare.buf@{DOMAIN}",
        "Fatima Ali",
        "Utvecklingsledare",
        "Barn- och utbildningsförvaltningen",
        User.Role.COORDINATOR,
    ),
    (
        f"handlaggare@{DOMAIN}",
        "Lars Öberg",
        "Handläggare",
        "Kommunledningskontoret",
        User.Role.OFFICIAL,
    ),
    (
        f"samordnare.energi@{DOMAIN}",
        "Emma Sjöberg",
        "Projektledare",
        "Exempelstad Energi AB",
        User.Role.COORDINATOR,
    ),
    (
        f"samordnare.soc@{DOMAIN}",
        "Johan Nyström",
        "Utvecklingssekreterare",
        "Socialförvaltningen",
        User.Role.COORDINATOR,
    ),
)

NARRATIVES_2023 = {
    "KLK": {
        "overview": (
            "Kommunledningskontoret samordnar kommunens internationella arbete, stöder "
            "förvaltningar och bolag när de söker EU-medel och ställer samman redovisningen."
        ),
        "priorities": "Kompetens om EU-finansiering i hela kommunkoncernen.",
        "networks": "Urbact och Union of the Baltic Cities.",
        "results": "Fler förvaltningar och bolag söker EU-medel tillsammans.",
    },
    "BUF": {
        "overview": (
            "Barn- och utbildningsförvaltningen har tre Erasmus+-projekt där lärare och elever "
            "möter skolor i andra länder."
        ),
        "priorities": "Digitalt lärande, språkutveckling och lärares kompetens.",
        "study_visits": "Lärare har jobbskuggat kollegor i Finland, Norge och Estland.",
        "results": "Digitala verktyg från samarbetet används nu i alla högstadieskolor.",
    },
    "SOC": {
        "overview": (
            "Socialförvaltningen leder Tidiga insatser för unga och Introduktion för nyanlända "
            "familjer."
        ),
        "priorities": "Förebyggande arbete för barn och unga.",
        "networks": "European Social Network.",
        "results": "Samverkan med skola och fritid har blivit en del av ordinarie arbete.",
    },
    "AVF": {
        "overview": (
            "Arbetsmarknads- och vuxenutbildningsförvaltningen leder Vägen till jobb och deltar "
            "i ett Östersjösamarbete om yrkesutbildning för vuxna."
        ),
        "priorities": "Vägar till arbete och yrkesutbildning för vuxna.",
        "results": "124 deltagare i Vägen till jobb arbetade eller studerade efteråt.",
    },
    "SBF": {
        "overview": (
            "Samhällsbyggnadsförvaltningen arbetar med klimatanpassning, cirkulärt byggande och "
            "hållbart resande tillsammans med kommunens bolag."
        ),
        "priorities": "Klimatanpassning och cirkulär ekonomi.",
        "networks": "Interreg Europes plattform för hållbar mobilitet.",
        "conferences": "Förvaltningen var värd för en nordisk konferens om skyfallsparker.",
        "results": "Två skyfallsparker är anlagda och ett återbrukslager har öppnat.",
    },
    "KFF": {
        "overview": "Kultur- och fritidsförvaltningen deltar i ett projekt inom Kreativa Europa.",
        "priorities": "Bibliotek som mötesplatser.",
        "results": "Biblioteken har prövat nya program för nyanlända.",
    },
    "ENE": {
        "overview": (
            "Exempelstad Energi AB deltar i ett forskningsprojekt om vätgas och leder ett "
            "projekt om energieffektiva flerbostadshus."
        ),
        "priorities": "Fossilfria transporter och lägre energianvändning.",
        "results": "Tio bussar tankar vätgas från bolagets nya station.",
    },
    "EBO": {
        "overview": (
            "Exempelbostäder AB deltar i Jobb nära hemmet tillsammans med Arbetsförmedlingen."
        ),
        "priorities": "Trygga bostadsområden där fler har arbete.",
        "results": "Hyresgäster har fått sommarjobb och praktik i bolagets fastigheter.",
    },
}


# The 2023 memo's metadata and what the office wrote by hand; the other texts are drafted in
# the city's wording (``WORDING``).
MEMO_2023 = {
    "date": datetime.date(2024, 4, 15),
    "reference_name": "Anna Lindqvist",
    "reference_title": "Utvecklingsstrateg",
    "reference_email": f"anna.lindqvist@{DOMAIN}",
    "case_number": "KS 2024/112",
    "title": "Redovisning av internationellt arbete 2023",
    "decision_basis": "- Tjänsteutlåtande KS 240506 Redovisning av internationellt arbete 2023",
    "assessment": (
        "Kommunledningskontoret ser att EU-projekten ger förvaltningarna och bolagen möjlighet "
        "att utveckla verksamheten utöver den egna budgeten. Flera projekt drivs tillsammans av "
        "förvaltningar och bolag, vilket kommunledningskontoret vill uppmuntra.\n\n"
        "Kommunledningskontoret föreslår att redovisningen läggs till handlingarna."
    ),
}
DECISION_PLANNING_2023 = (
    ("Kommunstyrelsen", datetime.date(2024, 5, 6)),
    ("Kommunfullmäktige", datetime.date(2024, 5, 27)),
)
OFFICIALS_2023 = (
    ("Karin Ström", "Kommundirektör"),
    ("Henrik Dahl", "Utvecklingschef"),
)
HISTORICAL_TOTALS = (
    {
        "year": 2015,
        "project_count": 9,
        "payouts_wording": "cirka 6 miljoner kronor",
        "source": "Redovisning av internationellt arbete 2015",
        "note": "Demouppgift.",
    },
)

# The memo's wording where Exempelstad's differs from the default: administrations and companies
# report alike, and a municipality is no city ("stadens förvaltningar"). Keys and placeholders
# of ``reporting.memo.wording_catalogue``.
WORDING = {
    "summary": (
        "{organisationens} förvaltningar och kommunala bolag redovisar varje år sitt "
        "internationella arbete och sina EU-projekt till {kontoret:gemen}, i enlighet med "
        "{styrdokument}. Redovisningen ger en överblick över projekten, de EU-medel som har "
        "betalats ut och vad arbetet har gett kommunens invånare. {kontoret} föreslår att "
        "redovisningen läggs till handlingarna."
    ),
    "decision_basis": (
        "- {dokumenttyp} {första_instans}{sammanträde} Redovisning av internationellt arbete {år}"
    ),
    "recipients": (
        "Samtliga nämnder\n"
        "Styrelserna i de kommunala bolagen\n"
        "{kontoret}, Enheten för strategisk utveckling"
    ),
    "matter": (
        "{kontoret} sammanställer varje år en redovisning av {organisationens} internationella "
        "arbete med hjälp av underlag från förvaltningarna och de kommunala bolagen. "
        "Förvaltningarna och bolagen redovisar sina EU-projekt, de EU-medel som har betalats ut "
        "under året och vilka resultat arbetet har gett. Arbetet riktas mot kommunfullmäktiges "
        "mål i budget {år}."
    ),
    "international_intro": (
        "Redovisningen för {år} visar att förvaltningarna och bolagen använder EU-projekt för "
        "att pröva nya arbetssätt inom klimatanpassning, skola och arbetsmarknad. Samarbetet "
        "sker främst med kommuner i Norden och runt Östersjön."
    ),
    "heading_international": "Förvaltningarnas och bolagens internationella arbete",
    "heading_payouts_by_administration": (
        "Utbetalda EU-medel {år} fördelat på förvaltning och bolag"
    ),
    "heading_examples": "Exempel från förvaltningarnas och bolagens internationella arbete",
    "projects_intro": (
        "Projekten som förvaltningarna och bolagen deltar i är nästan alltid medfinansierade av EU."
    ),
    "projects_intro_increase": (
        "Projekten som förvaltningarna och bolagen deltar i är nästan alltid medfinansierade "
        "av EU, och de var fler under {år} än under {föregående_år}."
    ),
    "projects_intro_decrease": (
        "Projekten som förvaltningarna och bolagen deltar i är nästan alltid medfinansierade "
        "av EU, och de var färre under {år} än under {föregående_år}."
    ),
    "projects_intro_same": (
        "Projekten som förvaltningarna och bolagen deltar i är nästan alltid medfinansierade "
        "av EU, och de var lika många under {år} som under {föregående_år}."
    ),
    "projects_count": (
        "Under {år} redovisade {organisationens} förvaltningar och kommunala bolag "
        "{antal_projekt} EU-projekt, {antal_projektägare} som projektägare och "
        "{antal_projektpartner} som projektpartner."
    ),
    "projects_count_none": (
        "Under {år} redovisade {organisationens} förvaltningar och kommunala bolag inga EU-projekt."
    ),
    "projects_previous": (
        "Under {föregående_år} redovisade de {föregående_antal_projekt} EU-projekt."
    ),
    "projects_list_intro": "Antalet EU-projekt per förvaltning och bolag:",
    "payouts_total": (
        "Under {år} betalades sammanlagt {utbetalt} i EU-medel ut till förvaltningarna och "
        "bolagen, som projektägare eller projektpartner."
    ),
    "cofinancing_rest": (
        "Förvaltningarna och bolagen står för resten, med egna medel eller med arbetstid."
    ),
    "basis": (
        "Redovisningen bygger på uppgifter från {godkända} av {antal_förvaltningar} "
        "förvaltningar och bolag."
    ),
}

CITY = DemoCity(
    key="exempelstad",
    organisation=ORGANISATION,
    decision_steps=DECISION_STEPS,
    reference=REFERENCE,
    password=DEMO_PASSWORD,
    users=USERS,
    programmes=PROGRAMMES,
    goals=GOALS,
    projects_csv=Path(__file__).with_name("exempelstad_projects.csv"),
    logo=Path(__file__).with_name("exempelstad_logo.svg"),
    narratives=NARRATIVES_2023,
    no_project_networks="Förvaltningen följer EU-frågor genom kommunens gemensamma nätverk.",
    previous_year_overview=(
        "Under 2022 har förvaltningen fortsatt sitt internationella arbete genom EU-projekt "
        "och samarbete med kommuner i Norden och runt Östersjön."
    ),
    memo=DemoMemo(
        author=USERS[0][0],
        texts=MEMO_2023,
        decision_planning=DECISION_PLANNING_2023,
        officials=OFFICIALS_2023,
        historical_totals=HISTORICAL_TOTALS,
    ),
    wording=WORDING,
)
