"""Asking the background worker (``reporting.tasks``) for the memo's draft files and for
publishing: the requests, kept as ``MemoRender`` rows the pages follow. What the worker then
does is in ``reporting.memo.files``, which never imports the tasks."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.models import User
from reporting import tasks
from reporting.memo.files import (
    memo_publish_check,
    memo_render_fail,
    memo_render_key,
    memo_renders_prune,
)
from reporting.memo.services import memo_figures
from reporting.models import Memo, MemoRender


def _enqueue(render: MemoRender) -> MemoRender:
    task = tasks.publish_memo if render.kind == MemoRender.Kind.PUBLISH else tasks.render_memo
    # With the database backend the task row is written in this transaction: the worker sees
    # it together with the request. The immediate backend runs it here and now.
    task.enqueue(render.pk)
    render.refresh_from_db(fields=["status", "error", "finished_at", "size", "published"])
    return render


@transaction.atomic
def memo_render_request(*, memo: Memo, kind: str, user: User, retry: bool = False) -> MemoRender:
    """The draft file for the memo as it is now: the one already made or being made, or a new
    request to the worker. ``retry`` asks again for a file that failed or got lost."""
    if kind not in (MemoRender.Kind.PDF, MemoRender.Kind.DOCX):
        raise ValueError(kind)
    memo = Memo.objects.get(pk=memo.pk)
    key, current = memo_render_key(memo)
    render, created = (
        MemoRender.objects.defer("data")
        .select_for_update()
        .get_or_create(
            memo=memo,
            kind=kind,
            key=key,
            defaults={"revision": memo.revision, "data_version": current, "requested_by": user},
        )
    )
    if created:
        return _enqueue(render)
    if retry and render.can_retry:
        render.status = MemoRender.Status.PENDING
        render.error = ""
        render.requested_at = timezone.now()
        render.requested_by = user
        render.save(update_fields=["status", "error", "requested_at", "requested_by"])
        return _enqueue(render)
    return render


@transaction.atomic
def memo_publish_request(
    *, memo: Memo, user: User, incomplete_accepted: bool = False
) -> MemoRender:
    """Ask the worker to publish the memo as it is now, after the checks publishing makes;
    ``incomplete_accepted``: the choice to publish while not every administration is approved.

    A request already waiting is returned rather than doubled; one lost with a stopped worker
    is given up so that a new one can be made."""
    memo = Memo.objects.select_for_update().get(pk=memo.pk)
    key, current = memo_render_key(memo)
    figures = memo_figures(memo.year)
    memo_publish_check(memo, figures, incomplete_accepted=incomplete_accepted)
    waiting = (
        MemoRender.objects.select_for_update()
        .filter(memo=memo, kind=MemoRender.Kind.PUBLISH, status=MemoRender.Status.PENDING)
        .first()
    )
    if waiting is not None:
        if not waiting.is_stale:
            return waiting
        memo_render_fail(
            render_id=waiting.pk,
            error=_("Publiceringen blev aldrig klar. Den har fått göras om."),
        )
    request = MemoRender.objects.create(
        memo=memo,
        kind=MemoRender.Kind.PUBLISH,
        key=key,
        revision=memo.revision,
        data_version=current,
        requested_by=user,
        incomplete_basis_accepted=incomplete_accepted,
    )
    memo_renders_prune(memo=memo, kind=MemoRender.Kind.PUBLISH)
    return _enqueue(request)
