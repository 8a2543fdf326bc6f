"""The METS files of an archival package (E-ARK CSIP/SIP 2.1.0: the package's ``METS.xml`` and
the representation's) and its PREMIS 3.0 preservation metadata, written from what the package
holds (``PackageFile``) and what happened to it (``PackageEvent``)."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree

METS_NS = "http://www.loc.gov/METS/"
CSIP_NS = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP_NS = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
XLINK_NS = "http://www.w3.org/1999/xlink"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
PREMIS_NS = "http://www.loc.gov/premis/v3"

SIP_PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
# The groups of files a CSIP package has, and the divisions of its structural map.
DOCUMENTATION, SCHEMAS, REPRESENTATION = "Documentation", "Schemas", "Representations/rep1"
PREMIS_PATH = "metadata/preservation/premis.xml"
DESCRIPTIVE_PATH = "metadata/descriptive/dc.xml"
REPRESENTATION_FOLDER = "representations/rep1/"
REPRESENTATION_METS = REPRESENTATION_FOLDER + "METS.xml"
SCHEMA_LOCATIONS = (
    (METS_NS, "schemas/mets.xsd"),
    (XLINK_NS, "schemas/xlink.xsd"),
    (CSIP_NS, "schemas/DILCISExtensionMETS.xsd"),
    (SIP_NS, "schemas/DILCISExtensionSIPMETS.xsd"),
)


@dataclass(frozen=True)
class PackageFile:
    """A file of the package: where it lies (from the package's root), its bytes, its media
    type, the group it belongs to, when it was made, and its format for PREMIS."""

    path: str
    data: bytes
    mimetype: str
    group: str
    created: datetime.datetime
    format_name: str
    format_version: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def id(self) -> str:
        """An XML id from the path (ids may not start with a digit or hold a slash)."""
        return "file-" + "".join(c if c.isalnum() or c in "-_." else "-" for c in self.path)


@dataclass(frozen=True)
class Agent:
    """Who or what acted: ``kind`` is PREMIS's agent type (person, organization, software)."""

    id: str
    name: str
    kind: str
    identifier_type: str = "local"
    identifier: str = ""
    note: str = ""


@dataclass(frozen=True)
class PackageEvent:
    """Something that happened to files of the package, when, by whom, in what role."""

    id: str
    type: str
    at: datetime.datetime
    detail: str
    agents: Sequence[tuple[Agent, str]]
    files: Sequence[PackageFile] = field(default_factory=tuple)
    outcome: str = "success"


def _when(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _tostring(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _sub(parent, namespace: str, tag: str, text: str | None = None, **attributes):
    element = etree.SubElement(parent, f"{{{namespace}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _p(parent, tag: str, text: str | None = None, **attributes):
    return _sub(parent, PREMIS_NS, tag, text, **attributes)


def premis_xml(files: Sequence[PackageFile], events: Sequence[PackageEvent]) -> bytes:
    """PREMIS 3.0: an object per file (SHA-256, size, format), the events and their agents."""
    root = etree.Element(
        f"{{{PREMIS_NS}}}premis", nsmap={"premis": PREMIS_NS, "xsi": XSI_NS}, version="3.0"
    )
    for package_file in files:
        obj = _p(root, "object", **{f"{{{XSI_NS}}}type": "premis:file"})
        identifier = _p(obj, "objectIdentifier")
        _p(identifier, "objectIdentifierType", "local")
        _p(identifier, "objectIdentifierValue", package_file.path)
        characteristics = _p(obj, "objectCharacteristics")
        _p(characteristics, "compositionLevel", "0")
        fixity = _p(characteristics, "fixity")
        _p(fixity, "messageDigestAlgorithm", "SHA-256")
        _p(fixity, "messageDigest", package_file.sha256)
        _p(characteristics, "size", str(package_file.size))
        designation = _p(_p(characteristics, "format"), "formatDesignation")
        _p(designation, "formatName", package_file.format_name)
        if package_file.format_version:
            _p(designation, "formatVersion", package_file.format_version)
        _p(obj, "originalName", package_file.path.rsplit("/", 1)[-1])
    agents = {}
    for event in events:
        element = _p(root, "event")
        identifier = _p(element, "eventIdentifier")
        _p(identifier, "eventIdentifierType", "local")
        _p(identifier, "eventIdentifierValue", event.id)
        _p(element, "eventType", event.type)
        _p(element, "eventDateTime", _when(event.at))
        _p(_p(element, "eventDetailInformation"), "eventDetail", event.detail)
        _p(_p(element, "eventOutcomeInformation"), "eventOutcome", event.outcome)
        for agent, role in event.agents:
            agents[agent.id] = agent
            link = _p(element, "linkingAgentIdentifier")
            _p(link, "linkingAgentIdentifierType", "local")
            _p(link, "linkingAgentIdentifierValue", agent.id)
            _p(link, "linkingAgentRole", role)
        for package_file in event.files:
            link = _p(element, "linkingObjectIdentifier")
            _p(link, "linkingObjectIdentifierType", "local")
            _p(link, "linkingObjectIdentifierValue", package_file.path)
    for agent in agents.values():
        element = _p(root, "agent")
        identifier = _p(element, "agentIdentifier")
        _p(identifier, "agentIdentifierType", "local")
        _p(identifier, "agentIdentifierValue", agent.id)
        if agent.identifier:
            other = _p(element, "agentIdentifier")
            _p(other, "agentIdentifierType", agent.identifier_type)
            _p(other, "agentIdentifierValue", agent.identifier)
        _p(element, "agentName", agent.name)
        _p(element, "agentType", agent.kind)
        if agent.note:
            _p(element, "agentNote", agent.note)
    return _tostring(root)


@dataclass(frozen=True)
class PackageHeader:
    """What METS.xml says of the package as a whole."""

    object_id: str
    label: str
    content_type: str
    created: datetime.datetime
    software: Agent
    archivist: Agent
    submitter: Agent | None = None
    reference_code: str = ""


def _m(parent, tag: str, text: str | None = None, **attributes):
    return _sub(parent, METS_NS, tag, text, **attributes)


def _locator(package_file: PackageFile, folder: str = "") -> dict:
    return {
        "LOCTYPE": "URL",
        f"{{{XLINK_NS}}}type": "simple",
        f"{{{XLINK_NS}}}href": package_file.path.removeprefix(folder),
    }


def _checked(package_file: PackageFile) -> dict:
    return {
        "MIMETYPE": package_file.mimetype,
        "SIZE": str(package_file.size),
        "CREATED": _when(package_file.created),
        "CHECKSUM": package_file.sha256,
        "CHECKSUMTYPE": "SHA-256",
    }


def _header(root, header: PackageHeader) -> None:
    hdr = _m(
        root,
        "metsHdr",
        CREATEDATE=_when(header.created),
        LASTMODDATE=_when(header.created),
        RECORDSTATUS="NEW",
        **{f"{{{CSIP_NS}}}OAISPACKAGETYPE": "SIP"},
    )
    software = _m(hdr, "agent", ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    _m(software, "name", header.software.name)
    _m(software, "note", header.software.note, **{f"{{{CSIP_NS}}}NOTETYPE": "SOFTWARE VERSION"})
    archivist = _m(hdr, "agent", ROLE="ARCHIVIST", TYPE="ORGANIZATION")
    _m(archivist, "name", header.archivist.name)
    if header.archivist.identifier:
        _m(
            archivist,
            "note",
            header.archivist.identifier,
            **{f"{{{CSIP_NS}}}NOTETYPE": "IDENTIFICATIONCODE"},
        )
    if header.submitter is not None:
        submitter = _m(hdr, "agent", ROLE="OTHER", OTHERROLE="SUBMITTER", TYPE="INDIVIDUAL")
        _m(submitter, "name", header.submitter.name)
    if header.reference_code:
        _m(hdr, "altRecordID", header.reference_code, TYPE="REFERENCECODE")


def _root(header: PackageHeader, object_id: str, up: str = ""):
    """The ``mets`` element with its header; ``up`` leads from the METS file's folder to the
    package's root, where the schemas lie."""
    root = etree.Element(
        f"{{{METS_NS}}}mets",
        nsmap={"mets": METS_NS, "csip": CSIP_NS, "sip": SIP_NS, "xlink": XLINK_NS, "xsi": XSI_NS},
        OBJID=object_id,
        LABEL=header.label,
        TYPE="Mixed",
        PROFILE=SIP_PROFILE,
        **{
            f"{{{CSIP_NS}}}CONTENTINFORMATIONTYPE": "OTHER",
            f"{{{CSIP_NS}}}OTHERCONTENTINFORMATIONTYPE": header.content_type,
            f"{{{XSI_NS}}}schemaLocation": " ".join(
                f"{namespace} {up}{location}" for namespace, location in SCHEMA_LOCATIONS
            ),
        },
    )
    _header(root, header)
    return root


def _file_group(file_sec, header: PackageHeader, use: str, group_id: str, members, folder=""):
    """A file group; ``folder`` is where the METS file lies, its paths start from there."""
    # On every group, not only a representation's: CSIP63 as the 2.1.0 schematron states it
    # fails a group without the pair.
    element = _m(
        file_sec,
        "fileGrp",
        USE=use,
        ID=group_id,
        **{
            f"{{{CSIP_NS}}}CONTENTINFORMATIONTYPE": "OTHER",
            f"{{{CSIP_NS}}}OTHERCONTENTINFORMATIONTYPE": header.content_type,
        },
    )
    for package_file in members:
        # SIP32/SIP33: the format, so that an older version's PDF says it is not PDF/A.
        file_format = {f"{{{SIP_NS}}}FILEFORMATNAME": package_file.format_name}
        if package_file.format_version:
            file_format[f"{{{SIP_NS}}}FILEFORMATVERSION"] = package_file.format_version
        file_element = _m(
            element, "file", ID=package_file.id, **_checked(package_file), **file_format
        )
        _m(file_element, "FLocat", **_locator(package_file, folder))


def representation_mets_xml(header: PackageHeader, files: Sequence[PackageFile]) -> bytes:
    """The METS file of the representation (``representations/rep1/METS.xml``): its data
    files with their SHA-256, paths from the representation's folder."""
    root = _root(header, f"{header.object_id}-rep1", up="../../")
    file_sec = _m(root, "fileSec", ID="filesec-rep1")
    members = [package_file for package_file in files if package_file.group == REPRESENTATION]
    _file_group(file_sec, header, "Data", "filegrp-rep1-data", members, REPRESENTATION_FOLDER)
    struct_map = _m(root, "structMap", ID="structmap-rep1", TYPE="PHYSICAL", LABEL="CSIP")
    representation = _m(struct_map, "div", ID="div-rep1", LABEL="rep1")
    data = _m(representation, "div", ID="div-rep1-data", LABEL="Data")
    _m(data, "fptr", FILEID="filegrp-rep1-data")
    return _tostring(root)


def mets_xml(
    header: PackageHeader,
    files: Sequence[PackageFile],
    premis: PackageFile,
    descriptive: PackageFile,
    representation: PackageFile,
) -> bytes:
    """The package's METS.xml: header, the descriptive and the PREMIS file, the documentation,
    the schemas and the representation's METS file with their SHA-256, and the CSIP
    structural map pointing to the representation's METS."""
    root = _root(header, header.object_id)
    dmd = _m(root, "dmdSec", ID="dmdsec-dc", CREATED=_when(descriptive.created), STATUS="CURRENT")
    _m(dmd, "mdRef", MDTYPE="DC", **_locator(descriptive), **_checked(descriptive))
    amd = _m(root, "amdSec", ID="amdsec")
    digiprov = _m(amd, "digiprovMD", ID="digiprov-premis", STATUS="CURRENT")
    _m(digiprov, "mdRef", MDTYPE="PREMIS", **_locator(premis), **_checked(premis))

    file_sec = _m(root, "fileSec", ID="filesec")
    for group in (DOCUMENTATION, SCHEMAS):
        members = [package_file for package_file in files if package_file.group == group]
        _file_group(file_sec, header, group, f"filegrp-{group.lower()}", members)
    _file_group(file_sec, header, REPRESENTATION, "filegrp-rep1", [representation])

    struct_map = _m(root, "structMap", ID="structmap-csip", TYPE="PHYSICAL", LABEL="CSIP")
    package = _m(struct_map, "div", ID="div-package", LABEL=header.object_id)
    _m(
        package,
        "div",
        ID="div-metadata",
        LABEL="Metadata",
        ADMID="digiprov-premis",
        DMDID="dmdsec-dc",
    )
    for group_id, label in (
        ("filegrp-documentation", "Documentation"),
        ("filegrp-schemas", "Schemas"),
    ):
        _m(_m(package, "div", ID=f"div-{label.lower()}", LABEL=label), "fptr", FILEID=group_id)
    representations = _m(package, "div", ID="div-representations", LABEL="Representations")
    _m(representations, "fptr", FILEID="filegrp-rep1")
    _m(
        _m(representations, "div", ID="div-representation-rep1", LABEL=REPRESENTATION),
        "mptr",
        **{**_locator(representation), f"{{{XLINK_NS}}}title": "filegrp-rep1"},
    )
    return _tostring(root)
