import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.history import SubmissionChanges, submission_history
from projects.models import Payout, ProjectReport, Submission
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
        "100\xa0000",  # whole kronor without ",00"
        "1\xa0250\xa0000,50",
        coordinator,
    )
    assert changes[("Projektet Gröna tak", "Föreslås som exempel i redovisningen")][:2] == (
        "Nej",
        "Ja",
    )
    assert changes[("Projektet Gröna tak", "Total projektbudget (kr)")][:2] == (
        "1\xa0000\xa0000",
        "2\xa0000\xa0000",
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
        if change.label == "Andra medverkande förvaltningar i organisationen"
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


def test_history_on_the_submission_page_shows_comments_and_changes(
    client, changed_submission, coordinator
):
    factories.SubmissionCommentFactory(
        submission=changed_submission, kind="returned", text="Komplettera utbetalningarna."
    )
    client.force_login(coordinator)
    html = client.get(detail_url(changed_submission)).content.decode()
    assert "Komplettera utbetalningarna." in html
    assert "Återskickad" in html
    assert "Belopp (kr): 100\xa0000 → 1\xa0250\xa0000,50" in html
    assert coordinator.get_full_name() in html
    assert "Visa 8 ändringar" in html  # 3 created, 5 changed
    assert "Sidor i ändringshistoriken" not in html  # one page: no page links


def detail_url(submission, **query) -> str:
    url = reverse("projects:submission_detail", args=[submission.pk])
    return url + "".join(
        f"{'?' if i == 0 else '&'}{k}={v}" for i, (k, v) in enumerate(query.items())
    )


def fill(submission, user, *, projects: int, payouts_each: int) -> None:
    """Projects with payouts, each payout changed once; then the submission, the first report
    and the first payout change last, so the newest page holds records of every table."""
    programme = factories.FundingProgrammeFactory()
    for _ in range(projects):
        report = factories.ProjectReportFactory(submission=submission, programme=programme)
        for _ in range(payouts_each):
            saved_by(factories.PayoutFactory(report=report), user, note="Ändrad")
    first = ProjectReport.objects.filter(submission=submission).order_by("pk").first()
    saved_by(first.payouts.order_by("pk").first(), user, note="Ändrad igen")
    saved_by(first, user, results="Nya resultat.")
    saved_by(submission, user, overview="Ett år.")


@pytest.mark.parametrize(("projects", "payouts_each"), [(2, 2), (120, 5)])
def test_a_page_of_history_costs_the_same_queries_however_long_the_history(
    coordinator, django_assert_num_queries, projects, payouts_each
):
    submission = factories.SubmissionFactory(administration=coordinator.administration)
    fill(submission, coordinator, projects=projects, payouts_each=payouts_each)
    # count; the page's keys; each table's records with their predecessors (3); the reports'
    # other administrations, council goals and programmes; the reports' newest names
    with django_assert_num_queries(9):
        history = submission_history(submission)
    # Created: the submission, each report, each payout; changed: each payout; then 3 more.
    assert history.total == 1 + projects + 2 * projects * payouts_each + 3
    assert [entry.subject for entry in history.entries[:3]] == [
        "Inrapporteringen",
        f"Projektet {submission.project_reports.order_by('pk').first().name}",
        f"Utbetalning 2023-06-30 för {submission.project_reports.order_by('pk').first().name}",
    ]
    assert len(history.entries) == min(history.total, 50)


def test_older_pages_still_show_what_each_change_changed(coordinator):
    submission = factories.SubmissionFactory(administration=coordinator.administration)
    report = factories.ProjectReportFactory(submission=submission, name="Gröna tak")
    payout = factories.PayoutFactory(report=report, amount_sek=Decimal("100"))
    # 60 newer records between the payout's creation and its change.
    for number in range(60):
        saved_by(report, coordinator, results=f"Resultat {number}")
    saved_by(payout, coordinator, amount_sek=Decimal("250"))
    changes = SubmissionChanges(submission)
    assert changes.count() == 1 + 1 + 1 + 60 + 1
    newest = changes[0:10]
    # The predecessor of the payout's change lies 61 records back; it was read all the same.
    assert newest[0].subject == "Utbetalning 2023-06-30 för Gröna tak"
    assert [(c.label, c.old, c.new) for c in newest[0].changes] == [("Belopp (kr)", "100", "250")]
    older = changes[10:20]
    assert [c.new for entry in older for c in entry.changes] == [
        f"Resultat {n}" for n in range(50, 40, -1)
    ]
    assert [(c.old, c.new) for c in older[0].changes] == [("Resultat 49", "Resultat 50")]
    oldest = changes[60:70]
    assert [entry.action for entry in oldest] == ["changed", "created", "created", "created"]
    assert oldest[-1].subject == "Inrapporteringen"


def test_a_save_that_changed_nothing_visible_is_left_out(changed_submission, coordinator):
    report = changed_submission.project_reports.get()
    saved_by(report, coordinator)
    entries = submission_history(changed_submission).entries
    assert entries[0].subject == "Inrapporteringen"  # the newest visible change is still first
    assert submission_history(changed_submission).total == 9  # counted: it is a record


def test_the_submission_page_turns_the_history_pages(client, coordinator, monkeypatch):
    from projects.views import entry

    monkeypatch.setattr(entry, "HISTORY_PER_PAGE", 2)
    submission = factories.SubmissionFactory(administration=coordinator.administration)
    report = factories.ProjectReportFactory(submission=submission, name="Gröna tak")
    for number in range(4):
        saved_by(report, coordinator, results=f"Resultat {number}")
    client.force_login(coordinator)
    first = client.get(detail_url(submission)).content.decode()
    assert "Resultat 2 → Resultat 3" in first and "Resultat 1 → Resultat 2" in first
    assert "Resultat 0 → Resultat 1" not in first
    assert 'aria-label="Sidor i ändringshistoriken"' in first
    assert "<details>" in first  # closed on the first page
    url = detail_url(submission, sida=1, historik=2)
    assert (
        'href="?sida=1&amp;historik=2#submission-history"'
        in client.get(detail_url(submission, sida=1)).content.decode()
    )
    second = client.get(url).content.decode()
    assert "Resultat 0 → Resultat 1" in second and "Resultat 2 → Resultat 3" not in second
    assert "<details open>" in second
    current = '<span class="page-link" aria-current="page">'
    assert f'{current}<span class="visually-hidden">Sida </span>2</span>' in second


def test_history_of_a_removed_project_keeps_its_name(coordinator):
    submission = factories.SubmissionFactory(administration=coordinator.administration)
    report = factories.ProjectReportFactory(submission=submission, name="Gröna tak")
    payout = factories.PayoutFactory(report=report)
    payout._history_user = coordinator
    report._history_user = coordinator
    report.delete()
    assert not Payout.objects.filter(pk=payout.pk).exists()
    entries = submission_history(submission).entries
    assert {entry.subject for entry in entries if entry.action == "deleted"} == {
        "Projektet Gröna tak",
        "Utbetalning 2023-06-30 för Gröna tak",
    }
