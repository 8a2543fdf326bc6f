"""export_workbook and import_workbook: the same checks and messages as the web."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from projects.access import SUBMISSION_LOCKED
from projects.excel import layout
from projects.models import Payout, Submission
from tests.projects.excel_helpers import filled_submission, open_template, save, set_cell

pytestmark = pytest.mark.django_db


def test_export_template_then_import_with_dry_run_and_for_real(administration, tmp_path):
    submission = filled_submission(administration, projects=2, payouts_per_project=1)
    path = tmp_path / "mall.xlsx"
    call_command("export_workbook", year=2023, output=str(path), administration="mf")
    workbook = open_template(path.read_bytes())
    assert workbook["Mallinfo"]["B4"].value == "MF"
    set_cell(workbook, layout.SHEET_PAYOUTS, 2, "amount_sek", "77 000")
    path.write_bytes(save(workbook))

    out = io.StringIO()
    call_command(
        "import_workbook",
        str(path),
        administration="Miljöförvaltningen",
        year=2023,
        dry_run=True,
        stdout=out,
    )
    assert "Provkörning" in out.getvalue() and "1 ändrade" in out.getvalue()
    assert not Payout.objects.filter(amount_sek=77000).exists()

    call_command("import_workbook", str(path), administration="MF", year=2023, stdout=io.StringIO())
    assert Payout.objects.filter(report__submission=submission, amount_sek=77000).exists()


def test_import_prints_errors_by_sheet_row_and_column_and_fails(administration, tmp_path):
    filled_submission(administration, projects=1, payouts_per_project=1)
    path = tmp_path / "mall.xlsx"
    call_command("export_workbook", year=2023, output=str(path), administration="MF")
    workbook = open_template(path.read_bytes())
    set_cell(workbook, layout.SHEET_PAYOUTS, 2, "payment_date", "2022-12-30")
    path.write_bytes(save(workbook))
    err = io.StringIO()
    with pytest.raises(CommandError, match="ingenting har sparats"):
        call_command(
            "import_workbook",
            str(path),
            administration="MF",
            year=2023,
            stdout=io.StringIO(),
            stderr=err,
        )
    assert (
        "Fel: Blad Utbetalningar, rad 2, kolumn D (Utbetalningsdatum): Datumet 2022-12-30 "
        "ligger utanför redovisningsåret 2023." in err.getvalue()
    )


def test_import_refuses_non_xlsx_and_approved_submission(administration, tmp_path):
    submission = filled_submission(administration, projects=1)
    path = tmp_path / "lista.xlsx"
    path.write_bytes(b"a;b\n")
    with pytest.raises(CommandError, match="inte en Excel-fil"):
        call_command("import_workbook", str(path), administration="MF", year=2023)
    call_command("export_workbook", year=2023, output=str(path), administration="MF")
    Submission.objects.filter(pk=submission.pk).update(state=Submission.State.APPROVED)
    with pytest.raises(CommandError) as refused:
        call_command("import_workbook", str(path), administration="MF", year=2023)
    assert str(refused.value) == str(SUBMISSION_LOCKED)


def test_export_full_year_workbook(administration, tmp_path):
    submission = filled_submission(administration, projects=2)
    Submission.objects.filter(pk=submission.pk).update(state=Submission.State.APPROVED)
    path = tmp_path / "ar.xlsx"
    call_command("export_workbook", year=2023, output=str(path), stdout=io.StringIO())
    workbook = load_workbook(path)
    assert workbook["Projekt"].max_row == 1 + 2 + 2
    with pytest.raises(CommandError, match="finns inte"):
        call_command("export_workbook", year=1999, output=str(path))
