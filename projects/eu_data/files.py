"""What every reader of an EU source's open files shares: the refusal, the streams counted
against a source's limits, and the values as the files write them (docs/eu-data.md)."""

from __future__ import annotations

import datetime
import io
import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from projects.eu_data.identifiers import RecordMatch


class SourceFileRefused(Exception):
    """A file the importer will not read; ``str()`` says why, in Swedish."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


@dataclass
class SourceProject:
    """A project as a source publishes it: the fields of ``EuProjectRecord``."""

    grant_number: str
    acronym: str = ""
    title: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    total_cost_eur: Decimal | None = None
    eu_contribution_max_eur: Decimal | None = None
    coordinator_name: str = ""
    organisation_role: str = ""
    organisation_eu_contribution_eur: Decimal | None = None
    organisation_net_eu_contribution_eur: Decimal | None = None
    organisation_total_cost_eur: Decimal | None = None
    match: str = RecordMatch.REPORTED


@dataclass
class SourceRead:
    """What a reader kept from a file, with the rows it read and the file's date."""

    projects: list[SourceProject] = field(default_factory=list)
    rows_read: int = 0
    file_date: datetime.date | None = None


def compact(value) -> str:
    """The value without any whitespace."""
    return "".join((value or "").split())


def parse_decimal(text: str | None, *, column: str, row: int) -> Decimal | None:
    """An amount as the sources write it: digits with a decimal comma ("1499937,5") or point."""
    text = compact(text)
    if not text:
        return None
    try:
        if text.count(",") + text.count(".") > 1:
            raise InvalidOperation
        return Decimal(text.replace(",", ".")).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise SourceFileRefused(
            _("Raden %(row)s har ett belopp som inte kan läsas i kolumnen %(column)s: %(value)s")
            % {"row": row, "column": column, "value": text[:40]},
            "bad_amount",
        ) from None


def bad_date(text: str, *, column: str, row: int) -> SourceFileRefused:
    return SourceFileRefused(
        _("Raden %(row)s har ett datum som inte kan läsas i kolumnen %(column)s: %(value)s")
        % {"row": row, "column": column, "value": text[:40]},
        "bad_date",
    )


def parse_date(text: str | None, *, column: str, row: int) -> datetime.date | None:
    """A date written ``YYYY-MM-DD`` (a time after it is ignored)."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        raise bad_date(text, column=column, row=row) from None


def is_zip(path: str) -> bool:
    """Whether ``path`` is a zip. A file named .zip that is not one (most often a download cut
    off before its end) is refused as such, not read as a table that then lacks its columns."""
    if zipfile.is_zipfile(path):
        return True
    if path.lower().endswith(".zip"):
        raise SourceFileRefused(
            _(
                "%(name)s går inte att öppna som zip-fil. Ladda ner den igen: en nedladdning "
                "som avbröts ger en ofullständig fil."
            )
            % {"name": os.path.basename(path)},
            "damaged_zip",
        )
    return False


def too_large(name: str) -> SourceFileRefused:
    return SourceFileRefused(
        _("%(name)s är större än importen tar emot.") % {"name": name}, "too_large"
    )


class CountedStream(io.RawIOBase):
    """A file's bytes as read, refused beyond ``limit`` whatever a zip's header says."""

    def __init__(self, raw, name: str, limit: int):
        self.raw, self.name, self.limit, self.count = raw, name, limit, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.raw.read(len(buffer))
        self.count += len(data)
        if self.count > self.limit:
            raise too_large(self.name)
        buffer[: len(data)] = data
        return len(data)


def text_stream(raw, name: str, limit: int) -> io.TextIOWrapper:
    """The bytes of ``raw`` as UTF-8 text (a byte-order mark dropped), counted against
    ``limit``."""
    return io.TextIOWrapper(
        io.BufferedReader(CountedStream(raw, name, limit)), encoding="utf-8-sig", newline=""
    )


def zip_member(path: str, member: str):
    """A member of the zip at ``path``, opened as a stream that closes the zip with it."""
    archive = zipfile.ZipFile(path)
    stream = archive.open(member)
    original_close = stream.close

    def close():
        original_close()
        archive.close()

    stream.close = close
    return stream


def numbered(rows: Iterable[dict], name: str, limit: int) -> Iterator[tuple[int, dict]]:
    """The rows with their line number in the file (the header is line 1), refused beyond
    ``limit`` rows."""
    for number, row in enumerate(rows, start=2):
        if number > limit:
            raise SourceFileRefused(
                _("%(name)s har fler än %(rows)s rader och tas inte emot.")
                % {"name": name, "rows": limit},
                "too_many_rows",
            )
        yield number, row


def check_columns(name: str, columns: tuple[str, ...], present) -> None:
    missing = [column for column in columns if column not in present]
    if missing:
        raise SourceFileRefused(
            _("%(name)s saknar kolumnerna %(columns)s.")
            % {"name": name, "columns": ", ".join(missing)},
            "missing_columns",
        )


def file_too_large(name: str, limit: int) -> SourceFileRefused:
    return SourceFileRefused(
        _("Filen %(name)s är större än %(limit)s MB och tas inte emot.")
        % {"name": name, "limit": limit // 1024 // 1024},
        "too_large",
    )


def too_many_kept(limit: int) -> SourceFileRefused:
    return SourceFileRefused(
        _("Filen skulle ge fler än %(limit)s projekt.") % {"limit": limit}, "too_many_kept"
    )
