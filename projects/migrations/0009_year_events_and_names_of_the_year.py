"""Each year's rows keep the reference names of that year, and a year's openings, closings and
reopenings are recorded.

Administrations, goals and programmes kept no history before this migration, so every year,
the closed ones included, takes today's names and fund families as its own; a year already
closed gets a "closed" event from its ``closed_at`` and ``closed_by``."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

FUND_FAMILIES = [
    ("structural", "Social- och regionalfonderna"),
    ("territorial", "Interreg och territoriellt samarbete"),
    ("research", "Forskning och innovation"),
    ("education", "Utbildning, ungdom och idrott"),
    ("other", "Övriga EU-program"),
]


def names_of_today(apps, schema_editor):
    Administration = apps.get_model("projects", "Administration")
    CouncilGoal = apps.get_model("projects", "CouncilGoal")
    FundingProgramme = apps.get_model("projects", "FundingProgramme")
    Submission = apps.get_model("projects", "Submission")
    ProjectReport = apps.get_model("projects", "ProjectReport")
    ReportingYear = apps.get_model("projects", "ReportingYear")
    ReportingYearEvent = apps.get_model("projects", "ReportingYearEvent")

    administration = Administration.objects.filter(pk=OuterRef("administration_id"))
    Submission.objects.update(
        administration_name=Subquery(administration.values("name")[:1]),
        administration_code=Subquery(administration.values("short_code")[:1]),
    )
    programme = FundingProgramme.objects.filter(pk=OuterRef("programme_id"))
    ProjectReport.objects.update(
        programme_name=Subquery(programme.values("name")[:1]),
        programme_short_name=Subquery(programme.values("short_name")[:1]),
        fund_family=Subquery(programme.values("fund_family")[:1]),
    )
    ProjectReport.objects.filter(council_goal__isnull=False).update(
        council_goal_name=Subquery(
            CouncilGoal.objects.filter(pk=OuterRef("council_goal_id")).values("name")[:1]
        )
    )
    for reporting_year in ReportingYear.objects.filter(is_open=False, closed_at__isnull=False):
        ReportingYearEvent.objects.create(
            reporting_year=reporting_year,
            kind="closed",
            created_at=reporting_year.closed_at,
            created_by_id=reporting_year.closed_by_id,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0008_project_ending"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="administration_name",
            field=models.CharField(
                db_collation="sv",
                default="",
                editable=False,
                max_length=200,
                verbose_name="förvaltningens namn det året",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="submission",
            name="administration_code",
            field=models.CharField(
                default="",
                editable=False,
                max_length=20,
                verbose_name="förvaltningens kortnamn det året",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="projectreport",
            name="programme_name",
            field=models.CharField(
                db_collation="sv",
                default="",
                editable=False,
                max_length=200,
                verbose_name="programmets namn det året",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="projectreport",
            name="programme_short_name",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=60,
                verbose_name="programmets kortnamn det året",
            ),
        ),
        migrations.AddField(
            model_name="projectreport",
            name="fund_family",
            field=models.CharField(
                choices=FUND_FAMILIES,
                default="",
                editable=False,
                max_length=20,
                verbose_name="fondfamilj det året",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="projectreport",
            name="council_goal_name",
            field=models.CharField(
                blank=True,
                db_collation="sv",
                editable=False,
                max_length=200,
                verbose_name="målets namn det året",
            ),
        ),
        migrations.AddField(
            model_name="historicalprojectreport",
            name="programme_name",
            field=models.CharField(
                default="",
                editable=False,
                max_length=200,
                verbose_name="programmets namn det året",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalprojectreport",
            name="programme_short_name",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=60,
                verbose_name="programmets kortnamn det året",
            ),
        ),
        migrations.AddField(
            model_name="historicalprojectreport",
            name="fund_family",
            field=models.CharField(
                choices=FUND_FAMILIES,
                default="",
                editable=False,
                max_length=20,
                verbose_name="fondfamilj det året",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalprojectreport",
            name="council_goal_name",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=200,
                verbose_name="målets namn det året",
            ),
        ),
        migrations.CreateModel(
            name="ReportingYearEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("opened", "Öppnat"),
                            ("closed", "Stängt"),
                            ("reopened", "Öppnat igen"),
                        ],
                        max_length=10,
                        verbose_name="händelse",
                    ),
                ),
                ("reason", models.TextField(blank=True, verbose_name="anledning")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="tidpunkt"
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="av",
                    ),
                ),
                (
                    "reporting_year",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="projects.reportingyear",
                        verbose_name="redovisningsår",
                    ),
                ),
            ],
            options={
                "verbose_name": "händelse för redovisningsår",
                "verbose_name_plural": "händelser för redovisningsår",
                "ordering": ["created_at", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("kind", "reopened"), _negated=True)
                        | models.Q(("reason", ""), _negated=True),
                        name="year_event_reopen_has_reason",
                    )
                ],
            },
        ),
        migrations.AlterModelOptions(
            name="submission",
            options={
                "ordering": ["reporting_year__year", "administration_name"],
                "verbose_name": "inrapportering",
                "verbose_name_plural": "inrapporteringar",
            },
        ),
        migrations.RunPython(names_of_today, migrations.RunPython.noop),
    ]
