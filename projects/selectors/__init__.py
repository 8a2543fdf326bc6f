"""Read queries of the projects app: the year's overview, the submission page's reports, which
submission a coordinator should work on next.

Each runs a fixed number of queries, however many submissions, projects, payouts and history
records there are.
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

from django.db import models
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects import validation
from projects.collation import sort_key
from projects.models import (
    Administration,
    Organisation,
    Payout,
    ProjectReport,
    ReportingYear,
    Submission,
    SubmissionComment,
    User,
)
from projects.numbers import MONEY_FIELD, ZERO, sum_sek
from projects.organisation import UNNAMED, OrganisationFacts

# --- The year's overview --------------------------------------------------------------------


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
    counts = [
        (key, str(label), sum(1 for row in rows if row.progress == key))
        for key, label in Progress.choices
    ]
    overdue_count = sum(1 for row in rows if row.is_overdue)
    if progress == "overdue":
        rows = [row for row in rows if row.is_overdue]
    elif progress:
        rows = [row for row in rows if row.progress == progress]
    if search:
        words = search.casefold().split()
        rows = [row for row in rows if _matches(row, words)]
    rows = _sorted_rows(rows, sort)
    missing = list(administrations_without_submission(year=reporting_year.year))
    return Overview(
        reporting_year=reporting_year,
        rows=rows,
        counts=counts,
        overdue_count=overdue_count,
        missing=missing,
        sort=sort,
        search=search,
    )


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


# --- A coordinator's submissions -------------------------------------------------------------


def needing_action_first(submissions):
    """Order submissions so the one the coordinator should work on comes first.

    A returned submission waits for the administration, so it beats a newer year's draft;
    then drafts; then the newest year.
    """
    return submissions.annotate(
        action_rank=Case(
            When(state=Submission.State.RETURNED, then=Value(0)),
            When(state=Submission.State.DRAFT, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("action_rank", "-reporting_year__year", "administration_name")


# --- The submission page ----------------------------------------------------------------------


def _payouts_of_report():
    return Payout.objects.filter(report=OuterRef("pk")).order_by().values("report")


def submission_reports(submission: Submission) -> list[ProjectReport]:
    """The submission's project reports by name, with programme, goal, payouts and each one's
    payout sum and count (3 queries). The completeness checks read all of them."""
    return list(
        submission.project_reports.select_related("programme", "council_goal")
        .prefetch_related("payouts")
        .annotate(
            payout_total=Coalesce(
                Subquery(
                    _payouts_of_report().annotate(total=sum_sek("amount_sek")).values("total")
                ),
                Value(ZERO),
                output_field=MONEY_FIELD,
            ),
            payout_count=_count(Payout.objects.filter(report=OuterRef("pk"))),
        )
        .order_by("name", "pk")
    )


def submission_payout_totals(submission: Submission) -> dict:
    """The exact sum and the number of all the submission's payouts (1 query)."""
    return Payout.objects.filter(report__submission=submission).aggregate(
        total=sum_sek("amount_sek"), count=Count("pk")
    )


def submission_comments(submission: Submission) -> list[SubmissionComment]:
    """Every comment and workflow record of the submission with its author, oldest first
    (1 query): the page's list, the comments beside each project and the submit record."""
    return list(submission.comments.select_related("author").order_by("created_at", "pk"))


def submit_record(
    submission: Submission, comments: list[SubmissionComment]
) -> SubmissionComment | None:
    """The record of the submit under review, which holds the warnings the coordinator
    confirmed; None unless the submission is submitted or approved."""
    if submission.state not in (Submission.State.SUBMITTED, Submission.State.APPROVED):
        return None
    submits = [c for c in comments if c.kind == SubmissionComment.Kind.SUBMITTED]
    return submits[-1] if submits else None


def review_comments_by_report(
    comments: list[SubmissionComment],
) -> dict[int, list[SubmissionComment]]:
    """The comments on each project, its payouts' included, in the order given."""
    by_report: dict[int, list[SubmissionComment]] = {}
    for comment in comments:
        if comment.report_id is not None:
            by_report.setdefault(comment.report_id, []).append(comment)
    return by_report


def review_comments_since_submit(comments: list[SubmissionComment]) -> list[SubmissionComment]:
    """The review comments written since the last submit (all of them if never submitted),
    in the order given: what a return sends the administration along with its note."""
    submits = [c.created_at for c in comments if c.kind == SubmissionComment.Kind.SUBMITTED]
    since = submits[-1] if submits else None
    return [
        comment
        for comment in comments
        if comment.kind == SubmissionComment.Kind.COMMENT
        and (since is None or comment.created_at >= since)
    ]


def administrations_without_submission(*, year: int):
    """The administrations that exist in ``year`` and have no submission for it yet: those
    opening the year gives a draft, and those the overview lists as missing."""
    return (
        Administration.objects.valid_in(year)
        .exclude(submissions__reporting_year__year=year)
        .order_by("name")
    )


# --- The state of a year's data ---------------------------------------------------------------


def year_data_version(year: int) -> int:
    """The version of a year's data (``ReportingYear.data_version``, raised by every write that
    changes what its figures read); 0 for a year without a reporting year. One query."""
    return (
        ReportingYear.objects.filter(year=year).values_list("data_version", flat=True).first() or 0
    )


def year_data_versions() -> dict[int, int]:
    """The data version of every reporting year, by year: what the trend is read from. One
    query."""
    return dict(ReportingYear.objects.order_by("year").values_list("year", "data_version"))


# --- Carrying projects forward ------------------------------------------------------------------


def copy_forward_candidates(submission: Submission):
    """Last year's reports of the same administration whose project still runs this year, not
    yet in this year's submission nor marked as ended early."""
    return validation.running_last_year(submission).select_related("programme")


def year_events(reporting_year) -> list:
    """The year's openings, closings and reopenings, oldest first, with who did them."""
    return list(reporting_year.events.select_related("created_by").order_by("created_at", "pk"))


def organisation_facts(reporting_year=None) -> OrganisationFacts:
    """The organisation as ``reporting_year`` kept it when it closed, or as it is now."""
    snapshot = getattr(reporting_year, "organisation_snapshot", None)
    if reporting_year is not None and not reporting_year.is_open and snapshot:
        return OrganisationFacts.from_dict(snapshot)
    organisation = Organisation.objects.prefetch_related("decision_steps").first()
    if organisation is None:
        return UNNAMED
    return organisation.facts()


def organisation_changes(organisation, *, limit: int = 20) -> list[dict]:
    """The organisation's latest changes, newest first: when, who, and which fields (their
    labels) changed."""
    if organisation.pk is None:
        return []
    records = list(
        organisation.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    changes = []
    for record, older in zip(records, [*records[1:], None], strict=False):
        if len(changes) == limit:
            break
        if older is None:
            fields = []
        else:
            fields = [
                str(Organisation._meta.get_field(change.field).verbose_name)
                for change in record.diff_against(older).changes
            ]
        changes.append({"date": record.history_date, "user": record.history_user, "fields": fields})
    return changes
