"""A published version's archival package: an E-ARK SIP 2.1.0 (FGS Paketstruktur 2.0) zip with
the PDF, the Word file, the rows workbook, the figures as JSON and the approved submissions
behind them, METS.xml (the representation's too), Dublin Core, PREMIS and a SHA-256 for every
file (``archive_package``); checked by ``reporting.archive.check``.

Only reads: a version's stored files are packaged byte for byte, never made again."""

from __future__ import annotations

import datetime
import io
import json
import tomllib
import zipfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reporting.archive.basis import basis_workbook, published_basis
from reporting.archive.descriptive import dublin_core_xml
from reporting.archive.mets import (
    DESCRIPTIVE_PATH,
    DOCUMENTATION,
    PREMIS_PATH,
    REPRESENTATION,
    REPRESENTATION_METS,
    SCHEMAS,
    Agent,
    PackageEvent,
    PackageFile,
    PackageHeader,
    mets_xml,
    premis_xml,
    representation_mets_xml,
)
from reporting.archive.validation import RESOURCES
from reporting.memo.docx import DOCX_CONTENT_TYPE, published_docx_filename
from reporting.memo.record import published_record_facts
from reporting.memo.services import MEMO_LANGUAGE
from reporting.models import PdfVariant, PublishedMemo

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATA = "representations/rep1/data/"
SOFTWARE_NAME = "Redovisning av internationellt arbete"
SCHEMA_FILES = (
    ("mets.xsd", RESOURCES / "schema" / "mets.xsd"),
    ("xlink.xsd", RESOURCES / "schema" / "xlink.xsd"),
    ("DILCISExtensionMETS.xsd", RESOURCES / "schema" / "DILCISExtensionMETS.xsd"),
    ("DILCISExtensionSIPMETS.xsd", RESOURCES / "schema" / "DILCISExtensionSIPMETS.xsd"),
    ("premis-v3-0.xsd", RESOURCES / "premis" / "premis-v3-0.xsd"),
)


# The standard each version's PDF was written to, as PREMIS names its format: name, version.
PDF_FORMATS = {
    PdfVariant.ARCHIVAL: ("PDF/A-2a", "ISO 19005-2:2011, level a"),
    PdfVariant.ACCESSIBLE: ("PDF/UA-1", "ISO 14289-1:2014"),
}


class PackageRefused(Exception):
    """The version's stored files are not as published: no package is made of them."""


def software_version() -> str:
    pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
    with pyproject.open("rb") as file:
        return tomllib.load(file)["project"]["version"]


def package_name(published: PublishedMemo) -> str:
    """The package's identifier, its root folder and (with ``.zip``) its file name."""
    return f"arkivpaket-internationellt-arbete-{published.year}-version-{published.version}"


def _stored_files(published: PublishedMemo) -> list[PackageFile]:
    """The files stored at publishing, byte for byte."""
    at = published.published_at
    files = [
        PackageFile(
            DATA + published.filename,
            bytes(published.pdf),
            "application/pdf",
            REPRESENTATION,
            at,
            *PDF_FORMATS.get(published.pdf_variant, ("Portable Document Format", "")),
        ),
    ]
    if published.has_docx:
        files.append(
            PackageFile(
                DATA + published_docx_filename(published),
                bytes(published.docx),
                DOCX_CONTENT_TYPE,
                REPRESENTATION,
                at,
                "Office Open XML Document",
            )
        )
    if published.has_rows:
        files.append(
            PackageFile(
                DATA + published.rows_filename,
                bytes(published.rows),
                XLSX,
                REPRESENTATION,
                at,
                "Office Open XML Workbook",
            )
        )
    return files


def _missing(published: PublishedMemo, basis) -> list[str]:
    """What a version published before it was stored does not have (in the memo's language)."""
    missing = []
    if not published.has_docx:
        missing.append(_("Word-filen (versionen publicerades innan Word-filen sparades)."))
    if not published.has_rows:
        missing.append(_("Underlaget i Excel (versionen publicerades innan det sparades)."))
    if published.figures is None:
        missing.append(_("Siffrorna som JSON (versionen publicerades innan de sparades)."))
    if not basis:
        missing.append(
            _(
                "De godkända inrapporteringarna (versionen publicerades innan det sparades "
                "vilka den publicerades från)."
            )
        )
    return missing


def _documentation(published: PublishedMemo, missing, basis, created) -> str:
    lines = [
        _("Arkivpaket för %(title)s, version %(version)s.")
        % {
            "title": published.title,
            "version": published.version,
        },
        _("Publicerad %(date)s av %(name)s. Diarienummer: %(case)s.")
        % {
            "date": timezone.localtime(published.published_at).strftime("%Y-%m-%d %H:%M"),
            "name": published.published_by_name,
            "case": published.case_number or "–",
        },
        _("Paketet skapades %(date)s enligt E-ARK CSIP och SIP 2.1.0 (FGS Paketstruktur 2.0).")
        % {"date": timezone.localtime(created).strftime("%Y-%m-%d %H:%M")},
        "",
        _(
            "PDF:en, Word-filen och underlaget är de filer som sparades vid publiceringen, "
            "oförändrade. Siffrorna (JSON) är de som versionen anger."
        ),
    ]
    if published.pdf_variant != PdfVariant.ARCHIVAL:
        lines.append(
            _(
                "PDF:en är skriven som %(variant)s, inte PDF/A: versionen publicerades innan "
                "publicerade versioner skrevs som PDF/A, och den arkiveras som den publicerades."
            )
            % {"variant": published.get_pdf_variant_display()}
        )
    changed = [row.kept.administration_name for row in basis if not row.unchanged]
    if changed:
        lines.append(
            _(
                "Har öppnats igen sedan publiceringen: %(names)s. Arbetsboken visar dem som de "
                "är nu."
            )
            % {"names": ", ".join(changed)}
        )
    if missing:
        lines += ["", _("Versionen publicerades innan detta sparades och saknas därför:")]
        lines += [f"- {item}" for item in missing]
    return "\n".join(lines) + "\n"


def package_contents(
    published: PublishedMemo, *, created: datetime.datetime, requested_by: str = ""
) -> dict[str, bytes]:
    """Every file of the package by its path from the package's root, METS.xml included."""
    if not published.verify():
        raise PackageRefused(published.pk)
    facts = published_record_facts(published)
    basis = published_basis(published)
    files = _stored_files(published)
    made_here = []
    if published.figures is not None:
        figures = json.dumps(published.figures, ensure_ascii=False, indent=2, sort_keys=True)
        made_here.append(
            PackageFile(
                DATA + f"siffror-{published.year}-version-{published.version}.json",
                figures.encode(),
                "application/json",
                REPRESENTATION,
                created,
                "JSON",
            )
        )
    if basis:
        made_here.append(
            PackageFile(
                DATA + f"inrapporteringar-{published.year}-version-{published.version}.xlsx",
                basis_workbook(published, basis),
                XLSX,
                REPRESENTATION,
                created,
                "Office Open XML Workbook",
            )
        )
    missing = _missing(published, basis)
    about = PackageFile(
        "documentation/om-paketet.txt",
        _documentation(published, missing, basis, created).encode(),
        "text/plain",
        DOCUMENTATION,
        created,
        "Plain text",
    )
    schemas = [
        PackageFile(
            f"schemas/{name}",
            path.read_bytes(),
            "application/xml",
            SCHEMAS,
            created,
            "XML Schema",
            "1.0",
        )
        for name, path in SCHEMA_FILES
    ]
    software = Agent("software", SOFTWARE_NAME, "software", note=software_version())
    org = Agent(
        "organisation",
        facts.organisation,
        "organization",
        identifier_type="organisationsnummer",
        identifier=facts.organisation_number,
    )
    publisher = Agent(f"user-{published.published_by_id}", published.published_by_name, "person")
    submitter = Agent("submitter", requested_by, "person") if requested_by else None
    header = PackageHeader(
        object_id=package_name(published),
        label=f"{published.title}, version {published.version}",
        content_type=_("Publicerad tjänsteskrivelse med underlag"),
        created=created,
        software=software,
        archivist=org,
        submitter=submitter,
        reference_code=published.case_number,
    )
    content = files + made_here
    descriptive = PackageFile(
        DESCRIPTIVE_PATH,
        dublin_core_xml(facts, about=header.content_type),
        "text/xml",
        "",
        created,
        "Dublin Core",
        "1.1",
    )
    representation = PackageFile(
        REPRESENTATION_METS,
        representation_mets_xml(header, content),
        "application/xml",
        REPRESENTATION,
        created,
        "METS",
        "1.12",
    )
    made_for_package = [about, descriptive, representation]
    events = [
        PackageEvent(
            "publication",
            "publication",
            published.published_at,
            _("Version %(version)s publicerad.") % {"version": published.version},
            [(publisher, "implementer"), (org, "authorizer")],
            files,
        ),
        PackageEvent(
            "creation",
            "creation",
            published.published_at,
            _("Filerna skrevs vid publiceringen; deras SHA-256 sparades med versionen."),
            [(software, "executing program")],
            files,
        ),
        PackageEvent(
            "fixity-check",
            "fixity check",
            created,
            _("De sparade filernas SHA-256 stämmer med dem som sparades vid publiceringen."),
            [(software, "executing program")],
            files,
        ),
        PackageEvent(
            "package-creation",
            "information package creation",
            created,
            _("Arkivpaketet skapades.") + ("" if not missing else " " + " ".join(missing)),
            [(software, "executing program")] + ([(submitter, "implementer")] if submitter else []),
            made_here + made_for_package,
        ),
    ]
    premis = PackageFile(
        PREMIS_PATH,
        premis_xml(content + made_for_package, events),
        "text/xml",
        "",
        created,
        "PREMIS",
        "3.0",
    )
    contents = {
        package_file.path: package_file.data
        for package_file in [premis, *schemas, *content, *made_for_package]
    }
    contents["METS.xml"] = mets_xml(header, [about, *schemas], premis, descriptive, representation)
    return contents


def archive_package(
    published: PublishedMemo, *, created: datetime.datetime | None = None, requested_by: str = ""
) -> bytes:
    """The zip of the package, its files under one root folder named after the package."""
    created = created or timezone.now()
    with translation.override(MEMO_LANGUAGE):
        contents = package_contents(published, created=created, requested_by=requested_by)
    root = package_name(published)
    output = io.BytesIO()
    stamp = timezone.localtime(created).timetuple()[:6]
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(contents):
            info = zipfile.ZipInfo(f"{root}/{path}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, contents[path])
    return output.getvalue()
