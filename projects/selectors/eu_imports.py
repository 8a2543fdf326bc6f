"""The upload page of the EU's open files: the latest jobs and the files imported."""

from __future__ import annotations

from projects.models import EuImportJob, EuSourceFile

JOBS_SHOWN = 10
FILES_SHOWN = 50


def eu_import_jobs(limit: int = JOBS_SHOWN) -> list[EuImportJob]:
    """The latest uploads, newest first, with who sent them and the file they became."""
    jobs = EuImportJob.objects.select_related("requested_by", "source_file")
    return list(jobs.order_by("-requested_at", "-pk")[:limit])


def eu_source_files(limit: int = FILES_SHOWN) -> list[EuSourceFile]:
    """The files imported, newest import first, with who imported them (none: the command)."""
    files = EuSourceFile.objects.select_related("imported_by")
    return list(files.order_by("-imported_at", "-pk")[:limit])
