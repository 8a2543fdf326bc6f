"""The year's figures on hand-built data with known answers."""

import datetime
import json
import pickle
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from projects.models import FundingProgramme, ProjectReport, Submission
from reporting.selectors import (
    AdministrationPayout,
    AdministrationProjects,
    BudgetExtreme,
    ExampleProject,
    FundFamilyCofinancing,
    GoalPayout,
    ProgrammePayout,
    YearTotals,
    figure_rows,
    figures_as_dict,
    year_figures,
)
from reporting.selectors.figures import year_reports
from reporting.selectors.rows import RowSlice
from reporting.selectors.stated import stated_figures
from tests import factories

pytestmark = pytest.mark.django_db

APPROVED = Submission.State.APPROVED
D = datetime.date


@pytest.fixture
def world():
    """Five approved 2023 projects in two administrations (three owners, two partners), one
    administration without projects,
    one administration whose submission is not yet approved, and a 2022 round."""
    alfa = factories.AdministrationFactory(name="Alfaförvaltningen", short_code="ALF")
    beta = factories.AdministrationFactory(name="Betaförvaltningen", short_code="BET")
    gamma = factories.AdministrationFactory(name="Gammaförvaltningen", short_code="GAM")
    delta = factories.AdministrationFactory(name="Deltaförvaltningen", short_code="DEL")
    education = factories.CouncilGoalFactory(name="Utbildning och arbete", order=1)
    climate = factories.CouncilGoalFactory(name="Stadsutveckling och klimat", order=2)
    erasmus = factories.FundingProgrammeFactory(
        name="Erasmus+",
        short_name="Erasmus+",
        fund_family=FundingProgramme.FundFamily.EDUCATION,
        cofinancing_min=Decimal("80"),
        cofinancing_max=Decimal("100"),
    )
    esf = factories.FundingProgrammeFactory(
        name="Europeiska socialfonden (ESF/ESF+)",
        short_name="ESF",
        fund_family=FundingProgramme.FundFamily.STRUCTURAL,
    )
    horizon = factories.FundingProgrammeFactory(
        name="Horisont 2020",
        short_name="Horisont 2020",
        fund_family=FundingProgramme.FundFamily.RESEARCH,
        cofinancing_min=Decimal("70"),
        cofinancing_max=Decimal("100"),
    )
    y2022 = factories.ReportingYearFactory(year=2022, is_open=False)
    y2023 = factories.ReportingYearFactory(year=2023, is_open=True)

    def submission(administration, year, state=APPROVED):
        return factories.SubmissionFactory(
            administration=administration, reporting_year=year, state=state
        )

    def project(name, programme, role, start, end, budget, rate, participants=()):
        """A project's facts, as each year's report states them."""
        return {
            "name": name,
            "acronym": name[:3].upper(),
            "programme": programme,
            "role": role,
            "start_date": start,
            "end_date": end,
            "total_budget_sek": Decimal(budget),
            "own_budget_sek": Decimal(budget) / 2,
            "eu_cofinancing_rate": Decimal(rate),
            "participating_administrations": list(participants),
        }

    def report(sub, facts, goal, *payouts, example=False, same_project_as=None):
        """``same_project_as``: another year's report of the same project."""
        if same_project_as is not None:
            facts = {**facts, "project": same_project_as.project}
        rep = factories.ProjectReportFactory(
            submission=sub, council_goal=goal, suggested_as_example=example, **facts
        )
        for date, amount in payouts:
            factories.PayoutFactory(report=rep, payment_date=date, amount_sek=Decimal(amount))
        return rep

    alfa_2023, beta_2023 = submission(alfa, y2023), submission(beta, y2023)
    submission(gamma, y2023)  # approved, but no projects
    delta_2023 = submission(delta, y2023, state=Submission.State.SUBMITTED)

    # Shared with Betaförvaltningen; paid in 2022 and 2023, on 31 December and 1 January.
    shared = project(
        "Delat projekt",
        esf,
        ProjectReport.Role.OWNER,
        D(2022, 3, 1),
        D(2024, 12, 31),
        "2000000",
        "50",
        participants=[beta],
    )
    shared_2023 = report(
        alfa_2023,
        shared,
        education,
        (D(2023, 1, 1), "300000.50"),
        (D(2023, 12, 31), "100000.25"),
        (D(2024, 1, 1), "999.00"),  # reported with 2023 but paid in 2024: not a 2023 payout
        (D(2022, 12, 31), "888.00"),  # paid in 2022: not a 2023 payout either
    )
    small = project(
        "Litet utbyte",
        erasmus,
        ProjectReport.Role.PARTNER,
        D(2023, 2, 1),
        D(2023, 11, 30),
        "60000",
        "100",
    )
    report(alfa_2023, small, climate, (D(2023, 6, 30), "50000"))
    # A third owner and no payouts: owners and partners, and the two administrations, differ.
    quiet = project(
        "Tyst ägarprojekt",
        esf,
        ProjectReport.Role.OWNER,
        D(2021, 9, 1),
        D(2026, 6, 30),
        "800000",
        "55",
    )
    report(alfa_2023, quiet, climate)
    big = project(
        "Stort forskningsprojekt",
        horizon,
        ProjectReport.Role.PARTNER,
        D(2021, 1, 1),
        D(2025, 12, 31),
        "180000000",
        "70",
        participants=[beta],  # only itself: not cross-administration
    )
    report(beta_2023, big, education, (D(2023, 3, 15), "1000000"), example=True)
    no_goal = project(
        "Utan mål", esf, ProjectReport.Role.OWNER, D(2023, 5, 1), D(2026, 4, 30), "5000000", "60"
    )
    report(beta_2023, no_goal, None, (D(2023, 8, 1), "250000"))
    pending = project(
        "Väntar på godkännande",
        erasmus,
        ProjectReport.Role.OWNER,
        D(2022, 1, 1),
        D(2025, 1, 1),
        "900000",
        "80",
    )
    pending_2023 = report(delta_2023, pending, education, (D(2023, 5, 5), "7777"))

    # 2022: the shared project, approved; Deltaförvaltningen's draft does not count.
    report(
        submission(alfa, y2022),
        shared,
        education,
        (D(2022, 6, 1), "100000"),
        (D(2022, 12, 31), "200000"),
        (D(2023, 1, 1), "5555"),  # reported with 2022 but paid in 2023: counts for neither
        same_project_as=shared_2023,
    )
    report(
        submission(delta, y2022, state=Submission.State.DRAFT),
        pending,
        education,
        (D(2022, 5, 5), "4444"),
        same_project_as=pending_2023,
    )
    return locals()


def test_counts_projects_of_approved_submissions(world):
    figures = year_figures(2023)
    assert figures.year == 2023 and figures.preliminary is False
    assert figures.projects_total == 5
    assert figures.projects_owner == 3
    assert figures.projects_partner == 2
    assert figures.projects_started == 2  # Litet utbyte, Utan mål
    assert figures.projects_ended == 1  # Litet utbyte
    assert figures.projects_cross_administration == 1  # only the shared project


def test_projects_by_administration_sorted_by_count_then_name_without_empty_ones(world):
    assert year_figures(2023).projects_by_administration == [
        AdministrationProjects("Alfaförvaltningen", total=3, owner=2, partner=1),
        AdministrationProjects("Betaförvaltningen", total=2, owner=1, partner=1),
    ]


def test_payouts_only_those_dated_within_the_year(world):
    figures = year_figures(2023)
    assert figures.payouts_total_sek == Decimal("1700000.75")
    assert figures.payouts_by_administration == [
        AdministrationPayout("Betaförvaltningen", Decimal("1250000.00")),
        AdministrationPayout("Alfaförvaltningen", Decimal("450000.75")),
    ]


def test_payouts_by_council_goal_of_the_years_report(world):
    rows = year_figures(2023).payouts_by_council_goal
    assert rows == [
        GoalPayout("Utbildning och arbete", Decimal("1400000.75")),
        GoalPayout("", Decimal("250000.00")),
        GoalPayout("Stadsutveckling och klimat", Decimal("50000.00")),
    ]
    assert [row.no_goal for row in rows] == [False, True, False]


def test_labels_are_read_in_the_language_of_the_page(world):
    """The selector returns codes; the same figures read in Swedish and in English."""
    figures = year_figures(2023)
    no_goal = figures.payouts_by_council_goal[1]
    family = figures.cofinancing_by_fund_family[0]
    row = next(row for row in figures.projects if row.role == "owner")
    with translation.override("sv"):
        assert (no_goal.label, row.role_label) == ("Inget mål angivet", "Projektägare")
        swedish_family = family.label
    with translation.override("en"):
        assert (no_goal.label, row.role_label) == ("No goal specified", "Project owner")
        assert family.label != swedish_family
    assert figures.payouts_by_council_goal[0].label == "Utbildning och arbete"


def test_payouts_by_programme(world):
    assert year_figures(2023).payouts_by_programme == [
        ProgrammePayout("Horisont 2020", "Horisont 2020", Decimal("1000000.00")),
        ProgrammePayout("Europeiska socialfonden (ESF/ESF+)", "ESF", Decimal("650000.75")),
        ProgrammePayout("Erasmus+", "Erasmus+", Decimal("50000.00")),
    ]


def test_budget_range_and_cofinancing(world):
    figures = year_figures(2023)
    assert figures.budget_range.min == BudgetExtreme(
        Decimal("60000.00"), "Erasmus+", "Litet utbyte"
    )
    assert figures.budget_range.max == BudgetExtreme(
        Decimal("180000000.00"), "Horisont 2020", "Stort forskningsprojekt"
    )
    rows = figures.cofinancing_by_fund_family
    assert rows == [
        FundFamilyCofinancing("structural", Decimal("50.00"), Decimal("60.00")),
        FundFamilyCofinancing("research", Decimal("70.00"), Decimal("70.00")),
        FundFamilyCofinancing("education", Decimal("100.00"), Decimal("100.00")),
    ]
    assert [row.label for row in rows] == [
        "Social- och regionalfonderna",
        "Forskning och innovation",
        "Utbildning, ungdom och idrott",
    ]


def test_previous_year_and_trend(world):
    figures = year_figures(2023)
    assert figures.previous_year == YearTotals(2022, 1, Decimal("300000.00"), 1, 0)
    assert figures.trend == [
        YearTotals(2022, 1, Decimal("300000.00"), 1, 0),
        YearTotals(2023, 5, Decimal("1700000.75"), 3, 2),
    ]
    assert year_figures(2022).previous_year is None
    assert year_figures(2022).trend == [YearTotals(2022, 1, Decimal("300000.00"), 1, 0)]


def test_project_list_and_examples(world):
    figures = year_figures(2023)
    assert [(row.administration, row.name, row.payouts_sek) for row in figures.projects] == [
        ("Alfaförvaltningen", "Delat projekt", Decimal("400000.75")),
        ("Alfaförvaltningen", "Litet utbyte", Decimal("50000.00")),
        ("Alfaförvaltningen", "Tyst ägarprojekt", Decimal("0.00")),
        ("Betaförvaltningen", "Stort forskningsprojekt", Decimal("1000000.00")),
        ("Betaförvaltningen", "Utan mål", Decimal("250000.00")),
    ]
    shared = figures.projects[0]
    assert shared.programme_short_name == "ESF"
    assert shared.role == "owner" and shared.role_label == "Projektägare"
    assert shared.total_budget_sek == Decimal("2000000.00")
    assert shared.own_budget_sek == Decimal("1000000.00")
    assert shared.eu_cofinancing_rate == Decimal("50.00")
    assert figures.examples == [
        ExampleProject(
            project="Stort forskningsprojekt",
            acronym="STO",
            administration="Betaförvaltningen",
            programme="Horisont 2020",
            programme_short_name="Horisont 2020",
            role="partner",
            description="Ett testprojekt.",
            results="Resultat under året.",
            participating_administrations=("Betaförvaltningen",),
        )
    ]


def test_preliminary_counts_submissions_not_yet_approved(world):
    figures = year_figures(2023, preliminary=True)
    assert figures.preliminary is True
    assert (figures.projects_total, figures.projects_owner, figures.projects_partner) == (6, 4, 2)
    assert figures.payouts_total_sek == Decimal("1707777.75")
    assert figures.projects_by_administration[-1] == AdministrationProjects(
        "Deltaförvaltningen", total=1, owner=1, partner=0
    )
    # Earlier years stay approved-only: the 2022 draft is not in the trend.
    assert figures.trend == [
        YearTotals(2022, 1, Decimal("300000.00"), 1, 0),
        YearTotals(2023, 6, Decimal("1707777.75"), 4, 2),
    ]


def test_year_without_data_is_empty(world):
    figures = year_figures(2030)
    assert figures.projects_total == 0 and not figures.has_data
    assert figures.payouts_total_sek == Decimal("0.00")
    assert figures.projects_by_administration == figures.payouts_by_administration == []
    assert figures.budget_range.min is None and figures.budget_range.max is None
    assert figures.previous_year is None
    data = figures_as_dict(figures)
    assert data["budget_range"] == {"min": None, "max": None}
    assert data["previous_year"] is None
    assert data["payouts_total_sek"] == "0.00"


def test_figures_as_dict_has_the_documented_shape(world):
    data = figures_as_dict(year_figures(2023))
    json.dumps(data)  # plain JSON types only
    assert list(data) == [
        "year",
        "preliminary",
        "projects",
        "projects_by_administration",
        "payouts_total_sek",
        "payouts_by_administration",
        "payouts_by_council_goal",
        "payouts_by_programme",
        "budget_range",
        "cofinancing_by_fund_family",
        "previous_year",
        "trend",
        "project_list",
        "examples",
    ]
    assert data["year"] == 2023 and data["preliminary"] is False
    assert data["projects"] == {
        "total": 5,
        "owner": 3,
        "partner": 2,
        "started": 2,
        "ended": 1,
        "cross_administration": 1,
    }
    assert data["projects_by_administration"][0] == {
        "administration": "Alfaförvaltningen",
        "total": 3,
        "owner": 2,
        "partner": 1,
        "rows_url": "/rapport/nyckeltal/2023/rader/projekt.csv?forvaltning=ALF",
    }
    assert data["payouts_total_sek"] == "1700000.75"
    assert data["payouts_by_administration"][1] == {
        "administration": "Alfaförvaltningen",
        "amount_sek": "450000.75",
        "rows_url": "/rapport/nyckeltal/2023/rader/utbetalt.csv?forvaltning=ALF",
    }
    assert data["payouts_by_council_goal"][2] == {
        "goal": "Stadsutveckling och klimat",
        "amount_sek": "50000.00",
        "rows_url": "/rapport/nyckeltal/2023/rader/utbetalt.csv?mal=Stadsutveckling+och+klimat",
    }
    assert data["payouts_by_council_goal"][1]["goal"] == "Inget mål angivet"
    assert data["payouts_by_council_goal"][1]["rows_url"] == (
        "/rapport/nyckeltal/2023/rader/utbetalt.csv?utan_mal=1"
    )
    assert data["payouts_by_programme"][0] == {
        "programme": "Horisont 2020",
        "short_name": "Horisont 2020",
        "amount_sek": "1000000.00",
        "rows_url": "/rapport/nyckeltal/2023/rader/utbetalt.csv?program=Horisont+2020",
    }
    assert data["budget_range"] == {
        "min": {"amount_sek": "60000.00", "programme": "Erasmus+", "project": "Litet utbyte"},
        "max": {
            "amount_sek": "180000000.00",
            "programme": "Horisont 2020",
            "project": "Stort forskningsprojekt",
        },
    }
    assert data["cofinancing_by_fund_family"][0] == {
        "fund_family": "structural",
        "label": "Social- och regionalfonderna",
        "min_rate": "50.00",
        "max_rate": "60.00",
    }
    assert data["previous_year"] == {
        "year": 2022,
        "projects_total": 1,
        "projects_owner": 1,
        "projects_partner": 0,
        "payouts_total_sek": "300000.00",
    }
    assert data["trend"][1] == {
        "year": 2023,
        "projects_total": 5,
        "projects_owner": 3,
        "projects_partner": 2,
        "payouts_total_sek": "1700000.75",
    }
    assert data["project_list"][0] == {
        "name": "Delat projekt",
        "acronym": "DEL",
        "administration": "Alfaförvaltningen",
        "programme": "Europeiska socialfonden (ESF/ESF+)",
        "role": "owner",
        "total_budget_sek": "2000000.00",
        "own_budget_sek": "1000000.00",
        "eu_cofinancing_rate": "50.00",
        "payouts_sek": "400000.75",
    }
    assert data["examples"] == [
        {
            "project": "Stort forskningsprojekt",
            "acronym": "STO",
            "administration": "Betaförvaltningen",
            "programme": "Horisont 2020",
            "description": "Ett testprojekt.",
            "results": "Resultat under året.",
            "participating_administrations": ["Betaförvaltningen"],
        }
    ]


def make_projects(count: int, year_obj, goal, programme):
    for index in range(count):
        administration = factories.AdministrationFactory(
            name=f"Förvaltning {index % 5}", short_code=f"F{index % 5}"
        )
        submission = factories.SubmissionFactory(
            administration=administration, reporting_year=year_obj, state=APPROVED
        )
        report = factories.ProjectReportFactory(
            submission=submission,
            programme=programme,
            participating_administrations=[administration],
            council_goal=goal,
            suggested_as_example=True,
        )
        factories.PayoutFactory(report=report)
        factories.PayoutFactory(report=report, payment_date=datetime.date(year_obj.year, 12, 31))


@pytest.mark.parametrize("count", [3, 30])
def test_number_of_queries_does_not_depend_on_rows(count, django_assert_num_queries):
    goal = factories.CouncilGoalFactory(name="Utbildning och arbete", order=1)
    programme = factories.FundingProgrammeFactory(name="ESF")
    make_projects(count, factories.ReportingYearFactory(year=2022), goal, programme)
    make_projects(count, factories.ReportingYearFactory(year=2023), goal, programme)
    # Project counts per group, payouts per group, the examples and extreme budgets, the
    # examples' other administrations.
    with django_assert_num_queries(4):
        figures = year_figures(2023)
    assert figures.projects_total == count
    assert len(figures.examples) == count
    assert [row.year for row in figures.trend] == [2022, 2023]
    # The appendix is read when it is used: all of it in one query, a page in one query.
    with django_assert_num_queries(1):
        assert len(list(figures.projects)) == len(figures.projects) == count
    ProjectReport.objects.update(suggested_as_example=False)
    with django_assert_num_queries(3):
        assert year_figures(2023).examples == []


def test_the_project_list_reads_a_page_or_everything_once(world, django_assert_num_queries):
    figures = year_figures(2023)
    with django_assert_num_queries(1):
        page = figures.projects[1:3]
    with django_assert_num_queries(1):
        everything = list(figures.projects)
    with django_assert_num_queries(0):
        assert list(figures.projects) == everything
        assert figures.projects[1:3] == page == everything[1:3]
        assert figures.projects[-1] == everything[-1]
    assert len(everything) == figures.projects_total == 5
    assert year_figures(2023).projects[4] == everything[4]
    with pytest.raises(IndexError):
        year_figures(2023).projects[5]
    # Handed to another process, the figures carry the rows themselves.
    assert pickle.loads(pickle.dumps(year_figures(2023))).projects == everything


def test_the_trend_counts_earlier_years_approved_only_and_this_year_as_asked(world):
    preliminary = year_figures(2023, preliminary=True)
    approved = year_figures(2023)
    # 2022: Deltaförvaltningen's draft never counts; 2023: its submitted report counts when asked.
    assert (
        preliminary.trend[0] == approved.trend[0] == YearTotals(2022, 1, Decimal("300000.00"), 1, 0)
    )
    assert preliminary.previous_year == approved.previous_year == approved.trend[0]
    assert approved.trend[1] == YearTotals(2023, 5, approved.payouts_total_sek, 3, 2)
    assert preliminary.trend[1] == YearTotals(2023, 6, preliminary.payouts_total_sek, 4, 2)
    assert preliminary.payouts_total_sek - approved.payouts_total_sek == Decimal("7777.00")


def test_one_administrations_part(world):
    figures = year_figures(2023, administration=world["alfa"])
    assert figures.administration == "Alfaförvaltningen"
    assert (figures.projects_total, figures.projects_owner, figures.projects_partner) == (3, 2, 1)
    assert figures.projects_cross_administration == 1
    assert figures.payouts_total_sek == Decimal("450000.75")
    assert figures.payouts_by_administration == [
        AdministrationPayout("Alfaförvaltningen", Decimal("450000.75"))
    ]
    assert figures.trend == [
        YearTotals(2022, 1, Decimal("300000.00"), 1, 0),
        YearTotals(2023, 3, Decimal("450000.75"), 2, 1),
    ]
    assert figures.examples == []
    assert figures_as_dict(figures)["administration"] == "Alfaförvaltningen"
    empty = year_figures(2023, administration=world["gamma"])
    assert empty.projects_total == 0 and empty.trend == []


def test_the_project_list_compares_as_its_rows(world):
    """Figures from two databases are compared whole: the lazy list equals its rows."""
    projects = year_figures(2023).projects
    rows = list(projects)
    assert len(rows) == 5
    assert projects == rows
    assert projects != rows[:-1]
    assert projects != rows[::-1]
    assert projects != "not a list"
    # Anything not a sequence is simply not equal (no error from reading it as rows).
    assert projects != 5
    assert projects is not None and projects != object()
    assert year_figures(2023) == year_figures(2023)


def _stated(figures, **kwargs):
    return [
        (s.section, s.slug, s.year, s.preliminary, s.value, s.row_slice, s.part)
        for s in stated_figures(figures, **kwargs)
    ]


def test_the_memo_states_each_figure_of_its_sections_in_the_order_of_its_text(world):
    city = RowSlice()
    alfa, beta = RowSlice(administration_code="ALF"), RowSlice(administration_code="BET")
    projects, payouts, goals = (
        "projects_text",
        "payouts_by_administration_text",
        "payouts_by_goal_text",
    )
    assert _stated(year_figures(2023)) == [
        (projects, "projekt", 2023, False, 5, city, ""),
        (projects, "projektagare", 2023, False, 3, city, ""),
        (projects, "projektpartner", 2023, False, 2, city, ""),
        (projects, "projekt", 2022, False, 1, city, ""),
        (projects, "minsta-budget", 2023, False, Decimal("60000.00"), city, ""),
        (projects, "storsta-budget", 2023, False, Decimal("180000000.00"), city, ""),
        (projects, "projekt", 2023, False, 3, alfa, "Alfaförvaltningen"),
        (projects, "projekt", 2023, False, 2, beta, "Betaförvaltningen"),
        (payouts, "utbetalt", 2023, False, Decimal("1700000.75"), city, ""),
        (payouts, "utbetalt", 2022, False, Decimal("300000.00"), city, ""),
        (payouts, "utbetalt", 2023, False, Decimal("1250000.00"), beta, "Betaförvaltningen"),
        (payouts, "utbetalt", 2023, False, Decimal("450000.75"), alfa, "Alfaförvaltningen"),
        (
            goals,
            "utbetalt",
            2023,
            False,
            Decimal("1400000.75"),
            RowSlice(goal="Utbildning och arbete"),
            "Utbildning och arbete",
        ),
        (
            goals,
            "utbetalt",
            2023,
            False,
            Decimal("250000.00"),
            RowSlice(no_goal=True),
            "Inget mål angivet",
        ),
        (
            goals,
            "utbetalt",
            2023,
            False,
            Decimal("50000.00"),
            RowSlice(goal="Stadsutveckling och klimat"),
            "Stadsutveckling och klimat",
        ),
    ]


def test_stated_figures_of_a_preliminary_year_and_without_the_comparison(world):
    preliminary = _stated(year_figures(2023, preliminary=True))
    # The year asked is preliminary; the year compared with counts approved submissions only.
    assert {(year, flag) for _, _, year, flag, *_ in preliminary} == {(2023, True), (2022, False)}
    assert ("projects_text", "projekt", 2023, True, 1) in [row[:5] for row in preliminary]
    assert preliminary[-4][4:] == (
        Decimal("7777.00"),
        RowSlice(administration_code="DEL"),
        "Deltaförvaltningen",
    )
    # The rows behind each stated figure add up to it: a preliminary figure's rows include
    # the submission awaiting approval, the earlier year's do not.
    for stated in stated_figures(year_figures(2023, preliminary=True)):
        rows = stated.rows()
        assert (rows.total, rows.preliminary) == (stated.value, stated.preliminary), stated
    # While the year's basis is incomplete the texts do not compare: no 2022 figures.
    alone = _stated(year_figures(2023), compare=False)
    assert [row for row in _stated(year_figures(2023)) if row[2] == 2023] == alone
    assert len(alone) == 13


# (index, read as a page): a page reads only its rows and leaves the list unread; a slice the
# database cannot take (a step, a negative end) reads the whole list once and keeps it.
PROJECT_LIST_INDEXES = [
    (slice(1, 3), True),
    (slice(0, 2), True),
    (slice(None, 2), True),
    (slice(2, None), True),
    (slice(0, 2, 1), True),
    (0, True),
    (4, True),
    (slice(-2, None), False),
    (slice(1, -1), False),
    (slice(None, None, 2), False),
    (slice(None, None, -1), False),
    (-1, False),
]


@pytest.mark.parametrize(("index", "page"), PROJECT_LIST_INDEXES)
def test_the_project_list_reads_a_page_or_keeps_the_whole_list(
    world, index, page, django_assert_num_queries
):
    everything = list(year_figures(2023).projects)
    projects = year_figures(2023).projects
    with CaptureQueriesContext(connection) as queries:
        assert projects[index] == everything[index]
    assert len(queries) == 1
    if isinstance(index, int) and page:
        # One row asked for: one row read.
        assert "LIMIT 1" in queries[0]["sql"]
    # Reading everything afterwards: a query after a page, none after the whole list.
    with django_assert_num_queries(1 if page else 0):
        assert list(projects) == everything


def test_an_index_past_the_end_says_so(world):
    with pytest.raises(IndexError, match="^ProjectList index out of range$"):
        year_figures(2023).projects[5]


def test_of_two_largest_budgets_the_first_in_swedish_order_is_named(world):
    """Å before Ä in Swedish (not in code points), and the Ä project is listed first."""
    for submission, name in (
        (world["alfa_2023"], "Äventyrsbadet"),
        (world["beta_2023"], "Åkerlyckan"),
    ):
        factories.ProjectReportFactory(
            submission=submission,
            name=name,
            programme=world["erasmus"],
            council_goal=world["education"],
            total_budget_sek=Decimal("500000000"),
            own_budget_sek=Decimal("1000"),
        )
    largest = year_figures(2023).budget_range.max
    assert (largest.project, largest.amount_sek) == ("Åkerlyckan", Decimal("500000000.00"))


def test_one_administrations_trend_stops_at_the_year_asked(world):
    """A later year's approved submission of the same administration is not in 2023's trend."""
    later = factories.SubmissionFactory(
        administration=world["alfa"],
        reporting_year=factories.ReportingYearFactory(year=2024, is_open=True),
        state=APPROVED,
    )
    factories.ProjectReportFactory(submission=later, council_goal=world["education"])
    figures = year_figures(2023, administration=world["alfa"])
    assert [totals.year for totals in figures.trend] == [2022, 2023]


def test_a_project_paid_only_outside_the_year_adds_no_payout_rows(world):
    """Its administration, programme and goal get no payout line of zero kronor."""
    epsilon = factories.AdministrationFactory(name="Epsilonförvaltningen", short_code="EPS")
    interreg = factories.FundingProgrammeFactory(
        name="Interreg Öresund-Kattegat-Skagerrak",
        short_name="Interreg ÖKS",
        fund_family=FundingProgramme.FundFamily.TERRITORIAL,
    )
    goal = factories.CouncilGoalFactory(name="Trygghet och delaktighet", order=3)
    report = factories.ProjectReportFactory(
        submission=factories.SubmissionFactory(
            administration=epsilon, reporting_year=world["y2023"], state=APPROVED
        ),
        programme=interreg,
        council_goal=goal,
        start_date=D(2022, 1, 1),
        end_date=D(2025, 12, 31),
    )
    for day in (D(2022, 12, 31), D(2024, 1, 1)):
        factories.PayoutFactory(report=report, payment_date=day, amount_sek=Decimal("999"))
    figures = year_figures(2023)
    assert "Epsilonförvaltningen" not in [
        row.administration for row in figures.payouts_by_administration
    ]
    assert "Interreg Öresund-Kattegat-Skagerrak" not in [
        row.programme for row in figures.payouts_by_programme
    ]
    assert "Trygghet och delaktighet" not in [row.goal for row in figures.payouts_by_council_goal]
    assert figures.payouts_total_sek == Decimal("1700000.75")
    # The project itself is counted.
    assert figures.projects_total == 6


def test_started_and_ended_count_the_first_and_last_day_of_the_year(world):
    """Epsilonförvaltningen's 2023: projects starting and ending on both sides of 1 January
    and 31 December, equal amounts with and without a goal and in two programmes; and a
    2022 report of its own that 2023 must not count."""
    epsilon = factories.AdministrationFactory(name="Epsilonförvaltningen", short_code="EPS")
    approved_2023 = factories.SubmissionFactory(
        administration=epsilon, reporting_year=world["y2023"], state=APPROVED
    )
    factories.ProjectReportFactory(
        submission=factories.SubmissionFactory(
            administration=epsilon, reporting_year=world["y2022"], state=APPROVED
        ),
        council_goal=world["education"],
    )
    # Names in Swedish order B before Å; short names the other way round.
    bridge = factories.FundingProgrammeFactory(name="Bryggprogrammet", short_name="ZB")
    angstrom = factories.FundingProgrammeFactory(name="Ångströmprogrammet", short_name="AÅ")
    fields = ("name", "start_date", "end_date", "programme", "council_goal")
    for facts in (
        ("Startar nyårsdagen", D(2023, 1, 1), D(2025, 12, 31), bridge, world["education"]),
        ("Startade nyårsafton", D(2022, 12, 31), D(2025, 12, 31), angstrom, None),
        ("Slutar nyårsafton", D(2020, 1, 1), D(2023, 12, 31), bridge, world["education"]),
        ("Slutar nyårsdagen", D(2020, 1, 1), D(2024, 1, 1), angstrom, None),
    ):
        report = factories.ProjectReportFactory(
            submission=approved_2023, **dict(zip(fields, facts, strict=True))
        )
        factories.PayoutFactory(report=report, payment_date=D(2023, 6, 1), amount_sek=Decimal("50"))
    figures = year_figures(2023, administration=epsilon)
    assert (figures.projects_total, figures.projects_started, figures.projects_ended) == (4, 1, 1)
    assert [
        row.project
        for row in figure_rows(2023, "startade", row_slice=RowSlice(administration_code="EPS")).rows
    ] == ["Startar nyårsdagen"]
    assert [
        row.project
        for row in figure_rows(
            2023, "avslutade", row_slice=RowSlice(administration_code="EPS")
        ).rows
    ] == ["Slutar nyårsafton"]
    # Equal amounts: a goal before no goal, programmes in the Swedish order of their names.
    assert [(row.goal, row.no_goal) for row in figures.payouts_by_council_goal] == [
        ("Utbildning och arbete", False),
        ("", True),
    ]
    assert [row.programme for row in figures.payouts_by_programme] == [
        "Bryggprogrammet",
        "Ångströmprogrammet",
    ]
    # A coordinator's rows are the administration's reports of this year only.
    assert figure_rows(2023, "projekt", administration=epsilon).total == 4
    # Without asking for preliminary figures, only approved submissions count.
    assert year_reports(2023).filter(submission__administration=world["delta"]).count() == 0


def test_an_example_need_not_have_the_smallest_or_largest_budget(world):
    from projects.models import ProjectReport as Report

    Report.objects.filter(name="Delat projekt", submission=world["alfa_2023"]).update(
        suggested_as_example=True
    )
    assert [example.project for example in year_figures(2023).examples] == [
        "Delat projekt",
        "Stort forskningsprojekt",
    ]


def test_a_rows_address_is_of_approved_figures_unless_asked():
    from reporting.selectors.rows import rows_url

    assert "preliminar" not in rows_url(2023, "projekt")
    assert "preliminar=1" in rows_url(2023, "projekt", preliminary=True)
