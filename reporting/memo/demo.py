"""The 2023 council memo's metadata and hand-written texts, for the demo.

The figure sections and the examples are drafted from the demo figures and the demo
submissions' narratives like any other year (so the examples tell of ICORN, EUROCITIES and the
sports events as the real memo does); what the development coordinator writes by hand is taken
from the real memo STK-2023-1702.
Idempotent: a year that already has a memo is left alone.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from projects.models import ReportingYear, User
from reporting.memo.files import memo_publish
from reporting.memo.services import memo_create_draft
from reporting.models import HistoricalTotal, Memo, MemoDecisionStep, MemoOfficial, PublishedMemo
from reporting.trend.services import historical_total_save, year_has_reporting_data

DEMO_MEMO_YEAR = 2023
DEMO_MEMO_AUTHOR = "utvecklingssamordnare@malmo.se"

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


@transaction.atomic
def load_demo_memo() -> Memo | None:
    """Draft the 2023 memo from the demo figures and give it the real memo's metadata."""
    if Memo.objects.filter(year=DEMO_MEMO_YEAR).exists():
        return None
    if not ReportingYear.objects.filter(year=DEMO_MEMO_YEAR).exists():
        return None
    author = User.objects.filter(email=DEMO_MEMO_AUTHOR).first()
    if author is None:
        return None
    memo = memo_create_draft(year=DEMO_MEMO_YEAR, user=author, date=MEMO_2023["date"])
    for field, value in MEMO_2023.items():
        setattr(memo, field, value)
    memo.full_clean()
    memo.save()
    memo.steps.all().delete()
    MemoDecisionStep.objects.bulk_create(
        MemoDecisionStep(memo=memo, order=order, body=body, date=date)
        for order, (body, date) in enumerate(DECISION_PLANNING_2023, start=1)
    )
    memo.officials.all().delete()
    MemoOfficial.objects.bulk_create(
        MemoOfficial(memo=memo, order=order, name=name, title=title)
        for order, (name, title) in enumerate(OFFICIALS_2023, start=1)
    )
    return memo


def publish_demo_memo() -> PublishedMemo | None:
    """Publish the demo's 2023 memo, so that an official has a PDF and Word file to download
    (renders both: the demo asks for it, the tests that load the demo do not). None if a
    version is already published or there is no memo."""
    if PublishedMemo.objects.filter(year=DEMO_MEMO_YEAR).exists():
        return None
    memo = Memo.objects.filter(year=DEMO_MEMO_YEAR).first()
    author = User.objects.filter(email=DEMO_MEMO_AUTHOR).first()
    if memo is None or author is None:
        return None
    return memo_publish(memo=memo, user=author)


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


@transaction.atomic
def load_demo_history() -> list[HistoricalTotal]:
    """Enter the demo's historical totals; a year already entered or held is left alone."""
    author = User.objects.filter(email=DEMO_MEMO_AUTHOR).first()
    created = []
    for values in DEMO_HISTORICAL_TOTALS:
        year = values["year"]
        if HistoricalTotal.objects.filter(year=year).exists() or year_has_reporting_data(year):
            continue
        created.append(historical_total_save(user=author, **values))
    return created
