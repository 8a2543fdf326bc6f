"""A coordinator finds a project in the EU's data with the keyboard, starts a project from it,
confirms the fields and saves; the differences from the source are shown. Axe on each page."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from projects.models import EuProjectRecord, EuSourceFile, ProjectReport
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_project_is_started_from_a_cordis_record_and_saved(page, login, axe_check):
    administration = factories.AdministrationFactory(name="Miljöförvaltningen", short_code="MF")
    year = factories.ReportingYearFactory(year=2023, eur_rate_sek=Decimal("11.50"))
    submission = factories.SubmissionFactory(administration=administration, reporting_year=year)
    factories.FundingProgrammeFactory(
        name="Horisont Europa", cofinancing_min=Decimal("0"), cofinancing_max=Decimal("100")
    )
    coordinator = factories.CoordinatorFactory(
        email="samordnare@malmo.se", administration=administration
    )
    source_file = EuSourceFile.objects.create(
        source="cordis",
        file_name="cordis-HORIZONprojects-csv.zip",
        file_date=datetime.date(2024, 3, 1),
        sha256="0" * 64,
    )
    EuProjectRecord.objects.create(
        source="cordis",
        grant_number="101056875",
        acronym="GREENCITY",
        title="Green city",
        start_date=datetime.date(2022, 9, 1),
        end_date=datetime.date(2026, 8, 31),
        total_cost_eur=Decimal("4999937.50"),
        organisation_role="participant",
        organisation_eu_contribution_eur=Decimal("812500.75"),
        organisation_total_cost_eur=Decimal("1160715.36"),
        coordinator_name="Lunds universitet",
        source_file=source_file,
    )

    login(coordinator)
    page.goto(submission.get_absolute_url())
    page.get_by_role("link", name="Starta från EU:s uppgifter").click()
    axe_check(page, "eu-source-search-empty")
    search = page.get_by_label("Projektnummer, förkortning eller namn")
    search.fill("greencity")
    search.press("Enter")
    expect(page.locator(".source-result-count")).to_have_text("1 projekt hittades.")
    axe_check(page, "eu-source-search-results")
    result = page.get_by_role("link", name="Starta från CORDIS 101056875 (GREENCITY)")
    result.focus()
    page.keyboard.press("Enter")

    expect(page.get_by_label("Förkortning")).to_have_value("GREENCITY")
    expect(page.get_by_label("Projektnamn")).to_have_value("Green city")
    expect(page.get_by_label("Slutdatum")).to_have_value("2026-08-31")
    expect(page.get_by_label("Total projektbudget (kr)")).to_have_value("57\u00a0499\u00a0281,25")
    expect(page.locator(".source-prefill")).to_be_visible()
    axe_check(page, "eu-source-prefilled-form")
    assert not ProjectReport.objects.exists()

    page.get_by_label("Program eller fond").select_option(label="Horisont Europa")
    page.get_by_label("Kommunfullmäktigemål").select_option(label="Utbildning och arbete")
    page.get_by_label("Slutdatum").fill("2025-12-31")
    page.get_by_role("button", name="Spara projektet").click()
    page.wait_for_url(f"**{submission.get_absolute_url()}#report-*")

    report = ProjectReport.objects.get()
    assert (report.grant_number, report.role, report.lead_organisation) == (
        "101056875",
        ProjectReport.Role.PARTNER,
        "Lunds universitet",
    )
    expect(page.locator('[data-code="eu_end_date"]').first).to_be_visible()
    axe_check(page, "eu-source-differences")
