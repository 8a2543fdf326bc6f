"""Queries and median time of every GET page, for each role, at 1x, 10x and 100x Malmö's size.

Runs against a throwaway test database (never the development database): SQLite in memory by
default, or a test copy of the database ``DATABASE_URL`` points to (e.g. PostgreSQL):

    DATABASE_URL=postgres://… .venv/bin/python benchmarks/bench_pages.py [--scales 1 10 100]
        [--repeat 5] [--only REGEX] [--skip REGEX]

For each scale, a new test database gets the demo data (reference data, users, the 2022 and
2023 rounds, an open 2024 round) and two generated years of that size: 2030, closed and
approved, with a memo draft, and 2031, open, its submissions in every state. 1x is Malmö's
size: 13 administrations, 60 project reports and 300 payouts a year; 10x and 100x have 10 and
100 times as many administrations, reports and payouts (and their change history). With
``--shape reports`` the 13 administrations stay and each reports 10 or 100 times as much (the
submission page's large case). The suggested examples stay at Malmö's number, as the memo
picks a handful.

The URL resolver is walked for every page (the Django admin and POST-only views left out) and
each page is requested as an administration coordinator (of the largest open submission), the
development coordinator and an official, with the ids of real objects filled in: the reporting
pages for 2030, the others for 2031. The table shows the status, the number of queries and the
median time of ``--repeat`` requests after one warm-up request. A page slower than ``--limit``
seconds is timed by one request and left out at the larger scales (marked *).

The memo's draft files and the Excel files (the year's workbook, the rows behind a figure) are
made by the task worker: the pages only ask for them and answer at once, and that answer is
what the table times (the worker does not run meanwhile; a GET of an Excel file's address
answers with its status page until it is asked for with a POST). A second table times the
worker making each Excel file asked for, and then the download of the made file. The per-user
rate limit is off (``RATE_LIMIT_ENABLED=0``): every page is requested many times.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "malmo_intl.settings")
# Production-like settings (DEBUG off) on a throwaway database, as the tests run.
os.environ.setdefault("TESTING", "1")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# Tasks wait in the database queue as in production: the pages answer without making the file,
# and the worker's part is timed on its own (``worker_files``).
os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
# Every page is asked for again and again: the per-user rate limit would answer 429.
os.environ["RATE_LIMIT_ENABLED"] = "0"

import logging  # noqa: E402

import django  # noqa: E402

django.setup()
# Refused requests (403) and sign-ins would log a line each.
logging.disable(logging.WARNING)

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import URLPattern, URLResolver, get_resolver, reverse  # noqa: E402

from benchmarks.generated import analyze  # noqa: E402
from benchmarks.page_data import generate_year, more_administrations  # noqa: E402

CLOSED_YEAR, OPEN_YEAR = 2030, 2031
TARGETS_MS = {10: 1000, 100: 3000}
SKIPPED_NAMESPACES = ("admin",)
SKIPPED_NAMES = ("set_language", "logout")


# --- Data -------------------------------------------------------------------------------------


def build(scale: int, shape: str) -> dict:
    """Demo data and the two generated years; the objects the pages are requested for."""
    from django.db.models import Count

    from projects.models import ProjectReport, Submission, User
    from reporting.memo.services import memo_create_draft
    from reporting.models import PublishedMemo

    call_command("load_demo", stdout=StringIO())
    if shape == "administrations":
        more_administrations(scale)
    generate_year(CLOSED_YEAR, scale, is_open=False)
    generate_year(OPEN_YEAR, scale, is_open=True)
    development_coordinator = User.objects.get(role=User.Role.DEVELOPMENT_COORDINATOR)
    memo_create_draft(year=CLOSED_YEAR, user=development_coordinator)
    if connection.vendor == "postgresql":
        analyze()
    # The largest open draft whose administration has a coordinator.
    submission = (
        Submission.objects.for_year(OPEN_YEAR)
        .filter(state=Submission.State.DRAFT, administration__users__role=User.Role.COORDINATOR)
        .annotate(reports=Count("project_reports"))
        .order_by("-reports", "-pk")
        .first()
    )
    coordinator = User.objects.filter(
        role=User.Role.COORDINATOR, administration=submission.administration
    ).first()
    published = PublishedMemo.objects.order_by("-year", "-version").first()
    return {
        "users": {
            "coordinator": coordinator,
            "development coordinator": development_coordinator,
            "official": User.objects.filter(role=User.Role.OFFICIAL).first(),
        },
        "kwargs": {
            "pk": submission.pk,
            "report_pk": ProjectReport.objects.filter(submission=submission)
            .order_by("name", "pk")
            .values_list("pk", flat=True)
            .first(),
        },
        "published": None if published is None else (published.year, published.version),
        "reports": ProjectReport.objects.for_year(OPEN_YEAR).count(),
    }


# --- Pages ------------------------------------------------------------------------------------


def pages() -> list[tuple[str, list[str]]]:
    """(URL name, the names of its arguments) of every page in the URL configuration."""
    found = []

    def walk(patterns, namespace: str, arguments: list[str]):
        for pattern in patterns:
            names = arguments + re.findall(r"<(?:\w+:)?(\w+)>", str(pattern.pattern))
            if isinstance(pattern, URLResolver):
                if pattern.namespace not in SKIPPED_NAMESPACES:
                    walk(pattern.url_patterns, pattern.namespace or namespace, names)
            elif isinstance(pattern, URLPattern) and pattern.name not in (None, *SKIPPED_NAMES):
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found.append((name, names))

    walk(get_resolver().url_patterns, "", [])
    return found


def url_for(name: str, arguments: list[str], data: dict) -> str | None:
    """The page's URL with real objects' ids; None when there is nothing to fill in."""
    values = dict(data["kwargs"])
    values["year"] = CLOSED_YEAR if name.startswith("reporting:") else OPEN_YEAR
    values["user_pk"] = data["users"]["coordinator"].pk
    # The rows behind the largest figure: every payout of the year.
    values["figure"] = "utbetalt"
    if "version" in arguments:
        if data["published"] is None:
            return None
        values["year"], values["version"] = data["published"]
    if any(argument not in values for argument in arguments):
        print(f"  {name}: no value for {', '.join(arguments)}", file=sys.stderr)
        return None
    return reverse(name, kwargs={argument: values[argument] for argument in arguments})


def timed_get(client: Client, url: str) -> tuple[int, float]:
    start = time.perf_counter()
    response = client.get(url)
    if response.streaming:
        for _chunk in response.streaming_content:
            pass
    return response.status_code, (time.perf_counter() - start) * 1000


def measure(client: Client, url: str, repeat: int, limit_ms: float) -> tuple[int, int, float, bool]:
    """(status, queries, median milliseconds, measured once) of GET ``url``.

    A page slower than ``limit_ms`` on its first request is measured by that request alone."""
    with CaptureQueriesContext(connection) as first:
        status, first_ms = timed_get(client, url)  # also the warm-up: per-process caches
    if first_ms > limit_ms:
        return status, len(first), first_ms, True
    with CaptureQueriesContext(connection) as captured:
        status, _ms = timed_get(client, url)
    # Counted now: the next request empties the query log the count is read from.
    queries = len(captured)
    times = [timed_get(client, url)[1] for _ in range(repeat)]
    return status, queries, statistics.median(times), False


# The Excel files the task worker makes, and for whom: the year's workbook, and every payout
# of the year behind a figure (the whole city's, and a coordinator's own).
WORKER_FILES = (
    ("reporting:export_workbook", "", "development coordinator"),
    ("reporting:figure_rows_xlsx", "utbetalt", "development coordinator"),
    ("reporting:figure_rows_xlsx", "utbetalt", "coordinator"),
)


def worker_files(data: dict, repeat: int) -> dict:
    """For each of ``WORKER_FILES``: the worker making it (what ``manage.py db_worker`` runs for
    the request the button made), then the download of the made file.

    (render ms, render queries, file size, download status, download median ms)."""
    from reporting.exports.services import export_file_run
    from reporting.models import ExportFile

    results = {}
    for name, figure, role in WORKER_FILES:
        user = data["users"][role]
        client = Client()
        client.force_login(user)
        kwargs = {"year": CLOSED_YEAR} | ({"figure": figure} if figure else {})
        url = reverse(name, kwargs=kwargs)
        client.post(reverse(f"{name}_status", kwargs=kwargs))  # asks for it, as the button does
        scope = None if role == "development coordinator" else user.administration_id
        kind = ExportFile.Kind.FIGURE_ROWS if figure else ExportFile.Kind.YEAR_WORKBOOK
        export = (
            ExportFile.objects.defer("data")
            .filter(kind=kind, figure=figure, row_query="", preliminary=False, scope_id=scope)
            .latest("requested_at")
        )
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            made = export_file_run(render_id=export.pk)
            render_ms = (time.perf_counter() - start) * 1000
        # Counted now: the next request empties the query log the count is read from.
        render_queries = len(queries)
        status, _ms = timed_get(client, url)  # warm-up
        download_ms = statistics.median(timed_get(client, url)[1] for _ in range(repeat))
        results[(name, role)] = (render_ms, render_queries, made.size, status, download_ms)
        print(
            f"  worker: {name} ({role}): {render_ms:.0f} ms, {made.size} bytes; "
            f"download {status} {download_ms:.0f} ms",
            file=sys.stderr,
        )
    return results


def run_scale(scale: int, args, too_slow: dict[str, int]) -> tuple[dict, dict]:
    """Every page at one scale, and the worker's Excel files; ``too_slow`` (page: scale)
    collects the pages over the limit, which larger scales leave out."""
    database = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0)
    try:
        start = time.perf_counter()
        data = build(scale, args.shape)
        print(
            f"{scale}x: {data['reports']} project reports a year, built in "
            f"{time.perf_counter() - start:.0f} s",
            file=sys.stderr,
        )
        results = {}
        for name, arguments in pages():
            if args.only and not re.search(args.only, name):
                continue
            if args.skip and re.search(args.skip, name):
                continue
            url = url_for(name, arguments, data)
            if url is None:
                continue
            for role, user in data["users"].items():
                if name in too_slow:
                    note = f"not measured: over {args.limit:.0f} s at {too_slow[name]}x"
                    results[(name, role)] = ("–", "–", None, note)
                    continue
                client = Client()
                client.force_login(user)
                status, queries, ms, once = measure(client, url, args.repeat, args.limit * 1000)
                if status == 405:  # a form's POST target: not a page
                    break
                results[(name, role)] = (status, queries, ms, "one request" if once else "")
                print(f"  {name} ({role}): {status} {queries} q {ms:.0f} ms", file=sys.stderr)
                if once:
                    too_slow[name] = scale
        return results, worker_files(data, args.repeat)
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)


def print_table(scales: list[int], results: dict[int, dict], shape: str) -> None:
    keys = []
    for per_scale in results.values():
        keys += [key for key in per_scale if key not in keys]
    header = f"| {'page':<34} | {'role':<23} |" + "".join(
        f" {f'{scale}x':>6} | {'queries':>7} | {'median':>9} |" for scale in scales
    )
    print(header)
    print("|" + "|".join("-" * len(cell) for cell in header.split("|")[1:-1]) + "|")
    over, notes = [], []
    for key in keys:
        cells = []
        for scale in scales:
            status, queries, ms, note = results[scale].get(key, ("–", "–", None, ""))
            mark = "*" if note else " "
            time_cell = f"{ms:>6.0f} ms" if ms is not None else f"{'–':>9}"
            cells.append(f" {status:>6} | {queries:>7} | {time_cell}{mark}|")
            if note:
                notes.append(f"{key[0]} ({key[1]}) at {scale}x: {note}")
            if ms is not None and ms > TARGETS_MS.get(scale, float("inf")):
                over.append(f"{key[0]} ({key[1]}) at {scale}x: {ms:.0f} ms")
        print(f"| {key[0]:<34} | {key[1]:<23} |" + "".join(cells))
    print()
    print(
        f"Database: {connection.vendor}; growing the {shape}; median of the requests after one "
        "warm-up request"
    )
    for line in notes:
        print(f"* {line}")
    for line in over:
        print(f"Over the target: {line}")


def print_worker_table(scales: list[int], results: dict[int, dict]) -> None:
    """The worker making each Excel file, and the download of the made file, per scale."""
    print("Excel files made by the task worker (the pages above only ask for them):")
    header = f"| {'file':<34} | {'role':<23} |" + "".join(
        f" {f'{scale}x render':>12} | {'queries':>7} | {'size':>10} | {'download':>9} |"
        for scale in scales
    )
    print(header)
    print("|" + "|".join("-" * len(cell) for cell in header.split("|")[1:-1]) + "|")
    for name, _figure, role in WORKER_FILES:
        cells = []
        for scale in scales:
            render_ms, queries, size, status, download_ms = results[scale][(name, role)]
            download = f"{download_ms:>6.0f} ms" if status == 200 else f"{status:>9}"
            cells.append(f" {render_ms:>9.0f} ms | {queries:>7} | {size:>10,} | {download:>9} |")
        print(f"| {name:<34} | {role:<23} |" + "".join(cells))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", help="measure only the URL names matching this expression")
    parser.add_argument("--skip", help="leave out the URL names matching this expression")
    parser.add_argument(
        "--limit",
        type=float,
        default=60,
        help="seconds: a page slower than this is measured once and left out at larger scales",
    )
    parser.add_argument(
        "--shape",
        choices=["administrations", "reports"],
        default="administrations",
        help="grow the number of administrations with the scale (each reporting as many "
        "projects as in Malmö), or keep Malmö's 13 and let each report more",
    )
    args = parser.parse_args()
    too_slow: dict[str, int] = {}
    measured = {scale: run_scale(scale, args, too_slow) for scale in args.scales}
    print_table(args.scales, {scale: pages for scale, (pages, _f) in measured.items()}, args.shape)
    print()
    print_worker_table(args.scales, {scale: files for scale, (_p, files) in measured.items()})


if __name__ == "__main__":
    main()
