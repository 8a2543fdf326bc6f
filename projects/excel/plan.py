"""What an upload would do: the rows read, their changes and every finding. Nothing is written
to make a plan.

A plan is kept between the preview and the confirm as a JSON document (``plan_document``,
``plan_from_document``; docs/excel.md, "Den sparade planen"): data only, the rows' values and
the ids of what they point at, never code.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from projects.excel.issues import Issue
from projects.models import (
    Administration,
    CouncilGoal,
    FundingProgramme,
    Payout,
    Project,
    ProjectReport,
    Submission,
)

# The facts a project row carries (participants are read from their own columns).
PROJECT_FIELDS = tuple(
    name for name in ProjectReport.FACT_FIELDS if name != "participating_administrations"
)
PAYOUT_FIELDS = Payout.ENTRY_FIELDS


@dataclass
class ProjectRow:
    row: int
    key: str
    project: Project | None  # existing project the key points at
    report: ProjectReport | None  # the project's report in this submission, if it has one
    values: dict  # the project's facts for the year (ProjectReport fields)
    participating: list[Administration]
    council_goal: CouncilGoal | None
    results: str
    suggested_as_example: bool
    changes: list[str] = field(default_factory=list)  # labels of changed facts


@dataclass
class LeftOutRow:
    """A project row the file does not take into the year (Ta med i år not Ja)."""

    row: int
    name: str


@dataclass
class PayoutRow:
    row: int
    payout: Payout | None
    project_row: ProjectRow | None
    values: dict
    changes: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    """What an upload would do, and every problem found; nothing is written to make it."""

    submission: Submission
    checksum: str
    issues: list[Issue] = field(default_factory=list)
    project_rows: list[ProjectRow] = field(default_factory=list)
    payout_rows: list[PayoutRow] = field(default_factory=list)
    reports_removed: list[ProjectReport] = field(default_factory=list)
    payouts_removed: list[Payout] = field(default_factory=list)
    rows_left_out: list[LeftOutRow] = field(default_factory=list)
    existing_reports: dict[int, ProjectReport] = field(default_factory=dict)  # by project id
    # Report id -> version of every report in the submission when the plan was made: what the
    # preview showed, and so what must still hold when the coordinator confirms.
    report_versions: dict[int, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.blocking]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if not issue.blocking]

    @property
    def has_errors(self) -> bool:
        return any(issue.blocking for issue in self.issues)

    @property
    def projects_created(self) -> list[ProjectRow]:
        return [row for row in self.project_rows if row.project is None]

    @property
    def projects_changed(self) -> list[ProjectRow]:
        """This year's projects whose facts change."""
        return [row for row in self.project_rows if row.report is not None and row.changes]

    @property
    def reports_created(self) -> list[ProjectRow]:
        """Existing projects added to this year's submission (copy-forward or older projects)."""
        return [row for row in self.project_rows if row.project is not None and row.report is None]

    @property
    def reports_changed(self) -> list[ProjectRow]:
        """This year's projects whose goal, results or example suggestion change."""
        return [row for row in self.project_rows if report_fields_changed(row)]

    @property
    def projects_unchanged(self) -> list[ProjectRow]:
        """This year's projects the file leaves as they are, payouts included."""
        touched_rows = {
            id(row.project_row) for row in (*self.payouts_created, *self.payouts_changed)
        }
        touched_reports = {payout.report_id for payout in self.payouts_removed}
        return [
            row
            for row in self.project_rows
            if row.report is not None
            and not row.changes
            and not report_fields_changed(row)
            and id(row) not in touched_rows
            and row.report.pk not in touched_reports
        ]

    @property
    def payouts_created(self) -> list[PayoutRow]:
        return [row for row in self.payout_rows if row.payout is None]

    @property
    def payouts_changed(self) -> list[PayoutRow]:
        return [row for row in self.payout_rows if row.payout is not None and row.changes]

    @property
    def has_changes(self) -> bool:
        return bool(
            self.projects_created
            or self.projects_changed
            or self.reports_created
            or self.reports_changed
            or self.reports_removed
            or self.payouts_created
            or self.payouts_changed
            or self.payouts_removed
        )

    def totals(self) -> dict:
        """Project count and payout sum after the import, for the preview."""
        return {
            "projects": len(self.project_rows),
            "payouts": len(self.payout_rows),
            "payouts_sek": sum(
                (row.values.get("amount_sek") or Decimal("0") for row in self.payout_rows),
                Decimal("0"),
            ),
        }


def fact_changes(report: ProjectReport, values: dict, participating) -> list[str]:
    """Labels of the facts that the row changes in this year's report."""

    def current(name):
        # Compare the programme by id: reading report.programme would cost a query per row.
        return report.programme_id if name == "programme" else getattr(report, name)

    def wanted(name):
        value = values.get(name)
        return value.pk if name == "programme" and value is not None else value

    changed = [
        str(ProjectReport._meta.get_field(name).verbose_name)
        for name in PROJECT_FIELDS
        if values.get(name) is not None and current(name) != wanted(name)
    ]
    before = {a.pk for a in report.participating_administrations.all()}
    if before != {a.pk for a in participating}:
        changed.append(
            str(ProjectReport._meta.get_field("participating_administrations").verbose_name)
        )
    return changed


def report_fields_changed(row: ProjectRow) -> bool:
    report = row.report
    return report is not None and (
        report.council_goal_id != (row.council_goal.pk if row.council_goal else None)
        or report.results != row.results
        or report.suggested_as_example != row.suggested_as_example
    )


# -- The plan as a JSON document -------------------------------------------------------------

DOCUMENT_VERSION = 1


class PlanDocumentError(ValueError):
    """Not a plan document of this version (one made by an older version of the code)."""


class PlanOutdated(Exception):
    """Something the plan points at (a programme, goal, administration or project) is gone."""


def _value_to_json(value):
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if type(value) is datetime.date:
        return {"date": value.isoformat()}
    raise TypeError(f"A plan value of type {type(value).__name__} has no JSON form.")


def _value_from_json(value):
    if isinstance(value, dict):
        ((kind, text),) = value.items()
        if kind == "decimal":
            return Decimal(text)
        if kind == "date":
            return datetime.date.fromisoformat(text)
        raise PlanDocumentError(f"Unknown kind of value {kind!r}.")
    if value is None or isinstance(value, str | bool | int):
        return value
    raise PlanDocumentError(f"Unknown value {value!r}.")


def _pk(instance) -> int | None:
    return instance.pk if instance is not None else None


def plan_document(plan: ImportPlan) -> dict:
    """The plan as plain JSON data: values, and ids for the rows they point at."""
    row_index = {id(row): index for index, row in enumerate(plan.project_rows)}
    return {
        "version": DOCUMENT_VERSION,
        "submission": plan.submission.pk,
        "checksum": plan.checksum,
        "report_versions": [list(item) for item in sorted(plan.report_versions.items())],
        "issues": [{**asdict(issue), "message": str(issue.message)} for issue in plan.issues],
        "project_rows": [
            {
                "row": row.row,
                "key": row.key,
                "project": _pk(row.project),
                "report": _pk(row.report),
                "values": {
                    name: _pk(value) if name == "programme" else _value_to_json(value)
                    for name, value in row.values.items()
                },
                "participating": [administration.pk for administration in row.participating],
                "council_goal": _pk(row.council_goal),
                "results": row.results,
                "suggested_as_example": row.suggested_as_example,
                "changes": [str(change) for change in row.changes],
            }
            for row in plan.project_rows
        ],
        "payout_rows": [
            {
                "row": row.row,
                "payout": _pk(row.payout),
                "project_row": row_index[id(row.project_row)] if row.project_row else None,
                "values": {name: _value_to_json(value) for name, value in row.values.items()},
                "changes": [str(change) for change in row.changes],
            }
            for row in plan.payout_rows
        ],
        "reports_removed": [report.pk for report in plan.reports_removed],
        "payouts_removed": [payout.pk for payout in plan.payouts_removed],
        "rows_left_out": [asdict(row) for row in plan.rows_left_out],
    }


def plan_from_document(document: dict, *, submission: Submission) -> ImportPlan:
    """The plan a ``plan_document`` describes, with what its rows point at read again (a fixed
    number of queries). Raises PlanDocumentError for another shape or version, PlanOutdated if
    something the plan points at is gone while the submission's reports are as it saw them."""
    if not isinstance(document, dict) or document.get("version") != DOCUMENT_VERSION:
        raise PlanDocumentError("Not a plan document of this version.")
    if document.get("submission") != submission.pk:
        raise PlanDocumentError("The plan is of another submission.")
    try:
        return _plan_from_document(document, submission)
    except PlanDocumentError:
        raise
    except (KeyError, IndexError, TypeError, ValueError, ArithmeticError) as error:
        raise PlanDocumentError(repr(error)) from error


def _plan_from_document(document: dict, submission: Submission) -> ImportPlan:
    reports = list(submission.project_reports.select_related("project").prefetch_related("payouts"))
    report_versions = {int(pk): int(version) for pk, version in document["report_versions"]}
    # If a report has changed, been added or gone since the plan was made, the confirm refuses
    # the plan whatever it holds: what is gone is then left out rather than stopping here, so
    # that the refusal can name the projects.
    moved = report_versions != {report.pk: report.version for report in reports}

    def pick(table: dict, pk):
        if pk is None:
            return None
        found = table.get(pk)
        if found is None and not moved:
            raise PlanOutdated
        return found

    rows = document["project_rows"]
    by_pk = {report.pk: report for report in reports}
    payouts = {payout.pk: payout for report in reports for payout in report.payouts.all()}
    projects = {report.project_id: report.project for report in reports}
    projects |= _in_bulk(Project, {row["project"] for row in rows} - projects.keys())
    programmes = _in_bulk(FundingProgramme, {row["values"]["programme"] for row in rows})
    administrations = _in_bulk(Administration, {pk for row in rows for pk in row["participating"]})
    goals = _in_bulk(CouncilGoal, {row["council_goal"] for row in rows})

    plan = ImportPlan(
        submission=submission,
        checksum=str(document["checksum"]),
        issues=[Issue(**issue) for issue in document["issues"]],
        existing_reports={report.project_id: report for report in reports},
        report_versions=report_versions,
    )
    for row in rows:
        values = {
            name: pick(programmes, value) if name == "programme" else _value_from_json(value)
            for name, value in row["values"].items()
        }
        plan.project_rows.append(
            ProjectRow(
                row=int(row["row"]),
                key=str(row["key"]),
                project=pick(projects, row["project"]),
                report=pick(by_pk, row["report"]),
                values=values,
                participating=[
                    found for pk in row["participating"] if (found := pick(administrations, pk))
                ],
                council_goal=pick(goals, row["council_goal"]),
                results=str(row["results"]),
                suggested_as_example=bool(row["suggested_as_example"]),
                changes=[str(change) for change in row["changes"]],
            )
        )
    for row in document["payout_rows"]:
        index = row["project_row"]
        plan.payout_rows.append(
            PayoutRow(
                row=int(row["row"]),
                payout=pick(payouts, row["payout"]),
                project_row=plan.project_rows[index] if index is not None else None,
                values={name: _value_from_json(value) for name, value in row["values"].items()},
                changes=[str(change) for change in row["changes"]],
            )
        )
    plan.reports_removed = [
        found for pk in document["reports_removed"] if (found := pick(by_pk, pk))
    ]
    plan.payouts_removed = [
        found for pk in document["payouts_removed"] if (found := pick(payouts, pk))
    ]
    plan.rows_left_out = [
        LeftOutRow(row=int(row["row"]), name=str(row["name"]))
        for row in document.get("rows_left_out", [])
    ]
    return plan


def _in_bulk(model, ids: set) -> dict:
    ids.discard(None)
    return model.objects.in_bulk(ids) if ids else {}
