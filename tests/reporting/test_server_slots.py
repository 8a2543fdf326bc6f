"""The server's bound on expensive answers at once, whoever asks (reporting/server_slots.py):
the others wait for a slot, asleep, and are answered as usual; 503 in Swedish with
``Retry-After`` only when no slot comes free in time; a slot is given back when its answer has
been sent, and when its process ends."""

import subprocess
import sys
import threading

import pytest
from django.urls import reverse

from reporting import server_slots
from tests.reporting.test_in_flight import JSON, ROWS_CSV, TREND, signed_in
from tests.reporting.test_in_flight import world as world  # noqa: F401, PLC0414

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_slot(settings):
    settings.EXPENSIVE_REQUESTS_PER_SERVER = 1
    settings.EXPENSIVE_REQUEST_WAIT_SECONDS = 0


def test_slots_are_taken_up_to_the_bound_and_given_back(settings, one_slot):
    settings.EXPENSIVE_REQUESTS_PER_SERVER = 2
    first, second = server_slots.take_server_slot(), server_slots.take_server_slot()
    assert first and second
    assert server_slots.take_server_slot() is None
    second()
    second()  # given back once, however often
    third = server_slots.take_server_slot()
    assert third is not None
    assert server_slots.take_server_slot() is None
    first()
    third()


def test_without_a_bound_nothing_is_locked(settings):
    settings.EXPENSIVE_REQUESTS_PER_SERVER = 0
    assert all(server_slots.take_server_slot() for _ in range(5))
    assert not settings.SERVER_SLOTS_DIR.exists()


@pytest.mark.parametrize("path", [JSON, ROWS_CSV, TREND])
def test_a_request_finding_no_slot_in_time_is_503_in_swedish(world, official, one_slot, path):
    elsewhere = server_slots.take_server_slot()
    client = signed_in(official)
    busy = client.get(path)
    assert busy.status_code == 503
    assert busy["Retry-After"] == str(server_slots.BUSY_RETRY_AFTER)
    assert "Servern är upptagen" in busy.content.decode()
    elsewhere()
    assert client.get(path).status_code == 200


def test_a_request_waits_for_a_slot_and_is_answered(world, official, settings):
    settings.EXPENSIVE_REQUESTS_PER_SERVER = 1
    settings.EXPENSIVE_REQUEST_WAIT_SECONDS = 60
    elsewhere = server_slots.take_server_slot()
    asked = threading.Event()
    # Given back a moment after the request has started waiting (it cannot be answered before).
    threading.Thread(target=lambda: (asked.wait(60), elsewhere())).start()
    real_sleep = server_slots.time.sleep

    def sleep_and_tell(seconds):
        asked.set()
        real_sleep(seconds)

    server_slots.time.sleep = sleep_and_tell
    try:
        response = signed_in(official).get(JSON)
    finally:
        server_slots.time.sleep = real_sleep
    assert asked.is_set() and response.status_code == 200


def test_a_download_holds_its_slot_until_sent(client, published_pdf, one_slot):
    _published, url = published_pdf
    response = client.get(url)
    assert response.status_code == 200
    # The test client has sent it whole and closed it: the slot is free again.
    assert response.content.startswith(b"%PDF-")
    free = server_slots.take_server_slot()
    assert free is not None
    # Taken elsewhere: the download waits, here not at all, and is refused.
    busy = client.get(url)
    assert busy.status_code == 503
    free()


def test_a_process_that_ends_gives_its_slot_back(settings, one_slot):
    settings.SERVER_SLOTS_DIR.mkdir(parents=True)
    holder = (
        "import fcntl, os, sys; "
        "d = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT); "
        "fcntl.flock(d, fcntl.LOCK_EX); print('held', flush=True); sys.stdin.read()"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", holder, str(settings.SERVER_SLOTS_DIR / "slot-0")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline() == "held\n"
    assert server_slots.take_server_slot() is None
    process.kill()
    process.wait()
    give_back = server_slots.take_server_slot()
    assert give_back is not None
    give_back()


def test_a_refused_request_never_waits_for_a_slot(client, data, coordinator, one_slot):
    elsewhere = server_slots.take_server_slot()
    client.force_login(coordinator)
    # The draft is the development coordinator's: 403 at once, not 503 after the wait.
    assert client.get(reverse("reporting:memo_pdf", args=[2023])).status_code == 403
    elsewhere()
