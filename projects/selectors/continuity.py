"""Last year's projects that still run: the ones a coordinator carries forward, and those the
submission's check asks about."""

from __future__ import annotations

import datetime

from django.db.models import Q

from projects.models import ProjectReport, Submission


def runs_into(year: int) -> Q:
    """A report of last year whose project still runs in ``year``: ends on or after 1 January."""
    return Q(end_date__gte=datetime.date(year, 1, 1))


def running_last_year(submission: Submission):
    """Last year's reports of the same administration whose project still runs this year
    (end date on or after 1 January) and is not yet in this year's submission."""
    year = submission.reporting_year.year
    return (
        ProjectReport.objects.filter(
            submission__administration_id=submission.administration_id,
            submission__reporting_year__year=year - 1,
        )
        .filter(runs_into(year))
        .exclude(project__reports__submission=submission)
        .exclude(project__endings__submission=submission)
        .order_by("name", "pk")
    )
