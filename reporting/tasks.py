"""Background tasks (django-tasks): the memo's draft files and publishing, the Excel exports
and the archival packages, off the request.

Run by ``manage.py db_worker`` from the queues in the database (settings.TASKS): the memo's
tasks on ``MEMO_QUEUE`` with a worker of their own, so that the memo's files and publishing never
wait behind the Excel exports (the default queue). Each task only calls a service; what the pages
show comes from the row the service updates (``MemoRender``, ``ExportFile``)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from reporting.archive import files as services_archive
from reporting.exports import services as services_exports
from reporting.memo import files as services_files

logger = logging.getLogger(__name__)

# The queue of the memo's files and publishing (`manage.py db_worker --queue-name memo`).
MEMO_QUEUE = "memo"

# Messages stored for the page are in the memo's language, whatever the worker's locale.
MESSAGE_LANGUAGE = services_files.MEMO_LANGUAGE
TECHNICAL_ERROR = gettext_noop(
    "Filen kunde inte skapas på grund av ett tekniskt fel. Försök igen. "
    "Om felet finns kvar, kontakta systemförvaltningen."
)


def _run(
    run: Callable,
    render_id: int,
    *,
    log: str,
    error: str,
    fail: Callable = services_files.memo_render_fail,
) -> None:
    """Run a service for a request; on a technical error, log it, mark the request as failed
    (``fail``) with ``error`` (a msgid, translated here into the memo's language), and raise
    it again."""
    with translation.override(MESSAGE_LANGUAGE):
        try:
            run(render_id=render_id)
        except Exception:
            logger.exception(log, render_id)
            fail(render_id=render_id, error=_(error))
            raise


@task(queue_name=MEMO_QUEUE)
def render_memo(render_id: int) -> None:
    """Make a draft PDF or Word file of the memo."""
    _run(
        services_files.memo_render_run,
        render_id,
        log="Rendering memo file %s failed",
        error=TECHNICAL_ERROR,
    )


@task(queue_name=MEMO_QUEUE)
def publish_memo(render_id: int) -> None:
    """Publish a version of the memo (PDF and Word file, never to change)."""
    _run(
        services_files.memo_publish_run,
        render_id,
        log="Publishing memo for request %s failed",
        error=gettext_noop(
            "Versionen kunde inte publiceras på grund av ett tekniskt fel. Försök igen. "
            "Om felet finns kvar, kontakta systemförvaltningen."
        ),
    )


@task()
def render_export(render_id: int) -> None:
    """Make an Excel export: the year's workbook or the rows behind a figure."""
    _run(
        services_exports.export_file_run,
        render_id,
        log="Making export file %s failed",
        error=TECHNICAL_ERROR,
        fail=services_exports.export_file_fail,
    )


@task()
def make_archive_package(render_id: int) -> None:
    """Make a published version's archival package (E-ARK SIP)."""
    _run(
        services_archive.archive_package_run,
        render_id,
        log="Making archive package %s failed",
        error=gettext_noop(
            "Arkivpaketet kunde inte skapas på grund av ett tekniskt fel. Försök igen. "
            "Om felet finns kvar, kontakta systemförvaltningen."
        ),
        fail=services_archive.archive_package_fail,
    )
