"""A closed year keeps the names it had: renaming, merging, re-familying, re-coding and
deactivating reference data in the admin changes the open year only; reopening a year is on
the record, and closing it again takes the names anew."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from projects import services
from projects.models import (
    Administration,
    CouncilGoal,
    FundingProgramme,
    ProjectReport,
    ReportingYear,
    ReportingYearEvent,
    Submission,
)
from tests import factories

pytestmark = pytest.mark.django_db

OLD_NAME, NEW_NAME = "Miljöförvaltningen", "Miljö- och klimatförvaltningen"


def summary(year: int, *, preliminary: bool = False) -> str:
    out = StringIO()
    call_command("report_summary", year=year, preliminary=preliminary, stdout=out)
    return out.getvalue()


@pytest.fixture
def superuser(db):
    return factories.UserFactory(
        email="admin@malmo.se", is_staff=True, is_superuser=True, role="development_coordinator"
    )


def admin_change(client, instance, **changes) -> None:
    """Post the instance's admin change form with ``changes``, as a superuser would."""
    model = type(instance)
    url = reverse(f"admin:projects_{model._meta.model_name}_change", args=[instance.pk])
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if hasattr(value, "pk"):
            value = value.pk
        data[name] = "" if value is None else value
    data.update(changes)
    data = {key: ("on" if value is True else value) for key, value in data.items()}
    data = {key: value for key, value in data.items() if value is not False}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_reference_changes_in_the_admin_leave_closed_years_as_they_were_and_change_2024(
    demo, client, superuser
):
    before = {year: summary(year) for year in (2022, 2023)}
    assert OLD_NAME in before[2023]
    client.force_login(superuser)
    environment = Administration.objects.get(name=OLD_NAME)
    goals = {goal.name: goal for goal in CouncilGoal.objects.all()}
    programmes = {programme.name: programme for programme in FundingProgramme.objects.all()}

    # Renamed and re-coded; another administration deactivated after 2022.
    admin_change(client, environment, name=NEW_NAME, short_code="MKF")
    admin_change(client, Administration.objects.get(name="Kulturförvaltningen"), valid_to_year=2022)
    # One 2023 goal given another's name (merging them by name), one renamed.
    admin_change(
        client,
        goals["Trygghet och delaktighet"],
        name="Utbildning och arbete",
        valid_from_year=2021,
    )
    admin_change(client, goals["Stadsutveckling och klimat"], name="Klimat och stadsutveckling")
    # A programme moved to another fund family (the structural funds' range changes), a
    # programme renamed with a new short name, one no longer selectable.
    admin_change(client, programmes["Europeiska socialfonden (ESF/ESF+)"], fund_family="other")
    admin_change(
        client,
        programmes["Interreg Östersjöprogrammet"],
        name="Interreg Baltic Sea Region",
        short_name="Interreg BSR",
    )
    admin_change(client, programmes["Urbact"], is_active=False)

    assert {year: summary(year) for year in (2022, 2023)} == before
    # The figures page and the rows behind a figure of 2023 still use 2023's code and name.
    rows = client.get(
        reverse("reporting:figure_rows", kwargs={"year": 2023, "figure": "utbetalt"}),
        {"forvaltning": "MF"},
    )
    assert rows.status_code == 200
    assert OLD_NAME in rows.content.decode() and NEW_NAME not in rows.content.decode()
    approved = Submission.objects.get(administration=environment, reporting_year__year=2023)
    client.get(approved.get_absolute_url())  # shows (and so empties) the admin's messages
    page = client.get(approved.get_absolute_url()).content.decode()
    assert OLD_NAME in page and NEW_NAME not in page
    assert "Stadsutveckling och klimat" in page and "Klimat och stadsutveckling" not in page

    # The open year follows the reference data as it stands now.
    open_year = json.loads(summary(2024, preliminary=True))
    text = json.dumps(open_year, ensure_ascii=False)
    assert NEW_NAME in text and OLD_NAME not in text
    assert "Klimat och stadsutveckling" in text and "Stadsutveckling och klimat" not in text
    assert "Interreg Baltic Sea Region" in text and "Interreg BSR" in text
    assert "Interreg Östersjöprogrammet" not in text
    reports_2024 = ProjectReport.objects.filter(submission__reporting_year__year=2024)
    assert set(reports_2024.values_list("submission__administration_code", flat=True)) == {"MKF"}


def test_a_figures_slice_of_a_closed_year_is_found_by_that_years_code_not_todays(
    demo, client, superuser
):
    client.force_login(superuser)
    environment = Administration.objects.get(name=OLD_NAME)
    admin_change(client, environment, short_code="MKF")
    url = reverse("reporting:figure_rows", kwargs={"year": 2023, "figure": "utbetalt"})
    assert client.get(url, {"forvaltning": "MF"}).status_code == 200
    assert client.get(url, {"forvaltning": "MKF"}).status_code == 404
    open_url = reverse("reporting:figure_rows", kwargs={"year": 2024, "figure": "utbetalt"})
    assert client.get(open_url, {"forvaltning": "MKF", "preliminart": "1"}).status_code == 200


def test_the_admin_form_of_reference_data_says_a_change_applies_to_open_years_only(
    client, superuser
):
    client.force_login(superuser)
    administration = factories.AdministrationFactory()
    url = reverse("admin:projects_administration_change", args=[administration.pk])
    page = client.get(url).content.decode()
    assert "öppna redovisningsår" in page and "stängda år behåller" in page


def test_reopening_records_who_when_and_why_and_closing_again_takes_the_names_anew(
    client, development_coordinator
):
    administration = factories.AdministrationFactory(name="Gamla förvaltningen", short_code="GF")
    year = factories.ReportingYearFactory(year=2023, is_open=True)
    submission = factories.SubmissionFactory(
        administration=administration, reporting_year=year, state=Submission.State.APPROVED
    )
    factories.PayoutFactory(report__submission=submission)
    services.reporting_year_close(reporting_year=year, user=development_coordinator)
    administration.name = "Nya förvaltningen"
    administration.save()
    services.reference_names_refresh()
    submission.refresh_from_db()
    assert submission.administration_name == "Gamla förvaltningen"

    client.force_login(development_coordinator)
    url = reverse("projects:year_reopen", kwargs={"year": 2023})
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 200
    assert refused.context["form"].errors["reason"] == ["Skriv varför året öppnas igen."]
    assert not ReportingYear.objects.get(year=2023).is_open

    response = client.post(url, {"reason": "Ett belopp i Gamla förvaltningens rapport är fel."})
    assert response.status_code == 302
    year.refresh_from_db()
    assert year.is_open
    # closed_by and closed_at describe the latest close, which still stands in the record.
    assert year.closed_by == development_coordinator and year.closed_at is not None
    reopened = year.events.get(kind=ReportingYearEvent.Kind.REOPENED)
    assert reopened.created_by == development_coordinator
    assert reopened.reason == "Ett belopp i Gamla förvaltningens rapport är fel."
    assert reopened.created_at > year.events.get(kind=ReportingYearEvent.Kind.CLOSED).created_at
    overview = client.get(reverse("projects:overview", kwargs={"year": 2023})).content.decode()
    assert "Ett belopp i Gamla förvaltningens rapport är fel." in overview
    assert development_coordinator.get_full_name() in overview
    # Open again, the year follows today's names; closing takes them as they stand then.
    submission.refresh_from_db()
    assert submission.administration_name == "Nya förvaltningen"
    services.reporting_year_close(reporting_year=year, user=development_coordinator)
    administration.name = "Tredje namnet"
    administration.save()
    services.reference_names_refresh()
    submission.refresh_from_db()
    assert submission.administration_name == "Nya förvaltningen"
    assert list(year.events.values_list("kind", flat=True)) == ["closed", "reopened", "closed"]


def test_reopening_an_open_year_is_refused_and_writes_no_event(development_coordinator):
    year = factories.ReportingYearFactory(year=2024, is_open=True)
    with pytest.raises(Exception) as refused:
        services.reporting_year_reopen(
            reporting_year=year, user=development_coordinator, reason="Av misstag"
        )
    assert refused.value.code == "already_open"
    assert not year.events.exists()


def test_a_report_saved_in_an_open_year_takes_its_programmes_and_goals_names(db):
    programme = factories.FundingProgrammeFactory(
        name="Program Ett", short_name="P1", fund_family="research"
    )
    goal = factories.CouncilGoalFactory(name="Mål Ett", valid_from_year=2020)
    report = factories.ProjectReportFactory(programme=programme, council_goal=goal)
    report.refresh_from_db()
    assert (
        report.programme_name,
        report.programme_short_name,
        report.fund_family,
        report.council_goal_name,
    ) == ("Program Ett", "P1", "research", "Mål Ett")
    other = factories.FundingProgrammeFactory(name="Program Två", short_name="")
    report.programme = other
    report.council_goal = None
    report.save(update_fields=["programme", "council_goal"])
    report.refresh_from_db()
    assert (report.programme_name, report.programme_short_name, report.council_goal_name) == (
        "Program Två",
        "",
        "",
    )
