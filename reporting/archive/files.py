"""Writes for the archival packages the background worker makes (``reporting/tasks.py``): the
package of a request, or the request failed. Never imports the tasks."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from reporting.archive.check import verify
from reporting.archive.package import PackageRefused, archive_package
from reporting.background_files import background_file_done, background_file_fail
from reporting.models import ArchivePackage


def archive_package_run(*, render_id: int) -> ArchivePackage | None:
    """Make the package of a waiting request (in the worker) and store it.

    Not one transaction: the version's files are read and zipped before the row is locked."""
    request = (
        ArchivePackage.objects.defer("data")
        .select_related("published", "requested_by")
        .filter(pk=render_id)
        .first()
    )
    if request is None or request.status != ArchivePackage.Status.PENDING:
        return request
    requested_by = request.requested_by.get_full_name() if request.requested_by else ""
    try:
        data = archive_package(request.published, requested_by=requested_by)
    except PackageRefused:
        return archive_package_fail(
            render_id=request.pk,
            error=_(
                "Versionens sparade filer stämmer inte med kontrollsummorna från "
                "publiceringen. Inget arkivpaket har skapats; kontakta systemförvaltningen."
            ),
        )
    if not verify(data):
        raise RuntimeError(f"Archive package {request.pk} does not verify")
    return _archive_package_finish(render_id=request.pk, data=data)


@transaction.atomic
def _archive_package_finish(*, render_id: int, data: bytes) -> ArchivePackage | None:
    request = background_file_done(ArchivePackage, render_id=render_id, data=data)
    if request is not None:
        archive_packages_prune(published_id=request.published_id)
    return request


def archive_package_fail(*, render_id: int, error: str) -> ArchivePackage | None:
    """Mark a request as failed with a message for the page; it can be asked for again."""
    return background_file_fail(ArchivePackage, render_id=render_id, error=error)


def archive_packages_prune(*, published_id: int) -> int:
    """Remove all but the latest few finished packages of a version (requests waiting stay)."""
    finished = ArchivePackage.objects.filter(published_id=published_id).exclude(
        status=ArchivePackage.Status.PENDING
    )
    keep = finished.order_by("-requested_at", "-pk").values_list("pk", flat=True)[
        : ArchivePackage.KEEP_PER_VERSION
    ]
    deleted, _rows = finished.exclude(pk__in=list(keep)).delete()
    return deleted
