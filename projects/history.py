"""A readable change history of a submission: who changed what, when, from which value to which.

Built from the django-simple-history tables with a fixed number of queries, however many
projects and payouts the submission has.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db import models
from django.utils import formats
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

from projects.collation import sorted_swedish
from projects.models import (
    CouncilGoal,
    FundingProgramme,
    Payout,
    ProjectReport,
    Submission,
)

# Bookkeeping columns and fixed links that never say anything to a reader.
SKIPPED_FIELDS = {
    "id",
    "version",
    "created_at",
    "updated_at",
    "updated_by",
    "state_changed_at",
    "state_changed_by",
    "submitted_at",
    "submitted_by",
    "approved_at",
    "approved_by",
    "administration",
    "reporting_year",
    "submission",
    "report",
    "project",
}
TEXT_PREVIEW_CHARS = 120
DEFAULT_LIMIT = 200


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

    @property
    def is_truncated(self) -> bool:
        return self.total > len(self.entries)


ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def _tracked_fields(history_model) -> list[models.Field]:
    return [
        f
        for f in history_model._meta.concrete_fields
        if not f.name.startswith("history_") and f.name not in SKIPPED_FIELDS
    ]


def _display(value, model_field: models.Field, lookups: dict) -> str:
    if value is None or value == "":
        return "–"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        return str(lookups.get(model_field.name, {}).get(value, value))
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, Decimal):
        return formats.number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return Truncator(str(value)).chars(TEXT_PREVIEW_CHARS)


def _set_display(names) -> str:
    return ", ".join(sorted_swedish(names)) if names else "–"


def _entries_for(
    records, subject_for, lookups: dict, sets: tuple[str, dict] | None = None
) -> list[HistoryEntry]:
    """Diff each historical record against the previous one of the same object.

    ``sets`` is (label, {history_id: frozenset of names}) for a many-to-many field.
    """
    by_object = defaultdict(list)
    for record in records:
        by_object[record.id].append(record)
    entries = []
    for versions in by_object.values():
        versions.sort(key=lambda r: (r.history_date, r.history_id))
        previous = None
        for record in versions:
            fields = _tracked_fields(type(record))
            action = ACTIONS.get(record.history_type, "changed")
            changes = []
            if action != "deleted":
                for model_field in fields:
                    new = getattr(record, model_field.attname)
                    old = getattr(previous, model_field.attname) if previous else None
                    if previous is None and new in (None, "", False):
                        continue
                    if previous is not None and old == new:
                        continue
                    changes.append(
                        FieldChange(
                            label=capfirst(str(model_field.verbose_name)),
                            old=_display(old, model_field, lookups),
                            new=_display(new, model_field, lookups),
                        )
                    )
                if sets is not None:
                    label, by_record = sets
                    new_set = by_record.get(record.history_id, frozenset())
                    old_set = by_record.get(previous.history_id, frozenset()) if previous else None
                    if new_set != (old_set if previous else frozenset()):
                        changes.append(
                            FieldChange(
                                label=label,
                                old=_set_display(old_set),
                                new=_set_display(new_set),
                            )
                        )
            if action == "changed" and not changes:
                previous = record
                continue
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=record.history_user,
                    action=action,
                    subject=subject_for(record),
                    changes=changes,
                )
            )
            previous = record
    return entries


def submission_history(submission: Submission, *, limit: int = DEFAULT_LIMIT) -> SubmissionHistory:
    """The newest ``limit`` changes of a submission, its project reports and payouts."""
    submission_records = list(
        Submission.history.filter(id=submission.pk).select_related("history_user")
    )
    report_records = list(
        ProjectReport.history.filter(submission_id=submission.pk).select_related("history_user")
    )
    report_ids = {r.id for r in report_records}
    payout_records = list(
        Payout.history.filter(report_id__in=report_ids).select_related("history_user")
    )
    # simple_history keeps the many-to-many snapshot of each report version in its own table.
    through = apps.get_model("projects", "HistoricalProjectReport_participating_administrations")
    participating = defaultdict(set)
    for history_id, name in through.objects.filter(
        history_id__in=[r.history_id for r in report_records]
    ).values_list("history_id", "administration__name"):
        participating[history_id].add(name)
    participating_label = capfirst(
        str(ProjectReport._meta.get_field("participating_administrations").verbose_name)
    )
    goal_ids = {r.council_goal_id for r in report_records if r.council_goal_id}
    programme_ids = {r.programme_id for r in report_records if r.programme_id}
    lookups = {
        "council_goal": CouncilGoal.objects.in_bulk(goal_ids) if goal_ids else {},
        "programme": FundingProgramme.objects.in_bulk(programme_ids) if programme_ids else {},
    }

    # The newest known name of each report labels it and its payouts.
    report_names = {}
    for record in sorted(report_records, key=lambda r: (r.history_date, r.history_id)):
        report_names[record.id] = str(record.name or "")

    def report_name(report_id) -> str:
        return report_names.get(report_id) or _("okänt projekt")

    entries = _entries_for(submission_records, lambda r: _("Inrapporteringen"), lookups)
    entries += _entries_for(
        report_records,
        lambda r: _("Projektet %(project)s") % {"project": report_name(r.id)},
        lookups,
        sets=(participating_label, {k: frozenset(v) for k, v in participating.items()}),
    )
    entries += _entries_for(
        payout_records,
        lambda r: (
            _("Utbetalning %(date)s för %(project)s")
            % {"date": r.payment_date.isoformat(), "project": report_name(r.report_id)}
        ),
        lookups,
    )
    entries.sort(key=lambda e: e.when, reverse=True)
    return SubmissionHistory(entries=entries[:limit], total=len(entries))
