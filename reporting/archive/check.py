"""An archival package's check: every file there, listed in ``METS.xml`` or in the METS file
of the representation it belongs to, with the size and SHA-256 listed (``package_problems``,
``verify``)."""

from __future__ import annotations

import hashlib
import io
import zipfile

from lxml import etree

from reporting.archive.mets import METS_NS, XLINK_NS

HREF = f"{{{XLINK_NS}}}href"


def read_package(data: bytes) -> dict[str, bytes]:
    """The files of a package's zip by their path from the package's root."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        roots = {name.split("/", 1)[0] for name in names}
        if len(roots) != 1:
            raise ValueError("A package unpacks to one root folder.")
        return {
            name.split("/", 1)[1]: archive.read(name) for name in names if not name.endswith("/")
        }


def _parse(data: bytes):
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def _listed(mets, folder: str) -> dict[str, tuple[str, str, str]]:
    """The files a METS document lists, by their path from the package's root (a METS file
    gives paths from its own folder): checksum type, checksum, size."""
    listed = {}
    for element in mets.iter(f"{{{METS_NS}}}file", f"{{{METS_NS}}}mdRef"):
        locator = element if element.tag.endswith("mdRef") else element.find(f"{{{METS_NS}}}FLocat")
        listed[folder + locator.get(HREF)] = (
            element.get("CHECKSUMTYPE"),
            element.get("CHECKSUM"),
            element.get("SIZE"),
        )
    return listed


def package_problems(data: bytes) -> list[str]:
    """What is wrong with a package's files: one missing, one not listed, or one whose size or
    SHA-256 differs from the METS file that lists it. Empty when every file is as listed."""
    try:
        contents = read_package(data)
        mets = _parse(contents["METS.xml"])
        listed = _listed(mets, "")
        # The representations' METS files, which the package's METS points to, list their data.
        for pointer in mets.iter(f"{{{METS_NS}}}mptr"):
            path = pointer.get(HREF)
            if path in contents:
                listed.update(_listed(_parse(contents[path]), path.rpartition("/")[0] + "/"))
    except (zipfile.BadZipFile, ValueError, KeyError, TypeError, etree.XMLSyntaxError) as error:
        return [f"unreadable: {error}"]
    problems = []
    for path, (algorithm, checksum, size) in sorted(listed.items()):
        if path not in contents:
            problems.append(f"missing: {path}")
            continue
        content = contents[path]
        if (
            algorithm != "SHA-256"
            or hashlib.sha256(content).hexdigest() != checksum
            or str(len(content)) != size
        ):
            problems.append(f"checksum: {path}")
    problems += [
        f"not listed: {path}" for path in sorted(set(contents) - set(listed) - {"METS.xml"})
    ]
    return problems


def verify(data: bytes) -> bool:
    """Whether every file of the package is there, listed, and as its checksum says."""
    return not package_problems(data)
