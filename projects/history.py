"""A readable change history of a submission: who changed what, when, from which value to which.

Built from the django-simple-history tables a page at a time: the database orders the records
of the submission, its project reports and their payouts newest first and hands over one page;
only those records and the record just before each (to show what changed) are read. A fixed
number of queries, however long the history.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db import models
from django.db.models import F, IntegerField, OuterRef, Q, Subquery, Value, Window
from django.db.models.functions import RowNumber
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

from projects.collation import sorted_swedish
from projects.models import (
    REFERENCE_NAME_FIELDS,
    CouncilGoal,
    FundingProgramme,
    Payout,
    ProjectReport,
    Submission,
)
from projects.numbers import format_number
from projects.services.locks import TRANSITION_STAMPS

# Bookkeeping columns and fixed links that never say anything to a reader.
SKIPPED_FIELDS = {
    *REFERENCE_NAME_FIELDS["report"],  # shown as the name of their link
    "id",
    "version",
    "created_at",
    "updated_at",
    "updated_by",
    *TRANSITION_STAMPS,
    "administration",
    "reporting_year",
    "submission",
    "report",
    "project",
}
TEXT_PREVIEW_CHARS = 120
DEFAULT_LIMIT = 50


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: object  # User or None
    action: str
    subject: str
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def who_display(self) -> str:
        return self.who.get_full_name() if self.who else _("okänd användare")

    @property
    def action_display(self) -> str:
        return {"created": _("Skapad"), "changed": _("Ändrad"), "deleted": _("Borttagen")}[
            self.action
        ]


@dataclass
class SubmissionHistory:
    entries: list[HistoryEntry]
    total: int


ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
# The history tables, in the order records of the same moment are listed.
SUBMISSION, REPORT, PAYOUT = 0, 1, 2
MODELS = {SUBMISSION: Submission, REPORT: ProjectReport, PAYOUT: Payout}


def _tracked_fields(history_model) -> list[models.Field]:
    return [
        f
        for f in history_model._meta.concrete_fields
        if not f.name.startswith("history_") and f.name not in SKIPPED_FIELDS
    ]


# A link shown by the name its record kept that year (empty in records older than the names).
NAMED_LINKS = {"programme": "programme_name", "council_goal": "council_goal_name"}


def _display(value, model_field: models.Field, lookups: dict, record=None) -> str:
    if value is None or value == "":
        return "–"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        if name := getattr(record, NAMED_LINKS.get(model_field.name, ""), ""):
            return name
        return str(lookups.get(model_field.name, {}).get(value, value))
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return Truncator(str(value)).chars(TEXT_PREVIEW_CHARS)


def _set_display(names) -> str:
    return ", ".join(sorted_swedish(names)) if names else "–"


def _changes(record, previous, lookups: dict, sets: tuple[str, dict] | None) -> list[FieldChange]:
    """What ``record`` changed compared with ``previous`` (None: the object's first record).

    ``sets`` is (label, {history_id: frozenset of names}) for a many-to-many field."""
    changes = []
    for model_field in _tracked_fields(type(record)):
        new = getattr(record, model_field.attname)
        old = getattr(previous, model_field.attname) if previous else None
        if previous is None and new in (None, "", False):
            continue
        if previous is not None and old == new:
            continue
        changes.append(
            FieldChange(
                label=capfirst(str(model_field.verbose_name)),
                old=_display(old, model_field, lookups, previous),
                new=_display(new, model_field, lookups, record),
            )
        )
    if sets is not None:
        label, by_record = sets
        new_set = by_record.get(record.history_id, frozenset())
        old_set = by_record.get(previous.history_id, frozenset()) if previous else None
        if new_set != (old_set if previous else frozenset()):
            changes.append(
                FieldChange(label=label, old=_set_display(old_set), new=_set_display(new_set))
            )
    return changes


def _with_predecessors(history, ids: list[int]) -> dict[int, tuple]:
    """{history_id: (record, the record of the same object just before it, or None)} for the
    records ``ids``, in one query that reads those records and their predecessors only."""
    earlier = Q(history_date__lt=OuterRef("history_date")) | Q(
        history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")
    )
    previous = (
        history.filter(id=OuterRef("id"))
        .filter(earlier)
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    predecessors = history.filter(history_id__in=ids).annotate(previous=Subquery(previous))
    records = history.filter(
        Q(history_id__in=ids) | Q(history_id__in=predecessors.values("previous"))
    ).select_related("history_user")
    by_object = defaultdict(list)
    for record in records:
        by_object[record.id].append(record)
    wanted = set(ids)
    found = {}
    for versions in by_object.values():
        # Each wanted record's predecessor was read with it, so it is the one just before it.
        versions.sort(key=lambda r: (r.history_date, r.history_id))
        for index, record in enumerate(versions):
            if record.history_id in wanted:
                found[record.history_id] = (record, versions[index - 1] if index else None)
    return found


def _newest_names(report_ids: set[int]) -> dict[int, str]:
    """The newest known name of each report (also of a removed one), which labels it and its
    payouts in the history."""
    if not report_ids:
        return {}
    newest = (
        ProjectReport.history.filter(id__in=report_ids)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("id"),
                order_by=[F("history_date").desc(), F("history_id").desc()],
            )
        )
        .filter(rank=1)
    )
    return {pk: str(name or "") for pk, name in newest.values_list("id", "name")}


class SubmissionChanges:
    """Every change record of a submission, its project reports and their payouts, newest
    first, as a sequence a ``Paginator`` pages through: ``count()`` counts them in the
    database and a slice reads that page's records only.

    A save that changed nothing a reader sees (only bookkeeping columns) counts as a record
    but is left out of its page, so a page may show a few entries less than it holds."""

    def __init__(self, submission: Submission):
        self.submission = submission

    def _tables(self) -> dict:
        pk = self.submission.pk
        reports = ProjectReport.history.filter(submission_id=pk)
        return {
            SUBMISSION: Submission.history.filter(id=pk),
            REPORT: reports,
            PAYOUT: Payout.history.filter(report_id__in=reports.values("id")),
        }

    def _keys(self):
        """(when, table, history_id) of every record, as one UNION ALL query."""
        parts = [
            history.annotate(table=Value(table, output_field=IntegerField()))
            .values_list("history_date", "table", "history_id")
            .order_by()
            for table, history in self._tables().items()
        ]
        return parts[0].union(*parts[1:], all=True)

    def count(self) -> int:
        return self._keys().count()

    def __getitem__(self, items: slice) -> list[HistoryEntry]:
        if not isinstance(items, slice):
            raise TypeError("SubmissionChanges can only be sliced.")
        if items.stop is not None and items.stop <= (items.start or 0):
            return []
        keys = list(self._keys().order_by("-history_date", "table", "-history_id")[items])
        return self._entries(keys)

    def _entries(self, keys: list[tuple]) -> list[HistoryEntry]:
        ids = defaultdict(list)
        for _when, table, history_id in keys:
            ids[table].append(history_id)
        records = {
            table: _with_predecessors(model.history.all(), ids[table]) if ids[table] else {}
            for table, model in MODELS.items()
        }
        report_records = [
            record for pair in records[REPORT].values() for record in pair if record is not None
        ]
        lookups = _lookups(report_records)
        sets = (_participating_label(), _participating(report_records))
        names = _newest_names(
            {record.id for record, _previous in records[REPORT].values()}
            | {record.report_id for record, _previous in records[PAYOUT].values()}
        )

        def report_name(report_id) -> str:
            return names.get(report_id) or _("okänt projekt")

        subjects = {
            SUBMISSION: lambda record: _("Inrapporteringen"),
            REPORT: lambda record: _("Projektet %(project)s") % {"project": report_name(record.id)},
            PAYOUT: lambda record: (
                _("Utbetalning %(date)s för %(project)s")
                % {
                    "date": record.payment_date.isoformat(),
                    "project": report_name(record.report_id),
                }
            ),
        }
        entries = []
        for _when, table, history_id in keys:
            record, previous = records[table][history_id]
            action = ACTIONS.get(record.history_type, "changed")
            changes = (
                []
                if action == "deleted"
                else _changes(record, previous, lookups, sets if table == REPORT else None)
            )
            # A save that changed nothing a reader sees (only bookkeeping columns) is left out.
            if action == "changed" and not changes:
                continue
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=record.history_user,
                    action=action,
                    subject=subjects[table](record),
                    changes=changes,
                )
            )
        return entries


def _participating_label() -> str:
    return capfirst(
        str(ProjectReport._meta.get_field("participating_administrations").verbose_name)
    )


def _participating(report_records) -> dict[int, frozenset]:
    """The other administrations of each report version: simple_history keeps the
    many-to-many snapshot of each version in its own table."""
    if not report_records:
        return {}
    through = apps.get_model("projects", "HistoricalProjectReport_participating_administrations")
    participating = defaultdict(set)
    for history_id, name in through.objects.filter(
        history_id__in=[record.history_id for record in report_records]
    ).values_list("history_id", "administration__name"):
        participating[history_id].add(name)
    return {history_id: frozenset(names) for history_id, names in participating.items()}


def _lookups(report_records) -> dict:
    goal_ids = {r.council_goal_id for r in report_records if r.council_goal_id}
    programme_ids = {r.programme_id for r in report_records if r.programme_id}
    return {
        "council_goal": CouncilGoal.objects.in_bulk(goal_ids) if goal_ids else {},
        "programme": FundingProgramme.objects.in_bulk(programme_ids) if programme_ids else {},
    }


def submission_history(submission: Submission, *, limit: int = DEFAULT_LIMIT) -> SubmissionHistory:
    """The newest ``limit`` changes of a submission, its project reports and payouts."""
    changes = SubmissionChanges(submission)
    return SubmissionHistory(entries=changes[:limit], total=changes.count())
