"""Reading a CORDIS bulk download (docs/eu-data.md): a zip of ``project.csv`` and
``organization.csv``, or the two CSV files. Rows are streamed, never read whole: the reader
keeps only the rows it is asked for, and refuses a file beyond the limits below."""

from __future__ import annotations

import csv
import datetime
import json
import os
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.utils.translation import gettext as _

from projects.eu_data import files
from projects.eu_data.identifiers import RecordMatch

# Limits of their own, not the Excel template's: the full CORDIS downloads are tens of MB
# zipped and a few hundred MB unzipped. Stated in docs/eu-data.md.
MAX_FILE_BYTES = 300 * 1024 * 1024
MAX_MEMBER_BYTES = 2 * 1024 * 1024 * 1024
MAX_ROWS = 3_000_000
MAX_FIELD_CHARS = 1_000_000  # a project's objective runs to a few thousand characters
MAX_KEPT = 10_000

# The two tables, as CSV (semicolons) or JSON (an array of objects with the same keys).
PROJECT_FILE = "project"
ORGANISATION_FILE = "organization"
FORMATS = ("csv", "json")
JSON_CHUNK_CHARS = 64 * 1024
PROJECT_COLUMNS = (
    "id",
    "acronym",
    "title",
    "startDate",
    "endDate",
    "totalCost",
    "ecMaxContribution",
)
ORGANISATION_COLUMNS = (
    "projectID",
    "organisationID",
    "vatNumber",
    "name",
    "role",
    "ecContribution",
    "netEcContribution",
    "totalCost",
)
COORDINATOR = "coordinator"


@dataclass(frozen=True)
class Identifiers:
    """The organisation as CORDIS names it: its VAT number and its PIC."""

    vat_number: str = ""
    pic: str = ""

    def match(self, row: dict) -> bool:
        vat = files.compact(row.get("vatNumber")).upper()
        pic = files.compact(row.get("organisationID"))
        return bool(
            (self.vat_number and vat == files.compact(self.vat_number).upper())
            or (self.pic and pic == files.compact(self.pic))
        )


class CordisFiles:
    """The two tables of a download (CSV or JSON), inside a zip or side by side, opened as
    streams."""

    def __init__(self, paths: list[str]):
        self.paths = paths
        # table -> (file name, format, opener)
        self.members: dict[str, tuple[str, str, Callable[[], object]]] = {}
        self.dates: list[datetime.date] = []
        for path in paths:
            size = os.path.getsize(path)
            if size > MAX_FILE_BYTES:
                raise files.file_too_large(os.path.basename(path), MAX_FILE_BYTES)
            if files.is_zip(path):
                self._add_zip(path)
            else:
                self._add(os.path.basename(path), lambda path=path: open(path, "rb"))  # noqa: SIM115
                modified = os.path.getmtime(path)
                self.dates.append(datetime.datetime.fromtimestamp(modified, datetime.UTC).date())
        for required in (PROJECT_FILE, ORGANISATION_FILE):
            if required not in self.members:
                raise files.SourceFileRefused(
                    _("%(name)s saknas. En CORDIS-fil innehåller project.csv och organization.csv.")
                    % {"name": f"{required}.csv"},
                    "missing_member",
                )

    def _add_zip(self, path: str) -> None:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                name = info.filename.rsplit("/", 1)[-1]
                if _table(name) is None:
                    continue
                if info.file_size > MAX_MEMBER_BYTES:
                    raise files.too_large(name)
                self.dates.append(datetime.date(*info.date_time[:3]))
                self._add(
                    name, lambda path=path, member=info.filename: files.zip_member(path, member)
                )

    def _add(self, name: str, opener) -> None:
        found = _table(name)
        if found is None:
            return
        table, kind = found
        # CSV wins where a download holds both forms of a table.
        if table not in self.members or kind == "csv":
            self.members[table] = (name, kind, opener)

    @property
    def file_date(self) -> datetime.date:
        return max(self.dates)

    @contextmanager
    def rows(self, table: str, columns: tuple[str, ...]) -> Iterator[Iterator[tuple[int, dict]]]:
        name, kind, opener = self.members[table]
        raw = opener()
        try:
            text = files.text_stream(raw, name, MAX_MEMBER_BYTES)
            if kind == "csv":
                reader = csv.DictReader(text, delimiter=";", quotechar='"')
                files.check_columns(name, columns, reader.fieldnames or ())
                yield files.numbered(reader, name, MAX_ROWS)
            else:
                yield files.numbered(_json_objects(text, name, columns), name, MAX_ROWS)
        except (csv.Error, UnicodeDecodeError) as error:
            raise files.SourceFileRefused(
                _("%(name)s kan inte läsas som CORDIS CSV eller JSON (UTF-8).") % {"name": name},
                "unreadable",
            ) from error
        finally:
            raw.close()


def _table(name: str) -> tuple[str, str] | None:
    """``("project", "csv")`` for ``project.csv``; None for a file the import does not read."""
    base, _dot, kind = name.lower().rpartition(".")
    if base in (PROJECT_FILE, ORGANISATION_FILE) and kind in FORMATS:
        return base, kind
    return None


def _json_unreadable(name: str) -> files.SourceFileRefused:
    return files.SourceFileRefused(
        _("%(name)s kan inte läsas som CORDIS CSV eller JSON (UTF-8).") % {"name": name},
        "unreadable",
    )


def _json_objects(text, name: str, columns: tuple[str, ...]) -> Iterator[dict]:
    """The objects of a JSON array, one at a time, reading the text in chunks: never the whole
    file. Values become text as in the CSV files (numbers as written, null as empty)."""
    decoder = json.JSONDecoder()
    buffer = ""
    while not buffer.lstrip():
        chunk = text.read(JSON_CHUNK_CHARS)
        if not chunk:
            raise _json_unreadable(name)
        buffer += chunk
    buffer = buffer.lstrip()
    if not buffer.startswith("["):
        raise _json_unreadable(name)
    buffer, first = buffer[1:], True
    while True:
        buffer = buffer.lstrip()
        if buffer.startswith("]"):
            return
        if not first and buffer.startswith(","):
            buffer = buffer[1:].lstrip()
        try:
            value, end = decoder.raw_decode(buffer)
        except json.JSONDecodeError:
            # The object runs past what has been read: read on, within the limit of one value.
            chunk = text.read(JSON_CHUNK_CHARS)
            if not chunk or len(buffer) > MAX_FIELD_CHARS:
                raise _json_unreadable(name) from None
            buffer += chunk
            continue
        if not isinstance(value, dict):
            raise _json_unreadable(name)
        if first:
            files.check_columns(name, columns, value)
        first = False
        yield {key: "" if item is None else str(item) for key, item in value.items()}
        buffer = buffer[end:]


def read_cordis(paths: list[str], *, identifiers: Identifiers, named: set[str]) -> files.SourceRead:
    """The projects the organisation takes part in (by VAT number or PIC) and the projects in
    ``named`` (CORDIS numbers given in reports), with the organisation's part in each."""
    previous_limit = csv.field_size_limit()
    csv.field_size_limit(MAX_FIELD_CHARS)
    try:
        return _read(CordisFiles(paths), identifiers=identifiers, named=named)
    finally:
        csv.field_size_limit(previous_limit)


def _read(download: CordisFiles, *, identifiers: Identifiers, named: set[str]) -> files.SourceRead:
    result = files.SourceRead(file_date=download.file_date)
    own: dict[str, dict] = {}
    with download.rows(ORGANISATION_FILE, ORGANISATION_COLUMNS) as rows:
        for number, row in rows:
            result.rows_read += 1
            if identifiers.match(row):
                project_id = files.compact(row["projectID"])
                # A coordinator's row wins over a second role in the same project.
                if project_id not in own or row.get("role") == COORDINATOR:
                    own[project_id] = {**row, "_row": number}
    wanted = set(own) | set(named)
    if len(wanted) > MAX_KEPT:
        raise files.too_many_kept(MAX_KEPT)
    coordinators: dict[str, str] = {}
    with download.rows(ORGANISATION_FILE, ORGANISATION_COLUMNS) as rows:
        for _number, row in rows:
            project_id = files.compact(row["projectID"])
            if project_id in wanted and row.get("role") == COORDINATOR:
                coordinators.setdefault(project_id, (row.get("name") or "").strip())
    with download.rows(PROJECT_FILE, PROJECT_COLUMNS) as rows:
        for number, row in rows:
            result.rows_read += 1
            grant_number = files.compact(row["id"])
            if grant_number not in wanted:
                continue
            project = files.SourceProject(
                grant_number=grant_number,
                acronym=(row.get("acronym") or "").strip()[:60],
                title=(row.get("title") or "").strip()[:500],
                start_date=files.parse_date(row["startDate"], column="startDate", row=number),
                end_date=files.parse_date(row["endDate"], column="endDate", row=number),
                total_cost_eur=files.parse_decimal(
                    row["totalCost"], column="totalCost", row=number
                ),
                eu_contribution_max_eur=files.parse_decimal(
                    row["ecMaxContribution"], column="ecMaxContribution", row=number
                ),
                coordinator_name=coordinators.get(grant_number, "")[:300],
            )
            participation = own.get(grant_number)
            if participation is not None:
                at = participation["_row"]
                project.match = RecordMatch.IDENTIFIER
                project.organisation_role = (participation.get("role") or "").strip()[:40]
                project.organisation_eu_contribution_eur = files.parse_decimal(
                    participation.get("ecContribution"), column="ecContribution", row=at
                )
                project.organisation_net_eu_contribution_eur = files.parse_decimal(
                    participation.get("netEcContribution"), column="netEcContribution", row=at
                )
                project.organisation_total_cost_eur = files.parse_decimal(
                    participation.get("totalCost"), column="totalCost", row=at
                )
            result.projects.append(project)
    result.projects.sort(key=lambda project: project.grant_number)
    return result
