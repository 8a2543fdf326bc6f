"""What an upload would do: the rows read, their changes and every finding. Nothing is written
to make a plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from projects.excel.cells import Issue
from projects.models import Administration, CouncilGoal, Payout, Project, ProjectReport, Submission

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
    existing_reports: dict[int, ProjectReport] = field(default_factory=dict)  # by project id

    @property
    def report_versions(self) -> dict[int, int]:
        """The version of every report in the submission when the plan was made."""
        return {report.pk: report.version for report in self.existing_reports.values()}

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
