"""Closing, opening and deleting a year and sending reminders: each shows what will happen,
counted from the data, and acts only on the confirmed POST. Removing a payout is confirmed."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import (
    Administration,
    CouncilGoal,
    ProjectEnding,
    ReportingYear,
    Submission,
)
from projects.services.review import reporting_year_delete
from tests import factories
from tests.messages import message_codes
from tests.projects.entry_helpers import project_post_data, update_url

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def round_2024(db):
    """13 administrations in 2024: 9 not started, 1 draft with a project, 3 submitted."""
    year = factories.ReportingYearFactory(year=2024)
    submissions = []
    for n in range(13):
        administration = factories.AdministrationFactory(
            name=f"Förvaltning {n:02}", short_code=f"F{n:02}"
        )
        submissions.append(
            factories.SubmissionFactory(administration=administration, reporting_year=year)
        )
    factories.ProjectReportFactory(submission=submissions[9])
    for submission in submissions[10:]:
        submission.state = Submission.State.SUBMITTED
        submission.save()
    return year


# --- Closing --------------------------------------------------------------------------------


def test_close_page_counts_who_has_not_finished_and_changes_nothing(
    client, development_coordinator, round_2024
):
    client.force_login(development_coordinator)
    response = client.get(reverse("projects:year_close", kwargs={"year": 2024}))
    content = response.content.decode()
    assert response.status_code == 200
    context = response.context
    assert (context["not_started"], context["drafts"], context["submitted"]) == (9, 1, 3)
    assert "Ja, stäng 2024" in content
    assert ReportingYear.objects.get(year=2024).is_open


def test_close_is_done_by_the_confirming_post(client, development_coordinator, round_2024):
    client.force_login(development_coordinator)
    response = client.post(reverse("projects:year_close", kwargs={"year": 2024}))
    assert response.status_code == 302
    year = ReportingYear.objects.get(year=2024)
    assert not year.is_open
    assert year.closed_by == development_coordinator


def test_year_list_and_overview_link_to_the_close_page_not_a_one_click_form(
    client, development_coordinator, round_2024
):
    client.force_login(development_coordinator)
    close = reverse("projects:year_close", kwargs={"year": 2024})
    for page in (
        reverse("projects:year_list"),
        reverse("projects:overview", kwargs={"year": 2024}),
    ):
        content = client.get(page).content.decode()
        assert f'href="{close}"' in content
        assert f'action="{close}"' not in content


# --- Opening --------------------------------------------------------------------------------


def _open_data(year: int, **extra) -> dict:
    goals = CouncilGoal.objects.valid_in(year)
    return {
        "year": str(year),
        "deadline": f"{year + 1}-02-28",
        "council_goals": [goal.pk for goal in goals],
        **extra,
    }


def test_open_form_shows_what_will_happen_before_opening(client, development_coordinator):
    factories.AdministrationFactory(name="Miljöförvaltningen", short_code="MF")
    factories.AdministrationFactory(name="Nedlagd", short_code="ND", valid_to_year=2020)
    client.force_login(development_coordinator)
    response = client.post(reverse("projects:year_open"), _open_data(2025))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Öppna redovisningsåret 2025?" in content
    assert "2026-02-28" in content
    count = Administration.objects.valid_in(2025).count()
    assert len(response.context["new_drafts"]) == count
    assert "Miljöförvaltningen" in content and "Nedlagd" not in content
    assert not ReportingYear.objects.filter(year=2025).exists()

    # The confirmation page carries the same values; its POST opens the year.
    form = response.context["form"]
    assert form.initial["confirmed"] is True
    response = client.post(reverse("projects:year_open"), _open_data(2025, confirmed="True"))
    assert response.status_code == 302
    assert ReportingYear.objects.get(year=2025).submissions.count() == count


def test_prefilled_next_year_is_not_opened_by_the_first_click(client, development_coordinator):
    factories.ReportingYearFactory(year=2024)
    client.force_login(development_coordinator)
    initial = client.get(reverse("projects:year_open")).context["form"].initial
    assert initial["year"] == 2025
    data = {
        "year": str(initial["year"]),
        "deadline": initial["deadline"].isoformat(),
        "council_goals": [goal.pk for goal in initial["council_goals"]],
        "confirmed": "False",  # as the form renders its hidden field
    }
    response = client.post(reverse("projects:year_open"), data)
    assert response.status_code == 200
    assert response.templates[0].name == "projects/year_open_confirm.html"
    assert not ReportingYear.objects.filter(year=2025).exists()


def test_change_button_goes_back_to_the_form_without_opening(client, development_coordinator):
    client.force_login(development_coordinator)
    response = client.post(
        reverse("projects:year_open"), _open_data(2025, confirmed="True", change="1")
    )
    assert response.status_code == 200
    assert response.templates[0].name == "projects/year_form.html"
    assert response.context["form"].initial["year"] == 2025
    assert not ReportingYear.objects.filter(year=2025).exists()


def test_reopening_a_closed_year_says_so(client, development_coordinator, round_2024):
    round_2024.is_open = False
    round_2024.save()
    client.force_login(development_coordinator)
    response = client.post(reverse("projects:year_open"), _open_data(2024))
    content = response.content.decode()
    assert response.context["existing"] == round_2024 and not round_2024.is_open
    assert "Förvaltning 00" not in content  # it has its submission already
    assert not ReportingYear.objects.get(year=2024).is_open


# --- Deleting a year opened by mistake ------------------------------------------------------


def test_empty_year_can_be_deleted_after_confirmation(client, development_coordinator):
    factories.ReportingYearFactory(year=2024)
    year = factories.ReportingYearFactory(year=2025)
    for _ in range(3):
        factories.SubmissionFactory(reporting_year=year)
    client.force_login(development_coordinator)
    delete = reverse("projects:year_delete", kwargs={"year": 2025})
    assert f'href="{delete}"' in client.get(reverse("projects:year_list")).content.decode()
    response = client.get(delete)
    assert response.context["draft_count"] == 3 and not response.context["has_entries"]
    assert ReportingYear.objects.filter(year=2025).exists()

    response = client.post(delete)
    assert response.status_code == 302
    assert "Redovisningsåret 2025 är borttaget." in messages_of(response)
    assert not ReportingYear.objects.filter(year=2025).exists()
    assert not Submission.objects.filter(reporting_year__year=2025).exists()
    assert ReportingYear.objects.filter(year=2024).exists()
    # The removed drafts stay in the history, with who removed them.
    removed = Submission.history.filter(history_type="-")
    assert removed.count() == 3
    assert {record.history_user for record in removed} == {development_coordinator}


@pytest.mark.parametrize(
    "entered",
    ["project", "payout", "ended_early", "narrative", "submitted"],
)
def test_year_with_anything_entered_cannot_be_deleted(client, development_coordinator, entered):
    year = factories.ReportingYearFactory(year=2025)
    factories.SubmissionFactory(reporting_year=year)  # an empty draft beside it
    submission = factories.SubmissionFactory(reporting_year=year)
    if entered in ("project", "payout"):
        report = factories.ProjectReportFactory(submission=submission)
        if entered == "payout":
            factories.PayoutFactory(report=report)
    elif entered == "ended_early":
        ProjectEnding.objects.create(
            submission=submission,
            project=factories.ProjectFactory(administration=submission.administration),
            name="Avslutat i förtid",
            planned_end_date=datetime.date(2026, 6, 30),
            ended_on=datetime.date(2024, 10, 1),
        )
    elif entered == "narrative":
        submission.networks = "Eurocities"
        submission.save()
    else:
        submission.state = Submission.State.SUBMITTED
        submission.save()

    with pytest.raises(ValidationError, match="kan inte tas bort: förvaltningarna har redan"):
        reporting_year_delete(reporting_year=year, user=development_coordinator)

    client.force_login(development_coordinator)
    delete = reverse("projects:year_delete", kwargs={"year": 2025})
    assert f'href="{delete}"' not in client.get(reverse("projects:year_list")).content.decode()
    response = client.get(delete)
    assert response.context["has_entries"]
    assert "Ja, ta bort 2025" not in response.content.decode()
    response = client.post(delete, follow=True)
    assert message_codes(response) == ["has_entries"]
    assert ReportingYear.objects.filter(year=2025).exists()
    assert Submission.objects.filter(reporting_year=year).count() == 2


def test_year_list_query_count_does_not_grow_with_years(
    client, development_coordinator, django_assert_num_queries
):
    def years_page():
        return client.get(reverse("projects:year_list"))

    client.force_login(development_coordinator)
    factories.SubmissionFactory(reporting_year=factories.ReportingYearFactory(year=2015))
    years_page()
    with CaptureQueriesContext(connection) as few:
        years_page()
    for year in range(2016, 2026):
        reporting_year = factories.ReportingYearFactory(year=year)
        for _ in range(3):
            submission = factories.SubmissionFactory(reporting_year=reporting_year)
        factories.ProjectReportFactory(submission=submission)
    with django_assert_num_queries(len(few)):
        response = years_page()
    assert len(response.context["years"]) == 11


# --- Reminders ------------------------------------------------------------------------------


def test_reminder_page_names_who_will_get_one_and_sends_nothing(
    client, development_coordinator, round_2024, mailoutbox
):
    with_coordinator = Administration.objects.get(name="Förvaltning 00")
    factories.CoordinatorFactory(email="f00@malmo.se", administration=with_coordinator)
    submitted = Administration.objects.get(name="Förvaltning 12")
    factories.CoordinatorFactory(email="f12@malmo.se", administration=submitted)
    client.force_login(development_coordinator)
    overview = client.get(reverse("projects:overview", kwargs={"year": 2024})).content.decode()
    reminders = reverse("projects:reminders_send", kwargs={"year": 2024})
    assert f'href="{reminders}"' in overview and f'action="{reminders}"' not in overview

    response = client.get(reminders)
    content = response.content.decode()
    plan = response.context["plan"]
    assert len(plan.recipients) == 1
    assert "Förvaltning 00 (f00@malmo.se)" in content
    assert "Förvaltning 12" not in content  # submitted: no reminder
    assert "Förvaltning 01" in [str(a) for a in plan.without_coordinator]
    assert "Förvaltning 01" in content
    assert mailoutbox == []

    client.post(reminders)
    assert [message.to for message in mailoutbox] == [["f00@malmo.se"]]


def test_closed_year_reminder_page_offers_no_button(client, development_coordinator, round_2024):
    round_2024.is_open = False
    round_2024.save()
    client.force_login(development_coordinator)
    content = client.get(reverse("projects:reminders_send", kwargs={"year": 2024})).content.decode()
    assert "Ja, skicka påminnelserna" not in content


# --- Removing a payout in the project form ---------------------------------------------------


def test_removing_a_saved_payout_is_confirmed_on_save_and_can_be_undone(client, coordinator):
    submission = factories.SubmissionFactory(administration=coordinator.administration)
    goal = submission.reporting_year.council_goals.get()
    report = factories.ProjectReportFactory(submission=submission, council_goal=goal)
    keep, drop = (
        factories.PayoutFactory(report=report, payment_date=datetime.date(2023, 3, 1)),
        factories.PayoutFactory(
            report=report, payment_date=datetime.date(2023, 6, 30), amount_sek=Decimal("12500")
        ),
    )
    rows = [
        {"id": payout.pk, "report": report.pk, "payment_date": f"{payout.payment_date}"}
        | {"amount_sek": str(payout.amount_sek)}
        for payout in (keep, drop)
    ]
    rows[1]["DELETE"] = "on"
    data = project_post_data(
        report.programme,
        goal,
        version=report.version,
        payouts=rows,
        **{"payouts-INITIAL_FORMS": "2"},
    )
    client.force_login(coordinator)
    response = client.post(update_url(report), data)
    content = response.content.decode()
    assert response.status_code == 200
    [removal] = response.context["formset"].removal_findings()
    assert removal.code == "payout_removed" and not removal.blocking
    assert removal.message.startswith("Utbetalning 2 (2023-06-30, ")
    assert removal.message in content
    assert 'id="warnings" tabindex="-1" data-autofocus' in content
    # Still marked (the undo button of entry.js and the checkbox take it back), nothing removed.
    assert 'name="payouts-1-DELETE" class="form-check-input" id="id_payouts-1-DELETE" checked' in (
        content
    )
    assert report.payouts.count() == 2

    # Undone: unticked, the form saves without asking and keeps both.
    undone = {key: value for key, value in data.items() if key != "payouts-1-DELETE"}
    assert client.post(update_url(report), undone).status_code == 302
    assert report.payouts.count() == 2

    # Confirmed: the payout goes.
    report.refresh_from_db()
    data["version"] = report.version
    response = client.post(update_url(report), data | {"confirm_warnings": "on"})
    assert response.status_code == 302
    assert list(report.payouts.all()) == [keep]


def test_confirmation_pages_query_count_does_not_grow(
    client, development_coordinator, django_assert_num_queries
):
    year = factories.ReportingYearFactory(year=2024)

    def add_administrations(count):
        for _ in range(count):
            submission = factories.SubmissionFactory(reporting_year=year)
            factories.CoordinatorFactory(administration=submission.administration)

    pages = [
        reverse(name, kwargs={"year": 2024})
        for name in ("projects:year_close", "projects:reminders_send", "projects:year_delete")
    ]
    add_administrations(2)
    client.force_login(development_coordinator)
    counts = {}
    for url in pages:
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        counts[url] = len(few)
    add_administrations(20)
    for url in pages:
        with django_assert_num_queries(counts[url]):
            assert client.get(url).status_code == 200
