"""Time and peak memory of importing a 5 000-row coordinator template.

Runs against a throwaway test database (never the development database):

    .venv/bin/python benchmarks/bench_import.py [--rows 5000]

Builds a template with ``rows`` new projects on the Projekt sheet and one payout each on the
Utbetalningar sheet, then measures the checks and plan made at upload (``plan_import``), keeping
the plan with the file (``pending.store``), and the confirmed import
(``submission_import_workbook``) two ways: applying the kept plan (what the confirm page does)
and, for comparison, parsing the file again (rolled back). Wall and CPU time, the number of
queries, tracemalloc peak and the process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import resource
import secrets
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "malmo_intl.settings")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("TESTING", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


class QueryCounter:
    """Counts every query, unlike connection.queries, which keeps only the last 9 000."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@contextlib.contextmanager
def counting_queries():
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        yield counter


def build(rows: int):
    from projects.excel import layout
    from projects.excel.template import TemplateData, build_template
    from projects.models import (
        Administration,
        CouncilGoal,
        FundingProgramme,
        ReportingYear,
        Submission,
    )

    administration = Administration.objects.get(short_code="MF")
    reporting_year, _ = ReportingYear.objects.get_or_create(year=2023, defaults={"is_open": True})
    reporting_year.is_open = True
    reporting_year.save()
    goals = list(CouncilGoal.objects.valid_in(2023))
    reporting_year.council_goals.set(goals)
    submission, _ = Submission.objects.get_or_create(
        administration=administration, reporting_year=reporting_year
    )
    programmes = list(FundingProgramme.objects.order_by("name"))
    project_rows, payout_rows = [], []
    for n in range(rows):
        programme = programmes[n % len(programmes)]
        key = f"NY{n}"
        project_rows.append(
            {
                "key": key,
                "name": f"Benchmarkprojekt {n}",
                "acronym": f"BP{n}",
                "programme": programme.name,
                "role": "Projektägare",
                "start_date": datetime.date(2022, 1, 1),
                "end_date": datetime.date(2025, 12, 31),
                "total_budget_sek": Decimal("1 000 000".replace(" ", "")) + n,
                "own_budget_sek": Decimal("400000.50"),
                "eu_cofinancing_rate": programme.cofinancing_min,
                "council_goal": goals[n % len(goals)].name,
                "results": "Resultat under året " * 5,
                "suggested_as_example": layout.NO,
                "description": "Beskrivning av projektet.",
            }
        )
        payout_rows.append(
            {
                "project_key": key,
                "project_name": f"Benchmarkprojekt {n}",
                "payment_date": datetime.date(2023, 1 + n % 12, 15),
                "amount_sek": "12 500,25",  # Swedish text, as people type it
                "note": "Utbetalning",
            }
        )
    data = TemplateData(
        year=2023,
        administration_code=administration.short_code,
        administration_name=administration.name,
        programmes=[p.name for p in programmes],
        roles=["Projektägare", "Projektpartner"],
        goals=[g.name for g in goals],
        administrations=list(Administration.objects.values_list("name", flat=True)),
        project_rows=project_rows,
        payout_rows=payout_rows,
    )
    return submission, build_template(data)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    rows = parser.parse_args().rows

    setup_test_environment()
    # The kept plan and file go to a throwaway folder, not the project's media.
    from django.conf import settings

    media = tempfile.TemporaryDirectory()
    settings.MEDIA_ROOT = media.name
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from projects import services
        from projects.excel.importer import plan_import
        from projects.models import Payout, Project, ProjectReport

        started = time.perf_counter()
        submission, data = build(rows)
        print(
            f"Template: {rows} project rows + {rows} payout rows, {len(data) / 1024:.0f} KiB, "
            f"built in {time.perf_counter() - started:.2f} s"
        )

        started, cpu = time.perf_counter(), time.process_time()
        with counting_queries() as queries:
            plan = plan_import(submission=submission, data=data)
        plan_seconds, plan_cpu = time.perf_counter() - started, time.process_time() - cpu
        assert not plan.has_errors, [str(i) for i in plan.errors[:5]]
        print(
            f"Preview (safety checks + parse + shared validation): {plan_seconds:.2f} s wall, "
            f"{plan_cpu:.2f} s CPU, {queries.count} queries"
        )

        tracemalloc.start()
        plan_import(submission=submission, data=data)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"Preview peak Python memory (tracemalloc): {peak / 1024 / 1024:.1f} MiB")

        from django.db import transaction

        from projects.excel import pending

        started, cpu = time.perf_counter(), time.process_time()
        token = pending.store(data=data, submission_id=submission.pk, user_id=0, plan=plan)
        kept = pending.load(token, submission_id=submission.pk, user_id=0)
        assert pending.kept_plan(kept, submission=submission) is not None
        print(
            f"Keeping the plan with the file and reading it back: "
            f"{time.perf_counter() - started:.2f} s wall, {time.process_time() - cpu:.2f} s CPU"
        )

        started, cpu = time.perf_counter(), time.process_time()
        with counting_queries() as queries, transaction.atomic():
            services.submission_import_workbook(
                submission=submission,
                data=data,
                checksum=plan.checksum,
                by=None,
            )
            transaction.set_rollback(True)
        print(
            f"Confirmed import parsing the file again (before; rolled back): "
            f"{time.perf_counter() - started:.2f} s wall, {time.process_time() - cpu:.2f} s CPU, "
            f"{queries.count} queries"
        )

        started, cpu = time.perf_counter(), time.process_time()
        with counting_queries() as queries:
            kept = pending.load(token, submission_id=submission.pk, user_id=0)
            services.submission_import_workbook(
                submission=submission,
                data=kept.data,
                checksum=kept.checksum,
                by=None,
                plan=pending.kept_plan(kept, submission=submission),
            )
        pending.discard(kept.name)
        import_seconds, import_cpu = time.perf_counter() - started, time.process_time() - cpu
        reports = ProjectReport.objects.filter(submission=submission).count()
        payouts = Payout.objects.filter(report__submission=submission).count()
        assert reports == rows and payouts == rows
        print(
            f"Confirmed import applying the kept plan (load + version check + write {reports} "
            f"projects, {payouts} payouts): "
            f"{import_seconds:.2f} s wall, {import_cpu:.2f} s CPU, {queries.count} queries"
        )
        history = sum(
            model.history.filter(history_type="+").count()
            for model in (Project, ProjectReport, Payout)
        )
        assert history == 3 * rows, history
        print(f"History records written: {history}")
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"Process max RSS (ru_maxrss): {maxrss / 1024:.0f} MiB")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        media.cleanup()


if __name__ == "__main__":
    main()
