"""Historical totals: entered by the development coordinator, never for a year with data."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects.models import Submission
from reporting.models import HistoricalTotal
from reporting.trend.services import historical_total_delete, historical_total_save
from tests import factories

pytestmark = pytest.mark.django_db

SOURCE = "Redovisning av internationellt arbete 2013, STK-2014-123"
YEAR_TAKEN = "finns redan som redovisningsår med inrapporteringar"


@pytest.fixture
def year_with_data(administration):
    """2022: a closed round with one approved submission."""
    reporting_year = factories.ReportingYearFactory(year=2022, is_open=False)
    return factories.SubmissionFactory(
        administration=administration,
        reporting_year=reporting_year,
        state=Submission.State.APPROVED,
    )


def form_data(**overrides) -> dict:
    data = {
        "year": "2013",
        "project_count": "61",
        "owner_count": "",
        "partner_count": "",
        "payouts_sek": "40 000 000",
        "payouts_wording": "över 40 miljoner kronor",
        "source": SOURCE,
        "note": "",
    }
    data.update(overrides)
    return data


def test_service_saves_a_year_before_the_application(development_coordinator):
    total = historical_total_save(
        user=development_coordinator,
        year=2013,
        project_count=61,
        payouts_wording=" över 40 miljoner kronor ",
        source=SOURCE,
    )
    stored = HistoricalTotal.objects.get(year=2013)
    assert stored == total
    assert stored.project_count == 61
    assert stored.payouts_sek is None
    assert stored.payouts_wording == "över 40 miljoner kronor"
    assert stored.entered_by == development_coordinator


def test_service_refuses_a_year_the_application_holds_data_for(
    development_coordinator, year_with_data
):
    with pytest.raises(ValidationError) as error:
        historical_total_save(
            user=development_coordinator, year=2022, project_count=47, source=SOURCE
        )
    assert YEAR_TAKEN in error.value.message_dict["year"][0]
    assert not HistoricalTotal.objects.exists()


def test_a_reporting_year_without_submissions_does_not_block(development_coordinator):
    factories.ReportingYearFactory(year=2015, is_open=False)
    historical_total_save(user=development_coordinator, year=2015, project_count=50, source=SOURCE)
    assert HistoricalTotal.objects.filter(year=2015).exists()


def test_service_refuses_more_owners_and_partners_than_projects(development_coordinator):
    with pytest.raises(ValidationError) as error:
        historical_total_save(
            user=development_coordinator,
            year=2013,
            project_count=10,
            owner_count=6,
            partner_count=5,
            source=SOURCE,
        )
    assert "project_count" in error.value.message_dict
    assert not HistoricalTotal.objects.exists()


def test_service_refuses_a_missing_source_and_a_second_total_for_a_year(development_coordinator):
    with pytest.raises(ValidationError) as error:
        historical_total_save(user=development_coordinator, year=2013, project_count=61, source="")
    assert "source" in error.value.message_dict
    historical_total_save(user=development_coordinator, year=2013, project_count=61, source=SOURCE)
    with pytest.raises(ValidationError) as error:
        historical_total_save(
            user=development_coordinator, year=2013, project_count=62, source=SOURCE
        )
    assert "year" in error.value.message_dict
    assert HistoricalTotal.objects.get().project_count == 61


def test_service_deletes(development_coordinator):
    total = historical_total_save(
        user=development_coordinator, year=2013, project_count=61, source=SOURCE
    )
    assert historical_total_delete(total=total) == 2013
    assert not HistoricalTotal.objects.exists()


def test_development_coordinator_enters_a_total_on_the_page(client, development_coordinator):
    client.force_login(development_coordinator)
    response = client.post(reverse("reporting:historical_create"), form_data())
    assert response.status_code == 302
    total = HistoricalTotal.objects.get(year=2013)
    # Swedish amount input, the same reading as everywhere else.
    assert total.payouts_sek == Decimal("40000000.00")
    page = client.get(reverse("reporting:historical_list")).content.decode()
    assert "2013" in page and SOURCE in page and "över 40 miljoner kronor" in page


def test_page_shows_the_refusal_next_to_the_year_and_stores_nothing(
    client, development_coordinator, year_with_data
):
    client.force_login(development_coordinator)
    response = client.post(reverse("reporting:historical_create"), form_data(year="2022"))
    assert response.status_code == 200
    assert YEAR_TAKEN in " ".join(response.context["form"].errors["year"])
    assert YEAR_TAKEN in response.content.decode()
    assert not HistoricalTotal.objects.exists()


def test_page_refuses_roles_beyond_the_total(client, development_coordinator):
    client.force_login(development_coordinator)
    response = client.post(
        reverse("reporting:historical_create"),
        form_data(project_count="5", owner_count="3", partner_count="3"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["project_count"]
    assert not HistoricalTotal.objects.exists()


def test_development_coordinator_changes_and_deletes_a_total(client, development_coordinator):
    historical_total_save(user=development_coordinator, year=2013, project_count=60, source="x")
    client.force_login(development_coordinator)
    url = reverse("reporting:historical_update", kwargs={"year": 2013})
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(project_count="61", owner_count="20"))
    assert response.status_code == 302
    total = HistoricalTotal.objects.get(year=2013)
    assert (total.project_count, total.owner_count, total.source) == (61, 20, SOURCE)

    delete_url = reverse("reporting:historical_delete", kwargs={"year": 2013})
    assert client.get(delete_url).context["total"].year == 2013
    assert HistoricalTotal.objects.exists()
    assert client.post(delete_url).status_code == 302
    assert not HistoricalTotal.objects.exists()


@pytest.mark.parametrize("who", ["official", "coordinator"])
def test_only_the_development_coordinator_enters_totals(client, request, who):
    client.force_login(request.getfixturevalue(who))
    for name in ("historical_list", "historical_create"):
        assert client.get(reverse(f"reporting:{name}")).status_code == 403
    assert client.post(reverse("reporting:historical_create"), form_data()).status_code == 403
    assert not HistoricalTotal.objects.exists()


def test_admin_applies_the_same_year_rule(client, year_with_data):
    admin = factories.DevelopmentCoordinatorFactory(email="admin@malmo.se")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    url = reverse("admin:reporting_historicaltotal_add")
    response = client.post(url, form_data(year="2022", payouts_sek="40000000"))
    assert response.status_code == 200
    assert YEAR_TAKEN in response.content.decode()
    assert not HistoricalTotal.objects.exists()
    response = client.post(url, form_data(payouts_sek="40000000"))
    assert response.status_code == 302
    assert HistoricalTotal.objects.get().entered_by == admin


def test_list_query_count_is_constant(client, development_coordinator, django_assert_num_queries):
    client.force_login(development_coordinator)
    url = reverse("reporting:historical_list")
    historical_total_save(user=development_coordinator, year=2000, project_count=1, source="s")
    client.get(url)
    with django_assert_num_queries(6) as small:
        client.get(url)
    for year in range(2001, 2012):
        historical_total_save(user=development_coordinator, year=year, project_count=1, source="s")
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("uppgiften för") >= 24


def test_demo_history_is_loaded_once_and_only_for_years_without_data():
    from reporting.memo.demo import load_demo_history

    assert [total.year for total in load_demo_history()] == [2013]
    assert load_demo_history() == []
    total = HistoricalTotal.objects.get()
    assert (total.project_count, total.payouts_sek) == (61, None)
    assert total.payouts_wording == "över 40 miljoner kronor"


def test_list_marks_the_entered_years_the_application_now_holds(
    client, development_coordinator, year_with_data
):
    """An entered total for a year that later got submissions is not shown in the long view,
    and the list says so next to that year only."""
    factories.HistoricalTotalFactory(year=2022, project_count=47, source=SOURCE)
    factories.HistoricalTotalFactory(year=2013, project_count=61, source=SOURCE)
    client.force_login(development_coordinator)
    page = client.get(reverse("reporting:historical_list")).content.decode()
    rows = page.split("<tr>")
    (held,) = [row for row in rows if "2022" in row.split("</th>")[0]]
    (entered,) = [row for row in rows if "2013" in row.split("</th>")[0]]
    assert "text-bg-warning" in held
    assert "text-bg-warning" not in entered
