"""Publishing with confidence, in real Chromium: the checklist before publishing on part of the
city and the sentence the memo then states in its PDF and Word file; one status of a year on the
figures page, its JSON and chart, the memo editor and the trend after closing. axe on each
page."""

import io
import re

import pytest
from docx import Document
from playwright.sync_api import expect

from projects.models import Submission
from reporting.memo.services import memo_create_draft
from reporting.selectors import year_status
from tests import factories
from tests.reporting.memo_helpers import make_publishable
from tests.reporting.test_memo_docx import docx_text
from tests.reporting.test_memo_pdf import pdf_text

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

APPROVED, SUBMITTED = Submission.State.APPROVED, Submission.State.SUBMITTED
JSON_2024 = "/rapport/nyckeltal/2024/json/"


def part_of_2024() -> dict:
    """2024 open: Alfa and Östra approved, Beta submitted; every other administration of the
    year (the reference data's) has not started."""
    reporting_year = factories.ReportingYearFactory(year=2024, is_open=True)
    submissions = {}
    for name, code, state in (
        ("Alfaförvaltningen", "ALF", APPROVED),
        ("Betaförvaltningen", "BET", SUBMITTED),
        ("Östra förvaltningen", "OST", APPROVED),
    ):
        submissions[code] = factories.SubmissionFactory(
            administration=factories.AdministrationFactory(name=name, short_code=code),
            reporting_year=reporting_year,
            state=state,
        )
        factories.PayoutFactory(report=factories.ProjectReportFactory(submission=submissions[code]))
    return submissions


def test_publishing_with_administrations_missing_shows_the_checklist_and_states_the_basis(
    page, login, axe_check, tmp_path
):
    submissions = part_of_2024()
    user = factories.DevelopmentCoordinatorFactory(email="bodil@malmo.se")
    make_publishable(memo_create_draft(year=2024, user=user))
    status = year_status(2024)
    sentence = f"Redovisningen bygger på uppgifter från 2 av {status.expected} förvaltningar."
    login(user)

    page.goto("/rapport/tjansteskrivelser/2024/publicera/")
    checklist = page.locator("#publish-checklist")
    expect(checklist.locator("#checklist-administrations h3")).to_contain_text(
        f"2 av {status.expected} förvaltningar är godkända"
    )
    approved = checklist.locator(".checklist-approved")
    expect(approved.get_by_role("link", name="Alfaförvaltningen")).to_have_attribute(
        "href", f"/inrapportering/{submissions['ALF'].pk}/"
    )
    expect(approved.get_by_role("link", name="Östra förvaltningen")).to_be_visible()
    expect(checklist.locator(".checklist-not-approved")).to_contain_text(
        "Betaförvaltningen – Inskickad"
    )
    expect(checklist.locator("#checklist-sections")).to_contain_text("Exempel")
    expect(page.locator("#year-status")).to_have_attribute("data-state", "open")
    axe_check(page, "memo-publish-checklist")

    # Without the explicit choice nothing is published: an error next to the box and above.
    page.get_by_role("button", name="Publicera version 1").click()
    box = page.get_by_label("Publicera på ofullständigt underlag")
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#error-summary").get_by_role("link")).to_have_attribute(
        "href", "#id_incomplete_accepted"
    )
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_incomplete_accepted_error")).to_be_visible()
    expect(page.locator("#publish-form")).to_contain_text(sentence)
    axe_check(page, "memo-publish-not-chosen")

    box.check()
    page.get_by_role("button", name="Publicera version 1").click()
    expect(page).to_have_url(re.compile(r"/tjansteskrivelser/2024/$"))
    expect(page.get_by_text("Version 1 är publicerad.")).to_be_visible()

    with page.expect_download() as pdf:
        page.get_by_role("link", name="PDF, version 1").click()
    with open(pdf.value.path(), "rb") as handle:
        assert sentence in pdf_text(handle.read(), tmp_path)
    with page.expect_download() as word:
        page.get_by_role("link", name="Word, version 1").click()
    with open(word.value.path(), "rb") as handle:
        assert sentence in docx_text(Document(io.BytesIO(handle.read())))


def test_after_closing_the_figures_page_editor_and_trend_agree_on_the_status(
    page, login, axe_check
):
    part_of_2024()
    user = factories.DevelopmentCoordinatorFactory(email="bodil@malmo.se")
    memo_create_draft(year=2024, user=user)
    login(user)

    page.goto("/rapport/nyckeltal/2024/")
    expect(page.locator("#year-status")).to_have_attribute("data-state", "open")
    expect(page.locator("#year-status")).to_have_attribute("data-figures", "preliminary")
    expect(page.locator("#chart-trend-2024 .chart-mark-legend")).to_have_text("Preliminärt")
    # The JSON, kept from now on until the year's data version changes.
    assert page.request.get(JSON_2024).json()["status"]["state"] == "open"

    page.goto("/ar/2024/stang/")
    page.get_by_role("button", name="Ja, stäng 2024").click()
    expect(page).not_to_have_url(re.compile(r"/stang/$"))

    # Closed with two of three approved: final, incomplete, the same everywhere.
    shown = {}
    for name, url in (
        ("figures", "/rapport/nyckeltal/2024/"),
        ("editor", "/rapport/tjansteskrivelser/2024/redigera/"),
    ):
        page.goto(url)
        status = page.locator("#year-status")
        expect(status).to_have_attribute("data-state", "closed")
        expect(status).to_have_attribute("data-figures", "final")
        expect(status).to_have_attribute("data-complete", "no")
        expect(status).to_contain_text("2 av 3 förvaltningar godkända")
        shown[name] = status.inner_text()
        axe_check(page, f"status-after-closing-{name}")
    assert shown["figures"] == shown["editor"]
    # The JSON and the figures page's chart say the same.
    status = page.request.get(JSON_2024).json()["status"]
    assert (status["state"], status["final"], status["complete"]) == ("closed", True, False)
    assert (status["administrations_reported"], status["administrations_total"]) == (2, 3)
    assert all(part in shown["figures"] for part in status["label"].split(" · "))
    page.goto("/rapport/nyckeltal/2024/")
    expect(page.get_by_text("Året pågår", exact=False)).to_have_count(0)
    expect(page.locator("#chart-trend-2024 .chart-mark-legend")).to_have_text("Ofullständigt")
    page.goto("/rapport/tjansteskrivelser/2024/redigera/")
    expect(page.locator("#figures-basis")).not_to_contain_text("preliminära")

    page.goto("/rapport/utveckling/")
    row = page.locator(".trend-table tr", has=page.locator("th", has_text="2024"))
    expect(row.locator(".year-incomplete")).to_have_text("Ofullständigt")
    expect(row.locator(".year-status-basis")).to_have_text("2 av 3 förvaltningar godkända")
    expect(page.locator("#trend-incomplete")).to_contain_text("2024")
    expect(page.locator("#chart-trend-payouts .chart-mark-legend")).to_have_text("Ofullständigt")
    axe_check(page, "trend-after-closing")
