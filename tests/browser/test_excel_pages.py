"""The Excel upload and preview pages in real Chromium, with axe checks."""

import pytest
from playwright.sync_api import expect

from projects.excel import layout
from tests import factories
from tests.projects.excel_helpers import (
    filled_submission,
    open_template,
    save,
    set_cell,
    template_for,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_upload_refusal_preview_and_confirm_are_accessible(page, login, axe_check, tmp_path):
    coordinator = factories.CoordinatorFactory(
        email="excel@malmo.se",
        administration=factories.AdministrationFactory(name="Miljöförvaltningen", short_code="MF"),
    )
    submission = filled_submission(coordinator.administration, projects=2, payouts_per_project=1)
    login(coordinator)

    page.goto(f"/inrapportering/{submission.pk}/")
    page.get_by_role("link", name="ladda upp ifylld mall").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Excel-mall 2023")
    axe_check(page, "excel-upload")

    wrong = tmp_path / "lista.xlsx"
    wrong.write_bytes(b"Namn;Belopp\n")
    page.get_by_label("Ifylld Excel-mall (.xlsx)").set_input_files(str(wrong))
    page.get_by_role("button", name="Ladda upp och förhandsgranska").click()
    assert "inte en Excel-fil" in page.get_by_role("alert").inner_text()
    axe_check(page, "excel-upload-refused")

    workbook = open_template(template_for(submission))
    set_cell(workbook, layout.SHEET_PAYOUTS, 3, "payment_date", "2022-12-30")
    bad = tmp_path / "fel.xlsx"
    bad.write_bytes(save(workbook))
    page.get_by_label("Ifylld Excel-mall (.xlsx)").set_input_files(str(bad))
    page.get_by_role("button", name="Ladda upp och förhandsgranska").click()
    errors = page.locator(".import-errors").inner_text()
    assert "Blad Utbetalningar, rad 3, kolumn D (Utbetalningsdatum)" in errors
    axe_check(page, "excel-preview-errors")

    set_cell(workbook, layout.SHEET_PAYOUTS, 3, "payment_date", "2023-10-01")
    set_cell(workbook, layout.SHEET_PROJECTS, 2, "eu_cofinancing_rate", "95")
    good = tmp_path / "bra.xlsx"
    good.write_bytes(save(workbook))
    page.goto(f"/inrapportering/{submission.pk}/excel/")
    page.get_by_label("Ifylld Excel-mall (.xlsx)").set_input_files(str(good))
    page.get_by_role("button", name="Ladda upp och förhandsgranska").click()
    assert "Varningar att kontrollera" in page.content()
    axe_check(page, "excel-preview")
    # Not ticked: the server answers with a Swedish error summary, not the browser's bubble.
    page.get_by_role("button", name="Bekräfta och spara").click()
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Bekräfta att du har läst varningarna.")
    expect(summary).to_be_focused()
    axe_check(page, "excel-preview-confirm-error")
    page.get_by_label("Jag har kontrollerat varningarna och vill spara ändå.").check()
    page.get_by_role("button", name="Bekräfta och spara").click()
    page.wait_for_url(f"**/inrapportering/{submission.pk}/")
    assert "Excel-filen är inläst" in page.content()


def test_untouched_template_imports_nothing_and_says_so(page, login, axe_check, tmp_path):
    coordinator = factories.CoordinatorFactory(
        email="orord@malmo.se",
        administration=factories.AdministrationFactory(name="Miljöförvaltningen", short_code="MF"),
    )
    filled_submission(coordinator.administration, year=2022, projects=3, payouts_per_project=0)
    submission = factories.SubmissionFactory(
        administration=coordinator.administration,
        reporting_year=factories.ReportingYearFactory(year=2023),
    )
    untouched = tmp_path / "orord.xlsx"
    untouched.write_bytes(template_for(submission))
    login(coordinator)

    page.goto(f"/inrapportering/{submission.pk}/excel/")
    page.get_by_label("Ifylld Excel-mall (.xlsx)").set_input_files(str(untouched))
    page.get_by_role("button", name="Ladda upp och förhandsgranska").click()
    expect(page.locator("#nothing-to-import")).to_have_text(
        "Filen innehåller inget att läsa in: inga nya projekt och inga ändringar. Ingenting sparas."
    )
    expect(page.locator(".rows-left-out li")).to_have_count(3)
    expect(page.get_by_role("heading", name="3 projekt läses inte in")).to_be_visible()
    expect(page.get_by_role("button", name="Bekräfta och spara")).to_have_count(0)
    axe_check(page, "excel-preview-nothing")
    assert submission.project_reports.count() == 0


def test_export_page_is_accessible(page, login, axe_check):
    factories.ReportingYearFactory(year=2023)
    login(factories.OfficialFactory())
    page.get_by_role("link", name="Excel-export").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ladda ner årets uppgifter i Excel"
    axe_check(page, "excel-export")
