"""The writes every file the background worker makes shares (``BackgroundFile``: the memo's
draft files, the archival packages): storing the file made, or the failure, on its request
under a row lock. Never imports the tasks."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from reporting.models import BackgroundFile


def _locked(model: type[BackgroundFile], render_id: int) -> BackgroundFile | None:
    return model.objects.select_for_update().defer("data").filter(pk=render_id).first()


@transaction.atomic
def background_file_done(
    model: type[BackgroundFile], *, render_id: int, data: bytes
) -> BackgroundFile | None:
    """Store ``data`` as the file of the request; None when the request is gone (pruned)."""
    request = _locked(model, render_id)
    if request is None:
        return None
    request.status = model.Status.DONE
    request.data = data
    request.size = len(data)
    request.error = ""
    request.finished_at = timezone.now()
    request.save(update_fields=["status", "data", "size", "error", "finished_at"])
    return request


@transaction.atomic
def background_file_fail(
    model: type[BackgroundFile], *, render_id: int, error: str
) -> BackgroundFile | None:
    """Mark a request as failed with a message for the page (unless its file is made meanwhile);
    it can be asked for again."""
    request = _locked(model, render_id)
    if request is None or request.status == model.Status.DONE:
        return request
    request.status = model.Status.FAILED
    request.error = error
    request.finished_at = timezone.now()
    request.save(update_fields=["status", "error", "finished_at"])
    return request
