"""Read queries about reporting years: the years' list with their submissions counted by
state, whether anything was entered, and who a reminder would reach."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from projects import emails
from projects.models import Administration, ReportingYear, Submission, User

# --- Years ----------------------------------------------------------------------------------


def reporting_year_or_none(year: int) -> ReportingYear | None:
    """The reporting year ``year``, or None when it was never opened."""
    return ReportingYear.objects.filter(year=year).first()


def latest_year() -> int | None:
    """The latest reporting year, or None before the first."""
    return ReportingYear.objects.order_by("-year").values_list("year", flat=True).first()


def years_with_submission_counts():
    """Every reporting year, latest first, with its submissions counted by state:
    ``submission_count`` (all), ``submitted_count`` (submitted or approved), ``approved_count``."""
    return ReportingYear.objects.annotate(
        submission_count=Count("submissions"),
        submitted_count=Count(
            "submissions",
            filter=Q(
                submissions__state__in=[Submission.State.SUBMITTED, Submission.State.APPROVED]
            ),
        ),
        approved_count=Count("submissions", filter=Q(submissions__state=Submission.State.APPROVED)),
    ).order_by("-year")


def year_list():
    """The reporting years' list: the submissions counted by state and whether anything was
    entered (``has_entries``), in one query."""
    return (
        years_with_submission_counts()
        .select_related("closed_by")
        .annotate(
            has_entries=Exists(
                Submission.objects.with_entries().filter(reporting_year=OuterRef("pk"))
            )
        )
    )


def reporting_year_has_entries(reporting_year: ReportingYear) -> bool:
    """Whether any administration has entered anything for the year."""
    return Submission.objects.with_entries().filter(reporting_year=reporting_year).exists()


def submissions_awaiting_approval(user: User, year: int) -> bool:
    """Whether any submission of ``year`` the user may see is not yet approved."""
    return (
        Submission.objects.visible_to(user)
        .for_year(year)
        .exclude(state=Submission.State.APPROVED)
        .exists()
    )


# --- Reminders ------------------------------------------------------------------------------


@dataclass
class ReminderPlan:
    """Who would get a reminder now: pending submissions with their active coordinators."""

    recipients: list[tuple[Submission, list]] = field(default_factory=list)
    without_coordinator: list[Administration] = field(default_factory=list)

    @property
    def administrations(self) -> list[Administration]:
        return [submission.administration for submission, _recipients in self.recipients]


def reminders_plan(*, reporting_year: ReportingYear) -> ReminderPlan:
    """Read only: the administrations that have not submitted and who would be e-mailed."""
    pending = (
        reporting_year.submissions.filter(
            state__in=[Submission.State.DRAFT, Submission.State.RETURNED]
        )
        .select_related("administration", "reporting_year")
        .order_by("administration_name")
    )
    coordinators = emails.active_coordinators_by_administration(
        [submission.administration_id for submission in pending]
    )
    plan = ReminderPlan()
    for submission in pending:
        recipients = coordinators.get(submission.administration_id, [])
        if recipients:
            plan.recipients.append((submission, recipients))
        else:
            plan.without_coordinator.append(submission.administration)
    return plan
