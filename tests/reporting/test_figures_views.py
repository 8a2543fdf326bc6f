"""The figures page, the JSON view and the report_summary command."""

import datetime
import json
from dataclasses import replace
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Submission
from reporting.selectors import figures_as_dict, year_figures
from tests import factories

pytestmark = pytest.mark.django_db

APPROVED = Submission.State.APPROVED


def add_projects(year: int, count: int, *, state=APPROVED, first_administration: int = 0):
    goal = factories.CouncilGoalFactory(name="Utbildning och arbete", order=1)
    programme = factories.FundingProgrammeFactory(name="ESF", short_name="ESF")
    reporting_year = factories.ReportingYearFactory(year=year, is_open=False)
    for index in range(count):
        number = first_administration + index % 4
        administration = factories.AdministrationFactory(
            name=f"Förvaltning {number}", short_code=f"F{number}"
        )
        submission = factories.SubmissionFactory(
            administration=administration, reporting_year=reporting_year, state=state
        )
        report = factories.ProjectReportFactory(
            submission=submission,
            name=f"Projekt {year}-{index}",
            programme=programme,
            participating_administrations=[administration],
            council_goal=goal,
            suggested_as_example=True,
        )
        factories.PayoutFactory(
            report=report, payment_date=datetime.date(year, 3, 1), amount_sek=Decimal("1000.50")
        )
    return reporting_year


def figures_url(year=2023, **query):
    url = reverse("reporting:figures", kwargs={"year": year})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize("user_fixture", ["development_coordinator", "official"])
def test_figures_page_shows_tables_and_charts(client, request, user_fixture):
    add_projects(2022, 2)
    add_projects(2023, 6)
    client.force_login(request.getfixturevalue(user_fixture))
    response = client.get(figures_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>\n  Nyckeltal 2023" in html
    assert html.count('role="img"') == 3
    assert '<title id="chart-administrations-2023-title">' in html
    assert 'aria-labelledby="chart-goals-2023-title chart-goals-2023-desc"' in html
    assert '<th scope="row">Förvaltning 0</th>' in html
    assert "6\u00a0003" in html  # 6 × 1 000,50 kr, whole kronor with a non-breaking space
    assert html.count("<caption>") >= 7
    assert "Preliminära siffror" not in html
    assert 'href="/rapport/nyckeltal/"' in html  # the Nyckeltal link in the navigation


def test_figures_page_preliminary_switch_and_marker(client, development_coordinator):
    year = add_projects(2023, 2)
    add_projects(2023, 1, state=Submission.State.SUBMITTED, first_administration=10)
    client.force_login(development_coordinator)
    html = client.get(figures_url()).content.decode()
    assert "Visa preliminära siffror" in html  # a submission awaits approval
    assert "Preliminära siffror" not in html.replace("Visa preliminära siffror", "")
    response = client.get(figures_url(preliminar=1))
    html = response.content.decode()
    assert response.context["figures"].projects_total == 3
    assert "Preliminära siffror" in html
    assert "Visa bara godkända inrapporteringar" in html
    # No switch once everything is approved and the round is closed.
    Submission.objects.update(state=APPROVED)
    year.refresh_from_db()
    assert "Visa preliminära siffror" not in client.get(figures_url()).content.decode()


def test_figures_page_for_a_year_without_data(client, official):
    client.force_login(official)
    response = client.get(figures_url(2031))
    assert response.status_code == 200
    assert "Det finns inga godkända inrapporteringar med projekt för 2031" in (
        response.content.decode()
    )


def test_figures_index_redirects_to_chosen_or_latest_closed_year(client, official):
    add_projects(2022, 1)
    factories.ReportingYearFactory(year=2024, is_open=True)
    client.force_login(official)
    index = reverse("reporting:figures_index")
    assert client.get(index).url == figures_url(2022)
    assert client.get(index, {"ar": "2024", "preliminar": "1"}).url == figures_url(
        2024, preliminar=1
    )
    assert client.get(index, {"ar": "tjugo"}).url == figures_url(2022)


def test_figures_page_out_of_range_year_is_404(client, official):
    client.force_login(official)
    assert client.get(figures_url(1999)).status_code == 404


def test_anonymous_is_sent_to_login(client):
    for url in [
        figures_url(),
        reverse("reporting:figures_json", kwargs={"year": 2023}),
        reverse("reporting:figures_index"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/konto/logga-in/" in response.url


def test_coordinator_sees_only_their_own_administrations_part(client):
    add_projects(2022, 4)
    add_projects(2023, 8)  # two projects in each of Förvaltning 0–3
    own = factories.AdministrationFactory(name="Förvaltning 1", short_code="F1")
    coordinator = factories.CoordinatorFactory(email="samordnare1@malmo.se", administration=own)
    client.force_login(coordinator)
    response = client.get(figures_url())
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures.administration == "Förvaltning 1"
    assert figures.projects_total == 2
    assert [row.administration for row in figures.projects_by_administration] == ["Förvaltning 1"]
    assert {row.administration for row in figures.projects} == {"Förvaltning 1"}
    assert figures.previous_year.projects_total == 1
    html = response.content.decode()
    assert "Nyckeltal 2023 – Förvaltning 1" in html
    assert "Förvaltning 0" not in html and "Förvaltning 2" not in html
    data = client.get(reverse("reporting:figures_json", kwargs={"year": 2023})).json()
    assert data["administration"] == "Förvaltning 1"
    assert data["projects"]["total"] == 2 and data["payouts_total_sek"] == "2001.00"
    assert client.get(reverse("reporting:figures_index")).url == figures_url(2023)


def test_full_figures_have_no_administration_key(client, official):
    add_projects(2023, 2)
    client.force_login(official)
    data = client.get(reverse("reporting:figures_json", kwargs={"year": 2023})).json()
    assert "administration" not in data


@pytest.mark.parametrize("count", [4, 40])
def test_figures_page_query_count_is_constant(
    client, development_coordinator, django_assert_num_queries, count
):
    add_projects(2022, count)
    add_projects(2023, count)
    client.force_login(development_coordinator)
    # session + user, the rate limit's count (a read, and a write in a savepoint: six in a
    # test's transaction), 4 for the figures and 1 for the page of the project list, the
    # year's status, pending check, year list, the user's administration (in the page header),
    # the organisation (its name, colour and the year's letterhead)
    with django_assert_num_queries(18):
        response = client.get(figures_url())
    assert response.status_code == 200
    assert len(response.context["figures"].projects) == count


def test_the_project_list_is_shown_a_page_at_a_time(
    client, official, monkeypatch, django_assert_num_queries
):
    from reporting.figures import views

    monkeypatch.setattr(views, "YEAR_PROJECTS", replace(views.YEAR_PROJECTS, per_page=4))
    add_projects(2023, 10)
    client.force_login(official)
    with CaptureQueriesContext(connection) as first_page:
        first = client.get(figures_url(preliminar=1))
    names = [row.name for row in first.context["figures"].projects]
    assert [row.name for row in first.context["project_pagination"].object_list] == names[:4]
    html = first.content.decode()
    assert 'aria-label="Sidor i listan över årets projekt"' in html
    assert "10 EU-projekt 2023, per förvaltning" in html  # the caption counts them all
    assert "Visar 1–4 av 10" in html
    # The preliminary switch stays on when turning pages.
    assert 'href="?preliminar=1&amp;sida=2#projects" rel="next"' in html
    with django_assert_num_queries(len(first_page)):
        last = client.get(figures_url(preliminar=1, sida=3))
    assert [row.name for row in last.context["project_pagination"].object_list] == names[8:]
    table = (
        last.content.decode().split('id="projects-heading"')[1].split('id="examples-heading"')[0]
    )
    assert names[8] in table and names[0] not in table


def test_json_view_returns_the_same_figures_as_the_selector(client, official):
    add_projects(2023, 3)
    add_projects(2023, 1, state=Submission.State.DRAFT, first_administration=10)
    client.force_login(official)
    response = client.get(reverse("reporting:figures_json", kwargs={"year": 2023}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "Förvaltning" in response.content.decode("utf-8")  # not escaped as \u00f6
    data = json.loads(response.content)
    # The figures with the year's status (tests/reporting/test_year_status_outputs.py).
    assert data.pop("status")["state"] == "closed"
    assert data == json.loads(json.dumps(figures_as_dict(year_figures(2023))))
    assert data["projects"]["total"] == 3 and data["payouts_total_sek"] == "3001.50"
    preliminary = client.get(
        reverse("reporting:figures_json", kwargs={"year": 2023}), {"preliminar": "1"}
    ).json()
    assert preliminary["preliminary"] is True and preliminary["projects"]["total"] == 4


def test_report_summary_command_prints_the_json(db):
    add_projects(2023, 2)
    add_projects(2023, 1, state=Submission.State.SUBMITTED, first_administration=10)
    out = StringIO()
    call_command("report_summary", "--year", "2023", stdout=out)
    text = out.getvalue()
    assert '"administration": "Förvaltning 0"' in text  # ensure_ascii off
    assert '\n  "year": 2023,' in text  # indent 2
    data = json.loads(text)
    assert data.pop("status")["label"].startswith("Året är stängt")
    assert data == json.loads(json.dumps(figures_as_dict(year_figures(2023))))
    out = StringIO()
    call_command("report_summary", "--year", "2023", "--preliminary", stdout=out)
    data = json.loads(out.getvalue())
    assert data["preliminary"] is True and data["projects"]["total"] == 3


def test_report_summary_command_rejects_an_implausible_year(db):
    with pytest.raises(CommandError):
        call_command("report_summary", "--year", "23", stdout=StringIO())
