"""Malmö stad as a demo city: the approved 2022 and 2023 rounds as the council memo for 2023
(STK-2023-1702) states them, and an open 2024 round.

Its reference rows are the ones the migrations seed (``projects.reference_data``); the loader
is shared with every demo city (``loading.py``).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from projects.demo.loading import DemoCity, DemoMemo
from projects.models import User
from projects.reference_data import DECISION_STEPS, MALMO_REFERENCE, ORGANISATION

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
    "Östersjö": "Interreg Östersjöprogrammet",
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

# EU funds paid out in 2023 per administration and council goal (kronor). The column sums are
# the memo's exact amounts per goal; the row sums round to the memo's amounts per administration.
# A 2023 project of malmo_projects.csv with an empty ``paid_2023`` takes what remains of its cell.
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

# The 2023 memo's hand-written texts and metadata, from the real memo STK-2023-1702.
MEMO_2023 = {
    "date": datetime.date(2024, 4, 19),
    "reference_name": "Bodil Olsson",
    "reference_title": "Utvecklingssamordnare",
    "reference_email": "bodil.olsson@malmö.se",
    "case_number": "STK-2023-1702",
    "title": "Redovisning av internationellt arbete 2023",
    "summary": (
        "Malmö stads internationella arbete ställs varje år samman i en redovisning med hjälp av "
        "underlag som respektive förvaltning har i uppdrag att rapportera. Detta sker i enlighet "
        "med Policy för Malmö stads internationella arbete som är ett kommunövergripande "
        "styrdokument antagen av kommunfullmäktige 2016 (STK-2015-1008). Syftet med "
        "redovisningen är att tydliggöra nyttan med den internationella verksamheten i staden "
        "samt att ge en överblick över förvaltningarnas arbete med internationella projekt. "
        "Stadskontoret föreslår att redovisningen läggs till handlingarna."
    ),
    "proposed_decision": (
        "Kommunstyrelsen föreslår kommunfullmäktige besluta\n\n"
        "1. Kommunfullmäktige lägger den internationella redovisningen för 2023 till "
        "handlingarna."
    ),
    "decision_basis": (
        "- G-Tjänsteskrivelse KSAU 240422 Redovisning av internationellt arbete 2023"
    ),
    "recipients": (
        "Samtliga nämnder\n"
        "Stadskontoret, Avdelningen Omvärld och näringsliv\n"
        "Stadskontorets handläggare"
    ),
    "assessment": (
        "Stadskontoret ser ett stort engagemang bland förvaltningarna i det internationella "
        "arbetet vilket är ett värdefullt bidrag för verksamheternas utvecklingsarbete i form av "
        "kunskaps- och erfarenhetsutbyte och skapande av internationella kontakter. De "
        "internationella samarbetena och deltagandet i projekt skapar möjligheter att prova nya "
        "arbetsmetoder i projektform med möjligheten att utveckla dessa vidare och att "
        "implementera dem i linjeverksamheten.\n\n"
        "Stadskontoret konstaterar att EU-medel ger förvaltningarna möjlighet att växla upp "
        "arbetet i den egna verksamheten. Förvaltningarna är mycket drivna när det gäller att "
        "söka EU-medel och har tillgång till en god projektorganisation för ändamålet. Externa "
        "medel kan vara avgörande för att testa idéer och pröva på nya metoder och arbetssätt "
        "och då stadens förvaltningar har strama budgetramar kan externa medel vara avgörande. "
        "En sådan utvecklingsmöjlighet gagnar verksamheten och till sist även Malmöborna.\n\n"
        "Däremot anser stadskontoret att det är osäkert om antalet EU-projekt per år kommer att "
        "öka i någon större utsträckning då det tar resurser från ordinarie verksamhet att driva "
        "projekt. Till detta kommer att medfinansieringen i regional- och socialfondsprojekt "
        "stigit till 60 % vilket kan göra det mindre attraktivt framöver att söka medel ur "
        "dessa fonder. Snarare är det troligt att förvaltningarna i större utsträckning kan "
        "komma att söka medel ur andra program som exempelvis Horisont 2020 som avser medel för "
        "forskning och innovation. Här är kravet på medfinansiering lägre men å andra sidan "
        "krävs mer administration och en större samverkan med aktörer från andra länder.\n\n"
        "Stadskontoret vill lyfta att det i förvaltningarnas redovisningar framgår att en stor "
        "del av det internationella arbetet sker i en värdefull samverkan över "
        "förvaltningsgränserna. Fler förvaltningar deltar i gemensamma projekt, fler söker "
        "aktivt medlemskap och verkar i internationella nätverk tillsammans samt anordnar "
        "internationella konferenser.\n\n"
        "Stadskontoret föreslår att redovisningen läggs till handlingarna."
    ),
}
DECISION_PLANNING_2023 = [
    ("Kommunstyrelsens arbetsutskott", datetime.date(2024, 4, 22)),
    ("Kommunstyrelsen", datetime.date(2024, 5, 7)),
    ("Kommunfullmäktige", datetime.date(2024, 5, 23)),
]
OFFICIALS_2023 = [
    ("Micael Nord", "Näringslivsdirektör"),
    ("Magdalena Bondeson", "Sektionschef"),
    ("Andreas Norbrant", "Stadsdirektör"),
]


# Years before the demo's rounds, as an old memo states them: only what the source says (the
# amount as worded, no exact sum). Not in the 2023 memo, which compares with 2022 only.
DEMO_HISTORICAL_TOTALS = [
    {
        "year": 2013,
        "project_count": 61,
        "payouts_wording": "över 40 miljoner kronor",
        "source": "Redovisning av internationellt arbete 2013",
        "note": "Demouppgift: kontrollera mot den diarieförda tjänsteskrivelsen för 2013.",
    },
]


CITY = DemoCity(
    key="malmo",
    organisation=ORGANISATION,
    decision_steps=tuple(DECISION_STEPS),
    reference=MALMO_REFERENCE,
    password=DEMO_PASSWORD,
    users=tuple(DEMO_USERS),
    programmes=PROGRAMME_NAMES,
    goals=GOAL_NAMES,
    projects_csv=Path(__file__).with_name("malmo_projects.csv"),
    narratives=NARRATIVES_2023,
    no_project_networks="Förvaltningen följer EU-frågor genom stadens gemensamma nätverk.",
    previous_year_overview=(
        "Under 2022 har förvaltningen fortsatt sitt internationella arbete genom EU-projekt, "
        "nätverk och erfarenhetsutbyte med andra europeiska städer."
    ),
    memo=DemoMemo(
        author=DEMO_USERS[0][0],
        texts=MEMO_2023,
        decision_planning=tuple(DECISION_PLANNING_2023),
        officials=tuple(OFFICIALS_2023),
        historical_totals=tuple(DEMO_HISTORICAL_TOTALS),
    ),
    payout_cells=MEMO_2023_PAYOUTS,
    paid_on_new_years_eve=frozenset({"RASK"}),
)
