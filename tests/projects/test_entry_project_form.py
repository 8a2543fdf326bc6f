"""Adding and changing a project with its report and payouts through the form."""

import datetime
from decimal import Decimal

import pytest

from projects.models import Payout, Project, ProjectReport
from tests import factories
from tests.projects.entry_helpers import create_url, project_post_data, update_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(administration):
    return factories.SubmissionFactory(administration=administration)


@pytest.fixture
def goal(submission):
    return submission.reporting_year.council_goals.get()


@pytest.fixture
def programme(db):
    return factories.FundingProgrammeFactory(name="Europeiska socialfonden", short_name="ESF+")


def test_form_page_shows_swedish_labels_and_date_pickers(coordinator_client, submission):
    response = coordinator_client.get(create_url(submission))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Projektnamn" in html
    assert 'type="date"' in html
    assert 'inputmode="decimal"' in html
    assert "payouts-TOTAL_FORMS" in html


def test_coordinator_creates_project_with_two_payouts(
    coordinator_client, submission, programme, goal
):
    data = project_post_data(
        programme,
        goal,
        payouts=[
            {"payment_date": "2023-03-15", "amount_sek": "100 000"},
            {"payment_date": "2023-09-01", "amount_sek": "12,5", "note": "Slutbetalning"},
        ],
    )
    response = coordinator_client.post(create_url(submission), data)
    assert response.status_code == 302, response.context["form"].errors
    report = ProjectReport.objects.get(submission=submission)
    assert response.url.endswith(f"#report-{report.pk}")
    assert report.project.administration == submission.administration
    assert report.total_budget_sek == Decimal("1250000")
    assert report.own_budget_sek == Decimal("600000.50")
    assert report.council_goal == goal
    assert sorted(Payout.objects.values_list("amount_sek", flat=True)) == [
        Decimal("12.50"),
        Decimal("100000"),
    ]
    assert report.history.get().history_user.email == "samordnare@malmo.se"
    assert report.project.history.get().history_user.email == "samordnare@malmo.se"


def test_update_changes_and_deletes_payouts_and_bumps_version(
    coordinator_client, submission, programme, goal
):
    report = factories.ProjectReportFactory(submission=submission, programme=programme)
    keep, drop = factories.PayoutFactory.create_batch(2, report=report)
    data = project_post_data(
        programme,
        goal,
        version=report.version,
        payouts=[
            {
                "id": keep.pk,
                "report": report.pk,
                "payment_date": "2023-02-01",
                "amount_sek": "5 000",
            },
            {
                "id": drop.pk,
                "report": report.pk,
                "payment_date": "2023-06-30",
                "amount_sek": "1",
                "DELETE": "on",
            },
            {"payment_date": "2023-11-11", "amount_sek": "7000"},
        ],
        # Removing a saved payout is a warning to confirm (see test_destructive_actions).
        confirm_warnings="on",
        **{"payouts-INITIAL_FORMS": "2"},
    )
    response = coordinator_client.post(update_url(report), data)
    assert response.status_code == 302, response.context["form"].errors
    assert sorted(report.payouts.values_list("amount_sek", flat=True)) == [
        Decimal("5000"),
        Decimal("7000"),
    ]
    assert not Payout.objects.filter(pk=drop.pk).exists()
    report.refresh_from_db()
    assert report.version == 2
    assert report.name == "Grön omställning"


def test_later_save_of_same_project_is_refused(coordinator_client, submission, programme, goal):
    report = factories.ProjectReportFactory(submission=submission, programme=programme)
    stale_version = report.version
    ProjectReport.objects.filter(pk=report.pk).update(
        version=stale_version + 1, name="Ändrat av annan"
    )
    data = project_post_data(programme, goal, version=stale_version)
    response = coordinator_client.post(update_url(report), data)
    assert response.status_code == 200
    assert "Någon annan har ändrat projektet medan du redigerade" in response.content.decode()
    report.refresh_from_db()
    assert report.name == "Ändrat av annan"


def test_required_fields_block_with_errors_next_to_fields(
    coordinator_client, submission, programme, goal
):
    data = project_post_data(programme, goal, name="", council_goal="")
    response = coordinator_client.post(create_url(submission), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "name" in form.errors and "council_goal" in form.errors
    html = response.content.decode()
    assert 'href="#id_name"' in html  # error summary links to the field
    assert not Project.objects.exists()


def test_share_above_total_blocks(coordinator_client, submission, programme, goal):
    data = project_post_data(programme, goal, own_budget_sek="2 000 000")
    response = coordinator_client.post(create_url(submission), data)
    assert response.status_code == 200
    assert response.context["form"].has_error("own_budget_sek", "share_above_total")
    assert not Project.objects.exists()


def test_end_before_start_blocks(coordinator_client, submission, programme, goal):
    data = project_post_data(programme, goal, end_date="2022-01-01")
    response = coordinator_client.post(create_url(submission), data)
    assert "end_date" in response.context["form"].errors
    assert not Project.objects.exists()


def test_payout_outside_year_blocks_next_to_the_row(
    coordinator_client, submission, programme, goal
):
    data = project_post_data(
        programme,
        goal,
        start_date="2022-01-01",
        payouts=[{"payment_date": "2022-12-30", "amount_sek": "10"}],
    )
    response = coordinator_client.post(create_url(submission), data)
    assert response.status_code == 200
    payout = response.context["formset"].forms[0]
    assert payout.has_error("payment_date", "payout_outside_year")
    assert len(payout.errors["payment_date"]) == 1
    html = response.content.decode()
    assert 'id="id_payouts-0-payment_date-error"' in html
    assert 'aria-describedby="id_payouts-0-payment_date-error"' in html
    assert not Project.objects.exists() and not Payout.objects.exists()


def test_payout_outside_project_period_blocks(coordinator_client, submission, programme, goal):
    data = project_post_data(
        programme,
        goal,
        start_date="2023-05-01",
        payouts=[{"payment_date": "2023-04-30", "amount_sek": "10"}],
    )
    response = coordinator_client.post(create_url(submission), data)
    errors = response.context["formset"].forms[0].errors["payment_date"]
    assert "utanför projektets period" in errors[0]
    assert not Project.objects.exists()


def test_goal_no_longer_valid_for_the_year_blocks(coordinator_client, submission, programme):
    old_goal = factories.CouncilGoalFactory(
        name="Mål från förra mandatperioden", valid_from_year=2015, valid_to_year=2018
    )
    report = factories.ProjectReportFactory(
        submission=submission, council_goal=old_goal, programme=programme
    )
    data = project_post_data(programme, old_goal, version=report.version)
    response = coordinator_client.post(update_url(report), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("council_goal", "goal_not_valid")
    assert len(form.errors["council_goal"]) == 1


def test_goal_from_another_year_is_not_offered(coordinator_client, submission, programme, goal):
    other = factories.CouncilGoalFactory(name="Annat mål", valid_from_year=2015, valid_to_year=2018)
    response = coordinator_client.post(create_url(submission), project_post_data(programme, other))
    assert "council_goal" in response.context["form"].errors
    assert "Annat mål" not in response.content.decode()


def test_negative_amount_blocks(coordinator_client, submission, programme, goal):
    data = project_post_data(
        programme, goal, payouts=[{"payment_date": "2023-04-30", "amount_sek": "-10"}]
    )
    response = coordinator_client.post(create_url(submission), data)
    assert "amount_sek" in response.context["formset"].forms[0].errors
    assert not Project.objects.exists()


def test_unparseable_amount_is_refused_in_swedish(coordinator_client, submission, programme, goal):
    data = project_post_data(programme, goal, total_budget_sek="en miljon")
    response = coordinator_client.post(create_url(submission), data)
    form = response.context["form"]
    assert form.has_error("total_budget_sek", "invalid")
    assert len(form.errors["total_budget_sek"]) == 1


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1.250.000,50 kr", Decimal("1250000.50")),
        ("1 250 000", Decimal("1250000")),
        ("1,250,000.50", Decimal("1250000.50")),
        ("1\u202f250\u202f000 SEK", Decimal("1250000")),
    ],
)
def test_form_reads_amounts_as_the_excel_import_does(
    coordinator_client, submission, programme, goal, typed, stored
):
    data = project_post_data(programme, goal, total_budget_sek=typed, own_budget_sek="0")
    response = coordinator_client.post(create_url(submission), data)
    assert response.status_code == 302, response.context["form"].errors
    assert ProjectReport.objects.get(submission=submission).total_budget_sek == stored


# --- Warnings: shown, and saved only after the coordinator confirms ---------------------------


def assert_warning_then_confirm(client, submission, data, text):
    url = create_url(submission)
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert text in html
    assert "Jag har kontrollerat varningarna" in html
    reports = ProjectReport.objects.filter(name=data["name"], submission=submission)
    assert not reports.exists()
    response = client.post(url, {**data, "confirm_warnings": "on"})
    assert response.status_code == 302
    assert reports.exists()


def test_cofinancing_outside_programme_range_warns(coordinator_client, submission, programme, goal):
    data = project_post_data(programme, goal, eu_cofinancing_rate="85")
    assert_warning_then_confirm(
        coordinator_client, submission, data, "utanför det vanliga intervallet"
    )


def test_payouts_above_malmo_share_warns(coordinator_client, submission, programme, goal):
    data = project_post_data(
        programme,
        goal,
        own_budget_sek="100",
        payouts=[{"payment_date": "2023-04-30", "amount_sek": "101"}],
    )
    assert_warning_then_confirm(
        coordinator_client, submission, data, "större än organisationens del"
    )


def test_payouts_of_earlier_years_count_towards_the_share(
    coordinator_client, submission, programme, goal
):
    report = factories.ProjectReportFactory(
        submission=submission,
        programme=programme,
        own_budget_sek=Decimal("100"),
    )
    earlier = factories.ProjectReportFactory(
        project=report.project,
        submission=factories.SubmissionFactory(
            administration=submission.administration,
            reporting_year=factories.ReportingYearFactory(year=2022),
        ),
        name=report.name,
        programme=programme,
        own_budget_sek=Decimal("100"),
    )
    factories.PayoutFactory(report=earlier, amount_sek=Decimal("90"))
    data = project_post_data(
        programme,
        goal,
        version=report.version,
        own_budget_sek="100",
        payouts=[{"payment_date": "2023-04-30", "amount_sek": "20"}],
    )
    response = coordinator_client.post(update_url(report), data)
    assert response.status_code == 200
    assert [finding.code for finding in response.context["form"].warnings] == [
        "payouts_above_share"
    ]


def test_same_name_in_another_administration_warns(
    coordinator_client, submission, programme, goal, other_administration
):
    factories.ProjectReportFactory(
        submission=factories.SubmissionFactory(
            administration=other_administration, reporting_year=submission.reporting_year
        ),
        name="Grön omställning",
        acronym="ANNAN",
    )
    data = project_post_data(programme, goal)
    assert_warning_then_confirm(
        coordinator_client,
        submission,
        data,
        "rapporteras också av Grundskoleförvaltningen",
    )


def test_payout_dates_inside_year_have_no_warning(coordinator_client, submission, programme, goal):
    data = project_post_data(
        programme, goal, payouts=[{"payment_date": "2023-12-31", "amount_sek": "1"}]
    )
    response = coordinator_client.post(create_url(submission), data)
    assert response.status_code == 302
    assert Payout.objects.get().payment_date == datetime.date(2023, 12, 31)


def test_error_summary_links_a_radio_group_to_its_first_radio(
    coordinator_client, submission, programme, goal
):
    data = project_post_data(programme, goal, role="")
    response = coordinator_client.post(create_url(submission), data)
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    html = response.content.decode()
    assert 'href="#id_role_0"' in html
    assert 'id="id_role_0"' in html
    assert 'href="#"' not in html
