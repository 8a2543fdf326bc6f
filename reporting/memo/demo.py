"""A demo city's 2023 council memo and historical totals.

The figure sections and the examples are drafted from the demo figures and the demo
submissions' narratives like any other year (so Malmö's examples tell of ICORN, EUROCITIES and
the sports events as the real memo does); what the development coordinator writes by hand is
the city's (``DemoCity.memo``: Malmö's from the real memo STK-2023-1702).
Idempotent: a year that already has a memo is left alone.
"""

from __future__ import annotations

from django.db import transaction

from projects.demo import DEFAULT, DemoCity
from projects.models import ReportingYear, User
from reporting.memo.files import memo_publish
from reporting.memo.services import memo_create_draft, memo_wording_save
from reporting.models import HistoricalTotal, Memo, MemoDecisionStep, MemoOfficial, PublishedMemo
from reporting.trend.services import historical_total_save, year_has_reporting_data

DEMO_MEMO_YEAR = 2023


@transaction.atomic
def load_demo_memo(city: DemoCity = DEFAULT) -> Memo | None:
    """Draft the 2023 memo from the demo figures and give it the city's texts and metadata."""
    if Memo.objects.filter(year=DEMO_MEMO_YEAR).exists():
        return None
    if not ReportingYear.objects.filter(year=DEMO_MEMO_YEAR).exists():
        return None
    author = User.objects.filter(email=city.memo.author).first()
    if author is None:
        return None
    if city.wording:
        # The organisation's own wording, before the memo is drafted in it.
        memo_wording_save(templates=city.wording, user=author)
    memo = memo_create_draft(year=DEMO_MEMO_YEAR, user=author, date=city.memo.texts["date"])
    for field, value in city.memo.texts.items():
        setattr(memo, field, value)
    memo.full_clean()
    memo.save()
    memo.steps.all().delete()
    MemoDecisionStep.objects.bulk_create(
        MemoDecisionStep(memo=memo, order=order, body=body, date=date)
        for order, (body, date) in enumerate(city.memo.decision_planning, start=1)
    )
    memo.officials.all().delete()
    MemoOfficial.objects.bulk_create(
        MemoOfficial(memo=memo, order=order, name=name, title=title)
        for order, (name, title) in enumerate(city.memo.officials, start=1)
    )
    return memo


def publish_demo_memo(city: DemoCity = DEFAULT) -> PublishedMemo | None:
    """Publish the demo's 2023 memo, so that an official has a PDF and Word file to download
    (renders both: the demo asks for it, the tests that load the demo do not). None if a
    version is already published or there is no memo."""
    if PublishedMemo.objects.filter(year=DEMO_MEMO_YEAR).exists():
        return None
    memo = Memo.objects.filter(year=DEMO_MEMO_YEAR).first()
    author = User.objects.filter(email=city.memo.author).first()
    if memo is None or author is None:
        return None
    return memo_publish(memo=memo, user=author)


@transaction.atomic
def load_demo_history(city: DemoCity = DEFAULT) -> list[HistoricalTotal]:
    """Enter the city's historical totals; a year already entered or held is left alone."""
    author = User.objects.filter(email=city.memo.author).first()
    created = []
    for values in city.memo.historical_totals:
        year = values["year"]
        if HistoricalTotal.objects.filter(year=year).exists() or year_has_reporting_data(year):
            continue
        created.append(historical_total_save(user=author, **values))
    return created
