"""Requests in flight per user to the expensive endpoints (figures JSON, CSV files, trend,
asking for an Excel file): at most ``CONCURRENT_REQUESTS_PER_USER`` at once, the next one 429
in Swedish with ``Retry-After``; a slot is given back when its answer has been sent, a streamed
file after its last byte."""

import pytest
from django.test import Client

from reporting import rate_limit
from tests import factories
from tests.reporting.test_figure_rows import build_world

pytestmark = pytest.mark.django_db

JSON = "/rapport/nyckeltal/2023/json/"
ROWS_CSV = "/rapport/nyckeltal/2023/rader/utbetalt.csv"
YEAR_CSV = "/rapport/export/2023/projekt.csv"
TREND = "/rapport/utveckling/"


@pytest.fixture
def world(db, settings):
    settings.RATE_LIMIT_ENABLED = True
    settings.CONCURRENT_REQUESTS_PER_USER = 2
    return build_world()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def in_flight_elsewhere(user, count: int) -> list:
    """``count`` requests of ``user`` in flight in other threads or processes: the functions
    that end them."""
    ends = [rate_limit.in_flight_take(user) for _ in range(count)]
    assert None not in ends
    return ends


def test_a_request_while_the_user_has_two_in_flight_is_429_in_swedish(world, official):
    client = signed_in(official)
    first, second = in_flight_elsewhere(official, 2)
    for url in (JSON, ROWS_CSV, YEAR_CSV, TREND):
        refused = client.get(url)
        assert refused.status_code == 429, url
        assert refused["Retry-After"] == str(rate_limit.IN_FLIGHT_RETRY_AFTER)
    page = refused.content.decode()
    assert "<h1>För många förfrågningar</h1>" in page
    assert "Du har redan flera tunga förfrågningar igång" in page
    # Asking for an Excel file (a POST) is held back too.
    assert client.post("/rapport/nyckeltal/2023/rader/utbetalt/excel/").status_code == 429

    # Once one of them has been answered, its slot is free again.
    first()
    allowed = client.get(JSON)
    assert allowed.status_code == 200
    assert allowed.json()["year"] == 2023
    second()


def test_an_answered_request_gives_its_slot_back(world, official):
    client = signed_in(official)
    (elsewhere,) = in_flight_elsewhere(official, 1)
    for url in (JSON, TREND, ROWS_CSV, YEAR_CSV, JSON, TREND):
        response = client.get(url)
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)  # the server closes it after the last byte
    # Only the request elsewhere holds a slot: one more can be taken, not two.
    assert rate_limit.in_flight_take(official) is not None
    assert rate_limit.in_flight_take(official) is None
    elsewhere()


def test_the_slots_are_each_user_s_own(world, official, development_coordinator):
    in_flight_elsewhere(official, 2)
    assert signed_in(official).get(JSON).status_code == 429
    assert signed_in(development_coordinator).get(JSON).status_code == 200


def test_the_cheaper_pages_are_not_held_back(world, official):
    in_flight_elsewhere(official, 2)
    client = signed_in(official)
    # The figures page and the rows page are counted per minute only.
    assert client.get("/rapport/nyckeltal/2023/").status_code == 200
    assert client.get("/rapport/nyckeltal/2023/rader/utbetalt/").status_code == 200


def test_a_request_that_fails_gives_its_slot_back(world, official):
    client = signed_in(official)
    for _ in range(3):
        assert (
            client.get("/rapport/nyckeltal/2023/rader/utbetalt.csv?program=999").status_code == 404
        )
    assert client.get(JSON).status_code == 200


def test_switched_off_with_the_rate_limit(world, official, settings):
    settings.RATE_LIMIT_ENABLED = False
    in_flight_elsewhere(official, 4)
    assert signed_in(official).get(JSON).status_code == 200


def test_a_coordinator_is_limited_too(world):
    coordinator = factories.CoordinatorFactory(email="samordnare@malmo.se")
    in_flight_elsewhere(coordinator, 2)
    assert signed_in(coordinator).get(JSON).status_code == 429
