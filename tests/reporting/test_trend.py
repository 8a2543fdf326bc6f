"""The long view: closed years computed from approved submissions, entered years marked."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import FundingProgramme, ProjectReport, Submission
from reporting import kept
from reporting.selectors.trend import trend
from reporting.trend.services import historical_total_save
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

    f.HistoricalTotalFactory(year=2022, project_count=47, source="gammal")
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
    # Session and user, the rate limit's count (a read, and a write in a savepoint: six in a
    # test's transaction), the organisation's name and colour (page header and charts), the
    # years' data versions and the historical totals (the key the trend's page is kept under):
    # kept in the process's memory, a kept trend costs nothing more. Taking a slot of the
    # user's requests in flight (the cache's add: its size, the key, the insert, in a
    # savepoint: five in a test's transaction) and giving it back (a delete): six more.
    with django_assert_num_queries(17):
        client.get(url)
    # Kept in the shared cache only: its look-ups besides (the page's data and charts, and the
    # drawn table of each of the three breakdowns).
    kept._memory.clear()
    with django_assert_num_queries(21):
        client.get(url)
    # Not kept yet: the four queries of the selector and the cache's write besides.
    kept.forget_all()
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    build_years(administrations, [2021, 2022, 2023], 5)
    for year in range(2005, 2015):
        historical_total_save(user=None, year=year, project_count=10, source="s")
    kept.forget_all()
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.context["trend"].computed_years == [2020, 2021, 2022, 2023]
    assert len(response.context["trend"].years) == 14


@pytest.fixture
def apart(development_coordinator):
    """Data where every field of the long view tells its own story.

    Entered totals for 2019, 2020 and 2022 (saved before the application held 2020); 2020
    closed with a submission that was never approved; 2021 closed and approved, where two
    administrations paid out the same amount, one administration's payouts all fall in the
    next year, one administration has two goals in one fund family, and the two fund
    families are declared in another order than their codes sort in."""
    historical_total_save(
        user=development_coordinator,
        year=2019,
        project_count=45,
        owner_count=20,
        partner_count=21,
        payouts_sek=Decimal("1234567.50"),
        source="Redovisning av internationellt arbete 2019",
        note="Två projekt saknar uppgift om roll.",
    )
    for year, wording in ((2020, "cirka 60 miljoner kronor"), (2022, "drygt 90 miljoner kronor")):
        historical_total_save(
            user=development_coordinator,
            year=year,
            project_count=50,
            payouts_wording=wording,
            source=f"Redovisning av internationellt arbete {year}",
        )
    # Created first: the lowest id, and the first group the database returns.
    east = f.AdministrationFactory(name="Östra innerstadens förvaltning", short_code="OIF")
    labour = f.AdministrationFactory(name="Arbetsmarknadsförvaltningen", short_code="AMF")
    planning = f.AdministrationFactory(name="Stadsbyggnadskontoret", short_code="SBK")
    esf = f.FundingProgrammeFactory(name="ESF+", fund_family=FundingProgramme.FundFamily.STRUCTURAL)
    horizon = f.FundingProgrammeFactory(
        name="Horisont Europa", fund_family=FundingProgramme.FundFamily.RESEARCH
    )
    work = f.CouncilGoalFactory(name="Utbildning och arbete", order=1)
    climate = f.CouncilGoalFactory(name="Stadsutveckling och klimat", order=2)
    report(approved(labour, 2020, state=Submission.State.SUBMITTED), paid=[("66000", mid)])
    east_2021 = approved(east, 2021)
    report(east_2021, programme=esf, goal=work, paid=[("400000", mid)])
    report(
        east_2021,
        role=ProjectReport.Role.PARTNER,
        programme=esf,
        goal=climate,
        paid=[("100000", mid)],
    )
    report(
        approved(labour, 2021),
        role=ProjectReport.Role.PARTNER,
        programme=horizon,
        goal=work,
        paid=[("500000", mid)],
    )
    report(approved(planning, 2021), programme=esf, goal=work, paid=[("75000", next_january)])


def test_every_year_of_the_long_view_tells_its_own_figures(apart):
    data = trend()
    assert data.computed_years == [2020, 2021]
    assert data.overridden == [2020]
    assert [(row.year, row.entered) for row in data.years] == [
        (2019, True),
        (2020, False),
        (2021, False),
        (2022, True),
    ]
    entered_2019, closed_2020, closed_2021, entered_2022 = data.years
    assert (
        entered_2019.projects_total,
        entered_2019.projects_owner,
        entered_2019.projects_partner,
        entered_2019.payouts_total_sek,
        entered_2019.payouts_wording,
        entered_2019.source,
        entered_2019.note,
    ) == (
        45,
        20,
        21,
        Decimal("1234567.50"),
        "",
        "Redovisning av internationellt arbete 2019",
        "Två projekt saknar uppgift om roll.",
    )
    assert (entered_2022.payouts_total_sek, entered_2022.payouts_wording) == (
        None,
        "drygt 90 miljoner kronor",
    )
    assert (entered_2022.projects_owner, entered_2022.projects_partner) == (None, None)
    # A closed year with submissions but nothing approved: zeros, not gaps.
    assert (
        closed_2020.projects_total,
        closed_2020.projects_owner,
        closed_2020.projects_partner,
        closed_2020.payouts_total_sek,
    ) == (0, 0, 0, Decimal("0.00"))
    assert (
        closed_2021.projects_total,
        closed_2021.projects_owner,
        closed_2021.projects_partner,
        closed_2021.payouts_total_sek,
    ) == (4, 2, 2, Decimal("1000000.00"))


def test_series_leave_out_payouts_outside_the_year_and_order_ties_in_swedish(apart):
    data = trend()
    zero, half_million = Decimal("0.00"), Decimal("500000.00")
    # Equal totals: Swedish alphabetical order (Ö after A), whatever the database returns.
    # Stadsbyggnadskontoret paid only in the next year: no series of its own.
    assert [(s.key, s.amounts, s.total_sek) for s in data.payouts_by_administration] == [
        ("Arbetsmarknadsförvaltningen", (zero, half_million), half_million),
        ("Östra innerstadens förvaltning", (zero, half_million), half_million),
    ]
    # Two goals of one administration and fund family stay two series.
    assert [(s.key, s.amounts) for s in data.payouts_by_council_goal] == [
        ("Utbildning och arbete", (zero, Decimal("900000.00"))),
        ("Stadsutveckling och klimat", (zero, Decimal("100000.00"))),
    ]
    # Declared order (structural funds before research), not the codes' alphabetical order.
    assert [(s.key, s.total_sek) for s in data.payouts_by_fund_family] == [
        ("structural", half_million),
        ("research", half_million),
    ]
