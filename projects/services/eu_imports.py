"""What the worker does with an uploaded open file (``projects.tasks.import_eu_file``): import
it, keep the outcome on its ``EuImportJob`` and remove the upload. Never imports the tasks."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from projects.eu_data.files import SourceFileRefused
from projects.models import EuImportJob, EuSourceFile
from projects.services.eu_data import CHUNK, eu_projects_import

TECHNICAL = "technical"


@contextmanager
def stored_path(name: str) -> Iterator[str]:
    """A path on this machine to the stored upload ``name``: the file itself where the storage
    is a folder, else a copy made in chunks and removed after."""
    try:
        path = default_storage.path(name)
    except NotImplementedError:
        path = None
    if path is not None:
        yield path
        return
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, os.path.basename(name))
        with default_storage.open(name, "rb") as source, open(path, "wb") as target:
            shutil.copyfileobj(source, target, CHUNK)
        yield path


def _finish(job: EuImportJob, **values) -> None:
    """Keep the outcome and remove the upload: the import has read it, or never will."""
    if job.stored_name:
        default_storage.delete(job.stored_name)
    values.update(stored_name="", finished_at=timezone.now())
    EuImportJob.objects.filter(pk=job.pk).update(**values)


def eu_import_job_run(*, job_id: int) -> None:
    """Import a waiting job's file; a refused file fails the job with the refusal's message and
    code, and stores nothing."""
    with transaction.atomic():
        job = (
            EuImportJob.objects.select_for_update(of=("self",))
            .select_related("requested_by")
            .filter(pk=job_id, status=EuImportJob.Status.PENDING)
            .first()
        )
        if job is None:
            return
        EuImportJob.objects.filter(pk=job.pk).update(status=EuImportJob.Status.RUNNING)
    try:
        with stored_path(job.stored_name) as path:
            result = eu_projects_import(
                source=job.source, paths=[path], file_name=job.file_name, user=job.requested_by
            )
    except SourceFileRefused as refusal:
        _finish(job, status=EuImportJob.Status.FAILED, code=refusal.code, error=str(refusal))
        return
    source_file = result.source_file
    if source_file is None:
        source_file = EuSourceFile.objects.get(source=job.source, sha256=job.sha256)
    _finish(
        job,
        status=EuImportJob.Status.DONE,
        code="" if result.source_file else EuImportJob.ALREADY_IMPORTED,
        error="",
        source_file=source_file,
        created=result.created,
        changed=result.changed,
        unchanged=result.unchanged,
    )


def eu_import_job_fail(*, job_id: int, error: str) -> None:
    """The worker failed on a job (not the file's fault): say so, and remove the upload."""
    job = EuImportJob.objects.filter(pk=job_id).first()
    if job is not None:
        _finish(job, status=EuImportJob.Status.FAILED, code=TECHNICAL, error=error)
