"""The reference names each year keeps: open years follow the administrations, goals and
programmes as they stand; a closed year keeps the names it had when it closed."""

from __future__ import annotations

from django.db import transaction
from django.db.models import OuterRef, Subquery

from projects.models import (
    Administration,
    CouncilGoal,
    FundingProgramme,
    ProjectReport,
    ReportingYear,
    Submission,
)
from projects.services.versions import open_years_data_changed, year_data_changed


@transaction.atomic
def reference_names_refresh(*, reporting_year: ReportingYear | None = None) -> None:
    """The rows of every open year (or of ``reporting_year``, open or being closed) take the
    reference names as they stand now: one UPDATE per table, whatever the number of rows, and
    those years' data versions raised."""
    if reporting_year is None:
        open_years_data_changed()
    else:
        year_data_changed(year_ids=[reporting_year.pk])
    submissions = Submission.objects.all()
    reports = ProjectReport.objects.all()
    if reporting_year is None:
        submissions = submissions.filter(reporting_year__is_open=True)
        reports = reports.filter(submission__reporting_year__is_open=True)
    else:
        submissions = submissions.filter(reporting_year=reporting_year)
        reports = reports.filter(submission__reporting_year=reporting_year)

    administration = Administration.objects.filter(pk=OuterRef("administration_id"))
    submissions.update(
        administration_name=Subquery(administration.values("name")[:1]),
        administration_code=Subquery(administration.values("short_code")[:1]),
    )
    programme = FundingProgramme.objects.filter(pk=OuterRef("programme_id"))
    goal = CouncilGoal.objects.filter(pk=OuterRef("council_goal_id"))
    reports.filter(council_goal__isnull=True).update(council_goal_name="")
    reports.filter(council_goal__isnull=False).update(
        council_goal_name=Subquery(goal.values("name")[:1])
    )
    reports.update(
        programme_name=Subquery(programme.values("name")[:1]),
        programme_short_name=Subquery(programme.values("short_name")[:1]),
        fund_family=Subquery(programme.values("fund_family")[:1]),
    )
