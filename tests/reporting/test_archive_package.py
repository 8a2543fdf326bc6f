"""A published version's archival package (E-ARK SIP 2.1.0, FGS Paketstruktur 2.0): its files
as published, METS.xml valid against the METS schema and the CSIP/SIP 2.1.0 schematron rules,
PREMIS valid against the PREMIS 3.0 schema, and a SHA-256 for every file that ``verify``
checks."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import etree
from openpyxl import load_workbook

from projects.models import Submission
from reporting.archive import validation
from reporting.archive.package import (
    PackageRefused,
    archive_package,
    package_name,
    package_problems,
    read_package,
    verify,
)
from reporting.memo.files import memo_publish
from reporting.memo.services import memo_create_draft
from reporting.models import ArchivePackage, PdfVariant, PublishedMemo, PublishedMemoSubmission
from tests import factories as f
from tests.reporting.memo_helpers import make_publishable

pytestmark = pytest.mark.django_db

METS = {"mets": "http://www.loc.gov/METS/", "xlink": "http://www.w3.org/1999/xlink"}
PREMIS = {"premis": "http://www.loc.gov/premis/v3"}
DATA = "representations/rep1/data/"
CREATED = datetime.datetime(2024, 4, 2, 8, 30, tzinfo=datetime.UTC)


def replaced(data: bytes, path: str, content: bytes | None) -> bytes:
    """The package zip with one file's content replaced (None: the file left out)."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for name in source.namelist():
            if name.split("/", 1)[1] == path:
                if content is not None:
                    target.writestr(name, content)
            else:
                target.writestr(name, source.read(name))
    return output.getvalue()


@pytest.fixture
def old_version(data):
    """A version published before the Word file, rows, figures and basis were kept."""
    return f.PublishedMemoFactory(
        memo=f.MemoFactory(year=2023, case_number="STK-2023-9"),
        pdf_variant=PdfVariant.ACCESSIBLE,
        published_at=datetime.datetime(2024, 3, 1, 9, 0, tzinfo=datetime.UTC),
        published_by_name="Ada Arkiv",
    )


def test_the_package_of_a_published_version_validates_as_an_archive_would(
    data, development_coordinator
):
    memo = make_publishable(memo_create_draft(year=2023, user=development_coordinator))
    published = memo_publish(memo=memo, user=development_coordinator)
    # Publishing kept the approved submissions it was published from, as they stood.
    kept = PublishedMemoSubmission.objects.filter(published=published)
    approved = Submission.objects.for_year(2023).counted()
    assert sorted(kept.values_list("submission_id", flat=True)) == sorted(
        approved.values_list("pk", flat=True)
    )
    assert [row.administration_name for row in kept] == [
        "Kulturförvaltningen",
        "Miljöförvaltningen",
    ]

    package = archive_package(published, created=CREATED, requested_by="Stina Arkivarie")
    files = read_package(package)

    # The version's files, byte for byte, and the figures it states.
    assert files[DATA + published.filename] == bytes(published.pdf)
    assert files[DATA + published.filename.replace(".pdf", ".docx")] == bytes(published.docx)
    assert files[DATA + published.rows_filename] == bytes(published.rows)
    assert json.loads(files[DATA + "siffror-2023-version-1.json"]) == published.figures
    basis = load_workbook(io.BytesIO(files[DATA + "inrapporteringar-2023-version-1.xlsx"]))
    submissions = [
        row[0] for row in basis["Inrapporteringar"].iter_rows(min_row=2, values_only=True)
    ]
    assert submissions == ["Kulturförvaltningen", "Miljöförvaltningen"]
    projects = [row[1] for row in basis["Projekt"].iter_rows(min_row=2, values_only=True)]
    assert projects == ["Läsning utan gränser", "Klimatsmart stad"]

    # METS.xml: the METS schema with the CSIP and SIP extensions, then the 2.1.0 rules.
    findings = validation.mets_findings(files["METS.xml"])
    assert validation.errors(findings) == []
    assert {finding.rule for finding in findings if finding.role == "ERROR"} <= set(
        validation.RULE_DEFECTS
    )
    mets = etree.fromstring(files["METS.xml"])
    assert mets.get("PROFILE") == "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
    assert mets.findtext("mets:metsHdr/mets:altRecordID", namespaces=METS) == "STK-2023-1702"

    # Every file but METS.xml is listed with its SHA-256 and size, and they are right.
    listed = {}
    for element in mets.iterfind(".//mets:file", METS):
        href = element.find("mets:FLocat", METS).get(f"{{{METS['xlink']}}}href")
        listed[href] = (element.get("CHECKSUM"), int(element.get("SIZE")))
    reference = mets.find(".//mets:mdRef", METS)
    listed[reference.get(f"{{{METS['xlink']}}}href")] = (
        reference.get("CHECKSUM"),
        int(reference.get("SIZE")),
    )
    assert set(listed) == set(files) - {"METS.xml"}
    for path, (checksum, size) in listed.items():
        assert hashlib.sha256(files[path]).hexdigest() == checksum, path
        assert len(files[path]) == size, path
    assert verify(package)

    # PREMIS: valid, the events with who did them.
    premis_data = files["metadata/preservation/premis.xml"]
    assert validation.premis_findings(premis_data) == []
    premis = etree.fromstring(premis_data)
    events = {
        event.findtext("premis:eventType", namespaces=PREMIS): event
        for event in premis.iterfind("premis:event", PREMIS)
    }
    assert set(events) == {
        "publication",
        "creation",
        "fixity check",
        "information package creation",
    }
    agents = {
        agent.findtext("premis:agentIdentifier/premis:agentIdentifierValue", namespaces=PREMIS): (
            agent.findtext("premis:agentName", namespaces=PREMIS)
        )
        for agent in premis.iterfind("premis:agent", PREMIS)
    }

    def who(event_type: str) -> set[str]:
        links = events[event_type].iterfind(
            "premis:linkingAgentIdentifier/premis:linkingAgentIdentifierValue", PREMIS
        )
        return {agents[link.text] for link in links}

    assert development_coordinator.get_full_name() in who("publication")
    assert "Stina Arkivarie" in who("information package creation")
    assert events["publication"].findtext("premis:eventDateTime", namespaces=PREMIS) == (
        published.published_at.astimezone(datetime.UTC).isoformat(timespec="seconds")[:-6] + "Z"
    )
    digests = {
        obj.findtext(".//premis:objectIdentifierValue", namespaces=PREMIS): obj.findtext(
            ".//premis:messageDigest", namespaces=PREMIS
        )
        for obj in premis.iterfind("premis:object", PREMIS)
    }
    assert digests[DATA + published.filename] == published.sha256
    formats = {
        obj.findtext(".//premis:objectIdentifierValue", namespaces=PREMIS): obj.findtext(
            ".//premis:formatName", namespaces=PREMIS
        )
        for obj in premis.iterfind("premis:object", PREMIS)
    }
    assert formats[DATA + published.filename] == "PDF/A-2a"
    assert "PDF/UA-1" not in files["documentation/om-paketet.txt"].decode()

    # Nothing of the version changed.
    stored = PublishedMemo.objects.get(pk=published.pk)
    assert stored.verify() and bytes(stored.pdf) == bytes(published.pdf)


def test_tampering_with_one_file_fails_verify(old_version):
    package = archive_package(old_version, created=CREATED)
    assert verify(package)
    pdf = DATA + old_version.filename
    changed = bytearray(read_package(package)[pdf])
    changed[-1] ^= 1
    assert package_problems(replaced(package, pdf, bytes(changed))) == [f"checksum: {pdf}"]
    assert not verify(replaced(package, pdf, bytes(changed)))
    assert package_problems(replaced(package, pdf, None)) == [f"missing: {pdf}"]
    premis = "metadata/preservation/premis.xml"
    assert not verify(replaced(package, premis, b"<premis/>"))


def test_a_file_added_to_the_package_fails_verify(old_version):
    package = archive_package(old_version, created=CREATED)
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(output, "w") as target:
        for name in source.namelist():
            target.writestr(name, source.read(name))
        target.writestr(f"{package_name(old_version)}/{DATA}extra.txt", b"added")
    assert package_problems(output.getvalue()) == [f"not listed: {DATA}extra.txt"]


def test_a_version_published_before_is_packaged_as_it_is_and_says_so(old_version):
    files = read_package(archive_package(old_version, created=CREATED))
    assert [path for path in files if path.startswith(DATA)] == [DATA + old_version.filename]
    assert files[DATA + old_version.filename] == b"%PDF-1.7 test"
    about = files["documentation/om-paketet.txt"].decode()
    assert "Word-filen (versionen publicerades innan Word-filen sparades)." in about
    assert "De godkända inrapporteringarna" in about
    # Its PDF was written before versions were PDF/A: packaged as it is, and said so.
    assert "PDF:en är skriven som PDF/UA-1, inte PDF/A" in about
    assert (
        b"<premis:formatName>PDF/UA-1</premis:formatName>"
        in files["metadata/preservation/premis.xml"]
    )
    assert validation.errors(validation.mets_findings(files["METS.xml"])) == []
    assert validation.premis_findings(files["metadata/preservation/premis.xml"]) == []


def test_the_rules_find_what_an_archive_would_refuse(old_version):
    mets = read_package(archive_package(old_version, created=CREATED))["METS.xml"]
    broken = mets.replace(b'LABEL="CSIP"', b'LABEL="Paket"').replace(
        b'OAISPACKAGETYPE="SIP"', b'OAISPACKAGETYPE="Paket"'
    )
    rules = {finding.rule for finding in validation.errors(validation.mets_findings(broken))}
    assert {"CSIP82", "schema"} <= rules


def test_no_package_is_made_of_a_version_whose_files_differ_from_their_checksums(data):
    version = f.PublishedMemoFactory.build(
        memo=f.MemoFactory(year=2023), published_by=f.DevelopmentCoordinatorFactory()
    )
    version.sha256 = "0" * 64
    with pytest.raises(PackageRefused):
        archive_package(version, created=CREATED)


def test_the_command_writes_the_package_into_a_folder(old_version, tmp_path):
    call_command("export_archive", year=2023, version=old_version.version, output=str(tmp_path))
    written = tmp_path / f"{package_name(old_version)}.zip"
    assert verify(written.read_bytes())
    with pytest.raises(CommandError):
        call_command("export_archive", year=2023, version=9, output=str(tmp_path))


def test_the_worker_makes_the_package_the_page_offers(
    client, old_version, development_coordinator, database_tasks
):
    client.force_login(development_coordinator)
    page = reverse("reporting:archive_package", args=[2023, old_version.version])
    assert "Skapa arkivpaket" in client.get(page).content.decode()
    assert client.post(page).status_code == 302
    request = ArchivePackage.objects.get(published=old_version)
    assert request.status == ArchivePackage.Status.PENDING
    download = reverse("reporting:archive_package_download", args=[2023, old_version.version])
    assert client.get(download).status_code == 404
    # The worker runs the task waiting in the database.
    from reporting.archive.files import archive_package_run

    archive_package_run(render_id=request.pk)
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert verify(response.content)
    assert "Ladda ner arkivpaketet (zip)" in client.get(page).content.decode()
    year_page = client.get(reverse("reporting:memo_year", args=[2023])).content.decode()
    assert page in year_page


def test_a_submission_reopened_since_publishing_is_said_to_have_changed(data, old_version):
    for submission in Submission.objects.for_year(2023).counted():
        PublishedMemoSubmission.objects.create(
            published=old_version,
            submission=submission,
            submission_version=submission.version,
            approved_at=submission.approved_at,
            administration_name=submission.administration_name,
        )
    # After the version was published, Culture's submission was reopened, changed and approved
    # again (a new version of it), and Environment's is back with its coordinator.
    reopened = data["small_report"].submission
    Submission.objects.filter(pk=reopened.pk).update(version=reopened.version + 1)
    returned = data["big_report"].submission
    Submission.objects.filter(pk=returned.pk).update(state=Submission.State.RETURNED)
    files = read_package(archive_package(old_version, created=CREATED))
    basis = load_workbook(io.BytesIO(files[DATA + "inrapporteringar-2023-version-1.xlsx"]))
    rows = {
        row[0]: (row[1], row[4])
        for row in basis["Inrapporteringar"].iter_rows(min_row=2, values_only=True)
    }
    assert rows == {
        "Kulturförvaltningen": ("Godkänd", "Nej"),
        "Miljöförvaltningen": ("Återskickad för komplettering", "Nej"),
    }
    about = files["documentation/om-paketet.txt"].decode()
    assert "Har öppnats igen sedan publiceringen: Kulturförvaltningen, Miljöförvaltningen." in about
    assert "De godkända inrapporteringarna" not in about
