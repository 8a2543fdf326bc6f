"""Asking the worker (``projects.tasks``) to import an uploaded open file: the request, kept as
an ``EuImportJob`` the page follows, one per source and file. What the worker does is in
``projects.services.eu_imports``, which never imports the tasks."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects import tasks
from projects.models import EuImportJob, User
from projects.services.eu_data import IMPORTABLE
from projects.services.eu_imports import TECHNICAL

# Where uploads wait for the worker, in the file storage (media).
UPLOAD_FOLDER = "eu-imports"
# A job waiting or running this long was lost (the worker stopped): the same file may be sent
# again.
LOST_AFTER = datetime.timedelta(hours=2)


def _can_retry(job: EuImportJob) -> bool:
    if job.status == EuImportJob.Status.FAILED:
        return job.code == TECHNICAL
    if job.status == EuImportJob.Status.DONE:
        return False
    return job.requested_at < timezone.now() - LOST_AFTER


def _checksum(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


@transaction.atomic
def eu_import_request(*, source: str, upload, user: User) -> EuImportJob:
    """The job of this file: the one waiting or done for the same file (whoever sent it), or a
    new one for the worker, with the upload kept in the file storage until the worker has read
    it. A file refused before, for what it holds, is refused again without reading it."""
    if source not in IMPORTABLE:
        raise ValidationError(_("Det finns ingen import för den källan."), code="unknown_source")
    sha256 = _checksum(upload)
    jobs = EuImportJob.objects.select_for_update()
    found = jobs.filter(source=source, sha256=sha256).first()
    if found is not None and not _can_retry(found):
        return found
    file_name = upload.name[:255]
    stored_name = default_storage.save(
        f"{UPLOAD_FOLDER}/{secrets.token_hex(8)}/{file_name}", upload
    )
    values = {
        "file_name": file_name,
        "stored_name": stored_name,
        "status": EuImportJob.Status.PENDING,
        "code": "",
        "error": "",
        "requested_by": user,
        "requested_at": timezone.now(),
        "finished_at": None,
        "source_file": None,
    }
    if found is not None:
        # The upload the worker never read gives way to the new one.
        if found.stored_name:
            default_storage.delete(found.stored_name)
        jobs.filter(pk=found.pk).update(**values)
        job = found
    else:
        try:
            with transaction.atomic():
                job = EuImportJob.objects.create(source=source, sha256=sha256, **values)
        except IntegrityError:
            # Sent by someone else at the same moment: theirs is the one.
            default_storage.delete(stored_name)
            return jobs.get(source=source, sha256=sha256)
    # With the database backend the task row is written in this transaction: the worker sees
    # it together with the job. The immediate backend runs it here and now.
    tasks.import_eu_file.enqueue(job.pk)
    job.refresh_from_db()
    return job
