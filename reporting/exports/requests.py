"""Asking the background worker (``reporting.tasks``) for an Excel export file: the request,
kept as an ``ExportFile`` row the pages follow, one per input and data, with a limit per user.
What the worker then does is in ``reporting.exports.services``, which never imports the tasks."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import ngettext

from projects.models import User
from projects.selectors import year_data_version
from reporting import tasks
from reporting.exports.services import ExportInput, export_files_prune
from reporting.models import ExportFile


def _enqueue(export: ExportFile) -> ExportFile:
    # With the database backend the task row is written in this transaction: the worker sees
    # it together with the request. The immediate backend runs it here and now.
    tasks.render_export.enqueue(export.pk)
    export.refresh_from_db(fields=["status", "error", "finished_at", "size"])
    return export


def _check_pending_limit(user: User) -> None:
    """Refuse a new request that would give ``user`` more files waiting than the limit."""
    # One user's requests are counted one at a time (their row locked): two at once cannot
    # both pass the count.
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
    waiting = ExportFile.objects.waiting().filter(requested_by=user).count()
    if waiting >= settings.EXPORT_PENDING_PER_USER:
        raise ValidationError(
            ngettext(
                "Du har redan %(count)d Excel-fil som skapas. Vänta tills den är klar och be "
                "sedan om nästa.",
                "Du har redan %(count)d Excel-filer som skapas. Vänta tills någon av dem är "
                "klar och be sedan om nästa.",
                waiting,
            )
            % {"count": waiting},
            code="export_pending_limit",
        )


@transaction.atomic
def export_file_request(*, spec: ExportInput, user: User) -> ExportFile:
    """The file of ``spec`` for the data as it is now: the one made or being made (whoever asked
    for it), or a new request to the worker; one that failed or got lost is asked for again.

    A new request is refused (``ValidationError``, code ``export_pending_limit``) while
    ``user`` has ``settings.EXPORT_PENDING_PER_USER`` files waiting: nothing is queued."""
    key = spec.key(year_data_version(spec.year))
    files = ExportFile.objects.defer("data").select_for_update()
    # The scope is looked up with the key: a file of another scope is never found.
    found = files.filter(key=key, kind=spec.kind, scope_id=spec.scope_id)
    export = found.first()
    if export is not None and not export.can_retry:
        return export
    _check_pending_limit(user)
    if export is not None:
        ExportFile.objects.filter(pk=export.pk).update(
            status=ExportFile.Status.PENDING,
            error="",
            requested_at=timezone.now(),
            requested_by=user,
        )
        return _enqueue(export)
    try:
        with transaction.atomic():
            export = ExportFile.objects.create(
                key=key,
                kind=spec.kind,
                scope_id=spec.scope_id,
                family=spec.family,
                year=spec.year,
                preliminary=spec.preliminary,
                figure=spec.figure,
                row_query=spec.row_query,
                language=spec.language,
                title=spec.title,
                filename=spec.filename,
                requested_by=user,
            )
    except IntegrityError:
        # Asked for by someone else at the same moment: theirs is the one.
        return found.get()
    # Requests nobody made a file for (the worker stopped) do not pile up.
    export_files_prune(family=spec.family, kind=spec.kind)
    return _enqueue(export)
