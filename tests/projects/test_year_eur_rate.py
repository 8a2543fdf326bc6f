"""The year's average exchange rate (kronor per euro): entered on the year's page, checked at the
field, kept as the year is changed, and never changed once the year is closed."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from projects import services
from projects.models import CouncilGoal, ReportingYear
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_year(goal):
    return f.ReportingYearFactory(
        year=2023, is_open=False, council_goals=[goal], eur_rate_sek=Decimal("11.4765")
    )


def year_post(reporting_year, rate: str, **extra) -> dict:
    return {
        "year": str(reporting_year.year),
        "deadline": reporting_year.deadline.isoformat(),
        "council_goals": [goal.pk for goal in reporting_year.council_goals.all()],
        "eur_rate_sek": rate,
        **extra,
    }


def test_the_year_page_saves_the_rate_typed_in_swedish_after_the_confirmation(
    client, development_coordinator, open_year
):
    client.force_login(development_coordinator)
    url = reverse("projects:year_open")
    confirm = client.post(url, year_post(open_year, "11,4765"))
    assert confirm.status_code == 200
    assert "11,4765" in confirm.content.decode()
    open_year.refresh_from_db()
    assert open_year.eur_rate_sek is None

    saved = client.post(url, year_post(open_year, "11,4765", confirmed="True"))
    assert saved.status_code == 302
    open_year.refresh_from_db()
    assert open_year.eur_rate_sek == Decimal("11.4765")

    # Shown again with all four decimals, so saving the page unchanged keeps the rate.
    page = client.get(f"{url}?year=2024")
    assert 'value="11,4765"' in page.content.decode()


@pytest.mark.parametrize("typed", ["1147,65", "0,5", "-11"])
def test_a_rate_outside_the_sensible_range_is_refused_at_the_field(
    client, development_coordinator, open_year, typed
):
    client.force_login(development_coordinator)
    response = client.post(reverse("projects:year_open"), year_post(open_year, typed))
    assert response.status_code == 200
    assert response.context["form"].has_error("eur_rate_sek", "eur_rate_range")
    open_year.refresh_from_db()
    assert open_year.eur_rate_sek is None


def test_changing_the_deadline_elsewhere_keeps_the_rate(open_year):
    services.reporting_year_open(
        year=2024,
        deadline=datetime.date(2025, 2, 28),
        council_goals=CouncilGoal.objects.all(),
        eur_rate_sek=Decimal("11.43"),
    )
    services.reporting_year_open(
        year=2024, deadline=datetime.date(2025, 3, 31), council_goals=CouncilGoal.objects.all()
    )
    open_year.refresh_from_db()
    assert (open_year.deadline, open_year.eur_rate_sek) == (
        datetime.date(2025, 3, 31),
        Decimal("11.43"),
    )


def test_a_closed_years_rate_is_not_changed_by_the_service_the_page_or_the_admin(
    client, development_coordinator, closed_year
):
    with pytest.raises(ValidationError) as refused:
        services.reporting_year_open(
            year=2023,
            deadline=closed_year.deadline,
            council_goals=CouncilGoal.objects.all(),
            eur_rate_sek=Decimal("10.00"),
        )
    assert refused.value.code == "closed"

    client.force_login(development_coordinator)
    client.post(reverse("projects:year_open"), year_post(closed_year, "10,00", confirmed="True"))

    admin_user = f.UserFactory(email="admin@malmo.se", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:projects_reportingyear_change", args=[closed_year.pk]),
        year_post(closed_year, "10,00"),
    )
    assert response.status_code == 403
    closed_year.refresh_from_db()
    assert closed_year.eur_rate_sek == Decimal("11.4765")


def test_the_admin_checks_an_open_years_rate_like_the_year_page(client, open_year):
    client.force_login(f.UserFactory(email="admin@malmo.se", is_staff=True, is_superuser=True))
    url = reverse("admin:projects_reportingyear_change", args=[open_year.pk])
    refused = client.post(url, year_post(open_year, "114.765"))
    assert refused.status_code == 200
    assert "eur_rate_sek" in refused.context["adminform"].form.errors
    saved = client.post(url, year_post(open_year, "11.2"))
    assert saved.status_code == 302
    open_year.refresh_from_db()
    assert open_year.eur_rate_sek == Decimal("11.2")


def test_the_database_refuses_a_rate_that_is_not_positive(open_year):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportingYear.objects.filter(pk=open_year.pk).update(eur_rate_sek=Decimal("0"))


def test_the_years_overview_shows_the_rate_and_where_to_change_it_while_open(
    client, development_coordinator, open_year, closed_year
):
    client.force_login(development_coordinator)
    change = f'href="{reverse("projects:year_open")}?year=2024"'

    open_page = client.get(reverse("projects:overview", args=[2024])).content.decode()
    assert "Årets genomsnittskurs är inte ifylld" in open_page
    assert change in open_page

    open_year.eur_rate_sek = Decimal("11.2")
    open_year.save(update_fields=["eur_rate_sek"])
    open_page = client.get(reverse("projects:overview", args=[2024])).content.decode()
    assert "Årets genomsnittskurs: 11,2000 kronor per euro." in open_page

    closed_page = client.get(reverse("projects:overview", args=[2023])).content.decode()
    assert "Årets genomsnittskurs: 11,4765 kronor per euro." in closed_page
    assert "year=2023" not in closed_page  # a closed year's rate is not changed
