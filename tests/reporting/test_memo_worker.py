"""``manage.py memo_worker``: the memo's queue taken by a new worker process for every file, so
the memory a large PDF took returns to the system after each one."""

import signal

import pytest
from django.core.management import call_command

from reporting.management.commands import memo_worker


class FakeProcess:
    """A worker process that ends at once with ``returncode``, or when it is told to stop."""

    started: list["FakeProcess"] = []
    returncodes: list[int] = []

    def __init__(self, command):
        self.command = command
        self.signals = []
        FakeProcess.started.append(self)

    def wait(self):
        return FakeProcess.returncodes.pop(0) if FakeProcess.returncodes else 0

    def poll(self):
        return None

    def send_signal(self, signum):
        self.signals.append(signum)


@pytest.fixture
def processes(monkeypatch):
    FakeProcess.started, FakeProcess.returncodes = [], []
    monkeypatch.setattr(memo_worker.subprocess, "Popen", FakeProcess)
    monkeypatch.setattr(memo_worker, "PAUSE_AFTER_FAILURE", 0)
    # The command's signal handlers are the test process's own: put them back afterwards.
    monkeypatch.setattr(memo_worker.signal, "signal", lambda signum, handler: None)
    return FakeProcess


def test_each_file_is_made_by_a_new_worker_process_of_the_memo_queue(processes):
    call_command("memo_worker", runs=3)
    assert len(processes.started) == 3
    command = processes.started[0].command
    assert command[2:5] == ["db_worker", "--queue-name", "memo"]
    assert command[command.index("--max-tasks") + 1] == "1"
    assert command[1].endswith("manage.py")


def test_a_worker_that_failed_is_started_again(processes, capsys):
    processes.returncodes = [1, 0]
    call_command("memo_worker", runs=2)
    assert len(processes.started) == 2
    assert "starting it again" in capsys.readouterr().err


def test_a_stop_lets_the_file_in_progress_finish_and_starts_no_other(monkeypatch):
    handlers = {}
    started = []

    class Working(FakeProcess):
        def wait(self):
            handlers[signal.SIGTERM](signal.SIGTERM, None)  # stopped while making a file
            return 0

    FakeProcess.started = started
    monkeypatch.setattr(memo_worker.subprocess, "Popen", Working)
    monkeypatch.setattr(
        memo_worker.signal, "signal", lambda signum, h: handlers.update({signum: h})
    )
    call_command("memo_worker")  # would run forever without the stop
    assert len(started) == 1
    assert started[0].signals == [signal.SIGTERM]  # passed on: the worker ends after its task
