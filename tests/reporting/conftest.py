"""Fixtures shared by the tests of `reporting`."""

import pytest
from django.urls import reverse

from projects.demo import load_demo
from reporting.memo.demo import load_demo_memo
from tests.reporting.memo_helpers import build_two_years, published_2023


@pytest.fixture
def data(db):
    """Two years of approved submissions (memo_helpers.build_two_years)."""
    return build_two_years()


@pytest.fixture
def demo_2023(db):
    """The demo data and the memo of 2023 drafted from it."""
    load_demo()
    memo = load_demo_memo()
    assert memo is not None
    return memo


@pytest.fixture
def database_tasks(settings):
    """Tasks go to the queue in the database, as in production, until the worker runs."""
    queues = settings.TASKS["default"]["QUEUES"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": queues}}


@pytest.fixture
def official_client(client, official):
    client.force_login(official)
    return client


@pytest.fixture
def published_pdf(client, data, official, development_coordinator):
    """2023's first published version, and the address of its PDF, for an official signed in
    on ``client``."""
    published = published_2023(development_coordinator)
    client.force_login(official)
    return published, reverse("reporting:published_memo_download", args=[2023, published.version])
