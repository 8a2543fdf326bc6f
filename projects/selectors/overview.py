"""The year's overview: every administration's submission with its progress, counts, sum of
payouts and last change, filtered, searched and sorted as the overview page asks."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

from django.db import models
from django.db.models import F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.collation import sort_key
from projects.models import Administration, Payout, ProjectReport, ReportingYear, Submission, User
from projects.numbers import MONEY_FIELD, ZERO, sum_sek


class Progress(models.TextChoices):
    """How far an administration has come in the year's round, as the overview shows it."""

    NOT_STARTED = "not_started", _("Inte påbörjad")
    DRAFT = Submission.State.DRAFT, _("Utkast")
    SUBMITTED = Submission.State.SUBMITTED, _("Inskickad")
    RETURNED = Submission.State.RETURNED, _("Återskickad för komplettering")
    APPROVED = Submission.State.APPROVED, _("Godkänd")


PENDING_STATES = (Submission.State.DRAFT, Submission.State.RETURNED)


@dataclasses.dataclass(frozen=True)
class Change:
    """The newest change of a submission, its projects or its payouts."""

    at: datetime.datetime
    by: User | None


@dataclasses.dataclass(frozen=True)
class OverviewRow:
    submission: Submission
    progress: Progress
    is_overdue: bool
    project_count: int
    payout_count: int
    payouts_sek: Decimal = ZERO
    # Filled in by ``with_last_changes`` for the rows a page shows.
    last_change: Change | None = None

    @property
    def progress_label(self) -> str:
        return str(self.progress.label)

    @property
    def last_changed_at(self) -> datetime.datetime | None:
        return self.last_change.at if self.last_change else None

    @property
    def last_changed_by(self) -> User | None:
        return self.last_change.by if self.last_change else None


@dataclasses.dataclass(frozen=True)
class Overview:
    reporting_year: ReportingYear
    rows: list[OverviewRow]  # those with the chosen progress and name, in the chosen order
    counts: list[tuple[str, str, int]]  # (progress, label, number of administrations)
    overdue_count: int
    missing: list[Administration]
    sort: str = "name"  # the order the rows are in, one of OVERVIEW_SORTS ("-" = descending)
    search: str = ""


_PROGRESS_ORDER = {value: index for index, value in enumerate(Progress.values)}
# The overview's orders; each breaks ties by the administration's name in Swedish order.
OVERVIEW_SORTS = {
    "name": lambda row: (),
    "progress": lambda row: (_PROGRESS_ORDER[row.progress],),
    "projects": lambda row: (row.project_count,),
    "payouts": lambda row: (row.payouts_sek,),
}


def overview_sort(value: str | None) -> str:
    """``value`` if it names an overview order ("payouts", "-payouts"), else "name"."""
    value = (value or "").strip()
    return value if value.removeprefix("-") in OVERVIEW_SORTS else "name"


def _sorted_rows(rows: list[OverviewRow], sort: str) -> list[OverviewRow]:
    field = sort.removeprefix("-")
    descending = sort.startswith("-")
    by_name = sorted(rows, key=lambda row: sort_key(row.submission.administration.name))
    if field == "name":
        return list(reversed(by_name)) if descending else by_name
    # A stable sort on the field keeps the Swedish name order among equal values.
    return sorted(by_name, key=OVERVIEW_SORTS[field], reverse=descending)


def _matches(row: OverviewRow, words: list[str]) -> bool:
    administration = row.submission.administration
    text = f"{administration.name} {administration.short_code}".casefold()
    return all(word in text for word in words)


def _count(queryset) -> Coalesce:
    """A correlated COUNT subquery, so several counts never multiply through joins."""
    counted = queryset.order_by().annotate(n=models.Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def year_overview(
    reporting_year: ReportingYear, *, progress: str = "", search: str = "", sort: str = "name"
) -> Overview:
    """Every administration's submission for a year with its progress, counts and sum of
    payouts (2 queries).

    ``progress`` is a ``Progress`` value or "overdue"; ``search`` keeps the administrations whose
    name (or short name) holds every word of it, whatever the case; ``sort`` is a key of
    ``OVERVIEW_SORTS``, "-" first for descending (anything else sorts by name). The last changes
    are read separately, for the rows a page shows (``with_last_changes``)."""
    sort = overview_sort(sort)
    search = " ".join((search or "").split())
    empty_narrative = Q(**dict.fromkeys(Submission.NARRATIVE_FIELDS, ""))
    submissions = list(
        reporting_year.submissions.select_related("administration")
        .defer(*Submission.NARRATIVE_FIELDS)
        .annotate(
            project_count=_count(ProjectReport.objects.filter(submission=OuterRef("pk"))),
            payout_count=_count(Payout.objects.filter(report__submission=OuterRef("pk"))),
            payouts_sek=Coalesce(
                Subquery(
                    Payout.objects.filter(report__submission=OuterRef("pk"))
                    .order_by()
                    .values("report__submission")
                    .annotate(total=sum_sek("amount_sek"))
                    .values("total")
                ),
                Value(ZERO),
                output_field=MONEY_FIELD,
            ),
            has_narrative=~empty_narrative,
        )
        .order_by("administration_name")
    )
    overdue_year = reporting_year.is_overdue(timezone.localdate())
    rows = [
        OverviewRow(
            submission=submission,
            progress=_progress(submission),
            is_overdue=overdue_year and submission.state in PENDING_STATES,
            project_count=submission.project_count,
            payout_count=submission.payout_count,
            payouts_sek=submission.payouts_sek,
        )
        for submission in submissions
    ]
    # The counts are of every administration, whatever the filter shows.
    return Overview(
        reporting_year=reporting_year,
        rows=_sorted_rows(_chosen(rows, progress=progress, search=search), sort),
        counts=[
            (key, str(label), sum(1 for row in rows if row.progress == key))
            for key, label in Progress.choices
        ],
        overdue_count=sum(1 for row in rows if row.is_overdue),
        missing=list(administrations_without_submission(year=reporting_year.year)),
        sort=sort,
        search=search,
    )


def _chosen(rows: list[OverviewRow], *, progress: str, search: str) -> list[OverviewRow]:
    """The rows with the chosen progress ("overdue": past the deadline) whose administration's
    name holds every word of ``search``."""
    if progress == "overdue":
        rows = [row for row in rows if row.is_overdue]
    elif progress:
        rows = [row for row in rows if row.progress == progress]
    words = search.casefold().split()
    return [row for row in rows if _matches(row, words)]


def current_overview_year() -> int | None:
    """The year whose overview is current: the open one (the newest if several are open), else
    the newest; None before any year exists."""
    return (
        ReportingYear.objects.order_by("-is_open", "-year").values_list("year", flat=True).first()
    )


def _progress(submission: Submission) -> Progress:
    if (
        submission.state == Submission.State.DRAFT
        and submission.project_count == 0
        and not submission.has_narrative
    ):
        return Progress.NOT_STARTED
    return Progress(submission.state)


def _newest_per_submission(history, submission_field: str) -> dict[int, tuple]:
    """{submission id: (when, user id)} of the newest record per submission in ``history``.

    One query: the database ranks each submission's records newest first and keeps the first,
    instead of a correlated subquery per submission and column."""
    ranked = history.annotate(
        submission_key=F(submission_field),
        rank=models.Window(
            RowNumber(),
            partition_by=F(submission_field),
            order_by=[F("history_date").desc(), F("history_id").desc()],
        ),
    ).filter(rank=1)
    return {
        pk: (at, by)
        for pk, at, by in ranked.values_list("submission_key", "history_date", "history_user_id")
    }


def latest_changes(submissions: list[Submission]) -> dict[int, Change]:
    """The newest change of each submission, its project reports or its payouts, with who made
    it: one query per history table, whatever the number of rows, and one for the users."""
    ids = [submission.pk for submission in submissions]
    if not ids:
        return {}
    own = _newest_per_submission(Submission.history.filter(id__in=ids), "id")
    reports = _newest_per_submission(
        ProjectReport.history.filter(submission_id__in=ids), "submission_id"
    )
    # Through the live report: a removed report's own history record is newer than its payouts'.
    payouts = _newest_per_submission(
        Payout.history.filter(report__submission_id__in=ids), "report__submission_id"
    )
    newest = {}
    for submission in submissions:
        at, by = own.get(submission.pk, (None, None))
        # A save outside a request (shell, import) has no history user: updated_by stands in.
        changes = [
            (max(filter(None, [at, submission.updated_at])), by or submission.updated_by_id),
            *(found[submission.pk] for found in (reports, payouts) if submission.pk in found),
        ]
        newest[submission.pk] = max(changes, key=lambda change: change[0])
    user_ids = {by for _at, by in newest.values() if by is not None}
    users = User.objects.in_bulk(user_ids) if user_ids else {}
    return {pk: Change(at=at, by=users.get(by)) for pk, (at, by) in newest.items()}


def with_last_changes(rows: list[OverviewRow]) -> list[OverviewRow]:
    """``rows`` with their last change, for the rows one page of the overview shows."""
    changes = latest_changes([row.submission for row in rows])
    return [dataclasses.replace(row, last_change=changes.get(row.submission.pk)) for row in rows]


def administrations_without_submission(*, year: int):
    """The administrations (and the municipal companies, where they report) that exist in
    ``year`` and have no submission for it yet: those opening the year gives a draft, and
    those the overview lists as missing."""
    return (
        Administration.objects.valid_in(year)
        .reporting_units()
        .exclude(submissions__reporting_year__year=year)
        .order_by("name")
    )
