"""Time to compute a year's figures, next to the time of the bare aggregate SQL.

Runs against a throwaway test database (never the development database): SQLite in memory by
default, or a test copy of the database ``DATABASE_URL`` points to (e.g. PostgreSQL):

    .venv/bin/python benchmarks/bench_figures.py [--scale 100] [--repeat 5]

Loads the demo data (2023: 54 projects) and generates a year 2030 with ``scale`` times as many
project reports and payouts, then measures ``year_figures`` (all queries plus building the
dataclasses; "its SQL" is the part spent in the database, from one run), the same followed by
reading the whole project list (the appendix, which ``year_figures`` reads only when it is
used: the JSON, the memo) and the four bare aggregate queries that carry the counts and sums
(per administration, goal and programme). On PostgreSQL the tables are analysed after the
data is generated, as autovacuum would do on a running server.
"""

from __future__ import annotations

import argparse
import datetime
import os
import secrets
import statistics
import sys
import time
from decimal import Decimal
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "malmo_intl.settings")
# Production-like settings (DEBUG off) on a throwaway database, as the tests run.
os.environ.setdefault("TESTING", "1")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from benchmarks.generated import analyze, report_copy  # noqa: E402

BARE_SQL = [
    # Project counts, owner/partner, per reporting administration.
    """
    SELECT s.administration_id, COUNT(*), SUM(CASE WHEN r.role = 'owner' THEN 1 ELSE 0 END)
    FROM projects_projectreport r
    JOIN projects_submission s ON s.id = r.submission_id
    JOIN projects_reportingyear y ON y.id = s.reporting_year_id
    WHERE y.year = %(year)s AND s.state = 'approved'
    GROUP BY s.administration_id
    """,
    # Payouts per administration, per council goal and per programme, dated within the year.
    *(
        f"""
    SELECT {column}, SUM(o.amount_sek)
    FROM projects_payout o
    JOIN projects_projectreport r ON r.id = o.report_id
    JOIN projects_submission s ON s.id = r.submission_id
    JOIN projects_reportingyear y ON y.id = s.reporting_year_id
    WHERE y.year = %(year)s AND s.state = 'approved'
      AND o.payment_date BETWEEN %(first)s AND %(last)s
    GROUP BY {column}
    """
        for column in ("s.administration_id", "r.council_goal_id", "r.programme_id")
    ),
]


def generate_year(year: int, scale: int) -> int:
    """Copy the demo 2023 round ``scale`` times into ``year``; returns the number of reports."""
    from projects.models import (
        Payout,
        Project,
        ProjectReport,
        ReportingYear,
        Submission,
    )

    template = list(ProjectReport.objects.for_year(2023).select_related("submission"))
    payouts_by_report: dict[int, list[Payout]] = {}
    for payout in Payout.objects.filter(report__in=[r.pk for r in template]):
        payouts_by_report.setdefault(payout.report_id, []).append(payout)
    reporting_year = ReportingYear.objects.create(year=year, is_open=False)
    submissions = {
        s.administration_id: Submission.objects.create(
            administration_id=s.administration_id,
            reporting_year=reporting_year,
            state=Submission.State.APPROVED,
        )
        for s in Submission.objects.for_year(2023)
    }
    shift = year - 2023
    sources = [template[i % len(template)] for i in range(scale * len(template))]
    projects = Project.objects.bulk_create(
        [Project(administration_id=source.submission.administration_id) for source in sources],
        batch_size=1000,
    )
    reports = ProjectReport.objects.bulk_create(
        [
            report_copy(
                source,
                submission=submissions[source.submission.administration_id],
                project=project,
                copy=i // len(template),
                shift=shift,
                suggested=source.suggested_as_example,
            )
            for i, (source, project) in enumerate(zip(sources, projects, strict=True))
        ],
        batch_size=1000,
    )
    Payout.objects.bulk_create(
        [
            Payout(
                report=report,
                payment_date=payout.payment_date.replace(year=year),
                amount_sek=payout.amount_sek,
            )
            for i, report in enumerate(reports)
            for payout in payouts_by_report.get(template[i % len(template)].pk, [])
        ],
        batch_size=2000,
    )
    return len(reports)


def timed(function, repeat: int) -> float:
    """Median wall time in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bare_sql(year: int):
    params = {
        "year": year,
        "first": datetime.date(year, 1, 1).isoformat(),
        "last": datetime.date(year, 12, 31).isoformat(),
    }
    with connection.cursor() as cursor:
        for sql in BARE_SQL:
            cursor.execute(sql, params)
            cursor.fetchall()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from projects.models import Payout
    from reporting.selectors import year_figures

    database = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0)
    try:
        call_command("load_demo", stdout=StringIO())
        start = time.perf_counter()
        generated = generate_year(2030, args.scale)
        if connection.vendor == "postgresql":
            analyze()
        setup = time.perf_counter() - start
        print(f"Database: {connection.vendor}; repeat {args.repeat}, median times")
        print(f"Generated year 2030: {generated} project reports in {setup:.1f} s")
        print(
            f"{'year':>6} {'reports':>8} {'payouts':>8} {'queries':>8} "
            f"{'year_figures':>13} {'its SQL':>10} {'+ project list':>15} "
            f"{'bare aggregate SQL':>19} {'ratio':>6}"
        )
        for year in (2023, 2030):
            with CaptureQueriesContext(connection) as captured:
                figures = year_figures(year)
            queries = len(captured)
            in_sql_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
            payouts = Payout.objects.filter(report__submission__reporting_year__year=year).count()
            figures_ms = timed(lambda y=year: year_figures(y), args.repeat)
            listed_ms = timed(lambda y=year: list(year_figures(y).projects), args.repeat)
            sql_ms = timed(lambda y=year: bare_sql(y), args.repeat)
            print(
                f"{year:>6} {figures.projects_total:>8} {payouts:>8} {queries:>8} "
                f"{figures_ms:>10.1f} ms {in_sql_ms:>7.1f} ms {listed_ms:>12.1f} ms "
                f"{sql_ms:>16.1f} ms {figures_ms / sql_ms:>5.1f}x"
            )
            assert figures.payouts_total_sek > Decimal(0)
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)


if __name__ == "__main__":
    main()
