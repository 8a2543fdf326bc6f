"""Read queries of the projects app: which submission a coordinator should work on next, the
submission page's reports, the version of a year's data, the organisation. The year's overview
lives in ``overview``; its selectors are importable from here too.

Each runs a fixed number of queries, however many submissions, projects, payouts and history
records there are.
"""

from __future__ import annotations

from django.db.models import (
    Case,
    Count,
    IntegerField,
    JSONField,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from projects.logos import LogoFile
from projects.models import (
    Organisation,
    OrganisationLogo,
    Payout,
    ProjectReport,
    ReportingYear,
    Submission,
    SubmissionComment,
)
from projects.numbers import MONEY_FIELD, ZERO, sum_sek
from projects.organisation import UNNAMED, OrganisationFacts
from projects.selectors.continuity import running_last_year
from projects.selectors.history import history_changes
from projects.selectors.overview import (
    Progress,
    _count,
    administrations_without_submission,
    current_overview_year,
    with_last_changes,
    year_overview,
)

__all__ = [
    "Progress",
    "administrations_without_submission",
    "copy_forward_candidates",
    "current_overview_year",
    "needing_action_first",
    "organisation_changes",
    "organisation_facts",
    "organisation_logo",
    "review_comments_by_report",
    "review_comments_since_submit",
    "submission_comments",
    "submission_payout_totals",
    "submission_reports",
    "submit_record",
    "with_last_changes",
    "year_data_version",
    "year_data_versions",
    "year_events",
    "year_overview",
]

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
    return running_last_year(submission).select_related("programme")


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


def organisation_letterhead(year: int | None = None) -> OrganisationFacts:
    """The organisation as ``year`` knows it (a closed year as it closed), in one query, for
    what names it: labels, letterhead, colours, e-mails. Its decision path is left out (empty);
    ``organisation_facts`` reads that too."""
    organisations = Organisation.objects.all()
    if year is not None:
        kept = ReportingYear.objects.filter(year=year, is_open=False).values(
            "organisation_snapshot"
        )
        organisations = organisations.annotate(kept=Subquery(kept[:1], output_field=JSONField()))
    organisation = organisations.first()
    if organisation is None:
        return UNNAMED
    if getattr(organisation, "kept", None):
        return OrganisationFacts.from_dict(organisation.kept)
    return organisation.facts(with_decision_steps=False)


def organisation_logo(facts: OrganisationFacts) -> LogoFile | None:
    """The logo ``facts`` name (a closed year's as it closed), or None without one."""
    if not facts.logo_sha256:
        return None
    row = (
        OrganisationLogo.objects.filter(sha256=facts.logo_sha256)
        .values_list("content_type", "data")
        .first()
    )
    return LogoFile(content_type=row[0], data=bytes(row[1])) if row else None


def organisation_changes(organisation, *, limit: int = 20) -> list[dict]:
    """The organisation's latest changes, newest first: when, who, and which fields (their
    labels) changed."""
    if organisation.pk is None:
        return []

    def changed(record, older) -> list[str]:
        return [
            str(Organisation._meta.get_field(change.field).verbose_name)
            for change in record.diff_against(older).changes
        ]

    return history_changes(organisation.history, changed, limit=limit)
