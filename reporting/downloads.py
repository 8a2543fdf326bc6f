"""Files kept in the database (the memo's draft and published files, the Excel exports), served
as files: copied once, slice by slice, to the server's disk and sent from there by the operating
system (``reporting/file_copies.py``), never read whole into a worker's memory, with an ``ETag``
and ``Last-Modified`` so that a repeated download is answered 304 without reading them at all.
Without a copy (one larger than the copies' whole budget, or a row removed while it was read)
the slices are sent as they are read."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from django.db.models import BinaryField, Model
from django.db.models.functions import Substr
from django.http import FileResponse, HttpRequest, HttpResponseBase, StreamingHttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

from reporting import file_copies

if TYPE_CHECKING:
    from reporting.models import BackgroundFile

# One query per slice, each holding at most this much (and the database driver's copy of it) in
# the worker's memory: a draft PDF of a few hundred kilobytes is one query, a 4.5 MB one five.
CHUNK_SIZE = 1024 * 1024


def stored_chunks(model: type[Model], pk: int, field: str, size: int) -> Iterator[bytes]:
    """The bytes of ``field`` of one row, slice by slice (one query each); stops early if the
    row is removed meanwhile (the response then ends short of its Content-Length)."""
    rows = model.objects.filter(pk=pk)
    for start in range(0, size, CHUNK_SIZE):
        part = (
            rows.annotate(_part=Substr(field, start + 1, CHUNK_SIZE, output_field=BinaryField()))
            .values_list("_part", flat=True)
            .first()
        )
        if part is None:
            return
        yield bytes(part)


class _JoinedContent:
    """``content`` joins the streamed parts for a caller that wants the bytes at once (the tests
    read downloads so); the server iterates the response and never asks for it."""

    @property
    def content(self) -> bytes:
        if not hasattr(self, "_joined"):
            self._joined = b"".join(self.streaming_content)
        return self._joined


class StoredFileResponse(_JoinedContent, StreamingHttpResponse):
    """A stored file sent slice by slice as it is read from the database."""


class CopiedFileResponse(_JoinedContent, FileResponse):
    """A stored file sent from its copy on the server's disk (by ``sendfile`` under gunicorn)."""


def not_modified(
    request: HttpRequest, etag: str, modified: int | None = None
) -> HttpResponseBase | None:
    """304 (carrying ``etag``, quoted) when the client already holds this version, else None."""
    answered = get_conditional_response(request, etag=etag, last_modified=modified)
    if answered is not None:
        answered["ETag"] = etag
    return answered


def _file_response(
    model: type[Model],
    pk: int,
    field: str,
    size: int,
    content_type: str,
    etag: str,
    last_modified: datetime.datetime | None,
) -> StreamingHttpResponse:
    """The stored file's bytes: from its copy on the server's disk (made now if need be), or
    slice by slice from the database when no copy can be had."""
    name = file_copies.copy_name(model._meta.label, pk, field, etag, last_modified, size)
    chunks = partial(stored_chunks, model, pk, field, size)
    copy = file_copies.open_copy(name, size, chunks)
    if copy is not None:
        response = CopiedFileResponse(copy, content_type=content_type)
    else:
        response = StoredFileResponse(chunks(), content_type=content_type)
    response["Content-Length"] = str(size)
    return response


def stored_file_response(
    request: HttpRequest,
    *,
    model: type[Model],
    pk: int,
    field: str,
    size: int,
    filename: str,
    content_type: str,
    etag: str,
    last_modified: datetime.datetime | None,
    inline: bool = False,
) -> HttpResponseBase:
    """The stored file as a download, or 304 when the browser already holds this version. Its
    view holds one of the server's slots for expensive answers (``ServerSlotMixin``).

    ``etag`` names the content exactly (its checksum, or the key it was made under): the same
    ETag is never given to other bytes."""
    etag = quote_etag(etag)
    # Whole seconds, as the header carries them: else a repeated If-Modified-Since never matches.
    modified = int(last_modified.timestamp()) if last_modified is not None else None
    answered = not_modified(request, etag, modified)
    if answered is not None:
        return answered
    response = _file_response(model, pk, field, size, content_type, etag, last_modified)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["ETag"] = etag
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    # No Cache-Control here: a signed-in user's download is "no-store" (malmo_intl.middleware),
    # so a shared computer keeps nothing; a client that keeps the file itself (a script, a
    # sync tool) still gets 304 for an unchanged one.
    return response


def made_file_response(
    request: HttpRequest, made: BackgroundFile, *, filename: str, content_type: str
) -> HttpResponseBase:
    """A file the worker made (a draft, an export, an archival package) as a download."""
    return stored_file_response(
        request,
        model=type(made),
        pk=made.pk,
        field="data",
        size=made.size,
        filename=filename,
        content_type=content_type,
        etag=made.etag,
        last_modified=made.finished_at,
    )
