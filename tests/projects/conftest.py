"""Fixtures shared by the tests of `projects`."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests import factories as f


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files (Excel imports) go to the test's own folder, never the real media root."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def goal(db):
    """A council goal valid from 2022 (the years' goals of the admin and year tests)."""
    return f.CouncilGoalFactory(name="Utbildning och arbete", valid_from_year=2022, order=1)


@pytest.fixture
def open_year(goal):
    """2024 open, with that goal."""
    return f.ReportingYearFactory(year=2024, council_goals=[goal])
