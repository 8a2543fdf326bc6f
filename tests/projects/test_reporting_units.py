"""Municipal companies report alongside the administrations only where the organisation has
chosen it: then opening a year gives them a draft and the overview names them."""

import datetime

import pytest
from django.urls import reverse

from projects import services
from projects.models import Administration, CouncilGoal, Organisation
from reporting.selectors.status import year_status
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(db):
    return factories.AdministrationFactory(
        name="Hamnbolaget AB", short_code="HAB", kind=Administration.Kind.COMPANY
    )


def open_year(year=2023):
    return services.reporting_year_open(
        year=year,
        deadline=datetime.date(2024, 2, 28),
        council_goals=CouncilGoal.objects.valid_in(year),
    )


def test_companies_get_no_submission_unless_the_organisation_chose_it(company, administration):
    Organisation.objects.update(companies_report=False)
    year = open_year()
    reporting = set(year.submissions.values_list("administration__name", flat=True))
    assert "Miljöförvaltningen" in reporting
    assert "Hamnbolaget AB" not in reporting
    # Nor is the company counted as not started.
    assert year_status(2023).expected == year.submissions.count()


def test_companies_report_where_the_organisation_chose_it(
    client, company, administration, development_coordinator
):
    Organisation.objects.update(companies_report=True)
    year = open_year()
    assert year.submissions.filter(administration=company).exists()
    client.force_login(development_coordinator)
    page = client.get(reverse("projects:overview", kwargs={"year": 2023})).content.decode()
    assert "Hamnbolaget AB" in page
    assert "förvaltningar och bolag, 2023" in page
