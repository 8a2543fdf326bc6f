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
from pypdf import PdfReader

from projects.models import Submission
from reporting.archive import validation
from reporting.archive.check import package_problems, read_package, verify
from reporting.archive.package import PackageRefused, archive_package, package_name
from reporting.memo.files import memo_publish
from reporting.memo.pdf import memo_pdf
from reporting.memo.services import memo_create_draft, memo_figures
from reporting.models import ArchivePackage, PdfVariant, PublishedMemo, PublishedMemoSubmission
from tests import factories as f
from tests.reporting.memo_helpers import make_publishable
from tests.reporting.test_memo_archival import PDFAID, PDFUAID, xmp_value

pytestmark = pytest.mark.django_db

METS = {
    "mets": "http://www.loc.gov/METS/",
    "xlink": "http://www.w3.org/1999/xlink",
    "csip": "https://DILCIS.eu/XML/METS/CSIPExtensionMETS",
}
HREF = "{http://www.w3.org/1999/xlink}href"
SIP = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
REP_METS = "representations/rep1/METS.xml"
PREMIS = {"premis": "http://www.loc.gov/premis/v3"}
DATA = "representations/rep1/data/"
CREATED = datetime.datetime(2024, 4, 2, 8, 30, tzinfo=datetime.UTC)


def listed_files(mets, folder: str) -> dict[str, tuple[str, int]]:
    """The files a METS document lists with their SHA-256 and size, by path from the root."""
    listed = {}
    for element in mets.iterfind(".//mets:file", METS):
        href = element.find("mets:FLocat", METS).get(HREF)
        listed[folder + href] = (element.get("CHECKSUM"), int(element.get("SIZE")))
    for reference in mets.iterfind(".//mets:mdRef", METS):
        listed[folder + reference.get(HREF)] = (
            reference.get("CHECKSUM"),
            int(reference.get("SIZE")),
        )
    return listed


def premis_formats(premis) -> dict[str, str]:
    """The format PREMIS names for each file, by its path."""
    return {
        obj.findtext(".//premis:objectIdentifierValue", namespaces=PREMIS): obj.findtext(
            ".//premis:formatName", namespaces=PREMIS
        )
        for obj in premis.iterfind("premis:object", PREMIS)
    }


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

    # METS.xml: the METS schema with the CSIP and SIP extensions, then the 2.1.0 rules: no
    # error but the shipped rule's defect (see the test below), and no warning.
    findings = validation.mets_findings(files["METS.xml"])
    assert validation.errors(findings) == []
    assert [finding.rule for finding in findings if finding.role != "INFO"] == ["SIP14"]
    assert validation.representation_findings(files[REP_METS]) == []
    mets = etree.fromstring(files["METS.xml"])
    assert mets.get("PROFILE") == "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
    assert mets.findtext("mets:metsHdr/mets:altRecordID", namespaces=METS) == "STK-2023-1702"
    # SIP14 as the specification states it: the archival creator's note is typed.
    archivist = mets.find("mets:metsHdr/mets:agent[@ROLE='ARCHIVIST']/mets:note", METS)
    assert archivist.get(f"{{{METS['csip']}}}NOTETYPE") == "IDENTIFICATIONCODE"

    # The descriptive metadata: Dublin Core with the title, organisation, case number, year.
    dmd = mets.find("mets:dmdSec/mets:mdRef", METS)
    assert (dmd.get("MDTYPE"), dmd.get(HREF)) == ("DC", "metadata/descriptive/dc.xml")
    assert mets.find("mets:structMap//mets:div[@LABEL='Metadata']", METS).get("DMDID") == (
        mets.find("mets:dmdSec", METS).get("ID")
    )
    dc = etree.fromstring(files["metadata/descriptive/dc.xml"])
    described = {etree.QName(element).localname: element.text for element in dc}
    assert described["title"] == "Redovisning av internationellt arbete 2023"
    assert described["publisher"] == "Malmö stad"
    assert described["identifier"] == "STK-2023-1702"
    assert described["coverage"] == "2023"

    # The representation has its own METS, which the package's METS lists and points to.
    representation = mets.find(
        "mets:structMap//mets:div[@LABEL='Representations/rep1']/mets:mptr", METS
    )
    assert representation.get(HREF) == REP_METS
    assert [
        element.get(HREF)
        for element in mets.iterfind(".//mets:fileGrp/mets:file/mets:FLocat", METS)
    ][-1:] == [REP_METS]

    # Every file but METS.xml is listed with its SHA-256 and size, in METS.xml or (the data)
    # in the representation's METS, by its path from there; and they are right.
    listed = listed_files(mets, "")
    listed |= listed_files(etree.fromstring(files[REP_METS]), "representations/rep1/")
    assert set(listed) == set(files) - {"METS.xml"}
    assert set(listed_files(mets, "")) == {
        path for path in files if not path.startswith(DATA) and path != "METS.xml"
    }
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
    assert premis_formats(premis)[DATA + published.filename] == "PDF/A-2a"
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
    descriptive = "metadata/descriptive/dc.xml"
    assert package_problems(replaced(package, descriptive, b"<dc/>")) == [
        f"checksum: {descriptive}"
    ]
    # The PDF lies in the representation: changed together with the checksum its METS lists,
    # the representation's METS no longer matches the package's.
    files = read_package(package)
    checksum = hashlib.sha256(files[pdf]).hexdigest().encode()
    rep_mets = files[REP_METS].replace(
        checksum, hashlib.sha256(bytes(changed)).hexdigest().encode()
    )
    both = replaced(replaced(package, pdf, bytes(changed)), REP_METS, rep_mets)
    assert package_problems(both) == [f"checksum: {REP_METS}"]


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


def test_a_pdf_ua_version_is_packaged_byte_for_byte_and_its_format_named(data):
    """A version published before PDF/A, with the PDF/UA-1 file the drafts still are: the
    package carries those bytes, and its METS and PREMIS name the format as PDF/UA-1."""
    memo = f.MemoFactory(year=2023, case_number="STK-2023-9")
    pdf = memo_pdf(memo_figures(2023), memo)
    old = f.PublishedMemoFactory(memo=memo, pdf=pdf, pdf_variant=PdfVariant.ACCESSIBLE)
    package = archive_package(old, created=CREATED)
    files = read_package(package)
    packaged = files[DATA + old.filename]
    assert packaged == pdf and verify(package)
    xmp = PdfReader(io.BytesIO(packaged)).xmp_metadata
    assert xmp_value(xmp, PDFUAID, "part") == "1"
    assert xmp_value(xmp, PDFAID, "part") is None
    rep = etree.fromstring(files[REP_METS])
    (entry,) = [
        element
        for element in rep.iterfind(".//mets:file", METS)
        if element.find("mets:FLocat", METS).get(HREF) == "data/" + old.filename
    ]
    assert entry.get(f"{{{SIP}}}FILEFORMATNAME") == "PDF/UA-1"
    assert "inte PDF/A" in files["documentation/om-paketet.txt"].decode()
    premis = etree.fromstring(files["metadata/preservation/premis.xml"])
    assert premis_formats(premis)[DATA + old.filename] == "PDF/UA-1"
    assert validation.representation_findings(files[REP_METS]) == []


# The METS header of the E-ARK SIP 2.1.0 profile's own example package (its Appendix 1): the
# CSIP software agent and the archival creator agent, exactly as the specification gives them.
SPECIFICATION_AGENTS = b"""
    <mets:agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="SOFTWARE">
      <mets:name>RODA-in</mets:name>
      <mets:note csip:NOTETYPE="SOFTWARE VERSION">2.1.0-beta.7</mets:note>
    </mets:agent>
    <mets:agent ROLE="ARCHIVIST" TYPE="ORGANIZATION">
      <mets:name>The Swedish health agency</mets:name>
      <mets:note csip:NOTETYPE="IDENTIFICATIONCODE">VAT:SE201345098701</mets:note>
    </mets:agent>
"""


def with_agents(mets: bytes, agents: bytes) -> bytes:
    start = mets.index(b"<mets:agent ")
    end = mets.rindex(b"</mets:agent>") + len(b"</mets:agent>")
    return mets[:start] + agents + mets[end:]


def error_rules(mets: bytes) -> set[str]:
    return {f.rule for f in validation.mets_findings(mets) if f.role == "ERROR"}


def test_the_shipped_sip14_rule_fails_the_specifications_own_example(old_version):
    """SIP14 is kept in ``RULE_DEFECTS`` because no package can pass it: the specification's
    example fails it, and each way of passing it breaks the METS schema or CSIP15/16."""
    mets = read_package(archive_package(old_version, created=CREATED))["METS.xml"]
    # The specification's agents: valid against the schema and every other rule; SIP14 fails.
    assert error_rules(with_agents(mets, SPECIFICATION_AGENTS)) == {"SIP14"}
    # The unprefixed NOTETYPE the shipped rule asks for: the METS schema refuses it.
    unprefixed = SPECIFICATION_AGENTS.replace(
        b'csip:NOTETYPE="SOFTWARE VERSION"',
        b'csip:NOTETYPE="SOFTWARE VERSION" NOTETYPE="IDENTIFICATIONCODE"',
    )
    assert error_rules(with_agents(mets, unprefixed)) == {"schema"}
    # The software agent without its note: CSIP15 and CSIP16 fail.
    without_note = SPECIFICATION_AGENTS.replace(
        b'<mets:note csip:NOTETYPE="SOFTWARE VERSION">2.1.0-beta.7</mets:note>', b""
    )
    assert error_rules(with_agents(mets, without_note)) == {"CSIP15", "CSIP16"}
    assert set(validation.RULE_DEFECTS) == {"SIP14"}


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
