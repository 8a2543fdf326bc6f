"""The rate limit of the pages that read a year's data and of asking for export files: beyond
``RATE_LIMIT_PER_MINUTE`` requests of one user to one group of pages in a minute, 429 with a
Swedish message and ``Retry-After`` until the minute is over; counted in the cache every process
shares. The minutes are moved by patching the limiter's clock, never by waiting."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache

from reporting import rate_limit
from reporting.models import ExportFile
from tests.reporting.test_figure_rows import build_world

pytestmark = pytest.mark.django_db

# A minute begins at this instant (a multiple of 60 s); the tests start 10 s into it.
MINUTE = 1_800_000_000.0
JSON = "/rapport/nyckeltal/2023/json/"

# Every endpoint the limit covers, with its method: the figures, the rows behind a figure, the
# trend, the year's CSV and asking for the Excel files.
LIMITED = [
    ("get", "/rapport/nyckeltal/2023/"),
    ("get", JSON),
    ("get", "/rapport/nyckeltal/2023/rader/utbetalt/"),
    ("get", "/rapport/nyckeltal/2023/rader/utbetalt.csv"),
    ("get", "/rapport/utveckling/"),
    ("get", "/rapport/export/2023/projekt.csv"),
    ("post", "/rapport/export/2023/excel/status/"),
    ("post", "/rapport/nyckeltal/2023/rader/utbetalt/excel/"),
]


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def clock(monkeypatch):
    """The limiter's clock, 10 s into a minute; the test moves it with ``clock.now``."""

    class Clock:
        now = MINUTE + 10

    monkeypatch.setattr(rate_limit, "clock", lambda: Clock.now)
    return Clock


@pytest.fixture
def limit(settings):
    settings.RATE_LIMIT_ENABLED = True
    settings.RATE_LIMIT_PER_MINUTE = 3
    return 3


def ask(client, method: str, url: str):
    response = getattr(client, method)(url)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    return response


def test_beyond_the_limit_the_answer_is_429_in_swedish_until_the_minute_is_over(
    official_client, world, clock, limit
):
    for _ in range(limit):
        assert official_client.get(JSON).status_code == 200
    refused = official_client.get(JSON)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "50"
    page = refused.content.decode()
    assert "<h1>För många förfrågningar</h1>" in page
    assert "Du har gjort många förfrågningar på kort tid. Försök igen om 50 sekunder." in page
    clock.now = MINUTE + 59.5
    refused = official_client.get(JSON)
    assert refused.status_code == 429 and refused["Retry-After"] == "1"
    assert "Försök igen om 1 sekund." in refused.content.decode()
    # The next minute starts afresh.
    clock.now = MINUTE + 60
    for _ in range(limit):
        assert official_client.get(JSON).status_code == 200
    assert official_client.get(JSON).status_code == 429


def test_an_english_reader_is_told_in_english(official_client, world, clock, limit):
    official_client.cookies["django_language"] = "en"
    for _ in range(limit):
        official_client.get(JSON)
    page = official_client.get(JSON).content.decode()
    assert "<h1>Too many requests</h1>" in page
    assert "You have made many requests in a short time. Try again in 50 seconds." in page


@pytest.mark.parametrize(("method", "url"), LIMITED)
def test_every_expensive_endpoint_is_limited(
    official_client, world, clock, limit, many_files_allowed, method, url
):
    for _ in range(limit):
        assert ask(official_client, method, url).status_code in (200, 302), url
    assert ask(official_client, method, url).status_code == 429


@pytest.fixture
def many_files_allowed(settings):
    # The limit of files waiting is not what these tests count.
    settings.EXPORT_PENDING_PER_USER = 1000


def test_each_user_and_each_group_of_pages_has_its_own_count(
    client, official_client, development_coordinator, world, clock, limit
):
    for _ in range(limit):
        official_client.get(JSON)
    assert official_client.get(JSON).status_code == 429
    # The figures page shares the count with their JSON; the rows and the trend do not.
    assert official_client.get("/rapport/nyckeltal/2023/").status_code == 429
    assert official_client.get("/rapport/nyckeltal/2023/rader/utbetalt/").status_code == 200
    assert official_client.get("/rapport/utveckling/").status_code == 200
    client.force_login(development_coordinator)
    assert client.get(JSON).status_code == 200


def test_the_status_pages_polling_and_downloads_are_not_limited(
    official_client, world, clock, limit
):
    official_client.post("/rapport/export/2023/excel/status/")
    for _ in range(3 * limit):
        for url in (
            "/rapport/export/2023/excel/",
            "/rapport/export/2023/excel/status/",
            "/rapport/export/2023/excel/filstatus/",
        ):
            assert official_client.get(url).status_code == 200, url


def test_a_refused_request_reads_nothing_and_asks_for_nothing(official_client, world, clock, limit):
    url = "/rapport/nyckeltal/2023/rader/utbetalt/excel/"
    for index in range(limit):
        official_client.post(f"{url}?forvaltning={('ALF', 'BET', 'GAM')[index]}")
    assert ExportFile.objects.count() == limit
    assert official_client.post(f"{url}?preliminar=1").status_code == 429
    assert ExportFile.objects.count() == limit


def test_the_counts_are_kept_in_the_database_cache_every_process_shares(
    official_client, official, world, clock, limit
):
    cache = caches["default"]
    assert isinstance(cache, DatabaseCache)
    official_client.get(JSON)
    official_client.get(JSON)
    assert cache.get(f"rate-limit:figures:{official.pk}:{int(MINUTE // 60)}") == 2


def test_switched_off_nothing_is_refused(official_client, world, clock, limit, settings):
    settings.RATE_LIMIT_ENABLED = False
    for _ in range(3 * limit):
        assert official_client.get(JSON).status_code == 200


def test_someone_signed_out_is_sent_to_sign_in_whatever_the_count(client, world, clock, limit):
    for _ in range(2 * limit):
        response = client.get(JSON)
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


def test_the_limit_is_on_unless_the_environment_switches_it_off():
    root = Path(__file__).resolve().parents[2]
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.RATE_LIMIT_ENABLED, settings.RATE_LIMIT_PER_MINUTE)"
    )
    answers = []
    for overrides in ({}, {"RATE_LIMIT_ENABLED": "0", "RATE_LIMIT_PER_MINUTE": "30"}):
        env = {key: value for key, value in os.environ.items() if not key.startswith("RATE_LIMIT_")}
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=root,
            env={**env, **overrides, "DJANGO_SETTINGS_MODULE": "malmo_intl.settings"},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        answers.append(result.stdout.split())
    assert answers == [["True", "120"], ["False", "30"]]
