"""What the benchmarks share: copies of the demo's project reports moved to another year, and
fresh planner statistics after generating them. Imported after ``django.setup()``."""

from __future__ import annotations

from django.db import connection

from projects.models import Project, ProjectReport, Submission


def report_copy(
    source: ProjectReport,
    *,
    submission: Submission,
    project: Project,
    copy: int,
    shift: int,
    suggested: bool,
) -> ProjectReport:
    """Copy number ``copy`` of ``source``, ``shift`` years later, in ``submission``."""
    return ProjectReport(
        submission=submission,
        project=project,
        name=f"{source.name} #{copy}",
        acronym=source.acronym,
        programme_id=source.programme_id,
        # The names a report keeps of its programme and goal, as ``save()`` would copy them.
        programme_name=source.programme_name,
        programme_short_name=source.programme_short_name,
        fund_family=source.fund_family,
        council_goal_name=source.council_goal_name,
        role=source.role,
        lead_organisation=source.lead_organisation,
        start_date=source.start_date.replace(year=source.start_date.year + shift),
        end_date=source.end_date.replace(
            year=source.end_date.year + shift, day=min(source.end_date.day, 28)
        ),
        total_budget_sek=source.total_budget_sek,
        own_budget_sek=source.own_budget_sek,
        eu_cofinancing_rate=source.eu_cofinancing_rate,
        description=source.description,
        council_goal_id=source.council_goal_id,
        results="Genererad rapport.",
        suggested_as_example=suggested,
    )


def analyze() -> None:
    """Up-to-date planner statistics for the application's tables, as autovacuum keeps them on
    a running server (a bulk insert leaves them stale until it comes by)."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table.startswith(("projects_", "reporting_")):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
