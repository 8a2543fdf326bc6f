"""Reading Kohesio's CSV of a country's cohesion-policy operations (docs/eu-data.md): one row an
operation and its beneficiary, comma-separated as the Kohesio Table Schema says, alone or in a
zip. Rows are streamed, never read whole: only the operations the organisation is the
beneficiary of, or that a report names, are kept."""

from __future__ import annotations

import csv
import datetime
import itertools
import os
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from projects.eu_data import files
from projects.eu_data.identifiers import GrantSource, RecordMatch, grant_number_fits

# Limits of their own: Sweden's file of 2014–2020 operations is a few tens of MB. Stated in
# docs/eu-data.md.
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024
MAX_ROWS = 1_000_000
MAX_FIELD_CHARS = 200_000  # an operation's summary runs to a few thousand characters
MAX_KEPT = 10_000

# The columns read, by their names in the Kohesio Table Schema; the others are ignored.
REQUIRED_COLUMNS = (
    "Operation_Unique_Identifier",
    "Operation_Name_Programme_Language",
    "Operation_Start_Date",
    "Operation_End_Date",
    "Total_Eligible_Expenditure_amount",
    "Project_EU_Budget",
    "Beneficiary_Name",
)
# Read where the file has them.
OPERATION_LOCAL_ID = "Operation_Local_Identifier"
NAME_ENGLISH = "Operation_Name_English"
CURRENCY = "Total_Eligible_Expenditure_Currency"
BENEFICIARY_ID = "Beneficiary_Local_Identifier"

EURO = "EUR"
# The beneficiary carries out the operation: the organisation leads it, as a CORDIS coordinator.
BENEFICIARY_ROLE = "coordinator"
ENTITY = re.compile(r"(Q\d+)\s*$")
DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
DATE_IN_NAME = re.compile(r"(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)")
# Certain before suggested: a row that matches more surely replaces the organisation's part.
STRENGTH = {RecordMatch.IDENTIFIER: 3, RecordMatch.REPORTED: 2, RecordMatch.NAME: 1}


def organisation_digits(value: str | None) -> str:
    """The ten digits of a Swedish organisation number, from ``212000-1124``,
    ``162120001124`` or the VAT number ``SE212000112401``; empty for anything else."""
    text = "".join(character for character in (value or "").upper() if character.isalnum())
    if text.startswith("SE") and len(text) == 14 and text.endswith("01"):
        text = text[2:12]
    if len(text) == 12 and text.startswith("16"):
        text = text[2:]
    return text if len(text) == 10 and text.isdigit() else ""


def _name_key(value: str | None) -> str:
    return " ".join((value or "").split()).casefold()


@dataclass(frozen=True)
class Beneficiary:
    """The organisation as Kohesio may name it: by organisation number (or VAT number), where a
    file carries one, else only by its name."""

    organisation_number: str = ""
    vat_number: str = ""
    name: str = ""

    def match(self, row: dict) -> str | None:
        given = organisation_digits(row.get(BENEFICIARY_ID))
        own = {organisation_digits(self.organisation_number), organisation_digits(self.vat_number)}
        if given and given in own:
            return RecordMatch.IDENTIFIER
        name, beneficiary = _name_key(self.name), _name_key(row.get("Beneficiary_Name"))
        # The name, or the name with one of its units after a comma ("…, Miljöförvaltningen").
        if name and (beneficiary == name or beneficiary.startswith(name + ",")):
            return RecordMatch.NAME
        return None


def parse_kohesio_date(text: str | None, *, column: str, row: int) -> datetime.date | None:
    """A date as Kohesio writes it, ``DD/MM/YYYY``, or ``YYYY-MM-DD``."""
    text = (text or "").strip()
    day_first = DAY_FIRST.fullmatch(text)
    if not day_first:
        return files.parse_date(text, column=column, row=row)
    day, month, year = (int(part) for part in day_first.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise files.bad_date(text, column=column, row=row) from None


def _unreadable(name: str) -> files.SourceFileRefused:
    return files.SourceFileRefused(
        _("%(name)s kan inte läsas som Kohesios CSV-fil (UTF-8).") % {"name": name}, "unreadable"
    )


def _date_from_name(name: str) -> datetime.date | None:
    found = DATE_IN_NAME.search(name)
    if found:
        try:
            return datetime.date(*(int(part) for part in found.groups()))
        except ValueError:
            return None
    return None


def _open(path: str):
    """The CSV file's name, its date and an opener of its bytes (the first CSV in a zip)."""
    size = os.path.getsize(path)
    if size > MAX_FILE_BYTES:
        raise files.file_too_large(os.path.basename(path), MAX_FILE_BYTES)
    if files.is_zip(path):
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
        members = [info for info in infos if info.filename.lower().endswith(".csv")]
        if not members:
            raise files.SourceFileRefused(
                _("Zip-filen innehåller ingen CSV-fil från Kohesio."), "missing_member"
            )
        info = members[0]
        name = info.filename.rsplit("/", 1)[-1]
        if info.file_size > MAX_UNZIPPED_BYTES:
            raise files.too_large(name)
        date = _date_from_name(name) or datetime.date(*info.date_time[:3])
        return name, date, lambda: files.zip_member(path, info.filename)
    name = os.path.basename(path)
    modified = datetime.datetime.fromtimestamp(os.path.getmtime(path), datetime.UTC).date()
    return name, _date_from_name(name) or modified, lambda: open(path, "rb")  # noqa: SIM115


def _rows(text, name: str):
    """The rows as dicts, comma- or semicolon-separated as the header line is."""
    header = text.readline()
    if not header.strip():
        raise _unreadable(name)
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.DictReader(itertools.chain([header], text), delimiter=delimiter)
    files.check_columns(name, REQUIRED_COLUMNS, reader.fieldnames or ())
    for number, row in files.numbered(reader, name, MAX_ROWS):
        # A row with more or fewer fields than the header: the file is broken, not the row.
        if None in row or None in row.values():
            raise files.SourceFileRefused(
                _("Raden %(row)s i %(name)s har inte lika många fält som rubrikraden.")
                % {"row": number, "name": name},
                "bad_row",
            )
        yield number, row


def _grant_number(row: dict, named: set[str]) -> str:
    """The operation's number: the one a report gives, else the managing authority's own
    (``Operation_Local_Identifier``), else Kohesio's (``Q…``)."""
    entity = ENTITY.search(row.get("Operation_Unique_Identifier") or "")
    kohesio_id = entity.group(1) if entity else ""
    local = files.compact(row.get(OPERATION_LOCAL_ID))[:60]
    if kohesio_id in named:
        return kohesio_id
    if local in named or (local and grant_number_fits(GrantSource.KOHESIO, local)):
        return local
    return kohesio_id


def _project(row: dict, number: int, grant_number: str, match: str | None) -> files.SourceProject:
    euro = (row.get(CURRENCY) or EURO).strip().upper() in ("", EURO)
    total = files.parse_decimal(
        row["Total_Eligible_Expenditure_amount"],
        column="Total_Eligible_Expenditure_amount",
        row=number,
    )
    eu_budget = files.parse_decimal(
        row["Project_EU_Budget"], column="Project_EU_Budget", row=number
    )
    if not euro:
        # Amounts in another currency are not compared with the euros of the other sources.
        total = eu_budget = None
    title = (row["Operation_Name_Programme_Language"] or row.get(NAME_ENGLISH) or "").strip()
    project = files.SourceProject(
        grant_number=grant_number,
        title=title[:500],
        start_date=parse_kohesio_date(
            row["Operation_Start_Date"], column="Operation_Start_Date", row=number
        ),
        end_date=parse_kohesio_date(
            row["Operation_End_Date"], column="Operation_End_Date", row=number
        ),
        total_cost_eur=total,
        eu_contribution_max_eur=eu_budget,
        coordinator_name=(row["Beneficiary_Name"] or "").strip()[:300],
        match=RecordMatch.REPORTED,
    )
    if match is not None:
        project.organisation_role = BENEFICIARY_ROLE
        project.organisation_eu_contribution_eur = eu_budget
        project.organisation_total_cost_eur = total
    return project


def read_kohesio(
    paths: list[str], *, beneficiary: Beneficiary, named: set[str]
) -> files.SourceRead:
    """The operations whose beneficiary is the organisation (by organisation number: certain;
    by name: a suggestion) and those whose number is in ``named``."""
    if len(paths) != 1:
        raise files.SourceFileRefused(
            _("Kohesio läses från en fil i taget: CSV-filen eller en zip-fil med den."),
            "one_file",
        )
    name, file_date, opener = _open(paths[0])
    result = files.SourceRead(file_date=file_date)
    kept: dict[str, files.SourceProject] = {}
    strength: dict[str, int] = {}
    previous_limit = csv.field_size_limit()
    csv.field_size_limit(MAX_FIELD_CHARS)
    raw = opener()
    try:
        for number, row in _rows(files.text_stream(raw, name, MAX_UNZIPPED_BYTES), name):
            result.rows_read += 1
            match = beneficiary.match(row)
            grant_number = _grant_number(row, named)
            if not grant_number:
                continue
            reasons = [match, RecordMatch.REPORTED if grant_number in named else None]
            reasons = [reason for reason in reasons if reason is not None]
            if not reasons:
                continue
            why = max(reasons, key=STRENGTH.__getitem__)
            if STRENGTH[why] <= strength.get(grant_number, 0):
                continue
            if grant_number not in kept and len(kept) >= MAX_KEPT:
                raise files.too_many_kept(MAX_KEPT)
            project = _project(row, number, grant_number, match)
            project.match = why
            kept[grant_number], strength[grant_number] = project, STRENGTH[why]
    except (csv.Error, UnicodeDecodeError) as error:
        raise _unreadable(name) from error
    finally:
        raw.close()
        csv.field_size_limit(previous_limit)
    result.projects = sorted(kept.values(), key=lambda project: project.grant_number)
    return result
