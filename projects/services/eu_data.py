"""Importing the EU's open files about projects (docs/eu-data.md)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from projects.eu_data.cordis import Identifiers, read_cordis
from projects.eu_data.files import SourceFileRefused, SourceRead
from projects.eu_data.identifiers import GrantSource
from projects.eu_data.kohesio import Beneficiary, read_kohesio
from projects.models import EuProjectRecord, EuSourceFile, ProjectReport
from projects.selectors import organisation_facts

CHUNK = 1024 * 1024
# The sources with an importer (docs/eu-data.md).
IMPORTABLE = (GrantSource.CORDIS, GrantSource.KOHESIO)


@dataclass(frozen=True)
class EuImportResult:
    source_file: EuSourceFile | None  # None: this file was imported before
    created: int = 0
    changed: int = 0
    unchanged: int = 0


def files_checksum(paths: list[str]) -> str:
    """SHA-256 of the files, read in chunks, in the order of their names."""
    digest = hashlib.sha256()
    for path in sorted(paths, key=os.path.basename):
        with open(path, "rb") as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
    return digest.hexdigest()


def _read(source: str, paths: list[str], named: set[str]) -> SourceRead:
    facts = organisation_facts()
    if source == GrantSource.CORDIS:
        identifiers = Identifiers(vat_number=facts.vat_number, pic=facts.pic)
        return read_cordis(paths, identifiers=identifiers, named=named)
    beneficiary = Beneficiary(
        organisation_number=facts.organisation_number,
        vat_number=facts.vat_number,
        name=facts.name,
    )
    return read_kohesio(paths, beneficiary=beneficiary, named=named)


@transaction.atomic
def eu_projects_import(
    *, source: str, paths: list[str], file_name: str = "", user=None
) -> EuImportResult:
    """Keep the source's projects that concern the organisation or are named in a report.

    The same file twice changes nothing; a refused file (``SourceFileRefused``) stores nothing.
    ``file_name`` names the file as it was uploaded (else the paths' names); ``user`` who
    imported it (none from the command line)."""
    if source not in IMPORTABLE:
        raise SourceFileRefused(
            _("Det finns ingen import för källan %(source)s.") % {"source": source},
            "unknown_source",
        )
    checksum = files_checksum(paths)
    if EuSourceFile.objects.filter(source=source, sha256=checksum).exists():
        return EuImportResult(source_file=None)
    named = set(
        ProjectReport.objects.filter(grant_source=source).values_list("grant_number", flat=True)
    )
    read = _read(source, paths, named)
    source_file = EuSourceFile.objects.create(
        source=source,
        file_name=(file_name or ", ".join(sorted(os.path.basename(path) for path in paths)))[:255],
        imported_by=user,
        file_date=read.file_date,
        sha256=checksum,
        rows_read=read.rows_read,
        records_kept=len(read.projects),
    )
    existing = {
        record.grant_number: record
        for record in EuProjectRecord.objects.filter(
            source=source, grant_number__in=[project.grant_number for project in read.projects]
        )
    }
    created = changed = unchanged = 0
    for project in read.projects:
        values = asdict(project)
        record = existing.get(project.grant_number)
        if record is None:
            EuProjectRecord.objects.create(source=source, source_file=source_file, **values)
            created += 1
        elif any(getattr(record, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(record, name, value)
            record.source_file = source_file
            record.save()
            changed += 1
        else:
            # The facts as they were first published: the record keeps the file they came from.
            unchanged += 1
    return EuImportResult(
        source_file=source_file, created=created, changed=changed, unchanged=unchanged
    )
