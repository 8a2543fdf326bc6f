"""Background tasks of ``projects`` (django-tasks, run by ``manage.py db_worker``): the import of
an uploaded open file from an EU source. The task only calls the service; the page follows the
``EuImportJob`` row the service updates."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from projects.services import eu_imports

logger = logging.getLogger(__name__)

TECHNICAL_ERROR = gettext_noop(
    "Filen kunde inte läsas in på grund av ett tekniskt fel. Ladda upp den igen. "
    "Om felet finns kvar, kontakta systemförvaltningen."
)


@task()
def import_eu_file(job_id: int) -> None:
    """Import an uploaded CORDIS or Kohesio file."""
    # The messages kept for the page are in Swedish, whatever the worker's locale.
    with translation.override(settings.LANGUAGE_CODE):
        try:
            eu_imports.eu_import_job_run(job_id=job_id)
        except Exception:
            logger.exception("Importing EU file %s failed", job_id)
            eu_imports.eu_import_job_fail(job_id=job_id, error=_(TECHNICAL_ERROR))
            raise
