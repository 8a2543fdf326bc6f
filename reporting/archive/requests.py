"""Asking the background worker (``reporting.tasks``) for a published version's archival
package: the request, kept as an ``ArchivePackage`` row the page follows. What the worker
then does is in ``reporting.archive.files``."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from projects.models import User
from reporting import tasks
from reporting.archive.files import archive_package_fail
from reporting.models import ArchivePackage, PublishedMemo


def latest_archive_package(published: PublishedMemo) -> ArchivePackage | None:
    """The latest package asked for of the version, without its bytes."""
    return (
        ArchivePackage.objects.filter(published=published)
        .defer("data")
        .order_by("-requested_at", "-pk")
        .first()
    )


def made_archive_package(published: PublishedMemo) -> ArchivePackage | None:
    """The latest package made of the version, without its bytes (sent in slices)."""
    return (
        ArchivePackage.objects.filter(published=published, status=ArchivePackage.Status.DONE)
        .defer("data")
        .order_by("-requested_at", "-pk")
        .first()
    )


@transaction.atomic
def archive_package_request(*, published: PublishedMemo, user: User) -> ArchivePackage:
    """A new package of the version from the worker; one already waiting is returned rather
    than doubled, and one lost with a stopped worker is given up first."""
    published = (
        PublishedMemo.objects.select_for_update().defer("pdf", "docx", "rows").get(pk=published.pk)
    )
    waiting = (
        ArchivePackage.objects.select_for_update()
        .defer("data")
        .filter(published=published, status=ArchivePackage.Status.PENDING)
        .first()
    )
    if waiting is not None:
        if not waiting.is_stale:
            return waiting
        archive_package_fail(
            render_id=waiting.pk, error=_("Arkivpaketet blev aldrig klart. Be om det igen.")
        )
    request = ArchivePackage.objects.create(published=published, requested_by=user)
    # With the database backend the task row is written in this transaction: the worker sees
    # it together with the request. The immediate backend runs it here and now.
    tasks.make_archive_package.enqueue(request.pk)
    request.refresh_from_db(fields=["status", "error", "finished_at", "size"])
    return request
