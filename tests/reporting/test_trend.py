"""The long view: closed years computed from approved submissions, entered years marked."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import FundingProgramme, ProjectReport, Submission
from reporting.selectors.trend import trend
from reporting.services_history import historical_total_save
from tests import factories as f

pytestmark = pytest.mark.django_db

ENTERED = "Inlagd uppgift från tjänsteskrivelse, inte beräknad"


def approved(administration, year, *, is_open=False, state=Submission.State.APPROVED):
    reporting_year = f.ReportingYearFactory(year=year, is_open=is_open)
    return f.SubmissionFactory(
        administration=administration, reporting_year=reporting_year, state=state
    )


def report(submission, *, role=ProjectReport.Role.OWNER, programme=None, goal=None, paid=()):
    year = submission.reporting_year.year
    created = f.ProjectReportFactory(
        submission=submission,
        role=role,
        programme=programme or f.FundingProgrammeFactory(name="ESF"),
        council_goal=goal or f.CouncilGoalFactory(name="Utbildning och arbete", order=1),
    )
    for amount, day in paid:
        f.PayoutFactory(report=created, amount_sek=Decimal(amount), payment_date=day(year))
    return created


def mid(year):
    return datetime.date(year, 6, 30)


def next_january(year):
    return datetime.date(year + 1, 1, 2)


@pytest.fixture
def world(administration, other_administration, development_coordinator):
    """2022 and 2023 closed; 2024 open; 2013 entered; one draft in 2023 that must not count."""
    interreg = f.FundingProgrammeFactory(
        name="Interreg Öresund", fund_family=FundingProgramme.FundFamily.TERRITORIAL
    )
    climate = f.CouncilGoalFactory(name="Stadsutveckling och klimat", order=2)
    a22, b22 = approved(administration, 2022), approved(other_administration, 2022)
    report(a22, paid=[("1000000", mid)])
    report(b22, role=ProjectReport.Role.PARTNER, programme=interreg, paid=[("250000", mid)])
    a23, b23 = approved(administration, 2023), approved(other_administration, 2023)
    # A payout dated the next year counts for neither year's report.
    report(a23, paid=[("2000000", mid), ("999", next_january)])
    report(
        a23,
        role=ProjectReport.Role.PARTNER,
        programme=interreg,
        goal=climate,
        paid=[("500000", mid)],
    )
    report(b23, role=ProjectReport.Role.PARTNER, paid=[("300000", mid)])
    draft_admin = f.AdministrationFactory(name="Kulturförvaltningen", short_code="KUF")
    report(approved(draft_admin, 2023, state=Submission.State.SUBMITTED), paid=[("7777", mid)])
    report(approved(administration, 2024, is_open=True), paid=[("88888", mid)])
    historical_total_save(
        user=development_coordinator,
        year=2013,
        project_count=61,
        payouts_wording="över 40 miljoner kronor",
        source="Redovisning av internationellt arbete 2013",
    )


def test_trend_counts_closed_years_and_marks_entered_ones(world):
    data = trend()
    assert [row.year for row in data.years] == [2013, 2022, 2023]
    assert data.computed_years == [2022, 2023]
    assert data.in_progress == [2024]
    old, y22, y23 = data.years
    assert old.entered and old.projects_total == 61 and old.payouts_total_sek is None
    assert old.payouts_wording == "över 40 miljoner kronor"
    assert not y22.entered
    assert (y22.projects_total, y22.projects_owner, y22.projects_partner) == (2, 1, 1)
    assert y22.payouts_total_sek == Decimal("1250000.00")
    assert (y23.projects_total, y23.projects_owner, y23.projects_partner) == (3, 1, 2)
    assert y23.payouts_total_sek == Decimal("2800000.00")


def test_trend_breaks_payouts_down_per_administration_goal_and_fund_family(world):
    data = trend()
    by_administration = {s.key: s.amounts for s in data.payouts_by_administration}
    assert by_administration == {
        "Miljöförvaltningen": (Decimal("1000000.00"), Decimal("2500000.00")),
        "Grundskoleförvaltningen": (Decimal("250000.00"), Decimal("300000.00")),
    }
    assert [s.key for s in data.payouts_by_administration][0] == "Miljöförvaltningen"
    by_goal = {s.key: s.amounts for s in data.payouts_by_council_goal}
    assert by_goal["Stadsutveckling och klimat"] == (Decimal("0.00"), Decimal("500000.00"))
    by_family = {s.key: s.total_sek for s in data.payouts_by_fund_family}
    assert by_family == {"structural": Decimal("3300000.00"), "territorial": Decimal("750000.00")}
    # Structural funds first, as the fund families are declared.
    assert [s.key for s in data.payouts_by_fund_family] == ["structural", "territorial"]


def test_an_entered_year_the_application_now_holds_is_not_shown(world, administration):
    from reporting.models import HistoricalTotal

    HistoricalTotal.objects.create(year=2022, project_count=47, source="gammal")
    data = trend()
    assert data.overridden == [2022]
    assert [row.entered for row in data.years if row.year == 2022] == [False]


def test_trend_page_shows_tables_charts_and_marks(client, official, world):
    client.force_login(official)
    response = client.get(reverse("reporting:trend"))
    assert response.status_code == 200
    page = response.content.decode()
    assert ENTERED in page
    assert "Redovisning av internationellt arbete 2013" in page
    assert "över 40 miljoner kronor" in page
    assert "2024 pågår och visas inte" in page
    assert 'role="img"' in page and "<title" in page
    assert "Interreg och territoriellt samarbete" in page
    assert "1&nbsp;250&nbsp;000" in page or "1\xa0250\xa0000" in page
    # The draft's and the open year's payouts are nowhere.
    assert "7\xa0777" not in page and "88\xa0888" not in page


def test_trend_page_in_english(client, official, world):
    client.force_login(official)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("reporting:trend")).content.decode()
    assert "Entered from a council memo, not computed" in page


@pytest.mark.parametrize("who", ["coordinator", "development_coordinator"])
def test_who_reads_the_trend(client, request, who):
    client.force_login(request.getfixturevalue(who))
    expected = 403 if who == "coordinator" else 200
    assert client.get(reverse("reporting:trend")).status_code == expected


def build_years(administrations, years, per_year):
    for year in years:
        for administration in administrations:
            submission = approved(administration, year)
            for index in range(per_year):
                report(
                    submission,
                    role=ProjectReport.Role.PARTNER if index % 2 else ProjectReport.Role.OWNER,
                    paid=[("1000", mid)],
                )


def test_query_count_is_constant(client, official, django_assert_num_queries):
    administrations = [
        f.AdministrationFactory(name=f"Förvaltning {n}", short_code=f"F{n}") for n in range(4)
    ]
    client.force_login(official)
    url = reverse("reporting:trend")
    build_years(administrations[:1], [2020], 1)
    client.get(url)
    # Session and user, then the four queries of the selector.
    with django_assert_num_queries(6) as small:
        client.get(url)
    build_years(administrations, [2021, 2022, 2023], 5)
    for year in range(2005, 2015):
        historical_total_save(user=None, year=year, project_count=10, source="s")
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.context["trend"].computed_years == [2020, 2021, 2022, 2023]
    assert len(response.context["trend"].years) == 14
