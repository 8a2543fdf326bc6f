"""The memo worker making a draft PDF at 1x, 10x or 100x Malmö's size: time, peak memory, and
the memory the worker keeps after the job.

On a throwaway SQLite file (or an empty PostgreSQL database, ``--database-url``): the demo
data, a closed year (2030) of the chosen size as ``bench_pages.py`` generates it, and its memo
draft. Then, for each way of running the worker, a PDF is asked for and the worker started:

* ``--max-tasks 1``, as ``docker-compose.yml`` runs the memo worker: a new process per file,
  so its memory returns to the system when the file is made (the process ends);
* long-lived, as ``make demo`` ran it before: the same process takes file after file.

    .venv/bin/python benchmarks/bench_worker_memory.py [--scales 1 10] [--database-url …]

The worker's resident memory is read from ``/proc`` every 50 ms: its peak (``VmHWM``), and for
the long-lived worker the resident memory two seconds after the file is made. The time is
from starting the worker process (its start-up included) to the file being stored.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
YEAR = 2030

PREPARE = """
from benchmarks.page_data import generate_year, more_administrations
from projects.models import User
from reporting.memo.services import memo_create_draft
more_administrations({scale})
generate_year({year}, {scale}, is_open=False)
user = User.objects.get(role=User.Role.DEVELOPMENT_COORDINATOR)
memo_create_draft(year={year}, user=user)
"""

# A new revision (so a new file), then the request: the worker's task waits in the queue.
ASK = """
from projects.models import User
from reporting.memo.requests import memo_render_request
from reporting.models import Memo
user = User.objects.get(role=User.Role.DEVELOPMENT_COORDINATOR)
Memo.objects.filter(year={year}).update(revision=Memo.objects.get(year={year}).revision + 1)
print(memo_render_request(memo=Memo.objects.get(year={year}), kind="pdf", user=user).pk)
"""

STATE = """
from reporting.models import MemoRender
render = MemoRender.objects.defer("data").get(pk={pk})
print(render.status, render.size)
"""


def kib(pid: int, field: str) -> int:
    """A ``/proc/<pid>/status`` memory field in KiB (0 once the process has ended)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def shell(env: dict, code: str) -> str:
    return (
        subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", code],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )


def run_worker(env: dict, *, once: bool) -> dict:
    """Ask for a PDF, run the worker until it is made; its time and memory."""
    render_pk = int(shell(env, ASK.format(year=YEAR)))
    command = [PYTHON, "manage.py", "db_worker", "--queue-name", "memo", "--no-reload", "-v0"]
    command += ["--no-startup-delay", "--interval", "0.2"]
    if once:
        command += ["--max-tasks", "1"]
    start = time.perf_counter()
    worker = subprocess.Popen(command, env=env, cwd=ROOT)
    peak = 0
    try:
        while True:
            peak = max(peak, kib(worker.pid, "VmHWM"))
            if once and worker.poll() is not None:
                seconds = time.perf_counter() - start
                break
            if not once and time.perf_counter() - start > 1:
                state = shell(env, STATE.format(pk=render_pk)).split()
                if state[0] != "pending" and state[0] != "running":
                    seconds = time.perf_counter() - start
                    break
            time.sleep(0.05)
        after = None
        if not once:
            time.sleep(2)
            after = kib(worker.pid, "VmRSS")
            peak = max(peak, kib(worker.pid, "VmHWM"))
    finally:
        if worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=60)
    status, size = shell(env, STATE.format(pk=render_pk)).split()
    return {"seconds": seconds, "peak": peak, "after": after, "status": status, "size": int(size)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--database-url", default="", help="an empty PostgreSQL database")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average before {os.getloadavg()[0]:.1f}")
    for scale in args.scales:
        workdir = Path(tempfile.mkdtemp(prefix="bench-worker-"))
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "malmo_intl.settings",
            "DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
            "DEBUG": "0",
            "TESTING": "1",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "MEDIA_ROOT": str(workdir / "media"),
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
        try:
            manage = [PYTHON, "manage.py"]
            if args.database_url:
                subprocess.run([*manage, "flush", "--no-input"], env=env, cwd=ROOT, check=True)
            subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, cwd=ROOT, check=True)
            subprocess.run(
                [*manage, "load_demo"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL
            )
            built = time.perf_counter()
            shell(env, PREPARE.format(scale=scale, year=YEAR))
            built = time.perf_counter() - built
            for once in (True, False):
                result = run_worker(env, once=once)
                way = "--max-tasks 1" if once else "long-lived"
                after = (
                    "process ended"
                    if result["after"] is None
                    else f"{result['after'] / 1024:.0f} MiB"
                )
                print(
                    f"{scale:>4}x ({way:<13}): {result['status']}, "
                    f"{result['size'] / 1024:.0f} KiB PDF in {result['seconds']:.1f} s, "
                    f"peak {result['peak'] / 1024:.0f} MiB, after the job {after} "
                    f"(data generated in {built:.0f} s)",
                    flush=True,
                )
        finally:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
