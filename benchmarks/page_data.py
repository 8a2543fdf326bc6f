"""The data ``bench_pages.py`` generates: more administrations, and reporting years of a chosen
size copied from the demo's 2023, each record with the change history the forms would write.
Imported after ``django.setup()``."""

from __future__ import annotations

import datetime
from decimal import Decimal

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from benchmarks.generated import report_copy
from projects import models

REPORTS_1X, PAYOUTS_PER_REPORT = 60, 5  # 300 payouts a year at 1x


def more_administrations(scale: int) -> None:
    """``scale`` times Malmö's 13 administrations: numbered copies of the demo's."""
    demo = list(models.Administration.objects.valid_in(2023).order_by("pk"))
    models.Administration.objects.bulk_create(
        [
            models.Administration(
                name=f"{administration.name} {copy}",
                short_code=f"{administration.short_code}{copy}",
                valid_from_year=2023,
            )
            for copy in range(2, scale + 1)
            for administration in demo
        ]
    )


def generate_year(year: int, scale: int, *, is_open: bool) -> None:
    """A reporting year ``scale`` times Malmö's size in reports and payouts, copied from the
    demo 2023 round and spread over the administrations there are, with the change history the
    forms would have written (every record created, then changed)."""
    template = list(models.ProjectReport.objects.for_year(2023).order_by("pk"))
    coordinator = models.User.objects.filter(role=models.User.Role.COORDINATOR).first()
    reporting_year = models.ReportingYear.objects.create(
        year=year, is_open=is_open, deadline=datetime.date(year + 1, 2, 28)
    )
    reporting_year.council_goals.set(template[0].submission.reporting_year.council_goals.all())
    administrations = list(models.Administration.objects.valid_in(2023).order_by("pk"))
    states = [models.Submission.State.APPROVED]
    if is_open:
        states = [
            models.Submission.State.DRAFT,
            models.Submission.State.SUBMITTED,
            models.Submission.State.RETURNED,
            models.Submission.State.APPROVED,
        ]
    submissions = [
        models.Submission(
            administration=administration,
            reporting_year=reporting_year,
            state=states[index % len(states)],
            overview="Genererad översikt.",
        )
        for index, administration in enumerate(administrations)
    ]
    # The administration's name and code, as ``save()`` copies them (a bulk insert does not).
    for submission in submissions:
        submission.take_reference_names()
    submissions = bulk_create_with_history(
        submissions,
        models.Submission,
        default_user=coordinator,
    )
    count = REPORTS_1X * scale
    sources = [template[i % len(template)] for i in range(count)]
    owners = [submissions[i % len(submissions)] for i in range(count)]
    projects = models.Project.objects.bulk_create(
        [models.Project(administration_id=s.administration_id) for s in owners], batch_size=2000
    )
    shift = year - 2023
    reports = bulk_create_with_history(
        [
            report_copy(
                source,
                submission=submission,
                project=project,
                copy=i // len(template),
                shift=shift,
                suggested=source.suggested_as_example and i < len(template),
            )
            for i, (source, project, submission) in enumerate(
                zip(sources, projects, owners, strict=True)
            )
        ],
        models.ProjectReport,
        batch_size=2000,
        default_user=coordinator,
    )
    payouts = bulk_create_with_history(
        [
            models.Payout(
                report=report,
                payment_date=datetime.date(year, 1 + (2 * n + i) % 12, 1 + n * 5),
                amount_sek=(report.own_budget_sek / 20).quantize(Decimal("0.01")),
            )
            for i, report in enumerate(reports)
            for n in range(PAYOUTS_PER_REPORT)
        ],
        models.Payout,
        batch_size=2000,
        default_user=coordinator,
    )
    for report in reports:
        report.results = "Genererad rapport, ändrad."
    bulk_update_with_history(
        reports, models.ProjectReport, ["results"], batch_size=2000, default_user=coordinator
    )
    changed = payouts[::2]
    for payout in changed:
        payout.note = "Ändrad"
    bulk_update_with_history(
        changed, models.Payout, ["note"], batch_size=2000, default_user=coordinator
    )
