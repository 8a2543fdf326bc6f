"""The start page while a few people ask for heavy things at once, under a real server.

Starts the application under gunicorn as the Dockerfile does (gthread: ``--web-workers``
processes of ``--threads`` threads) with the demo data (and with ``--scale`` above 1 a closed
year 2030 of that size, as ``bench_pages.py`` generates it, which is then the year asked for),
on a throwaway SQLite file or on an empty PostgreSQL database (``--database-url``), and the
memo's task worker as deployed (``memo_worker``) beside it, then:

1. idle: times the start page as an official, one request after another;
2. loaded, for each target in turn (``--targets``): the same while ``--clients`` people (in a
   process of their own, as on other computers) ask for that target again and again without
   pauses: the made draft PDF (the link, then the
   download, as the page does; made once before the clients come), the figures JSON,
   a rows CSV, or the trend page. With ``--change-every`` the memo gets a new revision now and
   then, so that the worker has new PDFs to make.

    .venv/bin/python benchmarks/bench_pdf_load.py [--clients 6] [--seconds 20]
        [--targets pdf json csv trend] [--database-url postgres://…/empty_db] [--scale 100]

Prints, per target, the start page's median loaded and the ratio to idle, and how many answers
the heavy clients got and with which statuses (every one should be 200: the ratio must come
from cheap serving, not from refusing). The rate limit is off; the server's bound on expensive
answers at once (``--server-slots``) is as deployed unless given. Timings are measured here,
never asserted in tests.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_worker_memory import PREPARE, shell  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
DEMO_PASSWORD = "demo-malmo-2024"
OFFICIAL = "handlaggare@malmo.se"
DEVELOPMENT_COORDINATOR = "utvecklingssamordnare@malmo.se"
YEAR = 2023
# The year asked for with --scale above 1 (generated).
GENERATED_YEAR = 2030
RENDER_COUNT = (
    "from reporting.models import MemoRender as R;"
    "print(R.objects.filter(kind='pdf', status='done').count(), 'kept,',"
    "R.objects.filter(kind='pdf').exclude(status='done').values_list('status', 'error')[:3])"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """One signed-in person: a cookie jar of its own over plain HTTP (the session cookie is
    marked Secure with DEBUG off, which the standard library's jar would not send back)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        connection.close()
        return response.status, response.getheader("Location"), content

    def get(self, path: str):
        return self.request("GET", path)

    def sign_in(self, email: str) -> None:
        _status, _location, page = self.get("/konto/logga-in/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, _location, _page = self.request(
            "POST",
            "/konto/logga-in/",
            {"csrfmiddlewaretoken": token.decode(), "username": email, "password": DEMO_PASSWORD},
        )
        if status != 302:
            raise SystemExit(f"Signing in as {email} failed ({status}).")


def timed_get(browser: Browser, path: str) -> float:
    started = time.perf_counter()
    status, _location, _content = browser.get(path)
    elapsed = time.perf_counter() - started
    if status != 200:
        raise SystemExit(f"{path} answered {status}.")
    return elapsed


TARGETS = {
    "json": "/rapport/nyckeltal/{year}/json/",
    "csv": "/rapport/nyckeltal/{year}/rader/utbetalt.csv",
    "trend": "/rapport/utveckling/",
}


def ask_again_and_again(
    browser: Browser, path: str, stop: threading.Event, statuses: list[int]
) -> None:
    """One person asking for the same address without pauses."""
    while not stop.is_set():
        status, _location, _content = browser.get(path)
        statuses.append(status)


def ask_for_the_pdf(
    browser: Browser, stop: threading.Event, waits: list[float], think: float, once=False
) -> None:
    """What the pages do: the PDF link, then the status box polled until the link is there
    (``once``: until the PDF has been downloaded once)."""
    pdf = f"/rapport/tjansteskrivelser/{YEAR}/utkast.pdf"
    progress = f"/rapport/tjansteskrivelser/{YEAR}/filstatus/?kind=pdf"
    while not stop.is_set():
        started = time.perf_counter()
        status, location, content = browser.get(pdf)
        if status == 302:
            browser.get(urlsplit(location).path)
            delay = 1.0
            while not stop.is_set():
                time.sleep(delay)
                delay = min(delay * 1.5, 5.0)
                _status, _location, box = browser.get(progress)
                if b'data-render-state="pending"' not in box:
                    break
            status, location, content = browser.get(pdf)
        if status == 200 and content.startswith(b"%PDF-"):
            waits.append(time.perf_counter() - started)
            if once:
                return
        stop.wait(think)  # reading it before asking again


def change_the_memo(env: dict, stop: threading.Event, every: float) -> None:
    """A new revision now and then, so that the worker has a new PDF to make."""
    script = (
        "import django; django.setup();"
        "from django.db.models import F; from reporting.models import Memo;"
        f"Memo.objects.filter(year={YEAR}).update(revision=F('revision') + 1)"
    )
    while not stop.wait(every):
        subprocess.run([PYTHON, "-c", script], env=env, cwd=ROOT, check=True)


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p90 = ordered[int(len(ordered) * 0.9) - 1] if len(ordered) >= 10 else ordered[-1]
    return f"median {statistics.median(ordered) * 1000:7.1f} ms, p90 {p90 * 1000:7.1f} ms"


def heavy_clients(port: int, target: str, year: int, clients: int, stop, ready, results) -> None:
    """``clients`` people asking for ``target`` until ``stop`` is set, in a process of their
    own (as they sit at other computers): their reading of large answers never holds the
    interpreter lock of the process that times the start page. Puts the number of answers and
    the statuses that were not 200 in ``results``."""
    global YEAR
    YEAR = year
    waits: list[float] = []
    statuses: list[int] = []
    threads = []
    for _ in range(clients):
        browser = Browser(port)
        browser.sign_in(DEVELOPMENT_COORDINATOR)
        if target == "pdf":
            work = (ask_for_the_pdf, (browser, stop, waits, 0.0))
        else:
            path = TARGETS[target].format(year=YEAR)
            work = (ask_again_and_again, (browser, path, stop, statuses))
        threads.append(threading.Thread(target=work[0], args=work[1]))
    for thread in threads:
        thread.start()
    ready.set()
    for thread in threads:
        thread.join()
    answers = len(waits) if target == "pdf" else len(statuses)
    results.put((answers, [status for status in statuses if status != 200]))


def loaded_run(args, port: int, env: dict, official: Browser, target: str) -> dict:
    """The start page while ``args.clients`` people ask for ``target``."""
    context = multiprocessing.get_context("spawn")
    stop, ready, results = context.Event(), context.Event(), context.Queue()
    clients = context.Process(
        target=heavy_clients,
        args=(port, target, YEAR, args.clients, stop, ready, results),
    )
    clients.start()
    changes = None
    if target == "pdf" and args.change_every:
        changes = threading.Thread(target=change_the_memo, args=(env, stop, args.change_every))
        changes.start()
    ready.wait()
    time.sleep(2)  # the first requests are in
    loaded = []
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline:
        loaded.append(timed_get(official, "/"))
        time.sleep(0.1)
    stop.set()
    answers, refused = results.get()
    clients.join()
    if changes is not None:
        changes.join()
    return {"loaded": loaded, "answers": answers, "refused": refused}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4, help="gthread threads per process")
    parser.add_argument("--repeat", type=int, default=40, help="start page requests idle")
    parser.add_argument("--targets", nargs="+", default=["pdf", "json", "csv", "trend"])
    parser.add_argument("--change-every", type=float, default=0.0, help="0: the memo stays")
    parser.add_argument("--worker-nice", type=int, default=0)
    parser.add_argument(
        "--server-slots",
        type=int,
        default=None,
        help="EXPENSIVE_REQUESTS_PER_SERVER (default: as deployed, every processor but one; "
        "0: no bound, to measure the cheap serving alone)",
    )
    parser.add_argument(
        "--scale",
        type=int,
        default=1,
        help="above 1: a closed year (2030) of this size, as bench_pages.py generates it, is "
        "the year asked for",
    )
    parser.add_argument(
        "--database-url", default="", help="an empty PostgreSQL database (default: SQLite)"
    )
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    workdir = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    port = free_port()
    database = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "malmo_intl.settings",
        "DATABASE_URL": database,
        # Production-like (DEBUG off), with the test settings' plain static files.
        "DEBUG": "0",
        "TESTING": "1",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        # The clients ask many times a second: no per-user rate limit.
        "RATE_LIMIT_ENABLED": "0",
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "WARNING",
    }
    if args.server_slots is not None:
        env["EXPENSIVE_REQUESTS_PER_SERVER"] = str(args.server_slots)
    slots = env.get("EXPENSIVE_REQUESTS_PER_SERVER", f"{max(1, (os.cpu_count() or 2) - 1)}")
    manage = [PYTHON, "manage.py"]
    print("Preparing the demo data …", flush=True)
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run([*manage, "load_demo"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    if args.scale > 1:
        global YEAR
        YEAR = GENERATED_YEAR
        print(f"Generating {YEAR} at {args.scale}x …", flush=True)
        shell(env, PREPARE.format(scale=args.scale, year=YEAR))
    gunicorn = Path(PYTHON).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "malmo_intl.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--worker-class",
            "gthread",
            "--workers",
            str(args.web_workers),
            "--threads",
            str(args.threads),
            "--timeout",
            "120",
        ],
        env=env,
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    # --worker-nice above 0 lets the worker yield the CPU to the web requests. The memo's own
    # worker, as deployed: its tasks have a queue of their own, a new process per file.
    worker = subprocess.Popen(
        ["nice", "-n", str(args.worker_nice), *manage, "memo_worker"], env=env, cwd=ROOT
    )
    results = {}
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        official = Browser(port)
        official.sign_in(OFFICIAL)
        for _ in range(3):
            timed_get(official, "/")
        idle = [timed_get(official, "/") for _ in range(args.repeat)]
        if "pdf" in args.targets:
            # The draft PDF made once before the clients come: they ask for a made file.
            made = time.perf_counter()
            maker = Browser(port)
            maker.sign_in(DEVELOPMENT_COORDINATOR)
            ask_for_the_pdf(maker, threading.Event(), [], 0.0, once=True)
            print(f"Draft PDF made in {time.perf_counter() - made:.1f} s", flush=True)
        for target in args.targets:
            results[target] = loaded_run(args, port, env, official, target)
    finally:
        for process in (server, worker):
            process.terminate()
            process.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)

    kind = "PostgreSQL" if database.startswith("postgres") else "SQLite"
    print(
        f"gunicorn gthread, {args.web_workers} processes x {args.threads} threads, 1 task "
        f"worker (nice {args.worker_nice}), {kind}, {args.scale}x (year {YEAR}), "
        f"{args.clients} clients without pauses, {slots} server slots for expensive answers "
        f"(0: no bound); {os.cpu_count()} CPUs, load average before "
        f"{load_before:.1f}"
    )
    print(f"start page idle ({len(idle):3} requests): {summary(idle)}")
    idle_median = statistics.median(idle)
    for target, result in results.items():
        loaded = result["loaded"]
        print(
            f"{target:5} loaded ({len(loaded):3} requests): {summary(loaded)}; "
            f"ratio {statistics.median(loaded) / idle_median:.1f}x; "
            f"{result['answers']} answers to the clients, "
            f"{len(result['refused'])} not 200 {sorted(set(result['refused']))}"
        )
    renders = subprocess.run(
        [*manage, "shell", "-v", "0", "-c", RENDER_COUNT],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    print(f"draft PDFs made by the worker: {renders.stdout.strip()}")


if __name__ == "__main__":
    main()
