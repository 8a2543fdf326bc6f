"""Read queries about reporting years: the years' list with their submissions counted by
state, whether anything was entered, who has not finished a year and who a reminder would
reach."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from projects import emails
from projects.models import Administration, ReportingYear, Submission, User
from projects.selectors import Progress, year_overview

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


@dataclass(frozen=True)
class Unfinished:
    """A submission not approved yet: how far it has come, as the overview words it, and who
    would be reminded."""

    submission: Submission
    progress: Progress
    coordinators: list[User]

    @property
    def is_sent_in(self) -> bool:
        return self.progress == Progress.SUBMITTED


@dataclass(frozen=True)
class YearCloseState:
    """Who has not finished the year's round, by name, for the page that closes it."""

    counts: dict[str, int]  # administrations per Progress value
    unfinished: list[Unfinished]  # in Swedish order of name
    missing: list[Administration]  # valid in the year but without a submission

    @property
    def not_sent_in(self) -> list[Unfinished]:
        return [row for row in self.unfinished if not row.is_sent_in]

    @property
    def sent_in(self) -> list[Unfinished]:
        return [row for row in self.unfinished if row.is_sent_in]

    @property
    def without_coordinator(self) -> list[Unfinished]:
        return [row for row in self.not_sent_in if not row.coordinators]


def year_close_state(reporting_year: ReportingYear) -> YearCloseState:
    """The year's submissions not approved, with their progress and active coordinators
    (4 queries)."""
    overview = year_overview(reporting_year)
    rows = [row for row in overview.rows if row.progress != Progress.APPROVED]
    coordinators = emails.active_coordinators_by_administration(
        [row.submission.administration_id for row in rows]
    )
    return YearCloseState(
        counts={key: count for key, _label, count in overview.counts},
        unfinished=[
            Unfinished(
                submission=row.submission,
                progress=row.progress,
                coordinators=coordinators.get(row.submission.administration_id, []),
            )
            for row in rows
        ],
        missing=overview.missing,
    )


@dataclass
class ReminderPlan:
    """Who would get a reminder now: pending submissions with their active coordinators."""

    recipients: list[tuple[Submission, list]] = field(default_factory=list)
    without_coordinator: list[Administration] = field(default_factory=list)
    # The overview's word for each pending submission's progress, by submission id.
    progress: dict[int, Progress] = field(default_factory=dict)

    @property
    def administrations(self) -> list[Administration]:
        return [submission.administration for submission, _recipients in self.recipients]


def reminders_plan(
    *, reporting_year: ReportingYear, administration_ids: set[int] | None = None
) -> ReminderPlan:
    """Read only: the administrations that have not submitted (all, or those of
    ``administration_ids``) and who would be e-mailed."""
    plan = ReminderPlan()
    for row in year_close_state(reporting_year).not_sent_in:
        submission = row.submission
        if administration_ids is not None and submission.administration_id not in (
            administration_ids
        ):
            continue
        if row.coordinators:
            plan.recipients.append((submission, row.coordinators))
            plan.progress[submission.pk] = row.progress
        else:
            plan.without_coordinator.append(submission.administration)
    return plan
