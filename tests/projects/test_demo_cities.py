"""The second demo city: a fictional municipality loads into an empty database, with its own
organisation, administrations and companies, goals, programmes and rounds; one organisation
per installation."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from projects.demo import CITIES
from projects.demo.loading import read_projects
from projects.models import (
    Administration,
    CouncilGoal,
    FundingProgramme,
    Organisation,
    Payout,
    ProjectReport,
    ReportingYear,
    Submission,
    User,
)
from projects.selectors import organisation_facts
from tests import factories

pytestmark = pytest.mark.django_db

EXEMPELSTAD = CITIES["exempelstad"]


def load(city: str) -> str:
    out = StringIO()
    call_command("load_demo", "--city", city, stdout=out)
    return out.getvalue()


def test_exempelstad_replaces_the_seeded_organisation_and_its_unused_rows():
    # A migrated database starts with Malmö stad and its seeded reference rows.
    assert Organisation.objects.get().name == "Malmö stad"
    assert Administration.objects.filter(name="Stadskontoret").exists()

    load("exempelstad")

    facts = organisation_facts()
    assert (facts.name, facts.name_genitive) == ("Exempelstads kommun", "Exempelstads kommuns")
    assert facts.document_type == "tjansteutlatande"
    assert facts.case_number_pattern == "KS {år}/{nummer}"
    assert [step.abbreviation for step in facts.decision_steps] == ["KS", "KF"]
    assert facts.companies_report and facts.colour_primary == "#0d5c46"
    units = dict(Administration.objects.values_list("name", "kind"))
    assert units == {
        "Kommunledningskontoret": "administration",
        "Barn- och utbildningsförvaltningen": "administration",
        "Socialförvaltningen": "administration",
        "Arbetsmarknads- och vuxenutbildningsförvaltningen": "administration",
        "Samhällsbyggnadsförvaltningen": "administration",
        "Kultur- och fritidsförvaltningen": "administration",
        "Miljö- och hälsoskyddsförvaltningen": "administration",
        "Exempelstad Energi AB": "company",
        "Exempelbostäder AB": "company",
    }
    assert Administration.objects.get(is_city_office=True).name == "Kommunledningskontoret"
    assert list(CouncilGoal.objects.valid_in(2023).values_list("name", flat=True)) == list(
        EXEMPELSTAD.reference.council_goals
    )
    programmes = set(FundingProgramme.objects.values_list("name", flat=True))
    assert programmes == {name for name, *_ in EXEMPELSTAD.reference.programmes}
    assert "Interreg Öresund-Kattegatt-Skagerrak" not in programmes


def test_exempelstad_has_two_approved_years_and_an_open_round_with_companies_reporting():
    load("exempelstad")

    years = dict(ReportingYear.objects.values_list("year", "is_open"))
    assert years == {2022: False, 2023: False, 2024: True}
    closed = Submission.objects.filter(reporting_year__year__in=[2022, 2023])
    assert closed.count() == 2 * Administration.objects.count()
    assert not closed.exclude(state=Submission.State.APPROVED).exists()
    # Every unit, companies included, has a draft in the open round.
    assert Submission.objects.filter(reporting_year__year=2024).count() == 9
    reports_2023 = ProjectReport.objects.filter(submission__reporting_year__year=2023)
    assert reports_2023.count() == len(read_projects(EXEMPELSTAD.projects_csv)["2023"]) == 15
    roles = set(reports_2023.values_list("role", flat=True))
    assert roles == {ProjectReport.Role.OWNER, ProjectReport.Role.PARTNER}
    company_reports = reports_2023.filter(submission__administration__kind="company")
    assert set(company_reports.values_list("submission__administration__name", flat=True)) == {
        "Exempelstad Energi AB",
        "Exempelbostäder AB",
    }
    assert Payout.objects.filter(report__submission__reporting_year__year=2023).exists()
    energy = Submission.objects.get(
        reporting_year__year=2023, administration__name="Exempelstad Energi AB"
    )
    assert "vätgas" in energy.overview


def test_exempelstad_prints_its_own_logins_and_loads_twice_without_change():
    text = load("exempelstad")
    assert "demo-exempelstad-2024" in text
    assert "Förvaltningssamordnare, Exempelstad Energi AB" in text
    assert "malmo" not in text.lower() and "malmö" not in text.lower()
    counts = (User.objects.count(), ProjectReport.objects.count(), Payout.objects.count())
    load("exempelstad")
    assert (User.objects.count(), ProjectReport.objects.count(), Payout.objects.count()) == counts


@pytest.mark.parametrize(("first", "second"), [("malmo", "exempelstad"), ("exempelstad", "malmo")])
def test_a_city_is_refused_where_another_organisations_rounds_are(first, second):
    load(first)
    before = (Organisation.objects.get().name, ProjectReport.objects.count(), User.objects.count())

    with pytest.raises(CommandError) as refusal:
        load(second)

    assert CITIES[first].organisation["name"] in str(refusal.value)
    after = (Organisation.objects.get().name, ProjectReport.objects.count(), User.objects.count())
    assert after == before


def test_a_unit_someone_belongs_to_is_not_replaced_and_the_city_is_refused():
    factories.CoordinatorFactory(
        email="kvar@example.org", administration=Administration.objects.get(name="Stadskontoret")
    )

    with pytest.raises(CommandError) as refusal:
        load("exempelstad")

    assert "Stadskontoret" in str(refusal.value)
    assert Organisation.objects.get().name == "Malmö stad"
    assert not Administration.objects.filter(name="Kommunledningskontoret").exists()


@pytest.mark.parametrize(
    ("city", "name"), [("malmo", "Malmö stad"), ("exempelstad", "Exempelstads kommun")]
)
def test_each_closed_demo_year_keeps_the_organisation_it_closed_with(city, name):
    load(city)
    Organisation.objects.update(name="Omdöpt kommun", colour_primary="#5a1e00")

    for year in ReportingYear.objects.filter(year__in=[2022, 2023]):
        assert not year.is_open and year.closed_at is not None
        assert year.organisation_snapshot["name"] == name
        assert organisation_facts(year).name == name
        assert organisation_facts(year).colour_primary != "#5a1e00"
    assert organisation_facts(ReportingYear.objects.get(year=2024)).name == "Omdöpt kommun"


def test_exempelstad_has_its_logo_and_its_closed_years_keep_it():
    load("exempelstad")
    load("exempelstad")

    organisation = Organisation.objects.get()
    assert organisation.logo.content_type == "image/svg+xml"
    assert bytes(organisation.logo.data) == EXEMPELSTAD.logo.read_bytes()
    for year in ReportingYear.objects.filter(is_open=False):
        assert organisation_facts(year).logo_sha256 == organisation.logo_id
