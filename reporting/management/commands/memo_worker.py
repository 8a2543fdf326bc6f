"""The memo's task worker, a new process for every file: ``manage.py memo_worker``.

Runs ``db_worker --queue-name memo --max-tasks 1`` again and again, so the memory a large PDF
took returns to the system when its process ends (a long-lived worker keeps its peak). SIGTERM
or SIGINT lets the file in progress finish, then stops. ``make demo`` and the ``memo-worker``
service of ``docker-compose.yml`` run it."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from reporting.tasks import MEMO_QUEUE

# After a worker process failed (not stopped by us): a pause, so a broken start never spins.
PAUSE_AFTER_FAILURE = 2.0


def db_worker_command() -> list[str]:
    """One worker process that takes one task of the memo's queue and ends."""
    return [
        sys.executable,
        str(Path(settings.BASE_DIR) / "manage.py"),
        "db_worker",
        "--queue-name",
        MEMO_QUEUE,
        "--max-tasks",
        "1",
        "--no-reload",
        "--no-startup-delay",
        "--interval",
        "1",
        "-v0",
    ]


class Command(BaseCommand):
    help = "The memo's task worker: a new process for every file, so its memory returns after each."

    def add_arguments(self, parser):
        parser.add_argument(
            "--runs",
            type=int,
            default=0,
            help="stop after this many worker processes, one file each (0: never)",
        )

    def handle(self, *args, runs: int, **options):
        child: subprocess.Popen | None = None
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True
            if child is not None and child.poll() is None:
                child.send_signal(signal.SIGTERM)  # the worker finishes its task, then ends

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        done = 0
        while not stopping and (runs == 0 or done < runs):
            child = subprocess.Popen(db_worker_command())  # noqa: S603 (a fixed command)
            returncode = child.wait()
            done += 1
            if returncode != 0 and not stopping:
                self.stderr.write(f"db_worker ended with {returncode}; starting it again.")
                time.sleep(PAUSE_AFTER_FAILURE)
