"""Move each project's facts into its yearly reports, as they stood when each year was locked.

Until now a project's name, role, programme, budgets, period and participants were held once
for all years, so a later year's edit rewrote an approved year. Each report now gets the facts
from the project's history as of the moment its submission was locked (approved, submitted or
its year closed), or today's facts for a report still open. The project's recorded changes
become changes of the reports that were open when they were made, so no history is lost.
"""

import datetime

from django.db import migrations

# Records this close to a project's creation belong to the request that created it.
SAME_REQUEST = datetime.timedelta(seconds=5)

FACTS = (
    "name",
    "acronym",
    "programme_id",
    "role",
    "lead_organisation",
    "partner_locations",
    "start_date",
    "end_date",
    "total_budget_sek",
    "malmo_budget_sek",
    "eu_cofinancing_rate",
    "description",
    "website",
)
REPORT_FIELDS = ("council_goal_id", "results", "suggested_as_example", "created_at")


def _lock_time(submission):
    """When the submission's facts were fixed, or None while it can still change."""
    times = []
    if submission.state == "approved" and submission.approved_at:
        times.append(submission.approved_at)
    elif submission.state in ("submitted", "approved") and submission.submitted_at:
        times.append(submission.submitted_at)
    year = submission.reporting_year
    if not year.is_open and year.closed_at:
        times.append(year.closed_at)
    return min(times) if times else None


def forward(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    ProjectReport = apps.get_model("projects", "ProjectReport")
    HistoricalProject = apps.get_model("projects", "HistoricalProject")
    HistoricalProjectParticipants = apps.get_model(
        "projects", "HistoricalProject_participating_administrations"
    )
    HistoricalProjectReport = apps.get_model("projects", "HistoricalProjectReport")
    HistoricalReportParticipants = apps.get_model(
        "projects", "HistoricalProjectReport_participating_administrations"
    )
    ReportParticipants = ProjectReport.participating_administrations.through

    project_history = {}
    for record in HistoricalProject.objects.order_by("history_date", "history_id"):
        project_history.setdefault(record.id, []).append(record)
    record_participants = {}
    for row in HistoricalProjectParticipants.objects.all():
        record_participants.setdefault(row.history_id, set()).add(row.administration_id)
    current_participants = {}
    for row in Project.participating_administrations.through.objects.all():
        current_participants.setdefault(row.project_id, set()).add(row.administration_id)

    reports = ProjectReport.objects.select_related(
        "project", "submission__reporting_year"
    ).order_by("pk")
    for report in reports:
        project = report.project
        own = report.submission.administration_id
        records = [r for r in project_history.get(project.pk, []) if r.history_type != "-"]
        cutoff = _lock_time(report.submission)

        def state_at(moment, records=records, project=project):
            """(facts, participants) of the project at ``moment`` (None = now)."""
            chosen = None
            if moment is not None:
                for record in records:
                    if record.history_date <= moment:
                        chosen = record
                if chosen is None and records:
                    # Nothing recorded before the moment (data loaded with earlier dates):
                    # the state right after the project was created, which sets the
                    # participants a moment after the project row.
                    created = records[0].history_date
                    chosen = [r for r in records if r.history_date <= created + SAME_REQUEST][-1]
            if chosen is None:
                return (
                    {name: getattr(project, name) for name in FACTS},
                    current_participants.get(project.pk, set()),
                )
            return (
                {name: getattr(chosen, name) for name in FACTS},
                record_participants.get(chosen.history_id, set()),
            )

        facts, participants = state_at(cutoff)
        for name, value in facts.items():
            setattr(report, name, value)
        report.version = project.version
        report.save()
        ReportParticipants.objects.bulk_create(
            ReportParticipants(projectreport_id=report.pk, administration_id=administration)
            for administration in sorted(participants - {own})
        )
        # Historical many-to-many rows name the link row they copy (0 for a link gone since).
        link_ids = dict(
            ReportParticipants.objects.filter(projectreport_id=report.pk).values_list(
                "administration_id", "pk"
            )
        )

        # The report's own history gets the facts of its time; the project's changes made
        # while the report was open become changes of the report.
        own_records = list(
            HistoricalProjectReport.objects.filter(id=report.pk).order_by("history_date")
        )
        for record in own_records:
            facts_then, participants_then = state_at(record.history_date)
            for name, value in facts_then.items():
                setattr(record, name, value)
            record.version = project.version
            record.save()
            HistoricalReportParticipants.objects.bulk_create(
                HistoricalReportParticipants(
                    id=link_ids.get(administration, 0),
                    history_id=record.history_id,
                    projectreport_id=report.pk,
                    administration_id=administration,
                )
                for administration in sorted(participants_then - {own})
            )
        if not own_records:
            continue
        for project_record in records:
            when = project_record.history_date
            if when <= report.created_at or (cutoff is not None and when > cutoff):
                continue
            before = [r for r in own_records if r.history_date <= when] or own_records[:1]
            base = before[-1]
            copied = HistoricalProjectReport(
                id=report.pk,
                submission_id=report.submission_id,
                project_id=project.pk,
                version=project.version,
                history_date=when,
                history_type="~",
                history_user_id=project_record.history_user_id,
                history_change_reason=project_record.history_change_reason,
                **{name: getattr(base, name) for name in REPORT_FIELDS},
                **{name: getattr(project_record, name) for name in FACTS},
            )
            copied.save()
            HistoricalReportParticipants.objects.bulk_create(
                HistoricalReportParticipants(
                    id=link_ids.get(administration, 0),
                    history_id=copied.history_id,
                    projectreport_id=report.pk,
                    administration_id=administration,
                )
                for administration in sorted(
                    record_participants.get(project_record.history_id, set()) - {own}
                )
            )
    _fill_orphans(
        HistoricalProjectReport, project_history, ProjectReport.objects.values_list("pk", flat=True)
    )


def backward(apps, schema_editor):
    """Give each project the facts of its latest report again (the old shape)."""
    Project = apps.get_model("projects", "Project")
    ProjectReport = apps.get_model("projects", "ProjectReport")
    for project in Project.objects.all():
        latest = (
            ProjectReport.objects.filter(project=project)
            .order_by("-submission__reporting_year__year", "-pk")
            .first()
        )
        if latest is None:
            continue
        for name in FACTS:
            setattr(project, name, getattr(latest, name))
        project.save()
        project.participating_administrations.set(latest.participating_administrations.all())


def _fill_orphans(HistoricalProjectReport, project_history, existing_ids):
    """History of reports already deleted: the facts of their project at the time."""
    orphans = HistoricalProjectReport.objects.exclude(id__in=list(existing_ids))
    for record in orphans:
        versions = project_history.get(record.project_id, [])
        chosen = None
        for version in versions:
            if version.history_date <= record.history_date:
                chosen = version
        chosen = chosen or (versions[0] if versions else None)
        if chosen is not None:
            for name in FACTS:
                setattr(record, name, getattr(chosen, name))
        else:
            # Nothing is known of the deleted project: the record keeps that it existed.
            year = record.history_date.year
            record.name = record.name or "–"
            record.role = record.role or "owner"
            record.start_date = record.start_date or record.history_date.date().replace(
                year=year, month=1, day=1
            )
            record.end_date = record.end_date or record.start_date
            for name in ("total_budget_sek", "malmo_budget_sek", "eu_cofinancing_rate"):
                if getattr(record, name) is None:
                    setattr(record, name, 0)
        record.save()


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0003_year_scoped_facts_added"),
    ]

    operations = [
        migrations.RunPython(forward, backward, elidable=False),
    ]
