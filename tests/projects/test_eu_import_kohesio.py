"""Importing Kohesio's CSV of a country's operations: the organisation's operations (certain by
organisation number, a suggestion by name) and those a report names, once; a broken or
oversized file stores nothing."""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from projects.eu_data import kohesio
from projects.eu_data.files import SourceFileRefused
from projects.eu_data.kohesio import organisation_digits
from projects.models import EuProjectRecord, EuSourceFile, Organisation
from projects.services.eu_data import eu_projects_import
from tests import factories

pytestmark = pytest.mark.django_db

# The columns of Kohesio's export, as its CSV files for a country name them (the Kohesio Table
# Schema's fields and the export's additions), in the export's order.
HEADER = [
    "Operation_Unique_Identifier",
    "Operation_Local_Identifier",
    "Operation_Name_Programme_Language",
    "Operation_Name_English",
    "Operation_Summary_Programme_Language",
    "Operation_Summary_English",
    "Operation_Start_Date",
    "Operation_End_Date",
    "Total_Eligible_Expenditure_amount",
    "Total_Eligible_Expenditure_Currency",
    "Cofinancing_Rate",
    "Project_EU_Budget",
    "Category_Of_Intervention",
    "Category_Label",
    "Fund_Code",
    "Programme_Code",
    "Programme_Name",
    "Programming_Period",
    "Policy_Objective_Label",
    "Country",
    "CountryCode",
    "NUTS3_Code",
    "NUTS3_Label",
    "Beneficiary_Unique_Identifier",
    "Beneficiary_Name",
    "Beneficiary_Local_Identifier",
]


def operation(entity, local, name, start, end, total, eu, beneficiary, beneficiary_id=""):
    values = dict.fromkeys(HEADER, "")
    values.update(
        {
            "Operation_Unique_Identifier": f"https://linkedopendata.eu/entity/{entity}",
            "Operation_Local_Identifier": local,
            "Operation_Name_Programme_Language": name,
            "Operation_Name_English": f"{name} (en)",
            "Operation_Summary_Programme_Language": "Ett projekt, med komma\noch radbrytning.",
            "Operation_Start_Date": start,
            "Operation_End_Date": end,
            "Total_Eligible_Expenditure_amount": total,
            "Total_Eligible_Expenditure_Currency": "EUR",
            "Cofinancing_Rate": "50.0",
            "Project_EU_Budget": eu,
            "Fund_Code": "ERDF",
            "Programming_Period": "2014-2020",
            "Country": "Sweden",
            "CountryCode": "SE",
            "Beneficiary_Unique_Identifier": "https://linkedopendata.eu/entity/Q2757713",
            "Beneficiary_Name": beneficiary,
            "Beneficiary_Local_Identifier": beneficiary_id,
        }
    )
    return values


OPERATIONS = [
    # The organisation by its organisation number: certain.
    operation(
        "Q100",
        "20201234",
        "Grön stad",
        "01/09/2016",
        "31/08/2019",
        "400000.5",
        "200000.25",
        "Malmö stad",
        "2120001124",
    ),
    # By its name and one of its units, without a number: a suggestion.
    operation(
        "Q200",
        "2016/00123",
        "Unga vuxna",
        "15/01/2017",
        "14/01/2020",
        "300000",
        "150000",
        "Malmö Stad,  Arbetsmarknadsförvaltningen",
    ),
    # Someone else's: dropped, unless a report names it.
    operation(
        "Q300",
        "20209999",
        "Grannkommunen",
        "01/02/2018",
        "31/01/2021",
        "100000",
        "50000",
        "Lunds kommun",
        "2120001132",
    ),
    operation("Q400", "", "Regionen", "01/03/2018", "28/02/2021", "90000", "45000", "Region Skåne"),
]


@pytest.fixture(autouse=True)
def organisation(db):
    organisation = Organisation.objects.first() or Organisation()
    organisation.name = "Malmö stad"
    organisation.organisation_number = "212000-1124"
    organisation.save()
    return organisation


def csv_text(rows=OPERATIONS, delimiter=","):
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=HEADER, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL
    )
    writer.writeheader()
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()


def write_csv(path, rows=OPERATIONS, delimiter=","):
    path.write_text(csv_text(rows, delimiter), "utf-8")
    return str(path)


def records():
    return {record.grant_number: record for record in EuProjectRecord.objects.all()}


def test_keeps_the_organisations_operations_certain_by_number_suggested_by_name(tmp_path):
    path = write_csv(tmp_path / "SE-pp14-20-20250924.csv")
    result = eu_projects_import(source="kohesio", paths=[path])
    assert (result.created, result.changed) == (2, 0)
    kept = records()
    assert sorted(kept) == ["2016/00123", "20201234"]

    green = kept["20201234"]
    assert green.match == "identifier" and not green.is_suggestion
    assert green.title == "Grön stad"
    assert (green.start_date, green.end_date) == (
        datetime.date(2016, 9, 1),
        datetime.date(2019, 8, 31),
    )
    assert green.total_cost_eur == Decimal("400000.50")
    assert green.eu_contribution_max_eur == Decimal("200000.25")
    assert green.organisation_role == "coordinator"
    assert green.organisation_eu_contribution_eur == Decimal("200000.25")
    assert green.coordinator_name == "Malmö stad"

    young = kept["2016/00123"]
    assert young.match == "name" and young.is_suggestion

    source_file = green.source_file
    assert source_file.source == "kohesio"
    assert source_file.file_name == "SE-pp14-20-20250924.csv"
    # The date the file's name carries, not when it was saved.
    assert source_file.file_date == datetime.date(2025, 9, 24)
    assert len(source_file.sha256) == 64
    assert (source_file.rows_read, source_file.records_kept) == (4, 2)


def test_an_operation_a_report_names_is_kept_by_either_number(tmp_path):
    factories.ProjectReportFactory(grant_source="kohesio", grant_number="20209999")
    factories.ProjectReportFactory(grant_source="kohesio", grant_number="Q400")
    eu_projects_import(source="kohesio", paths=[write_csv(tmp_path / "sweden.csv")])
    kept = records()
    assert sorted(kept) == ["2016/00123", "20201234", "20209999", "Q400"]
    assert kept["20209999"].match == "reported"
    # Not the organisation's operation: its part is left empty.
    assert kept["20209999"].organisation_role == ""
    assert kept["Q400"].coordinator_name == "Region Skåne"


def test_the_same_file_twice_changes_nothing(tmp_path):
    path = write_csv(tmp_path / "sweden.csv")
    eu_projects_import(source="kohesio", paths=[path])
    before = list(EuProjectRecord.objects.values().order_by("pk"))
    assert eu_projects_import(source="kohesio", paths=[path]).source_file is None
    assert list(EuProjectRecord.objects.values().order_by("pk")) == before
    assert EuSourceFile.objects.count() == 1


def test_a_zip_with_a_semicolon_separated_file_imports_the_same(tmp_path):
    path = tmp_path / "kohesio.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo("export/sweden.csv", date_time=(2025, 3, 2, 0, 0, 0))
        archive.writestr(info, csv_text(delimiter=";"))
    eu_projects_import(source="kohesio", paths=[str(path)])
    assert sorted(records()) == ["2016/00123", "20201234"]
    assert EuSourceFile.objects.get().file_date == datetime.date(2025, 3, 2)


def refusal(path) -> str:
    with pytest.raises(SourceFileRefused) as refused:
        eu_projects_import(source="kohesio", paths=[path])
    assert not EuSourceFile.objects.exists()
    assert not EuProjectRecord.objects.exists()
    return refused.value.code


def test_a_malformed_file_stores_nothing(tmp_path):
    # The broken row comes after the organisation's own: still nothing is kept.
    text = csv_text() + '"https://linkedopendata.eu/entity/Q500","extra"\r\n'
    (tmp_path / "broken.csv").write_text(text, "utf-8")
    assert refusal(str(tmp_path / "broken.csv")) == "bad_row"

    rows = [*OPERATIONS[:1], {**OPERATIONS[1], "Operation_End_Date": "31/02/2020"}]
    assert refusal(write_csv(tmp_path / "date.csv", rows)) == "bad_date"

    rows = [{**OPERATIONS[0], "Project_EU_Budget": "200 000,25 EUR"}]
    assert refusal(write_csv(tmp_path / "amount.csv", rows)) == "bad_amount"

    (tmp_path / "columns.csv").write_text("Operation_Unique_Identifier,Country\r\nQ1,SE\r\n")
    assert refusal(str(tmp_path / "columns.csv")) == "missing_columns"

    (tmp_path / "latin1.csv").write_bytes(csv_text().encode("latin-1", "replace")[3:])
    assert refusal(str(tmp_path / "latin1.csv")) == "unreadable"

    # A download cut off before its end: the zip is said to be damaged, not its columns.
    whole = tmp_path / "whole.zip"
    with zipfile.ZipFile(whole, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("sweden.csv", csv_text())
    (tmp_path / "cut.zip").write_bytes(whole.read_bytes()[:-40])
    assert refusal(str(tmp_path / "cut.zip")) == "damaged_zip"


def test_an_oversized_file_stores_nothing(tmp_path, monkeypatch):
    path = write_csv(tmp_path / "sweden.csv")
    monkeypatch.setattr(kohesio, "MAX_FILE_BYTES", 1000)
    assert refusal(path) == "too_large"
    monkeypatch.setattr(kohesio, "MAX_FILE_BYTES", 10_000_000)
    monkeypatch.setattr(kohesio, "MAX_ROWS", 3)
    assert refusal(path) == "too_many_rows"


def test_an_oversized_member_of_a_zip_is_refused_as_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "kohesio.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("sweden.csv", csv_text())
    monkeypatch.setattr(kohesio, "MAX_UNZIPPED_BYTES", 500)
    assert refusal(str(path)) == "too_large"


def test_organisation_numbers_are_read_in_every_form():
    for written in (
        "212000-1124",
        "2120001124",
        "162120001124",
        "SE212000112401",
        "se 212000-1124 01",
    ):
        assert organisation_digits(written) == "2120001124"
    assert organisation_digits("DE123456789") == ""


def test_the_command_imports_and_says_why_a_file_is_refused(tmp_path):
    out = io.StringIO()
    call_command(
        "import_eu_projects", "--source", "kohesio", write_csv(tmp_path / "se.csv"), stdout=out
    )
    assert "2 nya projekt" in out.getvalue()
    (tmp_path / "bad.csv").write_text("a,b\r\n1,2\r\n", "utf-8")
    with pytest.raises(CommandError):
        call_command("import_eu_projects", "--source", "kohesio", str(tmp_path / "bad.csv"))
    assert EuSourceFile.objects.count() == 1
