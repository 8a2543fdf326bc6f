"""The start page while ten people ask for the draft memo PDF at once, under a real server.

Starts the application under gunicorn (as the Dockerfile does) on a throwaway SQLite file with
the demo data, and the memo's task worker (``manage.py db_worker --queue-name memo``) beside
it, then:

1. idle: times the start page as an official, one request after another;
2. loaded: the same, while ``--clients`` development coordinators each ask for the 2023 draft
   PDF as the page does (the PDF link, the status page, polling until it is made, the
   download), and again after ``--think`` seconds. So that the worker really renders all the
   time, the memo gets a new revision every ``--change-every`` seconds (someone editing it).

    .venv/bin/python benchmarks/bench_pdf_load.py [--clients 10] [--seconds 30]
        [--web-workers 3] [--repeat 40]

Prints the median and 90th percentile of the start page idle and loaded, and how many PDFs the
clients got and how long they waited for one. Timings are measured here, never asserted in
tests.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
DEMO_PASSWORD = "demo-malmo-2024"
OFFICIAL = "handlaggare@malmo.se"
DEVELOPMENT_COORDINATOR = "utvecklingssamordnare@malmo.se"
YEAR = 2023
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


def ask_for_the_pdf(
    browser: Browser, stop: threading.Event, waits: list[float], think: float
) -> None:
    """What the pages do: the PDF link, then the status box polled until the link is there."""
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=40, help="start page requests idle")
    parser.add_argument("--change-every", type=float, default=30.0)
    parser.add_argument("--think", type=float, default=5.0, help="seconds between PDFs")
    parser.add_argument("--worker-nice", type=int, default=0)
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    workdir = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    port = free_port()
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "malmo_intl.settings",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        # Production-like (DEBUG off), with the test settings' plain static files.
        "DEBUG": "0",
        "TESTING": "1",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        # The clients ask for the PDF many times a minute: no per-user rate limit.
        "RATE_LIMIT_ENABLED": "0",
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "WARNING",
    }
    manage = [PYTHON, "manage.py"]
    print("Preparing the demo data …", flush=True)
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run([*manage, "load_demo"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    gunicorn = Path(PYTHON).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "malmo_intl.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.web_workers),
            "--timeout",
            "120",
        ],
        env=env,
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    # --worker-nice above 0 lets the worker yield the CPU to the web requests. The memo's own
    # worker: its tasks have a queue of their own.
    worker = subprocess.Popen(
        [
            "nice",
            "-n",
            str(args.worker_nice),
            *manage,
            "db_worker",
            "--queue-name",
            "memo",
            "--no-reload",
            "-v0",
        ],
        env=env,
        cwd=ROOT,
    )
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

        stop = threading.Event()
        waits: list[float] = []
        clients = []
        for _ in range(args.clients):
            browser = Browser(port)
            browser.sign_in(DEVELOPMENT_COORDINATOR)
            clients.append(
                threading.Thread(target=ask_for_the_pdf, args=(browser, stop, waits, args.think))
            )
        changer = threading.Thread(target=change_the_memo, args=(env, stop, args.change_every))
        for thread in [*clients, changer]:
            thread.start()
        time.sleep(2)  # the first requests are in
        loaded = []
        deadline = time.monotonic() + args.seconds
        while time.monotonic() < deadline:
            loaded.append(timed_get(official, "/"))
            time.sleep(0.1)
        stop.set()
        for thread in [*clients, changer]:
            thread.join()
    finally:
        for process in (server, worker):
            process.terminate()
            process.wait(timeout=30)

    print(
        f"gunicorn, {args.web_workers} web workers, 1 task worker (nice {args.worker_nice}), "
        "SQLite, demo data (1x); "
        f"{os.cpu_count()} CPUs, load average before {load_before:.1f}"
    )
    print(f"start page idle   ({len(idle):3} requests): {summary(idle)}")
    print(f"start page loaded ({len(loaded):3} requests): {summary(loaded)}")
    print(
        f"ratio loaded / idle (medians): {statistics.median(loaded) / statistics.median(idle):.1f}x"
    )
    renders = subprocess.run(
        [*manage, "shell", "-v", "0", "-c", RENDER_COUNT],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    print(f"draft PDFs made by the worker: {renders.stdout.strip()}")
    if waits:
        print(
            f"{args.clients} clients got {len(waits)} PDFs; wait from the link to the PDF: "
            f"{summary(waits)}"
        )


if __name__ == "__main__":
    main()
