"""A new project started from an imported CORDIS record: found by number or acronym, its facts
filled in the project form to be confirmed, nothing saved before the coordinator saves."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.eu_data.prefill import prefill_values
from projects.models import EuProjectRecord, EuSourceFile, ProjectReport
from projects.selectors.eu_data import source_search, source_suggestions
from projects.services.eu_data import eu_projects_import
from tests import factories
from tests.projects.test_eu_import_cordis import organisation, write_zip  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(administration):
    year = factories.ReportingYearFactory(year=2023, eur_rate_sek=Decimal("11.50"))
    return factories.SubmissionFactory(administration=administration, reporting_year=year)


@pytest.fixture
def imported(tmp_path):
    eu_projects_import(source="cordis", paths=[write_zip(tmp_path / "cordis.zip")])
    return {record.acronym: record for record in EuProjectRecord.objects.all()}


def test_the_search_finds_a_record_by_acronym_or_number_and_links_to_a_new_project(
    client, coordinator, submission, imported
):
    client.force_login(coordinator)
    url = reverse("projects:project_from_source", args=[submission.pk])
    green = imported["GREENCITY"]
    for query in ("greencity", "101056875"):
        page = client.get(url, {"q": query})
        assert [record.pk for record in page.context["records"]] == [green.pk]
        start = reverse("projects:project_create", args=[submission.pk]) + f"?fran={green.pk}"
        assert f'href="{start}"' in page.content.decode()
    html = client.get(url).content.decode()
    assert '<label for="source-search-text"' in html
    assert 'role="search"' in html
    assert "source-results" not in html  # nothing searched, no list


def test_a_project_started_from_a_cordis_record_gets_its_facts_to_confirm(
    client, coordinator, submission, imported
):
    client.force_login(coordinator)
    green = imported["GREENCITY"]
    url = reverse("projects:project_create", args=[submission.pk])
    page = client.get(url, {"fran": green.pk})
    form = page.context["form"]
    initial = {field: form[field].value() for field in form.initial if field != "version"}
    assert initial == {
        "grant_source": "cordis",
        "grant_number": "101056875",
        "acronym": "GREENCITY",
        "name": "Green city",
        "start_date": datetime.date(2022, 9, 1),
        "end_date": datetime.date(2026, 8, 31),
        "role": ProjectReport.Role.PARTNER,
        "lead_organisation": "Lunds universitet",
        # 4 999 937,50 euro and the city's 1 160 715,36 euro at 11,50 kronor per euro.
        "total_budget_sek": Decimal("57499281.25"),
        "own_budget_sek": Decimal("13348226.64"),
        # The city's EU contribution, 812 500,75 euro, of its cost.
        "eu_cofinancing_rate": Decimal("70.00"),
    }
    html = page.content.decode()
    assert 'value="57\u00a0499\u00a0281,25"' in html
    assert html.count("Från CORDIS: kontrollera.") == len(initial)
    assert "source-prefill" in html
    assert not ProjectReport.objects.exists()


def test_a_coordinated_project_is_owned_and_without_a_rate_the_budgets_stay_empty(imported):
    values = prefill_values(imported["H2CITY"], None)
    assert values["role"] == ProjectReport.Role.OWNER
    assert "lead_organisation" not in values
    assert not {"total_budget_sek", "own_budget_sek"} & set(values)
    assert values["eu_cofinancing_rate"] == Decimal("75.00")


def test_an_unknown_record_gives_the_empty_form(client, coordinator, submission):
    client.force_login(coordinator)
    page = client.get(reverse("projects:project_create", args=[submission.pk]), {"fran": "x"})
    assert page.status_code == 200
    assert "prefilled_from" not in page.context


def test_the_search_reads_a_constant_number_of_queries(
    client, coordinator, submission, imported, django_assert_num_queries
):
    client.force_login(coordinator)
    url = reverse("projects:project_from_source", args=[submission.pk])
    client.get(url, {"q": "GREENCITY"})  # warm up per-process caches
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(url, {"q": "GREENCITY"}).context["records"]) == 1
    source_file = imported["GREENCITY"].source_file
    for n in range(15):
        EuProjectRecord.objects.create(
            source="cordis",
            grant_number=f"10100{n:04d}",
            acronym=f"GREEN{n}",
            source_file=source_file,
        )
    with django_assert_num_queries(len(one)):
        assert len(client.get(url, {"q": "GREEN"}).context["records"]) == 16


def test_search_and_suggestions_fold_letters_beyond_ascii_alike_on_every_database(submission):
    """SQLite's LIKE folds only ASCII letters: "grön" must still find "GRÖN", as on PostgreSQL."""
    source_file = EuSourceFile.objects.create(
        source="cordis", file_name="cordis.zip", file_date=datetime.date(2026, 11, 2), sha256="a"
    )
    green = EuProjectRecord.objects.create(
        source="cordis",
        grant_number="101000001",
        acronym="GRÖN",
        title="Öresundsregionens  gröna ÅAR",
        source_file=source_file,
    )
    EuProjectRecord.objects.create(
        source="cordis", grant_number="101000002", acronym="GRAN", source_file=source_file
    )
    assert source_search("grön") == [green]
    assert source_search("GRÖNA åar") == [green]
    assert source_search("öresundsregionens gröna") == [green]
    by_acronym = factories.ProjectReportFactory(submission=submission, acronym="Grön", name="X")
    by_title = factories.ProjectReportFactory(
        submission=submission, acronym="", name="öresundsregionens gröna åar"
    )
    other = factories.ProjectReportFactory(submission=submission, acronym="Gran ö", name="Y")
    found = source_suggestions([by_acronym, by_title, other])
    assert found == {by_acronym.pk: [green], by_title.pk: [green]}


def test_a_record_already_in_the_submission_links_to_its_project_instead_of_a_new_one(
    client, coordinator, submission, imported
):
    green = imported["GREENCITY"]
    # The same number in another administration's submission (saved first) is not this one's.
    factories.ProjectReportFactory(grant_source="cordis", grant_number="101056875")
    reported = factories.ProjectReportFactory(
        submission=submission, name="Gröna städer", grant_source="cordis", grant_number="101056875"
    )
    client.force_login(coordinator)
    page = client.get(reverse("projects:project_from_source", args=[submission.pk]), {"q": "green"})
    html = page.content.decode()
    assert f"?fran={green.pk}" not in html
    edit = reverse("projects:project_update", args=[submission.pk, reported.pk])
    assert f'href="{edit}">Gröna städer</a>' in html
    assert page.context["results"] == [(green, reported)]
