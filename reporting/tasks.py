"""Background tasks (django-tasks): the memo's draft files and publishing, off the request.

Run by ``manage.py db_worker`` from the queue in the database (settings.TASKS). Each task only
calls a service; what the pages show comes from the ``MemoRender`` row the service updates."""

from __future__ import annotations

import logging

from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from reporting import services

logger = logging.getLogger(__name__)

# Messages stored for the page are in the memo's language, whatever the worker's locale.
MESSAGE_LANGUAGE = services.MEMO_LANGUAGE


@task()
def render_memo(render_id: int) -> None:
    """Make a draft PDF or Word file of the memo."""
    with translation.override(MESSAGE_LANGUAGE):
        try:
            services.memo_render_run(render_id=render_id)
        except Exception:
            logger.exception("Rendering memo file %s failed", render_id)
            services.memo_render_fail(
                render_id=render_id,
                error=_(
                    "Filen kunde inte skapas på grund av ett tekniskt fel. Försök igen. "
                    "Om felet finns kvar, kontakta systemförvaltningen."
                ),
            )
            raise


@task()
def publish_memo(render_id: int) -> None:
    """Publish a version of the memo (PDF and Word file, never to change)."""
    with translation.override(MESSAGE_LANGUAGE):
        try:
            services.memo_publish_run(render_id=render_id)
        except Exception:
            logger.exception("Publishing memo for request %s failed", render_id)
            services.memo_render_fail(
                render_id=render_id,
                error=_(
                    "Versionen kunde inte publiceras på grund av ett tekniskt fel. Försök igen. "
                    "Om felet finns kvar, kontakta systemförvaltningen."
                ),
            )
            raise
