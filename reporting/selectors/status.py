"""The status of a reporting year, computed in one place for every page, chart and file: open,
closed or published; its figures final or preliminary; and on how many administrations they
rest. Codes and numbers; the words are properties read where the status is shown.

One query whatever the number of years: the reporting years with their submissions counted and
their latest published version.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, ngettext

from projects.models import Administration, ReportingYear, Submission
from reporting.models import PublishedMemo

OPEN = "open"
CLOSED = "closed"
PUBLISHED = "published"
# A year the application holds no reporting year for (a memo of an earlier year, say).
NOT_OPENED = "not_opened"
# How a year is marked beside other years (``YearStatus.mark``).
PRELIMINARY_MARK = "preliminary"
INCOMPLETE_MARK = "incomplete"


@dataclass(frozen=True)
class YearBasis:
    """On what the year's figures rest: approved submissions of the expected ones (the form the
    memo keeps beside the figures its texts were written from)."""

    year: int
    approved: int
    expected: int

    @property
    def complete(self) -> bool:
        """Every administration expected to report is approved."""
        return self.expected > 0 and self.approved >= self.expected

    def as_dict(self) -> dict:
        return {"approved": self.approved, "expected": self.expected}


@dataclass(frozen=True)
class YearStatus:
    """Where a year stands. ``approved`` of ``expected`` administrations are approved; expected
    are those with a submission for the year and, while it is open, every administration that
    exists in it (it may still start)."""

    year: int
    state: str  # OPEN, CLOSED, PUBLISHED or NOT_OPENED
    approved: int
    expected: int
    published_version: int | None = None
    # Submissions the year holds (opening a year gives every administration one).
    submissions: int = 0

    @property
    def is_open(self) -> bool:
        return self.state == OPEN

    @property
    def basis(self) -> YearBasis:
        return YearBasis(year=self.year, approved=self.approved, expected=self.expected)

    @property
    def complete(self) -> bool:
        return self.basis.complete

    @property
    def final(self) -> bool:
        """The year is closed: its figures no longer change (complete or not)."""
        return self.state in (CLOSED, PUBLISHED)

    @property
    def preliminary(self) -> bool:
        return not self.final

    @property
    def incomplete(self) -> bool:
        """Closed without every administration approved: final figures of part of the city."""
        return self.final and not self.complete

    def as_dict(self) -> dict:
        return {
            "year": self.year,
            "state": self.state,
            "final": self.final,
            "complete": self.complete,
            "approved": self.approved,
            "expected": self.expected,
            "published_version": self.published_version,
        }

    # --- words, read where the status is shown, in the language active there ---------------

    @property
    def mark(self) -> str:
        """How the year is marked where it stands beside other years (a trend's table and
        chart): "preliminary" while open, "incomplete" when closed on part of the city."""
        if self.is_open:
            return PRELIMINARY_MARK
        return INCOMPLETE_MARK if self.incomplete else ""

    @property
    def mark_label(self) -> str:
        """The word of ``mark``: the trend's tables and charts and their legends say it."""
        return {
            PRELIMINARY_MARK: gettext("Preliminärt"),
            INCOMPLETE_MARK: gettext("Ofullständigt"),
            "": "",
        }[self.mark]

    @property
    def state_label(self) -> str:
        return {
            OPEN: gettext("Året pågår"),
            CLOSED: gettext("Året är stängt"),
            PUBLISHED: gettext("Året är stängt och redovisningen publicerad"),
            NOT_OPENED: gettext("Året har inte öppnats"),
        }[self.state]

    @property
    def figures_label(self) -> str:
        if self.preliminary:
            return gettext("Preliminära siffror")
        if self.complete:
            return gettext("Slutliga siffror")
        return gettext("Slutliga siffror, ofullständiga")

    @property
    def basis_label(self) -> str:
        """ "13 av 13 förvaltningar godkända"."""
        return ngettext(
            "%(approved)s av %(expected)s förvaltning godkänd",
            "%(approved)s av %(expected)s förvaltningar godkända",
            self.expected,
        ) % {"approved": self.approved, "expected": self.expected}

    @property
    def label(self) -> str:
        """The status in one line: "Året är stängt · Slutliga siffror · 13 av 13 …"."""
        return f"{self.state_label} · {self.figures_label} · {self.basis_label}"


def _count(queryset) -> Coalesce:
    """A correlated COUNT subquery, so the counts never multiply through joins."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def year_statuses(years: Iterable[int] | None = None) -> dict[int, YearStatus]:
    """The status of each of ``years`` (every reporting year when None), by year, oldest first
    (one query)."""
    reporting_years = ReportingYear.objects.all()
    if years is not None:
        years = sorted(set(years))
        if not years:
            return {}
        reporting_years = reporting_years.filter(year__in=years)
    submissions = Submission.objects.filter(reporting_year=OuterRef("pk"))
    # Administrations (and companies, where they report) that exist in the year and have not
    # started it: expected while it is open.
    not_started = Administration.objects.reporting_units().filter(
        Q(valid_from_year__lte=OuterRef("year"))
        & (Q(valid_to_year__isnull=True) | Q(valid_to_year__gte=OuterRef("year")))
        & ~Exists(
            Submission.objects.filter(
                administration=OuterRef("pk"), reporting_year=OuterRef(OuterRef("pk"))
            )
        )
    )
    rows = {
        row["year"]: row
        for row in reporting_years.annotate(
            # One submission per administration and year (a constraint): rows are administrations.
            submitted=_count(submissions),
            approved=_count(submissions.counted()),
            not_started=_count(not_started),
            version=Subquery(
                PublishedMemo.objects.filter(year=OuterRef("year"))
                .order_by("-version")
                .values("version")[:1]
            ),
        )
        .values("year", "is_open", "submitted", "approved", "not_started", "version")
        .order_by()
    }
    statuses = {}
    for year in sorted(rows) if years is None else years:
        row = rows.get(year)
        if row is None:
            statuses[year] = YearStatus(year=year, state=NOT_OPENED, approved=0, expected=0)
            continue
        published = row["version"] is not None
        state = OPEN if row["is_open"] else (PUBLISHED if published else CLOSED)
        statuses[year] = YearStatus(
            year=year,
            state=state,
            approved=row["approved"],
            expected=row["submitted"] + (row["not_started"] if row["is_open"] else 0),
            published_version=row["version"],
            submissions=row["submitted"],
        )
    return statuses


def year_status(year: int) -> YearStatus:
    """The status of one year (one query)."""
    return year_statuses([year])[year]
