import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template

from projects.history import submission_history
from projects.models import Submission
from tests import factories

pytestmark = pytest.mark.django_db


def saved_by(instance, user, **changes):
    for name, value in changes.items():
        setattr(instance, name, value)
    instance._history_user = user
    instance.save()
    return instance


@pytest.fixture
def changed_submission(coordinator, development_coordinator):
    submission = factories.SubmissionFactory(administration=coordinator.administration)
    report = factories.ProjectReportFactory(
        submission=submission, name="Gröna tak", suggested_as_example=False
    )
    payout = factories.PayoutFactory(
        report=report, amount_sek=Decimal("100000"), payment_date=datetime.date(2023, 6, 30)
    )
    saved_by(payout, coordinator, amount_sek=Decimal("1250000.50"))
    saved_by(report, coordinator, suggested_as_example=True)
    saved_by(report, coordinator, total_budget_sek=Decimal("2000000"))
    saved_by(submission, coordinator, overview="Ett år med många projekt.")
    saved_by(submission, development_coordinator, state=Submission.State.RETURNED)
    return submission


def test_history_names_fields_with_old_and_new_values(changed_submission, coordinator):
    history = submission_history(changed_submission)
    changes = {
        (entry.subject, change.label): (change.old, change.new, entry.who)
        for entry in history.entries
        if entry.action == "changed"
        for change in entry.changes
    }
    assert changes[("Utbetalning 2023-06-30 för Gröna tak", "Belopp (kr)")] == (
        "100\xa0000,00",
        "1\xa0250\xa0000,50",
        coordinator,
    )
    assert changes[("Projektet Gröna tak", "Föreslås som exempel i redovisningen")][:2] == (
        "Nej",
        "Ja",
    )
    assert changes[("Projektet Gröna tak", "Total projektbudget (kr)")][:2] == (
        "1\xa0000\xa0000,00",
        "2\xa0000\xa0000,00",
    )
    assert changes[("Inrapporteringen", "Översikt över årets internationella arbete")][:2] == (
        "–",
        "Ett år med många projekt.",
    )
    assert changes[("Inrapporteringen", "Status")][:2] == (
        "Utkast",
        "Återskickad för komplettering",
    )


def test_history_is_newest_first_with_who_and_when(changed_submission, development_coordinator):
    entries = submission_history(changed_submission).entries
    assert entries[0].who == development_coordinator
    assert entries[0].action_display == "Ändrad"
    assert [e.when for e in entries] == sorted((e.when for e in entries), reverse=True)
    created = [e for e in entries if e.action == "created"]
    assert {e.subject for e in created} >= {"Inrapporteringen", "Projektet Gröna tak"}


def test_history_shows_changed_participating_administrations(changed_submission, coordinator):
    report = changed_submission.project_reports.get()
    report._history_user = coordinator
    report.participating_administrations.set(
        [factories.AdministrationFactory(name="Kulturförvaltningen")]
    )
    report.participating_administrations.add(
        factories.AdministrationFactory(name="Fritidsförvaltningen")
    )
    changes = [
        (change.old, change.new)
        for entry in submission_history(changed_submission).entries
        for change in entry.changes
        if change.label == "Andra medverkande förvaltningar i Malmö stad"
    ]
    assert ("Kulturförvaltningen", "Fritidsförvaltningen, Kulturförvaltningen") in changes
    assert ("–", "Kulturförvaltningen") in changes


def test_deleted_payout_stays_in_the_history(changed_submission, coordinator):
    payout = changed_submission.project_reports.get().payouts.get()
    payout._history_user = coordinator
    payout.delete()
    entries = submission_history(changed_submission).entries
    assert entries[0].action == "deleted"
    assert entries[0].subject == "Utbetalning 2023-06-30 för Gröna tak"


def test_history_include_renders_comments_and_changes(changed_submission, coordinator):
    factories.SubmissionCommentFactory(
        submission=changed_submission, kind="returned", text="Komplettera utbetalningarna."
    )
    html = Template('{% include "projects/includes/submission_history.html" %}').render(
        Context({"submission": changed_submission, "user": coordinator})
    )
    assert "Komplettera utbetalningarna." in html
    assert "Återskickad" in html
    assert "Belopp (kr): 100\xa0000,00 → 1\xa0250\xa0000,50" in html
    assert coordinator.get_full_name() in html


@pytest.mark.parametrize(("projects", "payouts_each"), [(1, 1), (50, 4)])
def test_history_query_count_does_not_grow(
    coordinator, django_assert_num_queries, projects, payouts_each
):
    submission = factories.SubmissionFactory(administration=coordinator.administration)
    programme = factories.FundingProgrammeFactory()
    for _ in range(projects):
        report = factories.ProjectReportFactory(submission=submission, programme=programme)
        for _ in range(payouts_each):
            saved_by(factories.PayoutFactory(report=report), coordinator, note="Ändrad")
    for _ in range(3):
        factories.SubmissionCommentFactory(submission=submission)
    # submission, reports, payouts, the reports' other administrations, council goals,
    # programmes; comments with authors
    with django_assert_num_queries(7):
        html = Template('{% include "projects/includes/submission_history.html" %}').render(
            Context({"submission": submission, "user": coordinator})
        )
    # Created: the submission, each report, each payout; changed: each payout.
    total = 1 + projects + 2 * projects * payouts_each
    assert f"Visa {total} ändringar" in html
    assert "Anteckning: – → Ändrad" in html
    assert ("De senaste 200 ändringarna visas." in html) == (total > 200)
