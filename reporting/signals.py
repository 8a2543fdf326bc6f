"""What reporting does when the entry side changes: ``projects`` never imports ``reporting``."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from projects.models import ReportingYear
from reporting.models import Memo


@receiver(post_delete, sender=ReportingYear)
def memo_draft_goes_with_its_year(sender, instance: ReportingYear, **kwargs) -> None:
    """A year deleted as opened by mistake takes its memo draft with it, so that opening the
    year again starts from a fresh draft. A published memo is never deleted (a year with one has
    approved data and cannot be deleted)."""
    Memo.objects.filter(year=instance.year, published_versions__isnull=True).delete()
