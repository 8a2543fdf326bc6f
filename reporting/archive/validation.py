"""Validating a package's METS.xml and PREMIS file as an archive would, without the network.

The METS schema with the DILCIS CSIP and SIP extensions, the E-ARK CSIP and SIP 2.1.0
schematron rules (their vocabulary placeholders filled from the vocabularies beside them) and
the PREMIS 3.0 schema, all read from ``resources/`` (see its README)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree
from lxml.isoschematron import Schematron

RESOURCES = Path(__file__).parent / "resources"
SCHEMA = RESOURCES / "schema"
SVRL = "{http://purl.oclc.org/dsdl/svrl}"

# The placeholders in the schematron rules, and the vocabulary each is filled from.
VOCABULARIES = {
    "@TYPE": "CSIPVocabularyContentCategory.xml",
    "@csip:CONTENTINFORMATIONTYPE": "CSIPVocabularyContentInformationType.xml",
    "@csip:OAISPACKAGETYPE": "CSIPVocabularyOAISPackageType.xml",
    "@STATUS": "CSIPVocabularyStatus.xml",
}
# Schemas named by their address on the web, read from the local copy instead.
LOCAL_COPIES = {
    "http://www.loc.gov/standards/xlink/xlink.xsd": SCHEMA / "xlink.xsd",
    "http://www.w3.org/XML/2008/06/xlink.xsd": SCHEMA / "xlink.xsd",
    "http://www.w3.org/2001/xml.xsd": SCHEMA / "xml.xsd",
    "http://www.loc.gov/standards/mets/mets.xsd": SCHEMA / "mets.xsd",
}
# Rules of the 2.1.0 schematron as shipped that no METS document valid against the METS schema
# can pass: listed with the reason, and not counted as errors (``errors``).
RULE_DEFECTS = {
    "SIP14": (
        "SIP 2.1.0's SIP14 asks the archival creator agent's note (ROLE='ARCHIVIST') for "
        "csip:NOTETYPE='IDENTIFICATIONCODE'; the shipped rule asks every CREATOR agent's note "
        "for an unprefixed NOTETYPE instead, which the METS schema does not allow on mets:note "
        "(only attributes of other namespaces), while CSIP11 to CSIP16 require a CREATOR "
        "agent whose one note has csip:NOTETYPE='SOFTWARE VERSION'"
    ),
}


@dataclass(frozen=True)
class Finding:
    """A failed rule: its id (a schematron assert's, or ``schema``), role and message."""

    rule: str
    role: str
    message: str


class LocalSchemas(etree.Resolver):
    """Resolves the schemas a schema imports by their web address to the copies here."""

    def resolve(self, url, public_id, context):
        local = LOCAL_COPIES.get(url)
        if local is not None:
            return self.resolve_filename(str(local), context)
        return None


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(LocalSchemas())
    return parser


@cache
def mets_schema() -> etree.XMLSchema:
    """The METS schema with the CSIP and SIP extensions (``mets.sip.local.v2-0.xsd``)."""
    return etree.XMLSchema(etree.parse(str(SCHEMA / "mets.sip.local.v2-0.xsd"), _parser()))


@cache
def premis_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(RESOURCES / "premis" / "premis-v3-0.xsd"), _parser()))


def _terms(filename: str) -> list[str]:
    tree = etree.parse(str(RESOURCES / "vocabs" / filename), _parser())
    return [term.text for term in tree.iter("{*}Term")]


def _either(attribute: str, values: list[str]) -> str:
    return " or ".join(f"({attribute} = '{value}')" for value in values)


@cache
def _placeholders() -> dict[str, str]:
    tests = {
        f"{attribute}_vocabulary_test": _either(attribute, _terms(filename))
        for attribute, filename in VOCABULARIES.items()
    }
    media_types = (RESOURCES / "vocabs" / "IANA.txt").read_text(encoding="utf-8").split()
    tests["@MIMETYPE_IANA_test"] = _either("@MIMETYPE", media_types)
    return tests


@cache
def schematron_rules() -> tuple[tuple[str, Schematron], ...]:
    """The CSIP and SIP 2.1.0 rule files, placeholders filled, as (name, rules)."""
    placeholders = _placeholders()
    pattern = re.compile("|".join(re.escape(name) for name in placeholders))
    rules = []
    for path in sorted((RESOURCES / "schematron").glob("*/*.xml")):
        text = pattern.sub(lambda match: placeholders[match.group(0)], path.read_text("utf-8"))
        schematron = Schematron(etree.XML(text.encode()), store_report=True)
        rules.append((f"{path.parent.name}/{path.stem}", schematron))
    return tuple(rules)


def _schema_findings(schema: etree.XMLSchema, tree) -> list[Finding]:
    if schema.validate(tree):
        return []
    return [
        Finding("schema", "ERROR", f"line {error.line}: {error.message}")
        for error in schema.error_log
    ]


def mets_findings(mets: bytes) -> list[Finding]:
    """What the METS schema and the CSIP/SIP 2.1.0 rules find wrong in ``mets``, warnings
    and information included (``role``); an archive refuses a package on any ``ERROR``."""
    tree = etree.fromstring(mets, _parser()).getroottree()
    findings = _schema_findings(mets_schema(), tree)
    for _name, schematron in schematron_rules():
        schematron.validate(tree)
        for failed in schematron.validation_report.iter(f"{SVRL}failed-assert"):
            text = failed.findtext(f"{SVRL}text") or ""
            findings.append(
                Finding(failed.get("id", ""), failed.get("role", "ERROR"), " ".join(text.split()))
            )
    return findings


def representation_findings(mets: bytes) -> list[Finding]:
    """What the METS schema (with the CSIP and SIP extensions) finds wrong in a
    representation's METS file; the rules are run on the package's METS."""
    tree = etree.fromstring(mets, _parser()).getroottree()
    return _schema_findings(mets_schema(), tree)


def premis_findings(premis: bytes) -> list[Finding]:
    """What the PREMIS 3.0 schema finds wrong in ``premis``."""
    tree = etree.fromstring(premis, _parser()).getroottree()
    return _schema_findings(premis_schema(), tree)


def errors(findings: list[Finding]) -> list[Finding]:
    """The findings an archive refuses a package on, less the rules' known defects."""
    return [
        finding
        for finding in findings
        if finding.role == "ERROR" and finding.rule not in RULE_DEFECTS
    ]
