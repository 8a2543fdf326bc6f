"""Long lists in pages, in real Chromium: the page links work and pass the axe check."""

import datetime
import re

import pytest

from projects import services
from projects.models import CouncilGoal
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_overview_and_submission_page_turn_pages(page, login, axe_check, monkeypatch):
    from projects.views import entry, review

    monkeypatch.setattr(review, "OVERVIEW_PAGE_SIZE", 5)
    monkeypatch.setattr(entry, "REPORTS_PER_PAGE", 2)
    monkeypatch.setattr(entry, "HISTORY_PER_PAGE", 3)
    development_coordinator = factories.DevelopmentCoordinatorFactory(email="utveckling@malmo.se")
    year = services.reporting_year_open(
        year=2023,
        deadline=datetime.date(2099, 2, 28),
        council_goals=CouncilGoal.objects.valid_in(2023),
        user=development_coordinator,
    )
    submission = year.submissions.order_by("administration__name").first()
    for number in range(5):
        factories.ProjectReportFactory(submission=submission, name=f"Projekt {number}")

    login(development_coordinator)
    page.goto("/ar/2023/")
    navigation = page.get_by_role("navigation", name="Sidor i översikten")
    navigation.get_by_role("link", name="Nästa sida").click()
    page.wait_for_url(re.compile(r"sida=2"))
    assert page.get_by_text(re.compile(r"Visar 6–10 av \d+")).is_visible()
    assert navigation.locator("[aria-current=page]").text_content() == "Sida 2"
    axe_check(page, "overview-page-2")

    page.goto(submission.get_absolute_url())
    projects = page.get_by_role("navigation", name="Sidor i projektlistan")
    projects.get_by_role("link", name="Sida 3").click()
    page.wait_for_url(re.compile(r"sida=3"))
    assert page.get_by_role("heading", name="Projekt 4").is_visible()
    assert page.get_by_role("heading", name="Projekt 0").count() == 0
    page.get_by_text(re.compile(r"Visa \d+ ändringar")).click()
    history = page.get_by_role("navigation", name="Sidor i ändringshistoriken")
    history.get_by_role("link", name="Nästa sida").click()
    page.wait_for_url(re.compile(r"sida=3&historik=2"))
    # The older page of the history opens by itself.
    assert page.get_by_role("navigation", name="Sidor i ändringshistoriken").is_visible()
    axe_check(page, "submission-history-page-2")
