"""Importing a CORDIS bulk download: only what concerns the organisation, once."""

import csv
import datetime
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from projects.eu_data import cordis
from projects.eu_data.files import SourceFileRefused
from projects.models import EuProjectRecord, EuSourceFile, Organisation
from projects.services.eu_data import eu_projects_import
from tests import factories

pytestmark = pytest.mark.django_db

VAT, PIC = "SE212000112401", "998877665"

# The headers as CORDIS writes them (Horizon Europe download), semicolon-separated, quoted.
PROJECT_HEADER = (
    "id;acronym;status;title;startDate;endDate;totalCost;ecMaxContribution;legalBasis;topics;"
    "ecSignatureDate;frameworkProgramme;masterCall;subCall;fundingScheme;nature;objective;"
    "contentUpdateDate;rcn;grantDoi"
)
ORGANISATION_HEADER = (
    "projectID;projectAcronym;organisationID;vatNumber;name;shortName;SME;activityType;street;"
    "postCode;city;country;nutsCode;geolocation;organizationURL;contactForm;contentUpdateDate;"
    "rcn;order;role;ecContribution;netEcContribution;totalCost;endOfParticipation;active"
)


def project_line(pid, acronym, title, start, end, total, ec_max):
    fields = [
        pid,
        acronym,
        "SIGNED",
        title,
        start,
        end,
        total,
        ec_max,
        "HORIZON.2.5",
        "HORIZON-CL5",
        "2022-08-30",
        "HORIZON",
        "",
        "",
        "HORIZON-IA",
        "",
        "Ett mål; med semikolon\noch radbrytning.",
        "2024-01-10 12:00:00",
        "1",
        "",
    ]
    return ";".join(f'"{field}"' for field in fields)


def organisation_line(pid, acronym, org_id, vat, name, role, ec, net, total, order):
    fields = [
        pid,
        acronym,
        org_id,
        vat,
        name,
        "",
        "false",
        "PUB",
        "",
        "",
        "",
        "SE",
        "",
        "",
        "",
        "",
        "2024-01-10",
        "1",
        order,
        role,
        ec,
        net,
        total,
        "false",
        "true",
    ]
    return ";".join(f'"{field}"' for field in fields)


PROJECTS = [
    # The city takes part (found by its VAT number): amounts with a decimal comma.
    project_line(
        "101056875", "GREENCITY", "Green city", "2022-09-01", "2026-08-31", "4999937,5", "4999937,5"
    ),
    # Only other organisations: dropped.
    project_line("101099999", "OTHER", "Not ours", "2023-01-01", "2025-12-31", "1000000", "800000"),
    # The city takes part under its PIC, with no VAT number in the row.
    project_line(
        "870337", "H2CITY", "Hydrogen city", "2020-01-01", "2023-06-30", "2000000.25", "1500000"
    ),
]
ORGANISATIONS = [
    organisation_line(
        "101056875",
        "GREENCITY",
        "999111222",
        "SE202100325701",
        "Lunds universitet",
        "coordinator",
        "2000000",
        "2000000",
        "2000000",
        "1",
    ),
    organisation_line(
        "101056875",
        "GREENCITY",
        "999000111",
        VAT,
        "Malmo stad",
        "participant",
        "812500,75",
        "800000,5",
        "1160715,36",
        "2",
    ),
    organisation_line(
        "101099999",
        "OTHER",
        "999333444",
        "DE123456789",
        "Stadt Hamburg",
        "coordinator",
        "800000",
        "800000",
        "1000000",
        "1",
    ),
    organisation_line(
        "870337",
        "H2CITY",
        PIC,
        "",
        "City of Malmo",
        "coordinator",
        "1500000",
        "1400000",
        "2000000,25",
        "1",
    ),
]


@pytest.fixture(autouse=True)
def organisation(db):
    organisation = Organisation.objects.first() or Organisation(name="Malmö stad")
    organisation.vat_number, organisation.pic = VAT, PIC
    organisation.save()
    return organisation


def write_zip(path, projects=PROJECTS, organisations=ORGANISATIONS, date=(2024, 3, 1, 0, 0, 0)):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, header, lines in (
            ("csv/project.csv", PROJECT_HEADER, projects),
            ("csv/organization.csv", ORGANISATION_HEADER, organisations),
        ):
            info = zipfile.ZipInfo(name, date_time=date)
            archive.writestr(info, "\ufeff" + "\r\n".join([header, *lines]) + "\r\n")
    return str(path)


def test_import_keeps_only_the_organisations_projects_with_its_part(tmp_path):
    path = write_zip(tmp_path / "cordis-HORIZONprojects-csv.zip")
    result = eu_projects_import(source="cordis", paths=[path])
    assert (result.created, result.changed) == (2, 0)
    records = {record.grant_number: record for record in EuProjectRecord.objects.all()}
    assert sorted(records) == ["101056875", "870337"]

    green = records["101056875"]
    assert (green.acronym, green.title) == ("GREENCITY", "Green city")
    assert (green.start_date, green.end_date) == (
        datetime.date(2022, 9, 1),
        datetime.date(2026, 8, 31),
    )
    assert green.total_cost_eur == Decimal("4999937.50")
    assert green.coordinator_name == "Lunds universitet"
    assert green.organisation_role == "participant"
    assert green.match == "identifier"
    assert green.organisation_eu_contribution_eur == Decimal("812500.75")
    assert green.organisation_net_eu_contribution_eur == Decimal("800000.50")
    assert green.organisation_total_cost_eur == Decimal("1160715.36")

    hydrogen = records["870337"]
    assert hydrogen.organisation_role == "coordinator"
    assert hydrogen.total_cost_eur == Decimal("2000000.25")

    source_file = green.source_file
    assert source_file.file_name == "cordis-HORIZONprojects-csv.zip"
    assert source_file.file_date == datetime.date(2024, 3, 1)
    assert len(source_file.sha256) == 64
    assert source_file.rows_read == len(PROJECTS) + len(ORGANISATIONS)


def test_the_same_file_twice_changes_nothing(tmp_path):
    path = write_zip(tmp_path / "cordis.zip")
    eu_projects_import(source="cordis", paths=[path])
    before = list(EuProjectRecord.objects.values().order_by("pk"))
    again = eu_projects_import(source="cordis", paths=[path])
    assert again.source_file is None
    assert list(EuProjectRecord.objects.values().order_by("pk")) == before
    assert EuSourceFile.objects.count() == 1


def test_a_later_file_changes_what_changed_and_keeps_the_rest(tmp_path):
    eu_projects_import(source="cordis", paths=[write_zip(tmp_path / "march.zip")])
    first_file = EuSourceFile.objects.get()
    later = [PROJECTS[0].replace("2026-08-31", "2027-02-28"), *PROJECTS[1:]]
    path = write_zip(tmp_path / "april.zip", projects=later, date=(2024, 4, 2, 0, 0, 0))
    result = eu_projects_import(source="cordis", paths=[path])
    assert (result.created, result.changed, result.unchanged) == (0, 1, 1)
    green = EuProjectRecord.objects.get(grant_number="101056875")
    assert green.end_date == datetime.date(2027, 2, 28)
    assert green.source_file.file_date == datetime.date(2024, 4, 2)
    assert EuProjectRecord.objects.get(grant_number="870337").source_file == first_file


def test_a_project_named_in_a_report_is_kept_without_the_organisation(tmp_path):
    factories.ProjectReportFactory(grant_source="cordis", grant_number="101099999")
    eu_projects_import(source="cordis", paths=[write_zip(tmp_path / "cordis.zip")])
    named = EuProjectRecord.objects.get(grant_number="101099999")
    assert named.organisation_role == ""
    assert named.match == "reported"
    assert named.organisation_eu_contribution_eur is None
    assert named.coordinator_name == "Stadt Hamburg"


def test_the_two_csv_files_import_as_the_zip_does(tmp_path):
    (tmp_path / "project.csv").write_text("\r\n".join([PROJECT_HEADER, *PROJECTS]), "utf-8")
    (tmp_path / "organization.csv").write_text(
        "\r\n".join([ORGANISATION_HEADER, *ORGANISATIONS]), "utf-8"
    )
    call_command(
        "import_eu_projects",
        str(tmp_path / "project.csv"),
        str(tmp_path / "organization.csv"),
        source="cordis",
    )
    assert sorted(EuProjectRecord.objects.values_list("grant_number", flat=True)) == [
        "101056875",
        "870337",
    ]


@pytest.mark.parametrize(
    ("projects", "organisations", "code"),
    [
        ([PROJECTS[0].replace("4999937,5", "4.999.937,5", 1)], ORGANISATIONS, "bad_amount"),
        ([PROJECTS[0].replace("2022-09-01", "01/09/2022")], ORGANISATIONS, "bad_date"),
    ],
)
def test_a_malformed_file_is_refused_and_stores_nothing(tmp_path, projects, organisations, code):
    path = write_zip(tmp_path / "bad.zip", projects=projects, organisations=organisations)
    with pytest.raises(SourceFileRefused) as refused:
        eu_projects_import(source="cordis", paths=[path])
    assert refused.value.code == code
    assert not EuSourceFile.objects.exists()
    assert not EuProjectRecord.objects.exists()


def test_a_zip_without_the_organisations_is_refused(tmp_path):
    path = tmp_path / "half.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.csv", PROJECT_HEADER)
    with pytest.raises(SourceFileRefused) as refused:
        eu_projects_import(source="cordis", paths=[str(path)])
    assert refused.value.code == "missing_member"


def test_a_download_cut_off_is_refused_as_a_damaged_zip(tmp_path):
    whole = write_zip(tmp_path / "whole.zip")
    cut = tmp_path / "cordis-HORIZONprojects-csv.zip"
    cut.write_bytes(Path(whole).read_bytes()[:-100])
    with pytest.raises(SourceFileRefused) as refused:
        eu_projects_import(source="cordis", paths=[str(cut)])
    assert refused.value.code == "damaged_zip"
    assert "cordis-HORIZONprojects-csv.zip" in str(refused.value)
    assert not EuSourceFile.objects.exists()


def test_limits_refuse_a_file_beyond_them(tmp_path, monkeypatch):
    path = write_zip(tmp_path / "cordis.zip")
    monkeypatch.setattr(cordis, "MAX_ROWS", 3)
    with pytest.raises(SourceFileRefused) as refused:
        eu_projects_import(source="cordis", paths=[path])
    assert refused.value.code == "too_many_rows"
    monkeypatch.setattr(cordis, "MAX_ROWS", 1000)
    monkeypatch.setattr(cordis, "MAX_MEMBER_BYTES", 500)
    with pytest.raises(SourceFileRefused) as refused:
        eu_projects_import(source="cordis", paths=[path])
    assert refused.value.code == "too_large"
    assert not EuSourceFile.objects.exists()


def test_the_command_says_why_a_file_is_refused(tmp_path):
    path = tmp_path / "not-a-download.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "x")
    with pytest.raises(CommandError, match="project.csv saknas"):
        call_command("import_eu_projects", str(path), source="cordis")


def as_json(header, lines, numbers=()):
    """The rows as CORDIS's JSON download writes them: an array of objects, same keys."""
    reader = csv.DictReader(io.StringIO("\r\n".join([header, *lines])), delimiter=";")
    rows = []
    for row in reader:
        for key in numbers:
            row[key] = float(row[key].replace(",", ".")) if row[key] else None
        rows.append(row)
    return json.dumps(rows, indent=1, ensure_ascii=False)


def test_the_json_download_imports_as_the_csv_does(tmp_path, monkeypatch):
    # Small chunks, so that objects and values are split between reads.
    monkeypatch.setattr(cordis, "JSON_CHUNK_CHARS", 37)
    path = tmp_path / "cordis-HORIZONprojects-json.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("project.json", date_time=(2024, 3, 1, 0, 0, 0)),
            as_json(PROJECT_HEADER, PROJECTS),
        )
        archive.writestr(
            zipfile.ZipInfo("organization.json", date_time=(2024, 3, 1, 0, 0, 0)),
            as_json(ORGANISATION_HEADER, ORGANISATIONS, numbers=("ecContribution",)),
        )
    eu_projects_import(source="cordis", paths=[str(path)])
    green = EuProjectRecord.objects.get(grant_number="101056875")
    assert green.organisation_eu_contribution_eur == Decimal("812500.75")
    assert green.total_cost_eur == Decimal("4999937.50")
    assert green.coordinator_name == "Lunds universitet"
    assert sorted(EuProjectRecord.objects.values_list("grant_number", flat=True)) == [
        "101056875",
        "870337",
    ]


def test_a_cut_off_json_file_is_refused(tmp_path):
    path = tmp_path / "cut.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.json", as_json(PROJECT_HEADER, PROJECTS)[:-40])
        archive.writestr("organization.json", as_json(ORGANISATION_HEADER, ORGANISATIONS))
    with pytest.raises(SourceFileRefused) as refused:
        eu_projects_import(source="cordis", paths=[str(path)])
    assert refused.value.code == "unreadable"
    assert not EuProjectRecord.objects.exists()
