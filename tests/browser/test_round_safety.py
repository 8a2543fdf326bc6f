"""No one-click accidents and warnings that catch missing data, in real Chromium with axe."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from projects.models import Payout, ReportingYear, Submission
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def reference_rows(db):
    factories.CouncilGoalFactory(
        name="Utbildning och arbete", valid_from_year=2022, valid_to_year=2026, order=1
    )


def test_closing_and_deleting_a_year_ask_first(page, login, axe_check):
    development_coordinator = factories.DevelopmentCoordinatorFactory(email="utv@malmo.se")
    y2024 = factories.ReportingYearFactory(year=2024)
    started = factories.SubmissionFactory(reporting_year=y2024)
    factories.ProjectReportFactory(submission=started)
    for _ in range(2):
        factories.SubmissionFactory(reporting_year=y2024)
    mistake = factories.ReportingYearFactory(year=2025)
    factories.SubmissionFactory(reporting_year=mistake)
    login(development_coordinator)

    page.get_by_role("link", name="Redovisningsår", exact=True).click()
    axe_check(page, "safety-year-list")
    # 2024 has entries: no way to delete it. 2025 has none.
    assert page.get_by_role("link", name="Ta bort 2024").count() == 0
    page.get_by_role("link", name="Stäng 2024").click()
    main = page.locator("main")
    assert "2 förvaltningar har inte påbörjat sin inrapportering." in main.inner_text()
    assert "1 förvaltning har påbörjat men inte skickat in." in main.inner_text()
    axe_check(page, "safety-close-confirm")
    page.get_by_role("link", name="Avbryt").click()
    assert ReportingYear.objects.get(year=2024).is_open

    page.get_by_role("link", name="Redovisningsår", exact=True).click()
    page.get_by_role("link", name="Ta bort 2025").click()
    axe_check(page, "safety-delete-confirm")
    page.get_by_role("button", name="Ja, ta bort 2025").click()
    assert "Redovisningsåret 2025 är borttaget." in page.get_by_role("status").inner_text()
    assert not ReportingYear.objects.filter(year=2025).exists()


def test_submit_warnings_take_the_focus_and_link_to_the_fix(page, login, axe_check):
    administration = factories.AdministrationFactory(name="Grundskoleförvaltningen")
    coordinator = factories.CoordinatorFactory(email="gsf@malmo.se", administration=administration)
    y2023 = factories.ReportingYearFactory(year=2023)
    y2024 = factories.ReportingYearFactory(year=2024, deadline=datetime.date(2099, 2, 28))
    last = factories.SubmissionFactory(administration=administration, reporting_year=y2023)
    for name in ("Skolgårdar", "Läslust"):
        factories.ProjectReportFactory(
            submission=last, name=name, end_date=datetime.date(2025, 6, 30)
        )
    submission = factories.SubmissionFactory(administration=administration, reporting_year=y2024)
    factories.PayoutFactory(report__submission=submission, report__name="Nytt i år")
    Submission.objects.filter(pk=submission.pk).update(
        **dict.fromkeys(Submission.NARRATIVE_FIELDS, "Inga.")
    )
    login(coordinator)
    assert "Sista dag för inrapportering: 2099-02-28." in page.locator("main").inner_text()

    page.goto(submission.get_absolute_url() + "skicka-in/")
    warnings = page.locator("#warnings")
    assert (
        "2 av förvaltningens projekt från 2023 pågår fortfarande men finns inte med i 2024: "
        "Läslust, Skolgårdar." in warnings.inner_text()
    )
    page.get_by_role("button", name="Skicka in till").click()
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.id") == "warnings"
    assert "Bekräfta att du har kontrollerat varningarna" in warnings.inner_text()
    axe_check(page, "safety-submit-unconfirmed")
    submission.refresh_from_db()
    assert submission.state == Submission.State.DRAFT

    warnings.get_by_role("link", name=re.compile("pågår fortfarande")).click()
    page.wait_for_url(re.compile(r"/kopiera/$"))
    assert page.get_by_label(re.compile("Läslust")).count() == 1


def test_a_payout_marked_for_removal_can_be_undone_and_is_confirmed(page, login, axe_check):
    coordinator = factories.CoordinatorFactory(email="mf@malmo.se")
    submission = factories.SubmissionFactory(administration=coordinator.administration)
    goal = submission.reporting_year.council_goals.get()
    report = factories.ProjectReportFactory(submission=submission, council_goal=goal)
    keep = factories.PayoutFactory(report=report, payment_date=datetime.date(2023, 3, 1))
    factories.PayoutFactory(report=report, payment_date=datetime.date(2023, 6, 30))
    login(coordinator)
    page.goto(f"{submission.get_absolute_url()}projekt/{report.pk}/")

    remove = page.get_by_label("Utbetalning 2: Ta bort")
    remove.check()
    row = page.locator("tr.payout-row").nth(1)
    assert "table-danger" in row.get_attribute("class")
    assert "Utbetalning 2 tas bort när du sparar." in row.inner_text()
    axe_check(page, "safety-payout-marked")
    page.get_by_role("button", name="Ångra borttagningen av utbetalning 2").click()
    assert not remove.is_checked()
    assert "table-danger" not in row.get_attribute("class")

    remove.check()
    page.get_by_role("button", name="Spara projektet").click()
    page.wait_for_load_state()
    # Nothing removed yet: the warning asks, and has the focus.
    assert page.evaluate("document.activeElement.id") == "warnings"
    assert "Utbetalning 2 (2023-06-30" in page.locator("#warnings").inner_text()
    assert page.get_by_label("Utbetalning 2: Ta bort").is_checked()
    axe_check(page, "safety-payout-removal-warning")
    assert Payout.objects.filter(report=report).count() == 2
    page.get_by_label("Jag har kontrollerat varningarna").check()
    page.get_by_role("button", name="Spara projektet").click()
    page.wait_for_url(re.compile(re.escape(submission.get_absolute_url())))
    assert list(Payout.objects.filter(report=report)) == [keep]


def test_open_confirmation_in_english_passes_axe(page, live_server, login, axe_check):
    development_coordinator = factories.DevelopmentCoordinatorFactory(email="utv@malmo.se")
    factories.ReportingYearFactory(year=2023)
    login(development_coordinator)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto("/ar/oppna/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", name="Open the reporting year 2024?").is_visible()
    assert "The coordinators' start page will then point to this year." in (
        page.locator("main").inner_text()
    )
    axe_check(page, "safety-open-confirm-en")
    assert not ReportingYear.objects.filter(year=2024).exists()
    page.get_by_role("button", name="Yes, open 2024").click()
    page.wait_for_url("**/ar/2024/")
    assert ReportingYear.objects.get(year=2024).is_open


def test_a_removed_project_comes_back_and_an_ended_one_is_marked(page, login, axe_check):
    administration = factories.AdministrationFactory(name="Kulturförvaltningen")
    coordinator = factories.CoordinatorFactory(email="kf@malmo.se", administration=administration)
    y2023 = factories.ReportingYearFactory(year=2023)
    y2024 = factories.ReportingYearFactory(year=2024)
    last = factories.SubmissionFactory(administration=administration, reporting_year=y2023)
    factories.ProjectReportFactory(
        submission=last,
        name="Fristadsförfattare",
        start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(2025, 6, 30),
    )
    submission = factories.SubmissionFactory(administration=administration, reporting_year=y2024)
    report = factories.ProjectReportFactory(submission=submission, name="Banned Books Week")
    factories.PayoutFactory(report=report)
    login(coordinator)
    page.goto(submission.get_absolute_url())

    # Remove, then undo from the submission page.
    page.get_by_role("link", name=re.compile("Ta bort")).first.click()
    axe_check(page, "safety-project-remove")
    page.get_by_role("button", name="Ta bort projektet").click()
    banner = page.locator(".removed-project")
    assert "Projektet ”Banned Books Week” har tagits bort" in banner.inner_text()
    axe_check(page, "safety-project-removed")
    page.get_by_role("button", name="Ångra borttagningen").click()
    assert "är tillbaka i inrapporteringen" in page.get_by_role("status").first.inner_text()
    assert Payout.objects.filter(report__name="Banned Books Week").count() == 1

    # Last year's running project ended early: marked, and no longer asked for.
    page.get_by_role("link", name="Ta med projekt från förra året").click()
    page.get_by_role("link", name="Markera ”Fristadsförfattare” som avslutat i förtid").click()
    page.get_by_label("Avslutades").fill("2024-02-01")
    page.get_by_role("button", name="Markera som avslutat").click()
    expect(page.locator("#error-summary")).to_be_focused()
    axe_check(page, "safety-project-ending-error")
    page.get_by_label("Avslutades").fill("2023-11-30")
    page.get_by_role("button", name="Markera som avslutat").click()
    endings = page.locator("#project-endings")
    assert "Avslutades 2023-11-30 (planerat slutdatum 2025-06-30)" in endings.inner_text()
    assert "pågår fortfarande" not in page.locator("main").inner_text()
    axe_check(page, "safety-project-ended")
