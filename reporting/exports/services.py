"""Writes of the reporting app for the Excel exports the background worker makes
(reporting/tasks.py): the year's workbook and the rows behind a figure.

A file is kept per exact input (``ExportInput``: what was asked for, within whose part of the
data, in which language) and per state of the year's data
(``projects.selectors.year_data_version``): asking again while nothing has changed serves
the stored file, a change to the data gives a new one, and a file being made is never asked
for twice. Each user has at most ``settings.EXPORT_PENDING_PER_USER`` files waiting, and made
files are removed after ``settings.EXPORT_FILES_MAX_AGE_HOURS`` (``export_files_cleanup``)."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from projects.models import Administration
from projects.selectors import year_data_version
from reporting.exports import rows as exports_rows
from reporting.exports import workbook as exports
from reporting.models import ExportFile
from reporting.selectors import RowSlice, figure_rows
from reporting.selectors.rows import PRELIMINARY_PARAM, slice_from_query, slice_query


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class ExportInput:
    """What an export file is made from, apart from the data.

    ``scope_id``: the administration a coordinator's rows are narrowed to (None: the whole
    city). ``title`` and ``filename`` follow from the rest (and the names whose changes raise the
    data version), so they are not part of what tells one input from another."""

    kind: str
    year: int
    preliminary: bool = False
    scope_id: int | None = None
    figure: str = ""
    row_query: str = ""
    language: str = ""
    title: str = field(default="", compare=False)
    filename: str = field(default="", compare=False)

    @property
    def family(self) -> str:
        """The input's identity, whatever the data: files of one family differ in data only."""
        parts = (
            self.kind,
            self.year,
            int(self.preliminary),
            self.scope_id or "",
            self.figure,
            self.row_query,
            self.language,
        )
        return _sha256("|".join(str(part) for part in parts))

    @classmethod
    def of(cls, export: ExportFile) -> ExportInput:
        """The input a stored request was made for."""
        return cls(
            kind=export.kind,
            year=export.year,
            preliminary=export.preliminary,
            scope_id=export.scope_id,
            figure=export.figure,
            row_query=export.row_query,
            language=export.language,
        )

    def key(self, data_version: int) -> str:
        """The input together with the year's data version: one file per key."""
        return _sha256(f"{self.family}|v{data_version}")

    @property
    def query(self) -> str:
        """The query string that asks for this input again (the slice, then preliminary)."""
        preliminary = urlencode({PRELIMINARY_PARAM: 1}) if self.preliminary else ""
        return "&".join(part for part in (self.row_query, preliminary) if part)


def _language() -> str:
    # Headings, labels and the rows' title are written in the language the file is asked in.
    return translation.get_language() or settings.LANGUAGE_CODE


def year_workbook_input(year: int, *, preliminary: bool) -> ExportInput:
    """The year's workbook (every administration), in the active language."""
    # Lazy: nothing is read to name the file.
    export = exports.year_export_data(year, preliminary=preliminary)
    return ExportInput(
        kind=ExportFile.Kind.YEAR_WORKBOOK,
        year=year,
        preliminary=preliminary,
        language=_language(),
        filename=exports.workbook_filename(export),
    )


def figure_rows_input(
    year: int,
    figure: str,
    *,
    preliminary: bool,
    scope: Administration | None,
    row_slice: RowSlice,
    administration: str,
) -> ExportInput:
    """The rows behind a figure as a workbook, within ``scope`` (a coordinator's own
    administration; None for the whole city), in the active language. ``administration``:
    whose rows they are, for the title ("" for the whole city's)."""
    return ExportInput(
        kind=ExportFile.Kind.FIGURE_ROWS,
        year=year,
        preliminary=preliminary,
        scope_id=scope.pk if scope is not None else None,
        figure=figure,
        row_query=urlencode(slice_query(row_slice)),
        language=_language(),
        title=exports_rows.rows_title(
            year, figure, row_slice=row_slice, administration=administration
        ),
        filename=exports_rows.rows_filename(
            year, figure, row_slice=row_slice, preliminary=preliminary, extension="xlsx"
        ),
    )


def export_file_current(*, spec: ExportInput) -> ExportFile | None:
    """The file of ``spec`` for the data as it is now, made or being made, without its bytes;
    None while nobody has asked for it. Never asks for anything."""
    key = spec.key(year_data_version(spec.year))
    # The scope is looked up with the key: a file of another scope is never found.
    return (
        ExportFile.objects.defer("data")
        .filter(key=key, kind=spec.kind, scope_id=spec.scope_id)
        .first()
    )


def export_file_render(export: ExportFile) -> bytes:
    """The file's bytes, made now from the data as it is, in the language it was asked in."""
    with translation.override(export.language):
        if export.kind == ExportFile.Kind.YEAR_WORKBOOK:
            data = exports.year_export_data(export.year, preliminary=export.preliminary)
            return exports.year_workbook(data)
        rows = figure_rows(
            export.year,
            export.figure,
            preliminary=export.preliminary,
            administration=export.scope,
            row_slice=slice_from_query(QueryDict(export.row_query)),
        )
        return exports_rows.rows_workbook(rows, title=export.title)


def export_file_run(*, render_id: int) -> ExportFile | None:
    """Make the file of a request (in the worker) and store it.

    Not one transaction: a large year takes seconds and must not hold the database meanwhile.
    A request whose data changed while it waited is not made: its key would name data the
    file does not hold."""
    export = ExportFile.objects.defer("data").select_related("scope").filter(pk=render_id).first()
    if export is None or export.status != ExportFile.Status.PENDING:
        return export  # removed, or made by an earlier run
    # Read before the data: the file then holds this state of the data or a newer one.
    current = ExportInput.of(export).key(year_data_version(export.year))
    if current != export.key:
        # The data changed while the request waited: the file is made from the data as it is
        # now, under the key that names it, unless another request already has that key.
        try:
            with transaction.atomic():
                ExportFile.objects.filter(pk=export.pk).update(key=current)
        except IntegrityError:
            return export_file_fail(
                render_id=export.pk,
                error=_(
                    "Uppgifterna ändrades medan filen väntade på att skapas. Försök igen för "
                    "att få en fil med uppgifterna som de är nu."
                ),
            )
    data = export_file_render(export)
    # Only a request still waiting is finished (not one given up meanwhile).
    finished = ExportFile.objects.filter(pk=export.pk, status=ExportFile.Status.PENDING).update(
        status=ExportFile.Status.DONE,
        data=data,
        size=len(data),
        error="",
        finished_at=timezone.now(),
    )
    if finished:
        export_files_prune(family=export.family, kind=export.kind)
    return ExportFile.objects.defer("data").filter(pk=export.pk).first()


def export_file_fail(*, render_id: int, error: str) -> ExportFile | None:
    """Mark a request as failed with a message for the page; it can be asked for again."""
    ExportFile.objects.filter(pk=render_id).exclude(status=ExportFile.Status.DONE).update(
        status=ExportFile.Status.FAILED, error=error, finished_at=timezone.now()
    )
    return ExportFile.objects.defer("data").filter(pk=render_id).first()


def export_files_prune(*, family: str, kind: str) -> int:
    """Remove the finished files beyond the latest few of one input, and of one kind in all,
    and requests that waited longer than a worker ever takes (lost, with the worker stopped)."""
    lost = ExportFile.objects.filter(
        status=ExportFile.Status.PENDING,
        requested_at__lt=timezone.now() - ExportFile.STALE_AFTER,
    )
    deleted = lost.delete()[0]
    finished = ExportFile.objects.exclude(status=ExportFile.Status.PENDING).order_by(
        "-requested_at", "-pk"
    )
    for files, keep in (
        (finished.filter(family=family), ExportFile.KEEP_PER_FAMILY),
        (finished.filter(kind=kind), ExportFile.KEEP_PER_KIND),
    ):
        kept = list(files.values_list("pk", flat=True)[:keep])
        deleted += files.exclude(pk__in=kept).delete()[0]
    return deleted


@transaction.atomic
def export_files_cleanup(*, older_than: datetime.timedelta) -> int:
    """Remove the files made (or failed) more than ``older_than`` ago, and requests left
    waiting that long (lost with a stopped worker); files being made stay. How many went."""
    cutoff = timezone.now() - older_than
    finished = ExportFile.objects.exclude(status=ExportFile.Status.PENDING).filter(
        finished_at__lt=cutoff
    )
    lost = ExportFile.objects.filter(status=ExportFile.Status.PENDING, requested_at__lt=cutoff)
    return finished.delete()[0] + lost.delete()[0]
